/*
 * Helpers shared by the generic-m7 test corpus: a running checksum and
 * printing helpers. Output is plain printf so that every program's stdout can
 * be compared byte for byte between QEMU and xipkit.
 */
#ifndef XTEST_H
#define XTEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Running checksum: FNV-1a style multiply-xor over 32-bit words, with a rotate to spread high bits. */
static uint32_t xt_total = 0x811C9DC5u;

static inline uint32_t xt_mix(uint32_t h, uint32_t v)
{
    h ^= v;
    h *= 0x01000193u;
    return (h << 7) | (h >> 25);
}

static inline uint32_t xt_mix64(uint32_t h, uint64_t v)
{
    return xt_mix(xt_mix(h, (uint32_t)v), (uint32_t)(v >> 32));
}

static inline uint32_t xt_bits_f(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static inline uint64_t xt_bits_d(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* Print one named 32-bit result and fold it into the program's running total. */
static void xt_u32(const char *name, uint32_t v)
{
    xt_total = xt_mix(xt_total, v);
    printf("%-28s 0x%08lx  total=0x%08lx\n", name, (unsigned long)v, (unsigned long)xt_total);
}

static void xt_u64(const char *name, uint64_t v)
{
    xt_total = xt_mix64(xt_total, v);
    printf("%-28s 0x%016llx  total=0x%08lx\n", name, (unsigned long long)v, (unsigned long)xt_total);
}

/* Print the checksum of a whole loop of results. */
static void xt_sum(const char *name, uint32_t h, uint32_t count)
{
    xt_total = xt_mix(xt_total, h);
    printf("%-28s sum=0x%08lx n=%lu  total=0x%08lx\n", name, (unsigned long)h, (unsigned long)count,
           (unsigned long)xt_total);
}

/* Deterministic pseudo-random inputs (xorshift32) plus a table of edge values. */
static inline uint32_t xt_rand(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static const uint32_t xt_edges[] = {
    0x00000000u, 0x00000001u, 0x00000002u, 0x0000007Fu, 0x00000080u, 0x000000FFu, 0x00000100u,
    0x00007FFFu, 0x00008000u, 0x0000FFFFu, 0x00010000u, 0x7FFFFFFFu, 0x80000000u, 0x80000001u,
    0xFFFFFFFFu, 0xFFFFFFFEu, 0xFFFF8000u, 0xFFFF7FFFu, 0x7FFF8000u, 0x80007FFFu, 0x7F7F7F7Fu,
    0x80808080u, 0x01010101u, 0xFEFEFEFEu, 0x55555555u, 0xAAAAAAAAu, 0x12345678u, 0x87654321u,
    0x0000FFFEu, 0xFFFE0000u, 0x7F80FF01u, 0x00FF00FFu,
};
#define XT_NEDGES ((uint32_t)(sizeof xt_edges / sizeof xt_edges[0]))

/* Input i of a sweep: first all edge values, then pseudo-random ones. */
static inline uint32_t xt_input(uint32_t i, uint32_t *seed)
{
    return i < XT_NEDGES ? xt_edges[i] : xt_rand(seed);
}

/* Finish: print the grand total and exit with the program's own status. */
static void xt_finish(const char *program, int status)
{
    printf("%s done total=0x%08lx exit=%d\n", program, (unsigned long)xt_total, status);
    fflush(stdout);
    exit(status);
}

#endif
