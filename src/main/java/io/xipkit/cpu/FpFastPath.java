package io.xipkit.cpu;

import static io.xipkit.cpu.FpMath.DOUBLE;
import static io.xipkit.cpu.FpMath.FZ;
import static io.xipkit.cpu.FpMath.IXC;
import static io.xipkit.cpu.FpMath.SINGLE;

/**
 * The floating-point operations the decoded instructions call: a fast path on the host's IEEE 754
 * arithmetic where it provably gives FPRound's result and flags (ARM DDI 0403E A2.5), else the
 * exact softfloat of {@link FpMath}, which stays the reference.
 *
 * <p>When FPSCR selects round to nearest (RMode 00) without flush-to-zero, the host's
 * round-to-nearest-even arithmetic is FPRound for finite operands whose result is a normal number
 * strictly above the smallest normal (nothing was tiny before rounding, so no Underflow) and
 * finite (no Overflow). DN and AHP only matter for NaN and half-precision results, which never
 * come out of a fast path. Zeros do where they are exact: a sum that cancels exactly (IEEE
 * 754 gives +0 in round to nearest, as FPAdd does) and a product with a zero operand. The one
 * flag left is Inexact: it is cumulative, so once FPSCR.IXC is
 * set it needs no work at all (the state firmware runs in after its first inexact operation);
 * until then an error-free transformation decides it exactly: TwoSum for sums, an fma residual
 * for products, quotients and roots, Shewchuk's Grow-Expansion for the fused multiply-add.
 * Single precision is computed in double and rounded once more, which is exact for +, -, *, /
 * and sqrt (53 &gt;= 2 * 24 + 2 bits, Figueroa's double rounding theorem); the fused
 * multiply-add checks the one case where double rounding could differ (a sum on a midpoint).
 *
 * <p>A fast path returns {@link #SLOW} (or {@link #NO_NZCV}) without touching FPSCR whenever it
 * cannot prove its answer; the caller then runs the exact path.
 */
final class FpFastPath {
    private FpFastPath() {}

    /** Sentinel: not a possible fast-path result (a NaN pattern in either format). */
    static final long SLOW = -1L;
    /** Sentinel of {@link #compareFast}: a NaN operand or FZ, for the exact path. */
    static final int NO_NZCV = -1;
    private static final int FAST_MASK = FZ | (3 << 22);

    // ---- the operations (fast path, else the exact one) ---------------------------------------

    /** FPAdd / FPSub with the FPSCR rounding mode. */
    static long add(Core c, long a, long b, boolean subtract, int f) {
        long r = addFast(c, a, b, subtract, f);
        return r != SLOW ? r : FpMath.add(c, a, b, subtract, f, FpMath.mode(c));
    }

    /** FPMul with the FPSCR rounding mode. */
    static long mul(Core c, long a, long b, int f) {
        long r = mulFast(c, a, b, f);
        return r != SLOW ? r : FpMath.mul(c, a, b, f, FpMath.mode(c));
    }

    /** FPDiv with the FPSCR rounding mode. */
    static long div(Core c, long a, long b, int f) {
        long r = divFast(c, a, b, f);
        return r != SLOW ? r : FpMath.div(c, a, b, f, FpMath.mode(c));
    }

    /** FPSqrt with the FPSCR rounding mode. */
    static long sqrt(Core c, long a, int f) {
        long r = sqrtFast(c, a, f);
        return r != SLOW ? r : FpMath.sqrt(c, a, f, FpMath.mode(c));
    }

    /** FPMulAdd(addend, op1, op2) with the FPSCR rounding mode. */
    static long mulAdd(Core c, long addend, long op1, long op2, int f) {
        long r = mulAddFast(c, addend, op1, op2, f);
        return r != SLOW ? r : FpMath.mulAdd(c, addend, op1, op2, f, FpMath.mode(c));
    }

    /** FPCompare: the FPSCR N,Z,C,V nibble. */
    static int compare(Core c, long a, long b, boolean quietNaNExc, int f) {
        int r = compareFast(c, a, b, f);
        return r != NO_NZCV ? r : FpMath.compare(c, a, b, quietNaNExc, f);
    }

    // ---- fast paths -----------------------------------------------------------------------------

    static long addFast(Core c, long a, long b, boolean subtract, int f) {
        int fpscr = c.fpscr;
        if ((fpscr & FAST_MASK) != 0) return SLOW;
        if (f == SINGLE) {
            double x = Float.intBitsToFloat((int) a), y = Float.intBitsToFloat((int) b);
            if (subtract) y = -y;
            double r = x + y;
            float fr = (float) r;
            if (!normal(fr)) return r == 0 ? Float.floatToRawIntBits(fr) & 0xFFFFFFFFL : SLOW;
            if ((fpscr & IXC) == 0 && (fr != r || !twoSumExact(x, y, r))) c.fpscr = fpscr | IXC;
            return Float.floatToRawIntBits(fr) & 0xFFFFFFFFL;
        }
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        if (subtract) y = -y;
        double r = x + y;
        if (!normal(r)) return r == 0 ? Double.doubleToRawLongBits(r) : SLOW;
        if ((fpscr & IXC) == 0 && !twoSumExact(x, y, r)) c.fpscr = fpscr | IXC;
        return Double.doubleToRawLongBits(r);
    }

    static long mulFast(Core c, long a, long b, int f) {
        int fpscr = c.fpscr;
        if ((fpscr & FAST_MASK) != 0) return SLOW;
        if (f == SINGLE) {
            double r = (double) Float.intBitsToFloat((int) a) * Float.intBitsToFloat((int) b); // exact
            float fr = (float) r;
            if (!normal(fr)) return r == 0 ? Float.floatToRawIntBits(fr) & 0xFFFFFFFFL : SLOW; // a zero operand
            if ((fpscr & IXC) == 0 && fr != r) c.fpscr = fpscr | IXC;
            return Float.floatToRawIntBits(fr) & 0xFFFFFFFFL;
        }
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        double r = x * y;
        if (!normal(r)) return r == 0 && (x == 0 || y == 0) ? Double.doubleToRawLongBits(r) : SLOW;
        if ((fpscr & IXC) == 0) {
            // Above 2^-900 the product's last bit lies above the subnormal range, so the fma
            // gives the residual x*y - r exactly.
            if (!(Math.abs(r) > 0x1p-900)) return SLOW;
            if (Math.fma(x, y, -r) != 0) c.fpscr = fpscr | IXC;
        }
        return Double.doubleToRawLongBits(r);
    }

    static long divFast(Core c, long a, long b, int f) {
        int fpscr = c.fpscr;
        if ((fpscr & FAST_MASK) != 0) return SLOW;
        if (f == SINGLE) {
            float x = Float.intBitsToFloat((int) a), y = Float.intBitsToFloat((int) b);
            float q = x / y;
            if (!normal(q)) return SLOW;
            // The product of two floats is exact in double.
            if ((fpscr & IXC) == 0 && (double) q * y != x) c.fpscr = fpscr | IXC;
            return Float.floatToRawIntBits(q) & 0xFFFFFFFFL;
        }
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        double q = x / y;
        if (!normal(q)) return SLOW;
        if ((fpscr & IXC) == 0) {
            // The remainder x - q*y of a correctly rounded quotient is a double; away from the
            // subnormal range the fma computes it exactly.
            if (!(Math.abs(q) > 0x1p-400) || !(Math.abs(y) > 0x1p-400)) return SLOW;
            if (Math.fma(-q, y, x) != 0) c.fpscr = fpscr | IXC;
        }
        return Double.doubleToRawLongBits(q);
    }

    static long sqrtFast(Core c, long a, int f) {
        int fpscr = c.fpscr;
        if ((fpscr & FAST_MASK) != 0) return SLOW;
        if (f == SINGLE) {
            float x = Float.intBitsToFloat((int) a);
            if (!(x > 0) || x == Float.POSITIVE_INFINITY) return SLOW;
            float r = (float) Math.sqrt(x); // >= 2^-75: normal
            if ((fpscr & IXC) == 0 && (double) r * r != x) c.fpscr = fpscr | IXC;
            return Float.floatToRawIntBits(r) & 0xFFFFFFFFL;
        }
        double x = Double.longBitsToDouble(a);
        if (!(x > 0) || x == Double.POSITIVE_INFINITY) return SLOW;
        double r = Math.sqrt(x); // >= 2^-537: normal
        if ((fpscr & IXC) == 0) {
            if (!(x > 0x1p-900)) return SLOW;
            if (Math.fma(-r, r, x) != 0) c.fpscr = fpscr | IXC;
        }
        return Double.doubleToRawLongBits(r);
    }

    /** The single rounding of {@code addend + op1 * op2}. */
    static long mulAddFast(Core c, long addend, long op1, long op2, int f) {
        int fpscr = c.fpscr;
        if ((fpscr & FAST_MASK) != 0) return SLOW;
        if (f == SINGLE) {
            double p = (double) Float.intBitsToFloat((int) op1) * Float.intBitsToFloat((int) op2); // exact
            double z = Float.intBitsToFloat((int) addend);
            double sum = p + z;
            float r = (float) sum;
            if (!normal(r)) return SLOW;
            // sum is the exact value rounded to 53 bits; rounding it again to 24 bits is right
            // unless sum sits exactly on a midpoint between two floats while the exact value
            // does not (the 29 bits below a float's last bit are then 1000...0).
            boolean midpoint = (Double.doubleToRawLongBits(sum) & 0x1FFFFFFFL) == 0x10000000L;
            if (midpoint || (fpscr & IXC) == 0) {
                if (!twoSumExact(p, z, sum)) {
                    if (midpoint) return SLOW;
                    c.fpscr = fpscr | IXC;
                } else if (r != sum) {
                    c.fpscr = fpscr | IXC;
                }
            }
            return Float.floatToRawIntBits(r) & 0xFFFFFFFFL;
        }
        double x = Double.longBitsToDouble(op1), y = Double.longBitsToDouble(op2), z = Double.longBitsToDouble(addend);
        double r = Math.fma(x, y, z); // correctly rounded (Java SE Math.fma)
        if (!normal(r)) return SLOW;
        if ((fpscr & IXC) == 0) {
            int exact = fmaExact(x, y, z, r);
            if (exact < 0) return SLOW;
            if (exact == 0) c.fpscr = fpscr | IXC;
        }
        return Double.doubleToRawLongBits(r);
    }

    /**
     * Whether {@code x * y + z == r} exactly: 1 yes, 0 no, -1 when the operands are too close to
     * the ends of the exponent range for the error-free transformations. The exact value
     * minus r is a sum of four doubles (ph + pl the exact product, z, -r); Grow-Expansion
     * (Shewchuk 1997, theorem 10) turns it into a non-overlapping expansion, which is zero only
     * when every component is.
     */
    static int fmaExact(double x, double y, double z, double r) {
        if (x == 0 || y == 0) return 1; // then r == z (r is a non-zero finite number)
        double ph = x * y;
        double aph = Math.abs(ph), az = Math.abs(z);
        if (!(aph > 0x1p-900 && aph < 0x1p1000) || !(az < 0x1p1000) || (az != 0 && !(az > 0x1p-900))) return -1;
        double pl = Math.fma(x, y, -ph);
        double q1 = pl + ph, h1 = twoSumError(pl, ph, q1);
        double q2 = z + h1, g1 = twoSumError(z, h1, q2);
        double q3 = q2 + q1, g2 = twoSumError(q2, q1, q3);
        double t1 = g1 - r, k1 = twoSumError(-r, g1, t1);
        double t2 = t1 + g2, k2 = twoSumError(t1, g2, t2);
        double t3 = t2 + q3, k3 = twoSumError(t2, q3, t3);
        return k1 == 0 && k2 == 0 && k3 == 0 && t3 == 0 ? 1 : 0;
    }

    /** FPCompare's N,Z,C,V for two non-NaN operands without flush-to-zero (no flags to set);
     *  {@link #NO_NZCV} otherwise. */
    static int compareFast(Core c, long a, long b, int f) {
        if ((c.fpscr & FZ) != 0) return NO_NZCV;
        if (f == SINGLE) {
            float x = Float.intBitsToFloat((int) a), y = Float.intBitsToFloat((int) b);
            return x < y ? 0x8 : x > y ? 0x2 : x == y ? 0x6 : NO_NZCV;
        }
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        return x < y ? 0x8 : x > y ? 0x2 : x == y ? 0x6 : NO_NZCV;
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** Finite and strictly above the smallest normal in magnitude (false for NaN). */
    private static boolean normal(double r) {
        double m = Math.abs(r);
        return m > Double.MIN_NORMAL && m <= Double.MAX_VALUE;
    }

    private static boolean normal(float r) {
        float m = Math.abs(r);
        return m > Float.MIN_NORMAL && m <= Float.MAX_VALUE;
    }

    /** TwoSum (Knuth): the exact error of {@code s = a + b} as rounded to nearest. */
    private static double twoSumError(double a, double b, double s) {
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }

    private static boolean twoSumExact(double a, double b, double s) {
        return twoSumError(a, b, s) == 0;
    }
}
