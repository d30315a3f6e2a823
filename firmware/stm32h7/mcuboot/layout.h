/*
 * The reference boot loader's flash layout and MCUboot's image and trailer format, shared by the
 * boot loader (boot.c) and the application library (update.c). Format facts: MCUboot
 * docs/design.md "Image format" (header, TLVs) and "Image trailer"; the trailer is the one
 * `xipkit image sign` writes for --align 1 (BOOT_MAX_ALIGN 8): docs/UPDATE.md section 2.
 *
 * W25Q128JV (16 MB, 4 KB sectors, 256-byte pages) or MT25TL01G (dual-flash: 8 KB, 512 bytes),
 * offsets from 0x90000000:
 *   0x000000  slot 0 (primary)    128 KB
 *   0x020000  slot 1 (secondary)  128 KB
 *   0x040000  scratch (swap mode)  one erase unit (4 KB, or 8 KB on the MT25TL01G)
 * Each image: a 0x400-byte header area (the vector table after it is 1 KB aligned, as VTOR needs
 * for 166 vectors, DDI 0403E B3.2.5), the payload, the TLV areas; the trailer ends the slot.
 */
#ifndef MCUBOOT_LAYOUT_H
#define MCUBOOT_LAYOUT_H
#include <stdint.h>

#define WINDOW_BASE     0x90000000u
#define SLOT_SIZE       0x20000u
#define SLOT0_OFFSET    0x000000u
#define SLOT1_OFFSET    0x020000u
/* Swap mode only: one erase unit where a sector waits while its two slots trade places. */
#define SCRATCH_OFFSET  0x040000u
#include "board.h"
#if !BOARD_QSPI_DUAL
#define SECTOR_SIZE     4096u           /* W25Q128JV 4 KB sector erase 20h */
#define PAGE_SIZE       256u
#else
/* MT25TL01G in dual-flash mode: one 4 KB subsector erase (20h) and one 256-byte page per die, the
   window's even bytes in die 1 and odd bytes in die 2 (RM0399 "QUADSPI dual-flash mode"), so
   8 KB and 512 bytes of the window; programs need even offsets and lengths. */
#define SECTOR_SIZE     8192u
#define PAGE_SIZE       512u
#endif
#define HEADER_SIZE     0x400u
#define SLOT_OFFSET(n)  ((n) ? SLOT1_OFFSET : SLOT0_OFFSET)

/* Header (design.md "Image format"): all fields little-endian. */
#define IMAGE_MAGIC         0x96f3b83du
#define TLV_INFO_MAGIC      0x6907u
#define TLV_PROT_INFO_MAGIC 0x6908u
#define TLV_KEYHASH         0x01u
#define TLV_SHA256          0x10u
#define TLV_ED25519         0x24u
#define TLV_SEC_CNT         0x50u

/* Trailer with BOOT_MAX_ALIGN 8, offsets from the slot's end. */
#define TRAILER_MAGIC_OFF     16u
#define TRAILER_IMAGE_OK_OFF  24u
#define TRAILER_COPY_DONE_OFF 32u
#define TRAILER_SWAP_INFO_OFF 40u
#define TRAILER_SWAP_SIZE_OFF 48u
/* swap_info: image 0 in the high nibble, swap type in the low one (design.md "Image trailer";
   BOOT_SWAP_TYPE_TEST is 2 in MCUboot's bootutil). */
#define SWAP_TYPE_TEST 0x02u
#define FLAG_SET   0x01u
#define FLAG_UNSET 0xffu
static const uint8_t boot_trailer_magic[16] = {
    0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f, 0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80,
};

/* Flash offset of a trailer field of slot n. */
#define TRAILER(n, off) (SLOT_OFFSET(n) + SLOT_SIZE - (off))

#endif
