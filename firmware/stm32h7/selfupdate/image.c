/* Image header checks shared by the boot loader and the application (image.h). */
#include "hw.h"
#include "image.h"

/* CRC-32, reflected polynomial EDB88320h (IEEE 802.3; what gzip stores, RFC 1952 section 8), four
   bits per step: a 16-word table keeps it small and still twice as fast as bit by bit. */
static const uint32_t nibble[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
    0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

uint32_t image_crc32(uint32_t crc, const volatile uint8_t *p, uint32_t n)
{
    uint32_t c = ~crc;
    while (n--) {
        c ^= *p++;
        c = (c >> 4) ^ nibble[c & 15u];
        c = (c >> 4) ^ nibble[c & 15u];
    }
    return ~c;
}

static int in_ram(uint32_t sp)
{
    return (sp > DTCM_BASE && sp <= DTCM_BASE + 128u * 1024u)
        || (sp > AXI_SRAM_BASE && sp <= AXI_SRAM_BASE + 512u * 1024u);
}

image_status_t image_check(unsigned slot, image_info_t *info)
{
    const volatile uint32_t *h = (const volatile uint32_t *)(WINDOW_BASE + SLOT_OFFSET(slot));
    uint32_t *w = (uint32_t *)&info->header;
    uint32_t erased = 0xFFFFFFFFu;
    for (unsigned i = 0; i < sizeof(image_header_t) / 4u; i++) erased &= w[i] = h[i];
    info->computed_crc = 0;
    info->sp = info->entry = 0;
    const image_header_t *hd = &info->header;
    if (erased == 0xFFFFFFFFu) return IMAGE_EMPTY;
    if (hd->magic != IMAGE_MAGIC) return IMAGE_BAD_MAGIC;
    if (hd->header_crc != image_crc32(0, (const uint8_t *)hd, sizeof(image_header_t) - 4u)) return IMAGE_BAD_HEADER_CRC;
    uint32_t base = WINDOW_BASE + SLOT_OFFSET(slot) + HEADER_AREA;
    if (hd->load != base) return IMAGE_WRONG_SLOT;
    if (hd->size < 8u || hd->size > SLOT_SIZE - HEADER_AREA) return IMAGE_BAD_SIZE;
    info->computed_crc = image_crc32(0, (const volatile uint8_t *)base, hd->size);
    if (info->computed_crc != hd->crc) return IMAGE_BAD_CRC;
    info->sp = ((const volatile uint32_t *)base)[0];
    info->entry = ((const volatile uint32_t *)base)[1];
    if (!in_ram(info->sp) || !(info->entry & 1u) || info->entry < base || info->entry >= base + hd->size)
        return IMAGE_BAD_VECTORS;
    return IMAGE_OK;
}

const char *image_status_text(image_status_t s)
{
    switch (s) {
    case IMAGE_OK: return "valid";
    case IMAGE_EMPTY: return "empty (header area erased)";
    case IMAGE_BAD_MAGIC: return "no image header (bad magic)";
    case IMAGE_BAD_HEADER_CRC: return "header CRC mismatch (torn or damaged header)";
    case IMAGE_WRONG_SLOT: return "linked for another slot";
    case IMAGE_BAD_SIZE: return "size larger than the slot";
    case IMAGE_BAD_CRC: return "image CRC mismatch (torn or damaged image)";
    case IMAGE_BAD_VECTORS: return "bad vector table (stack not in RAM, or reset handler not Thumb or outside the image)";
    }
    return "?";
}

const char *image_status_word(image_status_t s)
{
    static const char *const words[] = {"valid", "empty", "bad-magic", "bad-header-crc", "wrong-slot", "bad-size",
                                        "bad-crc", "bad-vectors"};
    return (unsigned)s < sizeof words / sizeof words[0] ? words[s] : "?";
}
