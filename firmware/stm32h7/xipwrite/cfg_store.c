/* The config/log store (see cfg_store.h). Reads go through the window under the flash mutex. */
#include "hw.h"
#include "cfg_store.h"
#include "xip_flash.h"

#define UNIT     XIP_FLASH_ERASE_UNIT
#define SLOT     64u
#define SLOTS    (UNIT / SLOT)
#define MAGIC    0x31474643u                       /* "CFG1" */

typedef struct {
    uint32_t magic;
    uint32_t seq;
    uint32_t len;
    uint8_t payload[CFG_STORE_MAX];
    uint32_t crc;                                   /* CRC-32 of the 60 bytes before it */
} record_t;
_Static_assert(sizeof(record_t) == SLOT, "one record per slot");

static uint32_t base;
static unsigned active;            /* unit holding the newest record */
static uint32_t next_slot;         /* first slot of the active unit after every programmed one */
static uint32_t next_seq;
static record_t current;           /* copy of the newest valid record (magic 0 if none) */
static uint32_t erases[2];

/* CRC-32 (IEEE 802.3, reflected, polynomial EDB88320h), bitwise: no table in the window. */
static uint32_t crc32(const uint8_t *p, uint32_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static uint32_t slot_offset(unsigned unit, uint32_t slot)
{
    return base + unit * UNIT + slot * SLOT;
}

static int valid(const record_t *r)
{
    return r->magic == MAGIC && r->len <= CFG_STORE_MAX
        && r->crc == crc32((const uint8_t *)r, SLOT - 4u);
}

static int blank(const record_t *r)
{
    const uint32_t *w = (const uint32_t *)r;
    for (uint32_t i = 0; i < SLOT / 4u; i++) if (w[i] != 0xFFFFFFFFu) return 0;
    return 1;
}

static void copy(void *dst, const void *src, uint32_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) *d++ = *s++;
}

int cfg_store_mount(uint32_t b)
{
    base = b;
    current.magic = 0;
    active = 0;
    next_seq = 1;
    erases[0] = erases[1] = 0;
    uint32_t last_used[2] = {0, 0};       /* per unit: one past the last non-blank slot */
    record_t r;
    for (unsigned u = 0; u < 2; u++) {
        for (uint32_t s = 0; s < SLOTS; s++) {
            xip_flash_read(slot_offset(u, s), &r, SLOT);
            if (!blank(&r)) last_used[u] = s + 1u;
            if (valid(&r) && (current.magic == 0 || (int32_t)(r.seq - current.seq) > 0)) {
                copy(&current, &r, SLOT);
                active = u;
            }
        }
    }
    if (current.magic == 0) {
        next_slot = last_used[0];         /* empty store: continue in unit 0 after any debris */
        return 0;
    }
    next_seq = current.seq + 1u;
    next_slot = last_used[active];
    return 1;
}

uint32_t cfg_store_read(void *dst, uint32_t max, uint32_t *seq)
{
    if (current.magic == 0) return 0;
    uint32_t n = current.len < max ? current.len : max;
    copy(dst, current.payload, n);
    if (seq) *seq = current.seq;
    return n;
}

uint32_t cfg_store_write(const void *src, uint32_t len)
{
    if (len > CFG_STORE_MAX) return 1;
    record_t r;
    for (uint32_t i = 0; i < SLOT / 4u; i++) ((uint32_t *)&r)[i] = 0xFFFFFFFFu;
    r.magic = MAGIC;
    r.seq = next_seq;
    r.len = len;
    copy(r.payload, src, len);
    r.crc = crc32((const uint8_t *)&r, SLOT - 4u);

    unsigned unit = active;
    uint32_t slot = next_slot;
    uint32_t err = 0;
    if (slot >= SLOTS) {
        /* Full: the other unit holds only older records. Erase it, then write there. */
        unit = 1u - active;
        slot = 0;
        err = xip_flash_erase(slot_offset(unit, 0));
        erases[unit]++;
    }
    err |= xip_flash_program(slot_offset(unit, slot), &r, SLOT);
    record_t back;
    xip_flash_read(slot_offset(unit, slot), &back, SLOT);
    if (err == 0 && !valid(&back)) err = 1;
    for (uint32_t i = 0; err == 0 && i < SLOT; i++)
        if (((const uint8_t *)&back)[i] != ((const uint8_t *)&r)[i]) err = 1;
    /* Whatever happened, that slot is used now. */
    active = unit;
    next_slot = slot + 1u;
    if (err == 0) {
        copy(&current, &r, SLOT);
        next_seq++;
    }
    return err;
}

uint32_t cfg_store_erases(unsigned unit)
{
    return erases[unit & 1u];
}
