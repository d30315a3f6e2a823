/*
 * FPv5 single and double precision arithmetic issued through inline assembly,
 * so that neither the compiler's constant folding nor its choice of
 * instructions changes what is tested. Every operation runs under several
 * FPSCR settings (default, flush-to-zero, default-NaN, the four rounding
 * modes) and folds both the result bits and the FPSCR cumulative exception
 * flags (IOC DZC OFC UFC IXC IDC) into the checksum.
 * FPSCR layout: ARMv7-M ARM B1.4.6 / A2.5.3 (N Z C V 31:28, AHP 26, DN 25,
 * FZ 24, RMode 23:22, IDC 7, IXC 4, UFC 3, OFC 2, DZC 1, IOC 0).
 */
#include "xtest.h"

static inline uint32_t get_fpscr(void) { uint32_t v; __asm__ volatile("vmrs %0, fpscr" : "=r"(v)); return v; }
static inline void set_fpscr(uint32_t v) { __asm__ volatile("vmsr fpscr, %0" : : "r"(v) : "memory"); }

#define FZ (1u << 24)
#define DN (1u << 25)
#define AHP (1u << 26)
#define RM(x) ((uint32_t)(x) << 22)
static const uint32_t modes[] = {0, FZ, DN, RM(1), RM(2), RM(3), FZ | DN | RM(3)};
#define NMODES (sizeof modes / sizeof modes[0])

static const uint32_t fsp[] = {
    0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3F000000, 0x3FC00000, 0x40200000, 0xC0200000,
    0x00800000, 0x007FFFFF, 0x00000001, 0x80000001, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000,
    0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FA00000, 0x7FC12345, 0x40490FDB, 0x3EAAAAAB, 0x4B800001,
    0x3DCCCCCD, 0x4F000000, 0xCF000000, 0x4F800000, 0x477FE000, 0x322BCC77, 0x00400000, 0x80400000,
    0x4EFFFFFF, 0xCF000001, 0x3F7FFFFF, 0x34000000, 0x33800000, 0x4B000000, 0x4AFFFFFE, 0x3F000001,
};
#define NFSP (sizeof fsp / sizeof fsp[0])
static const uint64_t dsp64[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3FF0000000000000ull, 0xBFF0000000000000ull,
    0x3FE0000000000000ull, 0x3FF8000000000000ull, 0x4004000000000000ull, 0xC004000000000000ull,
    0x0010000000000000ull, 0x000FFFFFFFFFFFFFull, 0x0000000000000001ull, 0x8000000000000001ull,
    0x7FEFFFFFFFFFFFFFull, 0x7FF0000000000000ull, 0xFFF0000000000000ull, 0x7FF8000000000000ull,
    0x7FF0000000000001ull, 0x7FF4000000000000ull, 0xFFF8000000001234ull, 0x400921FB54442D18ull,
    0x3FD5555555555555ull, 0x4340000000000001ull, 0x3FB999999999999Aull, 0x41E0000000000000ull,
    0xC1E0000000000000ull, 0x41EFFFFFFFE00000ull, 0x41F0000000000000ull, 0x36A0000000000000ull,
    0x47EFFFFFE0000000ull, 0x3810000000000000ull, 0x380FFFFFFFFFFFFFull, 0x3FEFFFFFFFFFFFFFull,
};
#define NDSP (sizeof dsp64 / sizeof dsp64[0])

static float f_of(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static double d_of(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }

/* Binary single-precision op: "op %0, %1, %2". */
#define FOP2(fname, text)                                                       \
    static float fname(float a, float b)                                        \
    {                                                                           \
        float r;                                                                \
        __asm__ volatile(text " %0, %1, %2" : "=t"(r) : "t"(a), "t"(b));       \
        return r;                                                               \
    }
#define DOP2(fname, text)                                                       \
    static double fname(double a, double b)                                     \
    {                                                                           \
        double r;                                                               \
        __asm__ volatile(text " %P0, %P1, %P2" : "=w"(r) : "w"(a), "w"(b));    \
        return r;                                                               \
    }
/* Accumulating op: "op %0(acc), %1, %2". */
#define FOP3(fname, text)                                                       \
    static float fname(float acc, float a, float b)                             \
    {                                                                           \
        __asm__ volatile(text " %0, %1, %2" : "+t"(acc) : "t"(a), "t"(b));     \
        return acc;                                                             \
    }
#define DOP3(fname, text)                                                       \
    static double fname(double acc, double a, double b)                         \
    {                                                                           \
        __asm__ volatile(text " %P0, %P1, %P2" : "+w"(acc) : "w"(a), "w"(b));  \
        return acc;                                                             \
    }
#define FOP1(fname, text)                                                       \
    static float fname(float a)                                                 \
    {                                                                           \
        float r;                                                                \
        __asm__ volatile(text " %0, %1" : "=t"(r) : "t"(a));                   \
        return r;                                                               \
    }
#define DOP1(fname, text)                                                       \
    static double fname(double a)                                               \
    {                                                                           \
        double r;                                                               \
        __asm__ volatile(text " %P0, %P1" : "=w"(r) : "w"(a));                 \
        return r;                                                               \
    }

FOP2(f_add, "vadd.f32") FOP2(f_sub, "vsub.f32") FOP2(f_mul, "vmul.f32") FOP2(f_div, "vdiv.f32")
FOP2(f_nmul, "vnmul.f32") FOP2(f_maxnm, "vmaxnm.f32") FOP2(f_minnm, "vminnm.f32")
FOP3(f_mla, "vmla.f32") FOP3(f_mls, "vmls.f32") FOP3(f_nmla, "vnmla.f32") FOP3(f_nmls, "vnmls.f32")
FOP3(f_fma, "vfma.f32") FOP3(f_fms, "vfms.f32") FOP3(f_fnma, "vfnma.f32") FOP3(f_fnms, "vfnms.f32")
FOP1(f_sqrt, "vsqrt.f32") FOP1(f_abs, "vabs.f32") FOP1(f_neg, "vneg.f32")
FOP1(f_rinta, "vrinta.f32") FOP1(f_rintn, "vrintn.f32") FOP1(f_rintp, "vrintp.f32")
FOP1(f_rintm, "vrintm.f32") FOP1(f_rintz, "vrintz.f32") FOP1(f_rintr, "vrintr.f32") FOP1(f_rintx, "vrintx.f32")
DOP2(d_add, "vadd.f64") DOP2(d_sub, "vsub.f64") DOP2(d_mul, "vmul.f64") DOP2(d_div, "vdiv.f64")
DOP2(d_nmul, "vnmul.f64") DOP2(d_maxnm, "vmaxnm.f64") DOP2(d_minnm, "vminnm.f64")
DOP3(d_mla, "vmla.f64") DOP3(d_mls, "vmls.f64") DOP3(d_nmla, "vnmla.f64") DOP3(d_nmls, "vnmls.f64")
DOP3(d_fma, "vfma.f64") DOP3(d_fms, "vfms.f64") DOP3(d_fnma, "vfnma.f64") DOP3(d_fnms, "vfnms.f64")
DOP1(d_sqrt, "vsqrt.f64") DOP1(d_abs, "vabs.f64") DOP1(d_neg, "vneg.f64")
DOP1(d_rinta, "vrinta.f64") DOP1(d_rintn, "vrintn.f64") DOP1(d_rintp, "vrintp.f64")
DOP1(d_rintm, "vrintm.f64") DOP1(d_rintz, "vrintz.f64") DOP1(d_rintr, "vrintr.f64") DOP1(d_rintx, "vrintx.f64")

/* Comparison: VCMP / VCMPE then copy FPSCR.NZCV to APSR and read it back. */
static uint32_t f_cmp(float a, float b, int e)
{
    uint32_t f;
    if (e) __asm__ volatile("vcmpe.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr" : "=r"(f) : "t"(a), "t"(b) : "cc");
    else __asm__ volatile("vcmp.f32 %1, %2\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr" : "=r"(f) : "t"(a), "t"(b) : "cc");
    return f >> 28;
}
static uint32_t d_cmp(double a, double b, int e)
{
    uint32_t f;
    if (e) __asm__ volatile("vcmpe.f64 %P1, %P2\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr" : "=r"(f) : "w"(a), "w"(b) : "cc");
    else __asm__ volatile("vcmp.f64 %P1, %P2\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr" : "=r"(f) : "w"(a), "w"(b) : "cc");
    return f >> 28;
}
static uint32_t f_cmp0(float a)
{
    uint32_t f;
    __asm__ volatile("vcmp.f32 %1, #0\n\tvmrs APSR_nzcv, fpscr\n\tmrs %0, apsr" : "=r"(f) : "t"(a) : "cc");
    return f >> 28;
}
/* VSEL picks on the APSR flags left by the comparison of a and b. */
static uint32_t f_vsel(float a, float b)
{
    float r1, r2, r3, r4;
    __asm__ volatile("vcmp.f32 %4, %5\n\tvmrs APSR_nzcv, fpscr\n\t"
                     "vseleq.f32 %0, %4, %5\n\tvselge.f32 %1, %4, %5\n\t"
                     "vselgt.f32 %2, %4, %5\n\tvselvs.f32 %3, %4, %5"
                     : "=&t"(r1), "=&t"(r2), "=&t"(r3), "=&t"(r4) : "t"(a), "t"(b) : "cc");
    return xt_mix(xt_mix(xt_bits_f(r1), xt_bits_f(r2)), xt_mix(xt_bits_f(r3), xt_bits_f(r4)));
}

/* Conversions between floating point and integers, fixed point and half precision. */
static uint32_t conversions_f(float a)
{
    uint32_t h = 0;
    float t;
    double d;
#define CV(text, in, outc, out)                                   \
    __asm__ volatile(text : outc(out) : "t"(in));                 \
    h = xt_mix(h, xt_bits_f(out));
    CV("vcvt.s32.f32 %0, %1", a, "=t", t)
    CV("vcvt.u32.f32 %0, %1", a, "=t", t)
    CV("vcvtr.s32.f32 %0, %1", a, "=t", t)
    CV("vcvtr.u32.f32 %0, %1", a, "=t", t)
    CV("vcvta.s32.f32 %0, %1", a, "=t", t)
    CV("vcvtn.s32.f32 %0, %1", a, "=t", t)
    CV("vcvtp.u32.f32 %0, %1", a, "=t", t)
    CV("vcvtm.s32.f32 %0, %1", a, "=t", t)
    CV("vcvt.f32.s32 %0, %1", a, "=t", t)
    CV("vcvt.f32.u32 %0, %1", a, "=t", t)
    /* VCVTB/VCVTT to f16 write one half of the destination and keep the other (A7.7.226). */
    t = f_of(0x5A5A5A5Au); CV("vcvtb.f16.f32 %0, %1", a, "+t", t)
    t = f_of(0x5A5A5A5Au); CV("vcvtt.f16.f32 %0, %1", a, "+t", t)
    CV("vcvtt.f32.f16 %0, %1", a, "=t", t)
    CV("vcvtb.f32.f16 %0, %1", a, "=t", t)
#undef CV
    /* Fixed point conversions work in place on one register. */
    t = a; __asm__ volatile("vcvt.s32.f32 %0, %0, #16" : "+t"(t)); h = xt_mix(h, xt_bits_f(t));
    t = a; __asm__ volatile("vcvt.u32.f32 %0, %0, #1" : "+t"(t)); h = xt_mix(h, xt_bits_f(t));
    t = a; __asm__ volatile("vcvt.s16.f32 %0, %0, #8" : "+t"(t)); h = xt_mix(h, xt_bits_f(t));
    t = a; __asm__ volatile("vcvt.u16.f32 %0, %0, #3" : "+t"(t)); h = xt_mix(h, xt_bits_f(t));
    t = a; __asm__ volatile("vcvt.f32.s32 %0, %0, #16" : "+t"(t)); h = xt_mix(h, xt_bits_f(t));
    t = a; __asm__ volatile("vcvt.f32.u16 %0, %0, #5" : "+t"(t)); h = xt_mix(h, xt_bits_f(t));
    t = a; __asm__ volatile("vcvt.f32.s16 %0, %0, #15" : "+t"(t)); h = xt_mix(h, xt_bits_f(t));
    __asm__ volatile("vcvt.f64.f32 %P0, %1" : "=w"(d) : "t"(a)); h = xt_mix64(h, xt_bits_d(d));
    return h;
}

static uint32_t conversions_d(double a)
{
    uint32_t h = 0;
    float t;
    double d;
    __asm__ volatile("vcvt.s32.f64 %0, %P1" : "=t"(t) : "w"(a)); h = xt_mix(h, xt_bits_f(t));
    __asm__ volatile("vcvt.u32.f64 %0, %P1" : "=t"(t) : "w"(a)); h = xt_mix(h, xt_bits_f(t));
    __asm__ volatile("vcvtr.s32.f64 %0, %P1" : "=t"(t) : "w"(a)); h = xt_mix(h, xt_bits_f(t));
    __asm__ volatile("vcvta.u32.f64 %0, %P1" : "=t"(t) : "w"(a)); h = xt_mix(h, xt_bits_f(t));
    __asm__ volatile("vcvtm.s32.f64 %0, %P1" : "=t"(t) : "w"(a)); h = xt_mix(h, xt_bits_f(t));
    __asm__ volatile("vcvt.f32.f64 %0, %P1" : "=t"(t) : "w"(a)); h = xt_mix(h, xt_bits_f(t));
    t = f_of(0xA5A5A5A5u);
    __asm__ volatile("vcvtb.f16.f64 %0, %P1" : "+t"(t) : "w"(a)); h = xt_mix(h, xt_bits_f(t));
    t = f_of((uint32_t)xt_bits_d(a));
    __asm__ volatile("vcvt.f64.s32 %P0, %1" : "=w"(d) : "t"(t)); h = xt_mix64(h, xt_bits_d(d));
    __asm__ volatile("vcvt.f64.u32 %P0, %1" : "=w"(d) : "t"(t)); h = xt_mix64(h, xt_bits_d(d));
    __asm__ volatile("vcvtt.f64.f16 %P0, %1" : "=w"(d) : "t"(t)); h = xt_mix64(h, xt_bits_d(d));
    d = a; __asm__ volatile("vcvt.s32.f64 %P0, %P0, #20" : "+w"(d)); h = xt_mix64(h, xt_bits_d(d));
    d = a; __asm__ volatile("vcvt.u16.f64 %P0, %P0, #4" : "+w"(d)); h = xt_mix64(h, xt_bits_d(d));
    d = a; __asm__ volatile("vcvt.f64.s32 %P0, %P0, #31" : "+w"(d)); h = xt_mix64(h, xt_bits_d(d));
    return h;
}

typedef float (*f2_fn)(float, float);
typedef double (*d2_fn)(double, double);
typedef float (*f3_fn)(float, float, float);
typedef double (*d3_fn)(double, double, double);
typedef float (*f1_fn)(float);
typedef double (*d1_fn)(double);
#define E(x) {#x, x}
static const struct { const char *n; f2_fn f; } F2[] = {
    E(f_add), E(f_sub), E(f_mul), E(f_div), E(f_nmul), E(f_maxnm), E(f_minnm)};
static const struct { const char *n; d2_fn f; } D2[] = {
    E(d_add), E(d_sub), E(d_mul), E(d_div), E(d_nmul), E(d_maxnm), E(d_minnm)};
static const struct { const char *n; f3_fn f; } F3[] = {
    E(f_mla), E(f_mls), E(f_nmla), E(f_nmls), E(f_fma), E(f_fms), E(f_fnma), E(f_fnms)};
static const struct { const char *n; d3_fn f; } D3[] = {
    E(d_mla), E(d_mls), E(d_nmla), E(d_nmls), E(d_fma), E(d_fms), E(d_fnma), E(d_fnms)};
static const struct { const char *n; f1_fn f; } F1[] = {
    E(f_sqrt), E(f_abs), E(f_neg), E(f_rinta), E(f_rintn), E(f_rintp), E(f_rintm), E(f_rintz), E(f_rintr), E(f_rintx)};
static const struct { const char *n; d1_fn f; } D1[] = {
    E(d_sqrt), E(d_abs), E(d_neg), E(d_rinta), E(d_rintn), E(d_rintp), E(d_rintm), E(d_rintz), E(d_rintr), E(d_rintx)};
#define COUNT(a) (sizeof a / sizeof a[0])

#define NRAND 120

static float fin(uint32_t i, uint32_t *seed) { return f_of(i < NFSP ? fsp[i] : xt_rand(seed)); }
static double din(uint32_t i, uint32_t *seed)
{
    if (i < NDSP) return d_of(dsp64[i]);
    uint64_t hi = xt_rand(seed);
    return d_of(hi << 32 | xt_rand(seed));
}

/* Run body(a, b) for every mode and input pair; fold the result and the FPSCR flags. */
static uint32_t after(uint32_t h, uint32_t mode)
{
    uint32_t s = get_fpscr();
    set_fpscr(mode);
    return xt_mix(h, s);
}

int main(void)
{
    uint32_t base = get_fpscr();
    printf("fp_arith: FPv5 arithmetic, compares, conversions under FPSCR modes\n");
    printf("fpscr at start 0x%08lx\n", (unsigned long)base);
    for (uint32_t m = 0; m < NMODES; m++) {
        uint32_t mode = modes[m];
        printf("-- mode FPSCR=0x%08lx\n", (unsigned long)mode);
        set_fpscr(mode);
        for (uint32_t k = 0; k < COUNT(F2); k++) {
            uint32_t h = 0, seed = 0x1000 + k;
            for (uint32_t i = 0; i < NFSP + NRAND; i++)
                for (uint32_t j = 0; j < NFSP; j++) {
                    float a = fin(i, &seed), b = f_of(fsp[j]);
                    h = xt_mix(h, xt_bits_f(F2[k].f(a, b)));
                    h = after(h, mode);
                }
            xt_sum(F2[k].n, h, NFSP + NRAND);
        }
        for (uint32_t k = 0; k < COUNT(D2); k++) {
            uint32_t h = 0, seed = 0x2000 + k;
            for (uint32_t i = 0; i < NDSP + NRAND; i++)
                for (uint32_t j = 0; j < NDSP; j++) {
                    double a = din(i, &seed), b = d_of(dsp64[j]);
                    h = xt_mix64(h, xt_bits_d(D2[k].f(a, b)));
                    h = after(h, mode);
                }
            xt_sum(D2[k].n, h, NDSP + NRAND);
        }
        for (uint32_t k = 0; k < COUNT(F3); k++) {
            uint32_t h = 0, seed = 0x3000 + k;
            for (uint32_t i = 0; i < NFSP + NRAND; i++)
                for (uint32_t j = 0; j < NFSP; j += 3) {
                    float a = fin(i, &seed), b = f_of(fsp[j]), c = f_of(xt_rand(&seed));
                    h = xt_mix(h, xt_bits_f(F3[k].f(a, b, c)));
                    h = xt_mix(h, xt_bits_f(F3[k].f(c, a, b)));
                    h = after(h, mode);
                }
            xt_sum(F3[k].n, h, NFSP + NRAND);
        }
        for (uint32_t k = 0; k < COUNT(D3); k++) {
            uint32_t h = 0, seed = 0x4000 + k;
            for (uint32_t i = 0; i < NDSP + NRAND; i++)
                for (uint32_t j = 0; j < NDSP; j += 3) {
                    double a = din(i, &seed), b = d_of(dsp64[j]), c = din(NDSP, &seed);
                    h = xt_mix64(h, xt_bits_d(D3[k].f(a, b, c)));
                    h = xt_mix64(h, xt_bits_d(D3[k].f(c, a, b)));
                    h = after(h, mode);
                }
            xt_sum(D3[k].n, h, NDSP + NRAND);
        }
        for (uint32_t k = 0; k < COUNT(F1); k++) {
            uint32_t h = 0, seed = 0x5000 + k;
            for (uint32_t i = 0; i < NFSP + 4 * NRAND; i++) {
                float a = fin(i, &seed);
                if (i >= NFSP && (i & 1)) a = (float)(int32_t)xt_rand(&seed) / 256.0f; /* values near integers */
                h = xt_mix(h, xt_bits_f(F1[k].f(a)));
                h = after(h, mode);
            }
            xt_sum(F1[k].n, h, NFSP + 4 * NRAND);
        }
        for (uint32_t k = 0; k < COUNT(D1); k++) {
            uint32_t h = 0, seed = 0x6000 + k;
            for (uint32_t i = 0; i < NDSP + 4 * NRAND; i++) {
                double a = din(i, &seed);
                if (i >= NDSP && (i & 1)) a = (double)(int32_t)xt_rand(&seed) / 1024.0;
                h = xt_mix64(h, xt_bits_d(D1[k].f(a)));
                h = after(h, mode);
            }
            xt_sum(D1[k].n, h, NDSP + 4 * NRAND);
        }
        {
            uint32_t h = 0, seed = 0x7000;
            for (uint32_t i = 0; i < NFSP + NRAND; i++)
                for (uint32_t j = 0; j < NFSP; j++) {
                    float a = fin(i, &seed), b = f_of(fsp[j]);
                    h = xt_mix(h, f_cmp(a, b, 0) | f_cmp(a, b, 1) << 4 | f_cmp0(a) << 8);
                    h = xt_mix(h, f_vsel(a, b));
                    h = after(h, mode);
                }
            xt_sum("vcmp/vcmpe/vsel.f32", h, NFSP + NRAND);
        }
        {
            uint32_t h = 0, seed = 0x7100;
            for (uint32_t i = 0; i < NDSP + NRAND; i++)
                for (uint32_t j = 0; j < NDSP; j++) {
                    double a = din(i, &seed), b = d_of(dsp64[j]);
                    h = xt_mix(h, d_cmp(a, b, 0) | d_cmp(a, b, 1) << 4);
                    h = after(h, mode);
                }
            xt_sum("vcmp/vcmpe.f64", h, NDSP + NRAND);
        }
        {
            uint32_t h = 0, seed = 0x7200;
            for (uint32_t i = 0; i < NFSP + 4 * NRAND; i++) {
                float a = fin(i, &seed);
                if (i >= NFSP && (i & 1)) a = (float)(int32_t)xt_rand(&seed) / 65536.0f;
                h = xt_mix(h, conversions_f(a));
                h = after(h, mode);
                set_fpscr(mode | AHP);  /* alternative half-precision format */
                h = xt_mix(h, conversions_f(a));
                h = after(h, mode);
            }
            xt_sum("conversions f32", h, NFSP + 4 * NRAND);
        }
        {
            uint32_t h = 0, seed = 0x7300;
            for (uint32_t i = 0; i < NDSP + 4 * NRAND; i++) {
                double a = din(i, &seed);
                if (i >= NDSP && (i & 1)) a = (double)(int32_t)xt_rand(&seed) / 4096.0;
                h = xt_mix(h, conversions_d(a));
                h = after(h, mode);
            }
            xt_sum("conversions f64", h, NDSP + 4 * NRAND);
        }
    }
    set_fpscr(base);
    /* A few readable values. */
    set_fpscr(0);
    printf("1/3 f32 %08lx  f64 %016llx\n", (unsigned long)xt_bits_f(f_div(1.0f, 3.0f)),
           (unsigned long long)xt_bits_d(d_div(1.0, 3.0)));
    printf("sqrt2 %.17g  denorm*0.5 %016llx\n", d_sqrt(2.0),
           (unsigned long long)xt_bits_d(d_mul(d_of(0x000FFFFFFFFFFFFFull), 0.5)));
    printf("inf-inf %08lx  0/0 fpscr %08lx\n", (unsigned long)xt_bits_f(f_sub(f_of(0x7F800000), f_of(0x7F800000))),
           (unsigned long)(f_div(0.0f, 0.0f), get_fpscr()));
    set_fpscr(FZ);
    printf("FZ: denorm+0 %08lx fpscr %08lx\n", (unsigned long)xt_bits_f(f_add(f_of(0x00000123), 0.0f)), (unsigned long)get_fpscr());
    set_fpscr(DN);
    printf("DN: nan+1 %08lx fpscr %08lx\n", (unsigned long)xt_bits_f(f_add(f_of(0x7F812345), 1.0f)), (unsigned long)get_fpscr());
    set_fpscr(base);
    xt_finish("fp_arith", 13);
}
