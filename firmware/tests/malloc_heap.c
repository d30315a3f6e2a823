/*
 * newlib malloc/free/realloc/calloc patterns on the generic-m7 heap, which
 * newlib's _sbrk grows upwards from the linker symbol "end" towards the stack
 * in the 0x20000000 RAM block. Results printed are addresses relative to the
 * first allocation and contents checksums, so they depend only on the
 * allocator and the link layout, never on timing.
 */
#include "xtest.h"
#include <malloc.h>

extern char end;

#define SLOTS 256

static uint8_t *slot[SLOTS];
static uint32_t slot_len[SLOTS];

static void fill(uint8_t *p, uint32_t n, uint32_t tag)
{
    for (uint32_t i = 0; i < n; i++) p[i] = (uint8_t)(tag + i * 31);
}

static uint32_t check(const uint8_t *p, uint32_t n, uint32_t tag)
{
    uint32_t bad = 0;
    for (uint32_t i = 0; i < n; i++) bad += p[i] != (uint8_t)(tag + i * 31);
    return bad;
}

int main(void)
{
    printf("malloc_heap: allocator patterns\n");
    uint8_t *first = malloc(1);
    printf("first block is %s end, 8-aligned=%d\n", (char *)first >= &end ? "above" : "below",
           ((uintptr_t)first & 7) == 0);
    uint32_t seed = 12345, h = 0, bad = 0;

    /* Random alloc/free/realloc churn. */
    for (uint32_t round = 0; round < 6000; round++) {
        uint32_t k = xt_rand(&seed) % SLOTS;
        uint32_t op = xt_rand(&seed) % 8;
        if (slot[k] == NULL) {
            uint32_t n = op < 6 ? xt_rand(&seed) % 200 + 1 : xt_rand(&seed) % 9000 + 1;
            slot[k] = op == 3 ? calloc(n, 1) : malloc(n);
            if (slot[k] == NULL) { h = xt_mix(h, 0xDEAD); continue; }
            if (op == 3) for (uint32_t i = 0; i < n; i++) bad += slot[k][i] != 0;
            slot_len[k] = n;
            fill(slot[k], n, k);
            h = xt_mix(h, (uint32_t)(slot[k] - first));
        } else if (op < 5) {
            bad += check(slot[k], slot_len[k], k);
            free(slot[k]);
            slot[k] = NULL;
        } else {
            uint32_t n = xt_rand(&seed) % 3000 + 1;
            uint8_t *p = realloc(slot[k], n);
            if (p == NULL) { h = xt_mix(h, 0xBEEF); continue; }
            uint32_t keep = n < slot_len[k] ? n : slot_len[k];
            bad += check(p, keep, k);
            slot[k] = p;
            slot_len[k] = n;
            fill(p, n, k);
            h = xt_mix(h, (uint32_t)(p - first));
        }
    }
    xt_sum("churn offsets", h, 6000);
    printf("content errors: %lu\n", (unsigned long)bad);
    for (uint32_t k = 0; k < SLOTS; k++) { free(slot[k]); slot[k] = NULL; }

    /* Linked list build / reverse / free. */
    struct node { struct node *next; uint32_t v; double d; };
    struct node *head = NULL;
    for (uint32_t i = 0; i < 3000; i++) {
        struct node *n = malloc(sizeof *n);
        n->v = i * i;
        n->d = i * 0.25;
        n->next = head;
        head = n;
    }
    h = 0;
    struct node *rev = NULL;
    while (head) { struct node *nx = head->next; head->next = rev; rev = head; head = nx; }
    for (struct node *n = rev; n; n = n->next) h = xt_mix(xt_mix(h, n->v), (uint32_t)n->d);
    while (rev) { struct node *nx = rev->next; free(rev); rev = nx; }
    xt_sum("linked list", h, 3000);

    /* Grow one buffer by realloc, then big allocations until the heap refuses. */
    uint8_t *grow = NULL;
    h = 0;
    for (uint32_t n = 16; n <= 65536; n *= 2) {
        grow = realloc(grow, n);
        fill(grow + n / 2, n / 2, n);
        h = xt_mix(h, check(grow + n / 2, n / 2, n));
    }
    free(grow);
    xt_sum("realloc growth", h, 13);
    uint32_t count = 0;
    void *blocks[64];
    while (count < 64 && (blocks[count] = malloc(256 * 1024)) != NULL) count++;
    printf("256 KiB blocks before ENOMEM: %lu\n", (unsigned long)count);
    for (uint32_t i = 0; i < count; i++) free(blocks[i]);
    void *again = malloc(1024 * 1024);
    printf("1 MiB after freeing: %s\n", again ? "ok" : "failed");
    free(again);
    struct mallinfo mi = mallinfo();
    printf("mallinfo arena=%lu inuse=%lu\n", (unsigned long)mi.arena, (unsigned long)mi.uordblks);
    xt_finish("malloc_heap", 16);
}
