/*
 * DSP extension instructions (ARMv7-M ARM A7.7, "DSP extension"), issued via
 * inline assembly over edge values and pseudo-random inputs:
 *  - parallel add/subtract (signed, unsigned, saturating, halving) with the
 *    GE flags observed through SEL and read from APSR,
 *  - QADD/QSUB/QDADD/QDSUB and SSAT/USAT/SSAT16/USAT16 with the sticky Q flag,
 *  - dual and halfword multiplies (SMLAD/SMLSD/SMUAD/SMUSD/SMLALD/SMLSLD,
 *    SMULxy/SMLAxy/SMULWy/SMLAWy/SMLALxy), most-significant-word multiplies
 *    (SMMUL/SMMLA/SMMLS with and without R), UMAAL,
 *  - extends and packs (SXTB16/UXTB16/SXTAB/UXTAB/SXTAH/UXTAH/SXTAB16/UXTAB16,
 *    PKHBT/PKHTB) and USAD8/USADA8.
 * Each sweep prints a checksum; the Q and GE bits are cleared before every
 * instruction so that each result depends on that instruction alone.
 */
#include "xtest.h"

#define N 400

/* APSR: N Z C V Q at 31..27, GE[3:0] at 19..16 (ARMv7-M ARM B1.4.2). */
#define FLAG_MASK 0xF80F0000u

/* Rd = op(Rn, Rm); then SEL Rd2 = GE ? Rn : Rm bytewise; result folds Rd, SEL and flags. */
#define OP3(op)                                                                            \
    static uint32_t do_##op(uint32_t a, uint32_t b)                                        \
    {                                                                                      \
        uint32_t r, s, f, zero = 0;                                                        \
        __asm__ volatile("msr apsr_nzcvqg, %4\n\t" #op " %0, %3, %5\n\t"                  \
                         "sel %1, %3, %5\n\tmrs %2, apsr"                                  \
                         : "=&r"(r), "=&r"(s), "=&r"(f) : "r"(a), "r"(zero), "r"(b) : "cc"); \
        return xt_mix(xt_mix(r, s), f & FLAG_MASK);                                        \
    }

/* Rd = op(Rn, Rm, Ra). */
#define OP4(op)                                                                            \
    static uint32_t do_##op(uint32_t a, uint32_t b, uint32_t c)                            \
    {                                                                                      \
        uint32_t r, f, zero = 0;                                                           \
        __asm__ volatile("msr apsr_nzcvqg, %3\n\t" #op " %0, %2, %4, %5\n\tmrs %1, apsr"  \
                         : "=&r"(r), "=&r"(f) : "r"(a), "r"(zero), "r"(b), "r"(c) : "cc"); \
        return xt_mix(r, f & FLAG_MASK);                                                   \
    }

/* RdLo, RdHi accumulate: op RdLo, RdHi, Rn, Rm. */
#define OP64(op)                                                                           \
    static uint32_t do_##op(uint32_t a, uint32_t b, uint32_t lo, uint32_t hi)              \
    {                                                                                      \
        __asm__ volatile(#op " %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(a), "r"(b));      \
        return xt_mix(lo, hi);                                                             \
    }

OP3(sadd16) OP3(sasx) OP3(ssax) OP3(ssub16) OP3(sadd8) OP3(ssub8)
OP3(uadd16) OP3(uasx) OP3(usax) OP3(usub16) OP3(uadd8) OP3(usub8)
OP3(qadd16) OP3(qasx) OP3(qsax) OP3(qsub16) OP3(qadd8) OP3(qsub8)
OP3(uqadd16) OP3(uqasx) OP3(uqsax) OP3(uqsub16) OP3(uqadd8) OP3(uqsub8)
OP3(shadd16) OP3(shasx) OP3(shsax) OP3(shsub16) OP3(shadd8) OP3(shsub8)
OP3(uhadd16) OP3(uhasx) OP3(uhsax) OP3(uhsub16) OP3(uhadd8) OP3(uhsub8)
OP3(qadd) OP3(qsub) OP3(qdadd) OP3(qdsub)
OP3(smuad) OP3(smuadx) OP3(smusd) OP3(smusdx)
OP3(smmul) OP3(smmulr)
OP3(smulbb) OP3(smulbt) OP3(smultb) OP3(smultt) OP3(smulwb) OP3(smulwt)
OP3(usad8)
OP3(sxtab) OP3(uxtab) OP3(sxtah) OP3(uxtah) OP3(sxtab16) OP3(uxtab16)
OP3(mul) OP3(sdiv) OP3(udiv)
OP4(smlad) OP4(smladx) OP4(smlsd) OP4(smlsdx)
OP4(smmla) OP4(smmlar) OP4(smmls) OP4(smmlsr)
OP4(smlabb) OP4(smlabt) OP4(smlatb) OP4(smlatt) OP4(smlawb) OP4(smlawt)
OP4(usada8) OP4(mla) OP4(mls)
OP64(smlald) OP64(smlaldx) OP64(smlsld) OP64(smlsldx)
OP64(smlalbb) OP64(smlalbt) OP64(smlaltb) OP64(smlaltt)
OP64(umaal) OP64(umlal) OP64(smlal) OP64(umull) OP64(smull)

typedef uint32_t (*op3_fn)(uint32_t, uint32_t);
typedef uint32_t (*op4_fn)(uint32_t, uint32_t, uint32_t);
typedef uint32_t (*op64_fn)(uint32_t, uint32_t, uint32_t, uint32_t);

#define E3(op) {#op, do_##op}
static const struct { const char *name; op3_fn fn; } ops3[] = {
    E3(sadd16), E3(sasx), E3(ssax), E3(ssub16), E3(sadd8), E3(ssub8),
    E3(uadd16), E3(uasx), E3(usax), E3(usub16), E3(uadd8), E3(usub8),
    E3(qadd16), E3(qasx), E3(qsax), E3(qsub16), E3(qadd8), E3(qsub8),
    E3(uqadd16), E3(uqasx), E3(uqsax), E3(uqsub16), E3(uqadd8), E3(uqsub8),
    E3(shadd16), E3(shasx), E3(shsax), E3(shsub16), E3(shadd8), E3(shsub8),
    E3(uhadd16), E3(uhasx), E3(uhsax), E3(uhsub16), E3(uhadd8), E3(uhsub8),
    E3(qadd), E3(qsub), E3(qdadd), E3(qdsub),
    E3(smuad), E3(smuadx), E3(smusd), E3(smusdx), E3(smmul), E3(smmulr),
    E3(smulbb), E3(smulbt), E3(smultb), E3(smultt), E3(smulwb), E3(smulwt),
    E3(usad8), E3(sxtab), E3(uxtab), E3(sxtah), E3(uxtah), E3(sxtab16), E3(uxtab16),
    E3(mul), E3(sdiv), E3(udiv),
};
static const struct { const char *name; op4_fn fn; } ops4[] = {
    E3(smlad), E3(smladx), E3(smlsd), E3(smlsdx), E3(smmla), E3(smmlar), E3(smmls), E3(smmlsr),
    E3(smlabb), E3(smlabt), E3(smlatb), E3(smlatt), E3(smlawb), E3(smlawt), E3(usada8), E3(mla), E3(mls),
};
static const struct { const char *name; op64_fn fn; } ops64[] = {
    E3(smlald), E3(smlaldx), E3(smlsld), E3(smlsldx), E3(smlalbb), E3(smlalbt), E3(smlaltb), E3(smlaltt),
    E3(umaal), E3(umlal), E3(smlal), E3(umull), E3(smull),
};

/* Immediate-operand instructions: saturation, packs, extends with rotation. */
static uint32_t do_imm(uint32_t a, uint32_t b)
{
    uint32_t h = 0, r, f, zero = 0;
#define IMM1(text)                                                                                       \
    __asm__ volatile("msr apsr_nzcvqg, %2\n\t" text "\n\tmrs %1, apsr" : "=&r"(r), "=&r"(f) : "r"(zero), \
                     "r"(a), "r"(b) : "cc");                                                            \
    h = xt_mix(xt_mix(h, r), f & FLAG_MASK);
    IMM1("ssat %0, #1, %3")
    IMM1("ssat %0, #8, %3")
    IMM1("ssat %0, #16, %3, lsl #4")
    IMM1("ssat %0, #31, %3, asr #3")
    IMM1("ssat %0, #32, %3")
    IMM1("usat %0, #0, %3")
    IMM1("usat %0, #8, %3")
    IMM1("usat %0, #15, %3, asr #1")
    IMM1("usat %0, #31, %3, lsl #1")
    IMM1("ssat16 %0, #1, %3")
    IMM1("ssat16 %0, #9, %3")
    IMM1("ssat16 %0, #16, %3")
    IMM1("usat16 %0, #0, %3")
    IMM1("usat16 %0, #7, %3")
    IMM1("usat16 %0, #15, %3")
    IMM1("pkhbt %0, %3, %4")
    IMM1("pkhbt %0, %3, %4, lsl #7")
    IMM1("pkhtb %0, %3, %4")
    IMM1("pkhtb %0, %3, %4, asr #16")
    IMM1("pkhtb %0, %3, %4, asr #31")
    IMM1("sxtb16 %0, %3")
    IMM1("sxtb16 %0, %3, ror #8")
    IMM1("uxtb16 %0, %3, ror #16")
    IMM1("uxtb16 %0, %3, ror #24")
    IMM1("sxtb %0, %3, ror #8")
    IMM1("uxth %0, %3, ror #24")
    IMM1("sxtah %0, %4, %3, ror #16")
    IMM1("uxtab16 %0, %4, %3, ror #8")
    IMM1("sxtab16 %0, %4, %3, ror #24")
#undef IMM1
    return h;
}

/* The sticky Q flag survives later non-saturating instructions and is cleared only by MSR. */
static uint32_t q_sticky(void)
{
    uint32_t f1, f2, f3, r, big = 0x7FFFFFFFu, one = 1, zero = 0;
    __asm__ volatile("msr apsr_nzcvqg, %4\n\t"
                     "qadd %0, %5, %6\n\tmrs %1, apsr\n\t"   /* saturates: Q=1 */
                     "adds %0, %6, %6\n\tmrs %2, apsr\n\t"   /* flags-setting add: Q stays 1 */
                     "msr apsr_nzcvq, %4\n\tmrs %3, apsr"     /* cleared */
                     : "=&r"(r), "=&r"(f1), "=&r"(f2), "=&r"(f3) : "r"(zero), "r"(big), "r"(one) : "cc");
    return ((f1 >> 27) & 1) | (((f2 >> 27) & 1) << 1) | (((f3 >> 27) & 1) << 2);
}

int main(void)
{
    printf("dsp: DSP extension instructions\n");
    uint32_t n3 = sizeof ops3 / sizeof ops3[0], n4 = sizeof ops4 / sizeof ops4[0];
    uint32_t n64 = sizeof ops64 / sizeof ops64[0];
    /* A few spot values, then the sweeps. */
    xt_u32("qadd max+1", do_qadd(0x7FFFFFFFu, 1));
    xt_u32("q sticky bits", q_sticky());
    xt_u32("sadd8 sel", do_sadd8(0x7F80FF01u, 0x01FF0180u));
    xt_u32("uhsub16", do_uhsub16(0x00010000u, 0x00020001u));
    xt_u32("smmulr", do_smmulr(0x40000000u, 0x40000001u));
    xt_u32("umaal", do_umaal(0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu));

    char name[40];
    for (uint32_t k = 0; k < n3; k++) {
        uint32_t h = 0, seed = 0xA5A5A5A5u ^ k;
        for (uint32_t i = 0; i < N; i++) {
            uint32_t a = xt_input(i, &seed);
            uint32_t b = i < XT_NEDGES ? xt_edges[(i * 7 + k) % XT_NEDGES] : xt_rand(&seed);
            h = xt_mix(h, ops3[k].fn(a, b));
            if (i < XT_NEDGES)
                for (uint32_t j = 0; j < XT_NEDGES; j++) h = xt_mix(h, ops3[k].fn(a, xt_edges[j]));
        }
        snprintf(name, sizeof name, "%s", ops3[k].name);
        xt_sum(name, h, N);
    }
    for (uint32_t k = 0; k < n4; k++) {
        uint32_t h = 0, seed = 0x5A5A5A5Au ^ k;
        for (uint32_t i = 0; i < N; i++) {
            uint32_t a = xt_input(i, &seed), b = xt_rand(&seed), c = xt_edges[(i + k) % XT_NEDGES];
            if (i < XT_NEDGES) b = xt_edges[(i * 3 + 1) % XT_NEDGES];
            h = xt_mix(h, ops4[k].fn(a, b, c));
            h = xt_mix(h, ops4[k].fn(b, a, xt_rand(&seed)));
        }
        xt_sum(ops4[k].name, h, N);
    }
    for (uint32_t k = 0; k < n64; k++) {
        uint32_t h = 0, seed = 0x3C3C3C3Cu ^ k;
        for (uint32_t i = 0; i < N; i++) {
            uint32_t a = xt_input(i, &seed), b = xt_rand(&seed);
            uint32_t lo = xt_edges[(i + 3 * k) % XT_NEDGES], hi = xt_edges[(i * 5 + k) % XT_NEDGES];
            h = xt_mix(h, ops64[k].fn(a, b, lo, hi));
            uint32_t lo2 = xt_rand(&seed), hi2 = xt_rand(&seed); /* two statements: argument order is unspecified */
            h = xt_mix(h, ops64[k].fn(b, a, lo2, hi2));
        }
        xt_sum(ops64[k].name, h, N);
    }
    {
        uint32_t h = 0, seed = 0x1F1F1F1Fu;
        for (uint32_t i = 0; i < N; i++) {
            uint32_t a = xt_input(i, &seed), b = xt_rand(&seed);
            h = xt_mix(h, do_imm(a, b));
        }
        xt_sum("ssat/usat/pkh/xt imm", h, N);
    }
    xt_finish("dsp", 12);
}
