/*
 * IT blocks and conditional execution (ARMv7-M ARM A7.3 "Conditional
 * execution", A7.7.38 IT): every condition code evaluated under all 16
 * NZCV combinations with hand-written IT/ITE/ITTE/ITETT blocks, including
 * flag-setting instructions inside a block (which then do not set flags,
 * A7.3.2) and a conditional branch ending a block, plus branchy C code
 * (min/max/abs/clamp/select) that GCC turns into IT blocks at -O2/-Os.
 */
#include "xtest.h"

/* Each test: set NZCV, then a 4-instruction IT block T E T E with the condition and its inverse. */
#define ITTEST(cc, inv)                                                                           \
    static uint32_t it_##cc(uint32_t nzcv)                                                       \
    {                                                                                             \
        uint32_t r = 0, s = 0, t = 0, u = 0;                                                      \
        __asm__ volatile("msr apsr_nzcvq, %[f]\n\t"                                               \
                         "itete " #cc "\n\t"                                                      \
                         "add" #cc " %[r], %[r], #1\n\t"                                          \
                         "add" #inv " %[s], %[s], #2\n\t"                                         \
                         "add" #cc " %[t], %[t], #4\n\t"                                          \
                         "add" #inv " %[u], %[u], #8\n\t"                                         \
                         : [r] "+r"(r), [s] "+r"(s), [t] "+r"(t), [u] "+r"(u)                     \
                         : [f] "r"(nzcv << 28) : "cc");                                           \
        return r | s | t | u;                                                                     \
    }
ITTEST(eq, ne) ITTEST(ne, eq) ITTEST(cs, cc) ITTEST(cc, cs) ITTEST(mi, pl) ITTEST(pl, mi) ITTEST(vs, vc)
ITTEST(vc, vs) ITTEST(hi, ls) ITTEST(ls, hi) ITTEST(ge, lt) ITTEST(lt, ge) ITTEST(gt, le) ITTEST(le, gt)

static uint32_t (*const it_tests[])(uint32_t) = {it_eq, it_ne, it_cs, it_cc, it_mi, it_pl, it_vs,
                                                  it_vc, it_hi, it_ls, it_ge, it_lt, it_gt, it_le};

/* Flag-setting encodings inside an IT block do not set flags: ADDS in a block assembles to ADD (16-bit). */
static uint32_t it_flags_inside(uint32_t nzcv)
{
    uint32_t r = 5, f;
    __asm__ volatile("msr apsr_nzcvq, %[f]\n\t"
                     "ittt eq\n\t"
                     "addeq %[r], %[r], #250\n\t"
                     "subeq %[r], %[r], %[r]\n\t"
                     "lsleq %[r], %[r], #1\n\t"
                     "mrs %[o], apsr"
                     : [r] "+l"(r), [o] "=r"(f) : [f] "r"(nzcv << 28) : "cc");
    return r ^ (f & 0xF0000000u);
}

/* A CMP inside the block does set flags for the following instructions of the same block. */
static uint32_t it_cmp_inside(uint32_t a, uint32_t b)
{
    uint32_t r = 0;
    __asm__ volatile("cmp %[a], %[b]\n\t"
                     "itttt hs\n\t"
                     "movhs %[r], #1\n\t"
                     "cmphs %[b], %[a]\n\t"   /* executes only when a >= b; its flags steer the rest */
                     "addhs %[r], %[r], #16\n\t"
                     "addhs %[r], %[r], #256\n\t"
                     : [r] "+r"(r) : [a] "r"(a), [b] "r"(b) : "cc");
    return r;
}

/* A conditional branch as the last instruction of an IT block. */
static uint32_t it_branch(uint32_t a)
{
    uint32_t r;
    __asm__ volatile("movs %[r], #0\n\t"
                     "cmp %[a], #10\n\t"
                     "itt gt\n\t"
                     "movgt %[r], #7\n\t"
                     "bgt 1f\n\t"
                     "mov %[r], #3\n"
                     "1:"
                     : [r] "=&r"(r) : [a] "r"(a) : "cc");
    return r;
}

/* Plain C with small conditional bodies: GCC emits IT blocks for these at -O2 and -Os. */
static int32_t clamp(int32_t x, int32_t lo, int32_t hi) { return x < lo ? lo : x > hi ? hi : x; }
static uint32_t sel(uint32_t c, uint32_t a, uint32_t b) { return c & 1 ? a + b : a ^ b; }
static int32_t iabs(int32_t x) { return x < 0 ? -x : x; }
static uint32_t umax3(uint32_t a, uint32_t b, uint32_t c) { uint32_t m = a > b ? a : b; return m > c ? m : c; }
static int32_t sign(int32_t x) { return (x > 0) - (x < 0); }
static uint32_t gcd(uint32_t a, uint32_t b)
{
    while (a != b) {
        if (a > b) a -= b;
        else b -= a;
    }
    return a;
}

int main(void)
{
    printf("it_blocks: IT blocks and conditional code\n");
    const char *names[] = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"};
    for (uint32_t k = 0; k < 14; k++) {
        printf("%s:", names[k]);
        for (uint32_t nzcv = 0; nzcv < 16; nzcv++) printf("%lx", (unsigned long)it_tests[k](nzcv));
        printf("\n");
    }
    uint32_t h = 0;
    for (uint32_t nzcv = 0; nzcv < 16; nzcv++) h = xt_mix(h, it_flags_inside(nzcv));
    xt_sum("flags inside IT", h, 16);
    h = 0;
    for (uint32_t i = 0; i < XT_NEDGES; i++)
        for (uint32_t j = 0; j < XT_NEDGES; j++) h = xt_mix(h, it_cmp_inside(xt_edges[i], xt_edges[j]));
    xt_sum("cmp inside IT", h, XT_NEDGES * XT_NEDGES);
    h = 0;
    for (uint32_t i = 0; i < 30; i++) h = xt_mix(h, it_branch(i - 5));
    xt_sum("branch ends IT", h, 30);

    h = 0;
    uint32_t seed = 4242;
    for (uint32_t i = 0; i < 3000; i++) {
        uint32_t a = xt_input(i % 500, &seed), b = xt_rand(&seed), c = xt_rand(&seed) >> (i % 31);
        h = xt_mix(h, (uint32_t)clamp((int32_t)a, -1000, (int32_t)(b & 0xFFFF)));
        h = xt_mix(h, sel(a, b, c));
        h = xt_mix(h, (uint32_t)iabs((int32_t)a));
        h = xt_mix(h, umax3(a, b, c));
        h = xt_mix(h, (uint32_t)sign((int32_t)(a - b)));
        h = xt_mix(h, gcd((a & 0xFFF) + 1, (b & 0xFFF) + 1));
        if ((int32_t)a > (int32_t)b && c != 0) h ^= a / c;
        else if (a == b || c < 10) h += 3;
        else h -= 5;
    }
    xt_sum("C conditionals", h, 3000);
    xt_finish("it_blocks", 19);
}
