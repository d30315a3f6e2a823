/*
 * A benchmark shaped like EEMBC CoreMark (the same kinds of work, written here for this project):
 * linked-list processing (find, reverse, merge sort), small integer matrix operations, a state
 * machine scanning text for numbers, and a bitwise CRC-16 over every result. Self-checking: the
 * final CRC is compared with the value this program produced under QEMU 7.2 (mps2-an500) and
 * under xipkit; the exit status is 0 only when they match. ITERATIONS was tuned so that QEMU
 * needs about 1 s of CPU time on the 2-core development machine.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef ITERATIONS
#define ITERATIONS 4000
#endif
#define EXPECTED_CRC 0x3b94u

/* ---- CRC-16 (reflected polynomial 0xA001), bit by bit as CoreMark's crcu8 does ---- */
static uint16_t crc8(uint8_t data, uint16_t crc)
{
    for (int i = 0; i < 8; i++) {
        uint8_t x = (data & 1) ^ (crc & 1);
        data >>= 1;
        crc >>= 1;
        if (x) crc ^= 0xA001;
    }
    return crc;
}

static uint16_t crc16(uint16_t v, uint16_t crc) { return crc8((uint8_t)(v >> 8), crc8((uint8_t)v, crc)); }
static uint16_t crc32v(uint32_t v, uint16_t crc) { return crc16((uint16_t)(v >> 16), crc16((uint16_t)v, crc)); }

static uint32_t seed = 0x12345678u;
static uint32_t lcg(void)
{
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
}

/* ---- linked list ---- */
struct node {
    struct node *next;
    int16_t data;
    int16_t idx;
};

#define NODES 96
static struct node pool[NODES];

static struct node *list_build(void)
{
    struct node *head = 0;
    for (int i = 0; i < NODES; i++) {
        pool[i].data = (int16_t)(lcg() & 0x7FFF);
        pool[i].idx = (int16_t)i;
        pool[i].next = head;
        head = &pool[i];
    }
    return head;
}

static struct node *list_reverse(struct node *l)
{
    struct node *prev = 0;
    while (l) {
        struct node *n = l->next;
        l->next = prev;
        prev = l;
        l = n;
    }
    return prev;
}

static struct node *list_find(struct node *l, int16_t data)
{
    while (l && (l->data & 0xFF) != (data & 0xFF)) l = l->next;
    return l;
}

static int cmp_data(const struct node *a, const struct node *b) { return a->data - b->data; }
static int cmp_idx(const struct node *a, const struct node *b) { return a->idx - b->idx; }

/* Bottom-up merge sort of a singly linked list (no recursion, no allocation). */
static struct node *list_sort(struct node *list, int (*cmp)(const struct node *, const struct node *))
{
    for (int insize = 1;; insize *= 2) {
        struct node *p = list, *tail = 0;
        list = 0;
        int merges = 0;
        while (p) {
            merges++;
            struct node *q = p;
            int psize = 0;
            for (int i = 0; i < insize && q; i++) {
                psize++;
                q = q->next;
            }
            int qsize = insize;
            while (psize > 0 || (qsize > 0 && q)) {
                struct node *e;
                if (psize == 0) { e = q; q = q->next; qsize--; }
                else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
                else if (cmp(p, q) <= 0) { e = p; p = p->next; psize--; }
                else { e = q; q = q->next; qsize--; }
                if (tail) tail->next = e;
                else list = e;
                tail = e;
            }
            p = q;
        }
        tail->next = 0;
        if (merges <= 1) return list;
    }
}

static uint16_t bench_list(uint16_t crc)
{
    struct node *l = list_build();
    int found = 0;
    for (int i = 0; i < 16; i++) found += list_find(l, (int16_t)lcg()) != 0;
    l = list_reverse(l);
    l = list_sort(l, cmp_data);
    for (struct node *n = l; n; n = n->next) crc = crc16((uint16_t)n->data, crc);
    l = list_sort(l, cmp_idx);
    crc = crc16((uint16_t)l->data, crc);
    return crc16((uint16_t)found, crc);
}

/* ---- matrices ---- */
#define N 12
static int16_t ma[N][N], mb[N][N];
static int32_t mc[N][N];

static uint16_t bench_matrix(uint16_t crc)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            ma[i][j] = (int16_t)((lcg() & 0xFFF) - 0x800);
            mb[i][j] = (int16_t)((lcg() & 0xFFF) - 0x800);
        }
    int16_t k = (int16_t)(lcg() & 0xFF);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) ma[i][j] = (int16_t)(ma[i][j] + k);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t s = 0;
            for (int x = 0; x < N; x++) s += ma[i][x] * mb[x][j];
            mc[i][j] = s;
        }
    int32_t acc = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t bits = (mc[i][j] >> 2) & 0x0F;   /* extract bits, as CoreMark's matrix_mul_matrix_bitextract */
            acc += bits > 7 ? bits * 3 : bits - 1;
            crc = crc32v((uint32_t)mc[i][j], crc);
        }
    return crc16((uint16_t)acc, crc);
}

/* ---- state machine: classify comma-separated tokens as integer, float, exponent or invalid ---- */
enum state { START, INT, FRAC, EXP_SIGN, EXP, INVALID, STATES };

static enum state step(enum state s, char c)
{
    int digit = c >= '0' && c <= '9';
    switch (s) {
        case START: return digit || c == '-' || c == '+' ? INT : c == '.' ? FRAC : INVALID;
        case INT: return digit ? INT : c == '.' ? FRAC : c == 'e' || c == 'E' ? EXP_SIGN : INVALID;
        case FRAC: return digit ? FRAC : c == 'e' || c == 'E' ? EXP_SIGN : INVALID;
        case EXP_SIGN: return digit || c == '-' || c == '+' ? EXP : INVALID;
        case EXP: return digit ? EXP : INVALID;
        default: return INVALID;
    }
}

static char text[256];

static uint16_t bench_state(uint16_t crc)
{
    static const char alphabet[] = "0123456789012345.-+eE,,,x";
    for (unsigned i = 0; i < sizeof text - 1; i++) text[i] = alphabet[lcg() % (sizeof alphabet - 1)];
    text[sizeof text - 1] = 0;
    uint32_t final[STATES] = {0}, transitions = 0;
    enum state s = START;
    for (const char *p = text; *p; p++) {
        if (*p == ',') {
            final[s]++;
            s = START;
            continue;
        }
        enum state n = step(s, *p);
        transitions += n != s;
        s = n;
    }
    final[s]++;
    for (int i = 0; i < STATES; i++) crc = crc32v(final[i], crc);
    return crc32v(transitions, crc);
}

int main(void)
{
    uint16_t crc = 0;
    for (int it = 0; it < ITERATIONS; it++) {
        crc = bench_list(crc);
        crc = bench_matrix(crc);
        crc = bench_state(crc);
    }
    int ok = crc == EXPECTED_CRC;
    printf("bench-coremark iterations=%d crc=0x%04x %s\n", ITERATIONS, crc, ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
