/*
 * Application images in the external W25Q128JV of stm32h750-w25q128 for the self-updating firmware
 * (issue 16 (b), docs/XIP-WRITES.md "Updating the image it runs from"). Offsets from 0x90000000:
 *
 *   0x000000  slot 0  128 KB    each slot: a 1 KB header area, then the image executed in place
 *   0x020000  slot 1  128 KB    (its vector table first: VTOR needs 1 KB alignment for the 166
 *   0x040000  slot 2  128 KB     vectors of the STM32H7, DDI 0403E B3.2.5)
 *   0x060000  data    4 KB      the application's boot log (app.c)
 *
 * Header, at the slot's first byte, eight little-endian words (the rest of the 1 KB stays erased):
 *   0x00 magic       IMAGE_MAGIC
 *   0x04 version     the newest valid version boots
 *   0x08 size        bytes of the image from slot + 0x400 (vector table, code, load images)
 *   0x0C crc         CRC-32 (IEEE 802.3, as gzip's trailer) of those bytes
 *   0x10 load        address of the vector table the image was linked for: it runs only there
 *   0x14, 0x18       reserved, FFFFFFFFh
 *   0x1C header_crc  CRC-32 of the 28 bytes before it
 * selfupdate/stamp.sh fills it in after the link. An updater programs the header last: until it is
 * complete (a torn program only clears some of its bits) its CRC fails and the slot is not used.
 * W25Q128JV: 4 KB sector erase, 256-byte page program (datasheet 8.2.17, 8.2.15).
 */
#ifndef SELFUPDATE_IMAGE_H
#define SELFUPDATE_IMAGE_H
#include <stdint.h>

#define WINDOW_BASE       0x90000000u
#define SLOTS             3u
#define SLOT_SIZE         0x20000u
#define SLOT_OFFSET(n)    ((uint32_t)(n) * SLOT_SIZE)
#define HEADER_AREA       0x400u
#define DATA_OFFSET       0x060000u
#define SECTOR_SIZE       4096u
#define PAGE_SIZE         256u
#define IMAGE_MAGIC       0x31555358u         /* "XSU1" */

typedef struct {
    uint32_t magic;
    uint32_t version;
    uint32_t size;
    uint32_t crc;
    uint32_t load;
    uint32_t reserved[2];
    uint32_t header_crc;
} image_header_t;

/* Why a slot is not bootable (IMAGE_OK if it is). */
typedef enum {
    IMAGE_OK,
    IMAGE_EMPTY,            /* header area erased                                  */
    IMAGE_BAD_MAGIC,
    IMAGE_BAD_HEADER_CRC,   /* a torn or damaged header                            */
    IMAGE_WRONG_SLOT,       /* linked for another slot's address                   */
    IMAGE_BAD_SIZE,         /* larger than the slot                                */
    IMAGE_BAD_CRC,          /* the image does not match its header (torn, damaged) */
    IMAGE_BAD_VECTORS,      /* stack pointer not in RAM, reset handler not Thumb or not in the image */
} image_status_t;

/* What image_check found in a slot (read through the memory-mapped window). */
typedef struct {
    image_header_t header;
    uint32_t computed_crc;  /* valid when the CRC was computed (IMAGE_OK, IMAGE_BAD_CRC) */
    uint32_t sp, entry;     /* first two vectors (IMAGE_OK, IMAGE_BAD_VECTORS)          */
} image_info_t;

uint32_t image_crc32(uint32_t crc, const volatile uint8_t *p, uint32_t n); /* crc 0 to start */
image_status_t image_check(unsigned slot, image_info_t *info);
const char *image_status_text(image_status_t s);
const char *image_status_word(image_status_t s);   /* one word for summary lines: valid, empty, bad-crc ... */

#endif
