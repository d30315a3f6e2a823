/* MCUboot image checks of the reference boot loader (image.c). */
#ifndef MCUBOOT_IMAGE_H
#define MCUBOOT_IMAGE_H
#include <stdint.h>

typedef struct {
    uint32_t hdr_size, img_size, prot_size, total;   /* total: header to the end of the TLV areas */
    uint8_t major, minor;
    uint16_t revision;
    uint32_t build;
    uint32_t sec_cnt;                                /* SEC_CNT TLV, 0 without one */
} image_info;

/* Header and TLV area framing of the image at flash offset slot: NULL, or why it is no image. */
const char *image_header(uint32_t slot, image_info *info);
/* Everything: framing, SHA-256, key hash, Ed25519 signature. NULL when the image is authentic. */
const char *image_validate(uint32_t slot, image_info *info);
/* <0, 0, >0 as a's version (major.minor.revision+build) is below, equal, above b's. */
int image_version_cmp(const image_info *a, const image_info *b);
void image_print_version(const image_info *info);

#endif
