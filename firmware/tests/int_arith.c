/*
 * Integer and 64-bit arithmetic: division (incl. the hardware's defined results
 * for x/0 and INT_MIN/-1), shifts by register amounts >= 32, multiplies and
 * multiply-accumulates, overflow detection, signed/unsigned comparisons, bit
 * operations, CLZ/RBIT/REV/REV16/REVSH, bitfield instructions, and 64-bit
 * division/shift/multiply through libgcc.
 */
#include "xtest.h"
#include <limits.h>

#define N 600

/* SDIV/UDIV with divide-by-zero trapping disabled return 0 (ARMv7-M ARM A7.7.127 SDIV, A7.7.195 UDIV);
   INT_MIN / -1 gives INT_MIN. C leaves both undefined, so they are issued directly. */
static inline int32_t hw_sdiv(int32_t a, int32_t b)
{
    int32_t r;
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}
static inline uint32_t hw_udiv(uint32_t a, uint32_t b)
{
    uint32_t r;
    __asm__ volatile("udiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    return r;
}
/* Register-controlled shifts use the bottom byte of the amount, so 32..255 are defined (A7.4.2 / A2.2.1). */
static inline uint32_t hw_lsl(uint32_t a, uint32_t n) { uint32_t r; __asm__("lsl %0, %1, %2" : "=r"(r) : "r"(a), "r"(n)); return r; }
static inline uint32_t hw_lsr(uint32_t a, uint32_t n) { uint32_t r; __asm__("lsr %0, %1, %2" : "=r"(r) : "r"(a), "r"(n)); return r; }
static inline uint32_t hw_asr(uint32_t a, uint32_t n) { uint32_t r; __asm__("asr %0, %1, %2" : "=r"(r) : "r"(a), "r"(n)); return r; }
static inline uint32_t hw_ror(uint32_t a, uint32_t n) { uint32_t r; __asm__("ror %0, %1, %2" : "=r"(r) : "r"(a), "r"(n)); return r; }

/* Flags after ADDS/SUBS/ADCS/SBCS, read from APSR (A7.7.85 MRS). */
static inline uint32_t flags_adds(uint32_t a, uint32_t b)
{
    uint32_t r, f;
    __asm__ volatile("adds %0, %2, %3\n\tmrs %1, apsr" : "=&r"(r), "=&r"(f) : "r"(a), "r"(b) : "cc");
    return (f & 0xF0000000u) ^ r;
}
static inline uint32_t flags_subs(uint32_t a, uint32_t b)
{
    uint32_t r, f;
    __asm__ volatile("subs %0, %2, %3\n\tmrs %1, apsr" : "=&r"(r), "=&r"(f) : "r"(a), "r"(b) : "cc");
    return (f & 0xF0000000u) ^ r;
}
static inline uint32_t flags_adcs(uint32_t a, uint32_t b, uint32_t carry_in)
{
    uint32_t r, f;
    /* CMP carry_in,#1 sets C iff carry_in >= 1. */
    __asm__ volatile("cmp %4, #1\n\tadcs %0, %2, %3\n\tmrs %1, apsr"
                     : "=&r"(r), "=&r"(f) : "r"(a), "r"(b), "r"(carry_in) : "cc");
    return (f & 0xF0000000u) ^ r;
}
static inline uint32_t flags_sbcs(uint32_t a, uint32_t b, uint32_t carry_in)
{
    uint32_t r, f;
    __asm__ volatile("cmp %4, #1\n\tsbcs %0, %2, %3\n\tmrs %1, apsr"
                     : "=&r"(r), "=&r"(f) : "r"(a), "r"(b), "r"(carry_in) : "cc");
    return (f & 0xF0000000u) ^ r;
}
static inline uint32_t flags_shift_c(uint32_t a, uint32_t n)
{
    /* Shifts by register with S set update C from the last bit shifted out; a shift by 0 keeps C
       and no shift changes V, so the flags are first set to a known pattern (C=1, V=1) from "init". */
    uint32_t r1, r2, r3, f1, f2, f3, init = 0x30000000u;
    __asm__ volatile("msr apsr_nzcvq, %8\n\tlsls %0, %6, %7\n\tmrs %3, apsr\n\t"
                     "msr apsr_nzcvq, %8\n\tlsrs %1, %6, %7\n\tmrs %4, apsr\n\t"
                     "msr apsr_nzcvq, %8\n\tasrs %2, %6, %7\n\tmrs %5, apsr"
                     : "=&r"(r1), "=&r"(r2), "=&r"(r3), "=&r"(f1), "=&r"(f2), "=&r"(f3)
                     : "r"(a), "r"(n), "r"(init) : "cc");
    return r1 ^ (r2 * 3u) ^ (r3 * 7u) ^ (f1 >> 28) ^ ((f2 >> 28) << 4) ^ ((f3 >> 28) << 8);
}

static inline uint32_t hw_rbit(uint32_t a) { uint32_t r; __asm__("rbit %0, %1" : "=r"(r) : "r"(a)); return r; }
static inline uint32_t hw_rev16(uint32_t a) { uint32_t r; __asm__("rev16 %0, %1" : "=r"(r) : "r"(a)); return r; }
static inline uint32_t hw_revsh(uint32_t a) { uint32_t r; __asm__("revsh %0, %1" : "=r"(r) : "r"(a)); return r; }
static inline uint32_t hw_clz(uint32_t a) { uint32_t r; __asm__("clz %0, %1" : "=r"(r) : "r"(a)); return r; }

static uint32_t sweep_division(void)
{
    uint32_t h = 1, seed = 0x1234567u;
    for (uint32_t i = 0; i < N; i++) {
        uint32_t a = xt_input(i, &seed);
        uint32_t s2 = seed ^ 0x9E3779B9u;
        for (uint32_t j = 0; j < 8; j++) {
            uint32_t b = j < 4 ? xt_edges[(i + j * 7) % XT_NEDGES] : xt_rand(&s2) >> (j * 3);
            h = xt_mix(h, hw_udiv(a, b));
            h = xt_mix(h, (uint32_t)hw_sdiv((int32_t)a, (int32_t)b));
            if (b != 0) {
                h = xt_mix(h, a % b);
                if (!((int32_t)a == INT_MIN && (int32_t)b == -1)) h = xt_mix(h, (uint32_t)((int32_t)a % (int32_t)b));
            }
        }
    }
    return h;
}

static uint32_t sweep_shifts(void)
{
    uint32_t h = 2, seed = 0xBADC0DEu;
    for (uint32_t i = 0; i < N; i++) {
        uint32_t a = xt_input(i, &seed);
        for (uint32_t n = 0; n < 260; n += (n < 40 ? 1 : 37)) {
            h = xt_mix(h, hw_lsl(a, n));
            h = xt_mix(h, hw_lsr(a, n));
            h = xt_mix(h, hw_asr(a, n));
            h = xt_mix(h, hw_ror(a, n));
            h = xt_mix(h, flags_shift_c(a, n));
            if (n < 32) h = xt_mix(h, (a << n) ^ (a >> n) ^ (uint32_t)((int32_t)a >> n));
        }
    }
    return h;
}

static uint32_t sweep_flags(void)
{
    uint32_t h = 3, seed = 0xC0FFEEu;
    for (uint32_t i = 0; i < N; i++) {
        uint32_t a = xt_input(i, &seed);
        uint32_t b = xt_edges[(i * 5) % XT_NEDGES] ^ (i >= XT_NEDGES ? xt_rand(&seed) & 0xFF : 0);
        h = xt_mix(h, flags_adds(a, b));
        h = xt_mix(h, flags_subs(a, b));
        h = xt_mix(h, flags_adcs(a, b, i & 1));
        h = xt_mix(h, flags_sbcs(a, b, (i >> 1) & 1));
        int32_t sr;
        uint32_t ur;
        h = xt_mix(h, (uint32_t)__builtin_add_overflow((int32_t)a, (int32_t)b, &sr) * 2 + (uint32_t)sr);
        h = xt_mix(h, (uint32_t)__builtin_sub_overflow((int32_t)a, (int32_t)b, &sr) * 2 + (uint32_t)sr);
        h = xt_mix(h, (uint32_t)__builtin_mul_overflow((int32_t)a, (int32_t)b, &sr) * 2 + (uint32_t)sr);
        h = xt_mix(h, (uint32_t)__builtin_mul_overflow(a, b, &ur) * 2 + ur);
        /* Signed and unsigned comparisons: each result is one bit. */
        uint32_t c = ((int32_t)a < (int32_t)b) | (((int32_t)a <= (int32_t)b) << 1) | ((a < b) << 2) |
                     ((a <= b) << 3) | (((int32_t)a > (int32_t)b) << 4) | ((a > b) << 5) | ((a == b) << 6) |
                     (((int32_t)a >= 0) << 7);
        h = xt_mix(h, c);
    }
    return h;
}

static uint32_t sweep_mul(void)
{
    uint32_t h = 4, seed = 0x51EDu;
    for (uint32_t i = 0; i < N; i++) {
        uint32_t a = xt_input(i, &seed), b = xt_rand(&seed), c = xt_edges[i % XT_NEDGES];
        h = xt_mix(h, a * b);
        h = xt_mix(h, a * b + c);  /* MLA */
        h = xt_mix(h, c - a * b);  /* MLS */
        h = xt_mix64(h, (uint64_t)a * b);                     /* UMULL */
        h = xt_mix64(h, (uint64_t)((int64_t)(int32_t)a * (int32_t)b)); /* SMULL */
        h = xt_mix64(h, (uint64_t)a * b + ((uint64_t)c << 32 | a)); /* UMLAL */
        h = xt_mix64(h, (uint64_t)((int64_t)(int32_t)a * (int32_t)c + (int64_t)(int32_t)b)); /* SMLAL */
    }
    return h;
}

static uint32_t sweep_bits(void)
{
    uint32_t h = 5, seed = 0xB175u;
    for (uint32_t i = 0; i < N; i++) {
        uint32_t a = xt_input(i, &seed), b = xt_rand(&seed);
        h = xt_mix(h, a & b);
        h = xt_mix(h, a | ~b);          /* ORN */
        h = xt_mix(h, a ^ b);
        h = xt_mix(h, a & ~b);          /* BIC */
        h = xt_mix(h, hw_clz(a));
        h = xt_mix(h, a ? (uint32_t)__builtin_ctz(a) : 99u);
        h = xt_mix(h, (uint32_t)__builtin_popcount(a));
        h = xt_mix(h, hw_rbit(a));
        h = xt_mix(h, __builtin_bswap32(a));
        h = xt_mix(h, hw_rev16(a));
        h = xt_mix(h, hw_revsh(a));
        /* Bitfield extract/insert/clear (UBFX/SBFX/BFI/BFC). */
        uint32_t r;
        __asm__("ubfx %0, %1, #5, #11" : "=r"(r) : "r"(a));  h = xt_mix(h, r);
        __asm__("sbfx %0, %1, #3, #17" : "=r"(r) : "r"(a));  h = xt_mix(h, r);
        r = b; __asm__("bfi %0, %1, #9, #13" : "+r"(r) : "r"(a)); h = xt_mix(h, r);
        r = a; __asm__("bfc %0, #4, #20" : "+r"(r));         h = xt_mix(h, r);
        /* Byte/halfword extends and the C-level equivalents. */
        h = xt_mix(h, (uint32_t)(int8_t)a ^ (uint32_t)(uint16_t)a << 1 ^ (uint32_t)(int16_t)(a >> 7));
        r = (a >> 3) & 0x3FF;
        h = xt_mix(h, r | ((b & 0x1F) << 27));
    }
    return h;
}

static uint32_t sweep_64(void)
{
    uint32_t h = 6, seed = 0x640064u;
    for (uint32_t i = 0; i < N; i++) {
        /* One xt_rand per statement: the evaluation order of operands is unspecified in C. */
        uint64_t a = (uint64_t)xt_input(i, &seed) << 32;
        a |= xt_rand(&seed);
        uint64_t b = ((uint64_t)xt_rand(&seed) >> (i % 32)) << 32;
        b |= xt_rand(&seed) >> (i % 29);
        if (i % 11 == 0) b = (uint64_t)xt_edges[i % XT_NEDGES];
        h = xt_mix64(h, a + b);
        h = xt_mix64(h, a - b);
        h = xt_mix64(h, a * b);
        if (b) {
            h = xt_mix64(h, a / b);
            h = xt_mix64(h, a % b);
            int64_t sa = (int64_t)a, sb = (int64_t)b;
            if (!(sa == INT64_MIN && sb == -1)) {
                h = xt_mix64(h, (uint64_t)(sa / sb));
                h = xt_mix64(h, (uint64_t)(sa % sb));
            }
        }
        uint32_t n = i % 64;
        h = xt_mix64(h, a << n);
        h = xt_mix64(h, a >> n);
        h = xt_mix64(h, (uint64_t)((int64_t)a >> n));
        h = xt_mix(h, (uint32_t)(((int64_t)a < (int64_t)b) | ((a < b) << 1) | ((a == b) << 2)));
        h = xt_mix(h, (uint32_t)__builtin_clzll(a | 1) + (uint32_t)__builtin_popcountll(b));
    }
    return h;
}

int main(void)
{
    printf("int_arith: integer and 64-bit arithmetic\n");
    xt_u32("udiv 1000000/7", hw_udiv(1000000u, 7u));
    xt_u32("udiv x/0", hw_udiv(12345u, 0u));
    xt_u32("sdiv -7/2", (uint32_t)hw_sdiv(-7, 2));
    xt_u32("sdiv INT_MIN/-1", (uint32_t)hw_sdiv(INT_MIN, -1));
    xt_u32("sdiv x/0", (uint32_t)hw_sdiv(-5, 0));
    xt_u32("lsl 1,32", hw_lsl(1u, 32u));
    xt_u32("asr 0x80000000,40", hw_asr(0x80000000u, 40u));
    xt_u32("ror 0x12345678,36", hw_ror(0x12345678u, 36u));
    xt_u32("clz 0", hw_clz(0));
    xt_u32("rbit 0x12345678", hw_rbit(0x12345678u));
    xt_u32("rev 0x12345678", __builtin_bswap32(0x12345678u));
    xt_u32("revsh 0x12345680", hw_revsh(0x12345680u));
    xt_u64("umull max*max", (uint64_t)0xFFFFFFFFu * 0xFFFFFFFFu);
    xt_u64("s64 div", (uint64_t)(-1234567890123456789LL / 987654321LL));
    xt_u64("u64 mod", 0xFEDCBA9876543210ULL % 0x123456789ULL);
    printf("printf ll: %lld %llu %llx\n", -9223372036854775807LL - 1, 18446744073709551615ULL, 0xDEADBEEFCAFEF00DULL);
    xt_sum("division", sweep_division(), N);
    xt_sum("shifts", sweep_shifts(), N);
    xt_sum("flags/overflow/compare", sweep_flags(), N);
    xt_sum("multiply", sweep_mul(), N);
    xt_sum("bit operations", sweep_bits(), N);
    xt_sum("64-bit", sweep_64(), N);
    xt_finish("int_arith", 11);
}
