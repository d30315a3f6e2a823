/*
 * C-level float and double arithmetic and newlib's libm: trigonometric,
 * exponential and logarithmic functions, pow, sqrt, fma, fmin/fmax, the
 * rounding family, frexp/ldexp/modf, conversions between integer and
 * floating types, denormals, NaN and infinity handling, and printing with
 * %.17g / %e / %f / %g. The compiler picks the instructions here (VSQRT,
 * VFMA, VRINTx, VMAXNM at -O2), unlike fp_arith.c.
 */
#include "xtest.h"
#include <float.h>
#include <math.h>

#define N 300

static volatile double vzero = 0.0;  /* defeats constant folding where it matters */

static double din(uint32_t i, uint32_t *seed)
{
    static const double special[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.141592653589793, -2.718281828459045,
                                     1e-300, 1e300, 4.9e-324, 2.2250738585072014e-308, 1e-5, 710.0, -745.0,
                                     0.1, 100.0, -100.5, 1e15 + 0.5, 6.02214076e23};
    uint32_t n = sizeof special / sizeof special[0];
    if (i < n) return special[i];
    int32_t r = (int32_t)xt_rand(seed);
    switch (i % 4) {
    case 0: return (double)r / 65536.0;
    case 1: return (double)r * 1e-9;
    case 2: return ldexp((double)r, (int)(xt_rand(seed) % 80) - 40);
    default: return (double)(r % 1000) / 7.0;
    }
}

static uint32_t hd(uint32_t h, double d) { return xt_mix64(h, xt_bits_d(d)); }
static uint32_t hf(uint32_t h, float f) { return xt_mix(h, xt_bits_f(f)); }

int main(void)
{
    printf("fp_math: float/double arithmetic, libm, printing\n");
    double third = 1.0 / 3.0;
    printf("%.17g %.17g %.17g\n", third, 0.1 + 0.2, 1e23);
    printf("%e %E %f %g %G\n", 123456.789, 1e-10, -0.000123, 1e-5, 1.5e300);
    printf("%10.3f|%-12.4e|%+.0f|% g|%#.0f|%08.2f\n", 3.14159, 2.71828, 2.5, 42.0, 3.0, -1.5);
    printf("inf %f -inf %f nan %f %e %g\n", INFINITY, -INFINITY, NAN, -NAN, INFINITY);
    printf("denorm %.17g %.17g min %.17g max %.17g eps %.17g\n", 4.9e-324, 2.2250738585072009e-308, DBL_MIN,
           DBL_MAX, DBL_EPSILON);
    printf("float %.9g %.9g %.9g\n", (double)FLT_MIN, (double)FLT_MAX, (double)(1.0f / 3.0f));

    xt_u64("sin(1)", xt_bits_d(sin(1.0)));
    xt_u64("exp(1)", xt_bits_d(exp(1.0)));
    xt_u64("pow(2,0.5)", xt_bits_d(pow(2.0, 0.5)));
    xt_u64("log(10)", xt_bits_d(log(10.0)));
    xt_u64("fma(1/3,3,-1)", xt_bits_d(fma(third, 3.0, -1.0)));
    xt_u64("0/0", xt_bits_d(vzero / vzero));
    xt_u64("1/0", xt_bits_d(1.0 / vzero));
    xt_u64("sqrt(-1)", xt_bits_d(sqrt(-1.0 + vzero)));

    uint32_t seed = 0xF00D;
    uint32_t h;
#define SWEEP1(label, expr)                                 \
    h = 0; seed = 0xF00D;                                    \
    for (uint32_t i = 0; i < N; i++) {                       \
        double x = din(i, &seed);                            \
        (void)x;                                             \
        h = hd(h, (expr));                                   \
    }                                                        \
    xt_sum(label, h, N);
    SWEEP1("sin", sin(x))
    SWEEP1("cos", cos(x))
    SWEEP1("tan", tan(x))
    SWEEP1("asin/acos", asin(x / 1e6) + acos(fmod(x, 1.0)))
    SWEEP1("atan/atan2", atan(x) + atan2(x, 1.5 - x))
    SWEEP1("exp", exp(x))
    SWEEP1("expm1/exp2", expm1(x / 100.0) + exp2(fmod(x, 60.0)))
    SWEEP1("log", log(fabs(x)))
    SWEEP1("log10/log2/log1p", log10(fabs(x)) + log2(fabs(x) + 1e-300) + log1p(fabs(x)))
    SWEEP1("pow", pow(fabs(x), 1.0 / 3.0) + pow(x, 3.0) + pow(1.0001, x))
    SWEEP1("sqrt", sqrt(x))
    SWEEP1("cbrt/hypot", cbrt(x) + hypot(x, 3.0))
    SWEEP1("sinh/cosh/tanh", sinh(x / 100.0) + cosh(x / 200.0) + tanh(x))
    SWEEP1("fma", fma(x, 1.0 + x, -x * x))
    SWEEP1("fmin/fmax", fmin(x, 0.25) * 3.0 + fmax(x, NAN))
    SWEEP1("floor", floor(x))
    SWEEP1("ceil", ceil(x))
    SWEEP1("trunc", trunc(x))
    SWEEP1("round", round(x))
    SWEEP1("rint/nearbyint", rint(x) + nearbyint(x * 0.5))
    SWEEP1("lrint/lround", (double)lrint(fmod(x, 1e9)) + (double)lround(fmod(x, 1e9)))
    SWEEP1("fmod/remainder", fmod(x, 0.7) + remainder(x, 1.3))
    SWEEP1("frexp/ldexp", ({ int e; double m = frexp(x, &e); ldexp(m, e + 3) + e; }))
    SWEEP1("modf", ({ double ip; double fp = modf(x, &ip); fp * 7.0 + ip; }))
    SWEEP1("copysign/fabs/nextafter", copysign(fabs(x), -1.0) + nextafter(x, 0.0))
    SWEEP1("isnan/isinf/signbit", (double)(isnan(x * vzero) * 4 + isinf(x * 1e300) * 2 + (signbit(x) != 0)))

    /* Single precision functions. */
    h = 0; seed = 0xF1;
    for (uint32_t i = 0; i < N; i++) {
        float x = (float)din(i, &seed);
        h = hf(h, sinf(x)); h = hf(h, cosf(x)); h = hf(h, expf(x / 16.0f)); h = hf(h, logf(fabsf(x)));
        h = hf(h, sqrtf(x)); h = hf(h, powf(fabsf(x), 0.75f)); h = hf(h, fmaf(x, x, -1.0f));
        h = hf(h, floorf(x)); h = hf(h, roundf(x)); h = hf(h, fminf(x, 1.0f)); h = hf(h, atan2f(x, 2.0f));
    }
    xt_sum("float libm", h, N);

    /* Arithmetic and conversions chosen by the compiler. */
    h = 0; seed = 0xC0;
    for (uint32_t i = 0; i < N; i++) {
        double x = din(i, &seed), y = din((i * 7) % N, &seed);
        float fx = (float)x, fy = (float)y;
        h = hd(h, x + y); h = hd(h, x - y); h = hd(h, x * y); h = hd(h, x / (y + 0.5));
        h = hf(h, fx + fy); h = hf(h, fx * fy); h = hf(h, fx / (fy + 0.5f)); h = hf(h, fx - fy * 3.0f);
        h = xt_mix(h, (uint32_t)(x < y) | (uint32_t)(x <= y) << 1 | (uint32_t)(x == y) << 2 | (uint32_t)(fx > fy) << 3);
        /* Conversions whose C results are defined (in range). */
        double clipped = fmin(fmax(x, -2.0e9), 2.0e9);
        h = xt_mix(h, (uint32_t)(int32_t)clipped);
        h = xt_mix(h, (uint32_t)(clipped < 0 ? 0u : (uint32_t)clipped));
        h = xt_mix64(h, (uint64_t)(int64_t)fmin(fmax(x, -9e18), 9e18));
        h = hd(h, (double)(int64_t)xt_rand(&seed) * (double)(int32_t)i);
        uint64_t hi = xt_rand(&seed);
        h = hd(h, (double)(hi << 32 | xt_rand(&seed)));
        h = hf(h, (float)((uint64_t)xt_rand(&seed) << 20));
        h = hf(h, (float)(int32_t)xt_rand(&seed));
    }
    xt_sum("arith/convert", h, N);

    /* Denormal arithmetic: gradual underflow to zero and back. */
    h = 0;
    double d = 1.0;
    for (int i = 0; i < 1100; i++) { d *= 0.5; h = hd(h, d); }
    for (int i = 0; i < 1100; i++) { d = d * 2.0 + 4.9e-324; h = hd(h, d); }
    float f = 1.0f;
    for (int i = 0; i < 160; i++) { f *= 0.37f; h = hf(h, f); }
    xt_sum("denormal chain", h, 2360);

    /* Printing and parsing round trip: %.17g must give back the same double. */
    h = 0; seed = 0x9;
    char buf[64];
    uint32_t bad = 0;
    for (uint32_t i = 0; i < N; i++) {
        double x = din(i, &seed);
        snprintf(buf, sizeof buf, "%.17g", x);
        double back = strtod(buf, NULL);
        if (xt_bits_d(back) != xt_bits_d(x)) bad++;
        for (char *p = buf; *p; p++) h = xt_mix(h, (uint8_t)*p);
        snprintf(buf, sizeof buf, "%.6e|%.3f|%g", x, x / 1e6, x);
        for (char *p = buf; *p; p++) h = xt_mix(h, (uint8_t)*p);
    }
    xt_sum("printf/strtod round trip", h, N);
    printf("round trip mismatches: %lu\n", (unsigned long)bad);
    xt_finish("fp_math", 14);
}
