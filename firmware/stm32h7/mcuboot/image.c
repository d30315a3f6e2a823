/*
 * The MCUboot image as `xipkit image sign` writes it (docs/UPDATE.md sections 1-2; MCUboot
 * docs/design.md "Image format"): header, payload, optional protected TLV area (magic 0x6908,
 * its length in ih_protect_tlv_size), unprotected TLV area (magic 0x6907). The SHA-256 TLV covers
 * header + payload + protected area; the Ed25519 signature (TLV 0x24) is over that 32-byte digest;
 * the KEYHASH TLV (0x01) names the key by the SHA-256 of its DER SubjectPublicKeyInfo (RFC 8410
 * section 4: 30 2a 30 05 06 03 2b 65 70 03 21 00 || key), which must be ours.
 * Everything is read from the external flash in indirect mode, nothing is trusted before it is
 * bounded by the slot.
 */
#include "hw.h"
#include "qspi.h"
#include "crypto.h"
#include "layout.h"
#include "say.h"
#include "image.h"

extern const uint8_t boot_public_key[32];

/* Room at the end of the slot that belongs to the trailer (swap-mode trailer fields). */
#define TRAILER_ROOM 48u

static uint8_t buf[256];

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | le16(p + 2) << 16; }

const char *image_header(uint32_t slot, image_info *info)
{
    nor_read(slot, buf, 32);
    if (le32(buf) != IMAGE_MAGIC) return "no image (header magic)";
    info->hdr_size = le16(buf + 8);
    info->prot_size = le16(buf + 10);
    info->img_size = le32(buf + 12);
    info->major = buf[20];
    info->minor = buf[21];
    info->revision = (uint16_t)le16(buf + 22);
    info->build = le32(buf + 24);
    info->sec_cnt = 0;
    uint32_t limit = SLOT_SIZE - TRAILER_ROOM;
    if (info->hdr_size < 32u || info->hdr_size > limit || info->img_size > limit - info->hdr_size)
        return "header sizes outside the slot";
    uint32_t end = info->hdr_size + info->img_size;
    if (info->prot_size > limit - end || limit - end - info->prot_size < 4u) return "TLV area outside the slot";
    if (info->prot_size) {
        nor_read(slot + end, buf, 4);
        if (le16(buf) != TLV_PROT_INFO_MAGIC || le16(buf + 2) != info->prot_size) return "bad protected TLV area";
        for (uint32_t at = end + 4u; at + 4u <= end + info->prot_size;) {
            nor_read(slot + at, buf, 8);
            uint32_t type = le16(buf), len = le16(buf + 2);
            if (at + 4u + len > end + info->prot_size) return "bad protected TLV";
            if (type == TLV_SEC_CNT && len == 4u) info->sec_cnt = le32(buf + 4);
            at += 4u + len;
        }
    }
    uint32_t u = end + info->prot_size;
    nor_read(slot + u, buf, 4);
    uint32_t tot = le16(buf + 2);
    if (le16(buf) != TLV_INFO_MAGIC || tot < 4u || tot > limit - u) return "bad TLV area";
    info->total = u + tot;
    return 0;
}

const char *image_validate(uint32_t slot, image_info *info)
{
    const char *why = image_header(slot, info);
    if (why) return why;

    uint8_t digest[32], keyhash[32], tlv_hash[32], sig[64];
    int have_hash = 0, have_key = 0, have_sig = 0;
    sha256_ctx c;
    sha256_init(&c);
    uint32_t covered = info->hdr_size + info->img_size + info->prot_size;
    for (uint32_t at = 0; at < covered; at += sizeof buf) {
        uint32_t n = covered - at < sizeof buf ? covered - at : sizeof buf;
        nor_read(slot + at, buf, n);
        sha256_update(&c, buf, n);
    }
    sha256_final(&c, digest);

    static const uint8_t spki_prefix[12] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    sha256_init(&c);
    sha256_update(&c, spki_prefix, sizeof spki_prefix);
    sha256_update(&c, boot_public_key, 32);
    sha256_final(&c, keyhash);

    for (uint32_t at = covered + 4u; at + 4u <= info->total;) {
        nor_read(slot + at, buf, 4);
        uint32_t type = le16(buf), len = le16(buf + 2);
        if (at + 4u + len > info->total) return "bad TLV";
        if (type == TLV_SHA256 && len == 32u) {
            nor_read(slot + at + 4u, tlv_hash, 32);
            have_hash = 1;
        } else if (type == TLV_KEYHASH && len == 32u) {
            nor_read(slot + at + 4u, buf, 32);
            uint8_t diff = 0;
            for (unsigned i = 0; i < 32; i++) diff |= (uint8_t)(buf[i] ^ keyhash[i]);
            have_key |= diff == 0;
        } else if (type == TLV_ED25519 && len == 64u) {
            nor_read(slot + at + 4u, sig, 64);
            have_sig = 1;
        }
        at += 4u + len;
    }
    if (!have_hash) return "no SHA-256 TLV";
    uint8_t diff = 0;
    for (unsigned i = 0; i < 32; i++) diff |= (uint8_t)(tlv_hash[i] ^ digest[i]);
    if (diff) return "hash mismatch";
    if (!have_key) return "signed with another key";
    if (!have_sig) return "no Ed25519 signature";
    if (!ed25519_verify(sig, digest, 32, boot_public_key)) return "bad signature";
    return 0;
}

int image_version_cmp(const image_info *a, const image_info *b)
{
    if (a->major != b->major) return a->major < b->major ? -1 : 1;
    if (a->minor != b->minor) return a->minor < b->minor ? -1 : 1;
    if (a->revision != b->revision) return a->revision < b->revision ? -1 : 1;
    if (a->build != b->build) return a->build < b->build ? -1 : 1;
    return 0;
}

void image_print_version(const image_info *info)
{
    say_putc('v');
    say_dec(info->major);
    say_putc('.');
    say_dec(info->minor);
    say_putc('.');
    say_dec(info->revision);
    say_putc('+');
    say_dec(info->build);
}
