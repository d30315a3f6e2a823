package io.xipkit.cpu;

// Kept whole over 600 lines (issue 9): one softfloat table of the A2.5 pseudocode sharing FPUnpack/FPRound; split, every operation would reach across files.
/**
 * Bit-exact floating-point arithmetic of the ARMv7-M FP extension (FPv4-SP / FPv5), written after
 * the pseudocode of the ARMv7-M Architecture Reference Manual, ARM DDI 0403E, A2.5
 * "Floating-point support" (FPUnpack, FPProcessNaN(s), FPRound, FPAdd, FPMul, FPMulAdd, FPDiv,
 * FPSqrt, FPCompare, FPToFixed, FixedToFP, FPHalfToSingle, FPSingleToHalf...) and, for the FPv5
 * additions (FPRoundInt, FPMaxNum/FPMinNum, rounding to nearest with ties away), the Armv8
 * pseudocode those instructions are specified with.
 *
 * <p>Values are raw IEEE 754 bit patterns held in a {@code long} (half, single or double, chosen
 * by a format argument). Every finite result is computed exactly with integer arithmetic (wide
 * enough to hold the exact product, sum or quotient plus a sticky bit) and then rounded once by
 * {@link #round}, which implements FPRound: all four FPSCR rounding modes, flush-to-zero and the
 * cumulative exception flags exactly as the manual defines them. Nothing allocates.
 *
 * <p>Cumulative flags are ORed into {@code c.fpscr}; ARMv7-M has no floating-point exception
 * traps (FPSCR bits 15:8 are reserved), so FPProcessException only sets the flag.
 */
final class FpMath {
    private FpMath() {}

    // Formats.
    static final int HALF = 0, SINGLE = 1, DOUBLE = 2;

    // FPSCR fields (DDI 0403E A2.5, "Floating-point Status and Control Register, FPSCR").
    static final int IOC = 1, DZC = 1 << 1, OFC = 1 << 2, UFC = 1 << 3, IXC = 1 << 4, IDC = 1 << 7;
    static final int FZ = 1 << 24, DN = 1 << 25, AHP = 1 << 26;
    /** Bits of FPSCR that exist on ARMv7-M: N Z C V, AHP, DN, FZ, RMode, IDC and IOC..IXC. */
    static final int FPSCR_MASK = 0xF7C0009F;

    // Rounding modes: the FPSCR.RMode encoding, plus ties-away for VCVTA/VRINTA (FPv5).
    static final int RN = 0, RP = 1, RM = 2, RZ = 3, RA = 4;
    /** Marker for "use FPSCR.RMode" in decoded ops. */
    static final int FPSCR_MODE = -1;

    static int mode(Core c) {
        return (c.fpscr >>> 22) & 3;
    }

    // ---- format parameters ---------------------------------------------------------------------

    static int fracBits(int f) {
        return f == DOUBLE ? 52 : f == SINGLE ? 23 : 10;
    }

    static int expBits(int f) {
        return f == DOUBLE ? 11 : f == SINGLE ? 8 : 5;
    }

    static int bias(int f) {
        return f == DOUBLE ? 1023 : f == SINGLE ? 127 : 15;
    }

    static long signBit(int f) {
        return f == DOUBLE ? 1L << 63 : f == SINGLE ? 1L << 31 : 1L << 15;
    }

    /** Exponent field all ones, fraction zero: the magnitude of infinity. */
    static long infMag(int f) {
        return f == DOUBLE ? 0x7FF0000000000000L : f == SINGLE ? 0x7F800000L : 0x7C00L;
    }

    /** FPDefaultNaN (A2.5): positive, quiet, fraction MSB only. */
    static long defaultNaN(int f) {
        return f == DOUBLE ? 0x7FF8000000000000L : f == SINGLE ? 0x7FC00000L : 0x7E00L;
    }

    static long quietBit(int f) {
        return 1L << (fracBits(f) - 1);
    }

    static long mag(long x, int f) {
        return x & (signBit(f) - 1);
    }

    static boolean neg(long x, int f) {
        return (x & signBit(f)) != 0;
    }

    static boolean isNaN(long x, int f) {
        return mag(x, f) > infMag(f);
    }

    static boolean isSNaN(long x, int f) {
        return isNaN(x, f) && (x & quietBit(f)) == 0;
    }

    static boolean isQNaN(long x, int f) {
        return isNaN(x, f) && (x & quietBit(f)) != 0;
    }

    static boolean isInf(long x, int f) {
        return mag(x, f) == infMag(f);
    }

    static boolean isZero(long x, int f) {
        return mag(x, f) == 0;
    }

    /** Integer significand of a finite value (implicit bit included). */
    static long mant(long x, int f) {
        int fb = fracBits(f);
        long frac = x & ((1L << fb) - 1);
        return (mag(x, f) >>> fb) == 0 ? frac : frac | (1L << fb);
    }

    /** Exponent of the significand's unit: value = mant * 2^unitExp. */
    static int unitExp(long x, int f) {
        int e = (int) (mag(x, f) >>> fracBits(f));
        return (e == 0 ? 1 : e) - bias(f) - fracBits(f);
    }

    static long zero(boolean negative, int f) {
        return negative ? signBit(f) : 0;
    }

    static long inf(boolean negative, int f) {
        return zero(negative, f) | infMag(f);
    }

    static long maxNormal(boolean negative, int f) {
        return zero(negative, f) | (infMag(f) - 1);
    }

    /** FPNeg: flips the sign bit, NaNs included. */
    static long negate(long x, int f) {
        return x ^ signBit(f);
    }

    // ---- FPUnpack input flushing and NaN processing -------------------------------------------

    /** The input side of FPUnpack: with FPSCR.FZ a single or double denormal reads as a zero of
     *  the same sign and sets IDC (A2.5). Half-precision inputs are never flushed. */
    static long flushIn(Core c, long x, int f) {
        if ((c.fpscr & FZ) != 0 && f != HALF) {
            long m = mag(x, f);
            if (m != 0 && m < (1L << fracBits(f))) {
                c.fpscr |= IDC;
                return x & signBit(f);
            }
        }
        return x;
    }

    /** FPProcessNaN: quiet the NaN (IOC if it was signalling), or the default NaN when FPSCR.DN. */
    static long processNaN(Core c, long x, int f) {
        if ((x & quietBit(f)) == 0) c.fpscr |= IOC;
        return (c.fpscr & DN) != 0 ? defaultNaN(f) : x | quietBit(f);
    }

    /** FPProcessNaNs for two operands, at least one of which is a NaN: signalling NaNs first,
     *  first operand first. */
    static long processNaNs(Core c, long a, long b, int f) {
        if (isSNaN(a, f)) return processNaN(c, a, f);
        if (isSNaN(b, f)) return processNaN(c, b, f);
        if (isNaN(a, f)) return processNaN(c, a, f);
        return processNaN(c, b, f);
    }

    /** FPProcessNaNs3 (operand order: addend, multiplicand, multiplier). */
    static long processNaNs3(Core c, long a, long b, long d, int f) {
        if (isSNaN(a, f)) return processNaN(c, a, f);
        if (isSNaN(b, f)) return processNaN(c, b, f);
        if (isSNaN(d, f)) return processNaN(c, d, f);
        if (isNaN(a, f)) return processNaN(c, a, f);
        if (isNaN(b, f)) return processNaN(c, b, f);
        return processNaN(c, d, f);
    }

    static long invalid(Core c, int f) {
        c.fpscr |= IOC;
        return defaultNaN(f);
    }

    // ---- FPRound -------------------------------------------------------------------------------

    /**
     * FPRound (A2.5) of the exact non-zero value (mant + s) * 2^exp, where s is 0 when
     * {@code sticky} is false and lies strictly between 0 and 1 when it is true.
     * {@code mant} must be positive and below 2^63.
     */
    static long round(Core c, boolean negative, long mant, int exp, boolean sticky, int f, int mode) {
        int fb = fracBits(f);
        int minExp = 1 - bias(f);
        int msb = 63 - Long.numberOfLeadingZeros(mant);
        int exponent = exp + msb;
        long signBits = zero(negative, f);
        // Flush-to-zero on the unrounded value; never for half precision, and it does not count
        // as inexact.
        if (f != HALF && (c.fpscr & FZ) != 0 && exponent < minExp) {
            c.fpscr |= UFC;
            return signBits;
        }
        int biasedExp = Math.max(exponent - minExp + 1, 0);
        int shift = (biasedExp == 0 ? minExp - fb : exponent - fb) - exp;
        long intMant;
        int err; // 0 exact, 1 below half an ulp, 2 exactly half, 3 above half
        if (shift <= 0) {
            intMant = mant << -shift;
            err = sticky ? 1 : 0;
        } else if (shift >= 64) {
            intMant = 0;
            err = 1; // mant < 2^63 <= half an ulp
        } else {
            intMant = mant >>> shift;
            long rem = mant & ((1L << shift) - 1);
            long half = 1L << (shift - 1);
            if (rem == 0) err = sticky ? 1 : 0;
            else if (rem < half) err = 1;
            else if (rem == half) err = sticky ? 3 : 2;
            else err = 3;
        }
        // Underflow: tiny before rounding and inexact.
        if (biasedExp == 0 && err != 0) c.fpscr |= UFC;
        boolean up;
        boolean overflowToInf;
        switch (mode) {
            case RN: up = err == 3 || (err == 2 && (intMant & 1) != 0); overflowToInf = true; break;
            case RP: up = err != 0 && !negative; overflowToInf = !negative; break;
            case RM: up = err != 0 && negative; overflowToInf = negative; break;
            case RZ: up = false; overflowToInf = false; break;
            default: up = err >= 2; overflowToInf = true; break; // RA: ties away from zero
        }
        if (up) {
            intMant++;
            if (intMant == 1L << fb) biasedExp = 1; // rounded up from denormal to normal
            if (intMant == 1L << (fb + 1)) {        // rounded up to the next exponent
                biasedExp++;
                intMant >>>= 1;
            }
        }
        long result;
        if (f != HALF || (c.fpscr & AHP) == 0) {
            if (biasedExp >= (1 << expBits(f)) - 1) {
                result = overflowToInf ? inf(negative, f) : maxNormal(negative, f);
                c.fpscr |= OFC;
                err = 1;
            } else {
                result = signBits | ((long) biasedExp << fb) | (intMant & ((1L << fb) - 1));
            }
        } else {
            // Alternative half precision: no infinities; too large is Invalid Operation.
            if (biasedExp >= 32) {
                result = signBits | 0x7FFF;
                c.fpscr |= IOC;
                err = 0;
            } else {
                result = signBits | ((long) biasedExp << fb) | (intMant & ((1L << fb) - 1));
            }
        }
        if (err != 0) c.fpscr |= IXC;
        return result;
    }

    // ---- arithmetic -----------------------------------------------------------------------------

    /** FPAdd / FPSub (A2.5): NaNs are processed on the operands as given; the subtraction
     *  negates the second operand only for the arithmetic. */
    static long add(Core c, long a, long b, boolean subtract, int f, int mode) {
        a = flushIn(c, a, f);
        b = flushIn(c, b, f);
        if (isNaN(a, f) || isNaN(b, f)) return processNaNs(c, a, b, f);
        if (subtract) b = negate(b, f);
        boolean na = neg(a, f), nb = neg(b, f);
        boolean infA = isInf(a, f), infB = isInf(b, f);
        if (infA && infB && na != nb) return invalid(c, f);
        if (infA) return inf(na, f);
        if (infB) return inf(nb, f);
        boolean zeroA = isZero(a, f), zeroB = isZero(b, f);
        if (zeroA && zeroB && na == nb) return zero(na, f);
        if (zeroA && zeroB) return zero(mode == RM, f);
        if (zeroA) return round(c, nb, mant(b, f), unitExp(b, f), false, f, mode);
        if (zeroB) return round(c, na, mant(a, f), unitExp(a, f), false, f, mode);
        return addFinite(c, na, mant(a, f), unitExp(a, f), nb, mant(b, f), unitExp(b, f), f, mode);
    }

    /** Exact sum of two non-zero values with significands below 2^62, rounded once. */
    private static long addFinite(Core c, boolean na, long ma, int ea, boolean nb, long mb, int eb,
                                  int f, int mode) {
        int la = Long.numberOfLeadingZeros(ma) - 2;
        ma <<= la;
        ea -= la;
        int lb = Long.numberOfLeadingZeros(mb) - 2;
        mb <<= lb;
        eb -= lb; // both significands now have their MSB at bit 61
        if (eb > ea || (eb == ea && mb > ma)) {
            long tm = ma; ma = mb; mb = tm;
            int te = ea; ea = eb; eb = te;
            boolean tn = na; na = nb; nb = tn;
        }
        int d = ea - eb;
        boolean sticky = false;
        if (d >= 63) {
            sticky = true;
            mb = 0;
        } else if (d > 0) {
            sticky = (mb & ((1L << d) - 1)) != 0;
            mb >>>= d;
        }
        long m;
        if (na == nb) {
            m = ma + mb;
        } else {
            // a - (mb + s) = (ma - mb - 1) + (1 - s): the sticky fraction stays in (0, 1).
            m = ma - mb - (sticky ? 1 : 0);
        }
        if (m == 0 && !sticky) return zero(mode == RM, f); // exact cancellation
        return round(c, na, m, ea, sticky, f, mode);
    }

    /** FPMul (A2.5). */
    static long mul(Core c, long a, long b, int f, int mode) {
        a = flushIn(c, a, f);
        b = flushIn(c, b, f);
        if (isNaN(a, f) || isNaN(b, f)) return processNaNs(c, a, b, f);
        boolean sign = neg(a, f) != neg(b, f);
        boolean infA = isInf(a, f), infB = isInf(b, f), zeroA = isZero(a, f), zeroB = isZero(b, f);
        if ((infA && zeroB) || (zeroA && infB)) return invalid(c, f);
        if (infA || infB) return inf(sign, f);
        if (zeroA || zeroB) return zero(sign, f);
        long ma = mant(a, f), mb = mant(b, f);
        int e = unitExp(a, f) + unitExp(b, f);
        long hi = Math.multiplyHigh(ma, mb);
        long lo = ma * mb;
        return roundWide(c, sign, hi, lo, e, false, f, mode);
    }

    /** Rounds the exact value ((hi:lo) + s) * 2^exp, (hi:lo) an unsigned 128-bit integer. */
    private static long roundWide(Core c, boolean negative, long hi, long lo, int exp, boolean sticky,
                                  int f, int mode) {
        if (hi == 0 && lo >= 0) return round(c, negative, lo, exp, sticky, f, mode);
        int bits = hi == 0 ? 64 : 128 - Long.numberOfLeadingZeros(hi);
        int s = bits - 62; // keep 62 bits
        long m;
        if (s >= 64) {
            m = hi >>> (s - 64);
            sticky |= lo != 0 || (hi & ((1L << (s - 64)) - 1)) != 0;
        } else {
            m = (hi << (64 - s)) | (lo >>> s);
            sticky |= (lo & ((1L << s) - 1)) != 0;
        }
        return round(c, negative, m, exp + s, sticky, f, mode);
    }

    /** FPDiv (A2.5). */
    static long div(Core c, long a, long b, int f, int mode) {
        a = flushIn(c, a, f);
        b = flushIn(c, b, f);
        if (isNaN(a, f) || isNaN(b, f)) return processNaNs(c, a, b, f);
        boolean sign = neg(a, f) != neg(b, f);
        boolean infA = isInf(a, f), infB = isInf(b, f), zeroA = isZero(a, f), zeroB = isZero(b, f);
        if ((infA && infB) || (zeroA && zeroB)) return invalid(c, f);
        if (infA || zeroB) {
            if (!infA) c.fpscr |= DZC;
            return inf(sign, f);
        }
        if (zeroA || infB) return zero(sign, f);
        long ma = mant(a, f), mb = mant(b, f);
        int ea = unitExp(a, f), eb = unitExp(b, f);
        int na = Long.numberOfLeadingZeros(ma) - 10, nb = Long.numberOfLeadingZeros(mb) - 10;
        ma <<= na; // MSBs at bit 53
        mb <<= nb;
        ea -= na;
        eb -= nb;
        // Restoring division: 62 quotient bits, the first one worth 2^0 of ma/mb (which lies in
        // (1/2, 2)), then the remainder as sticky.
        long r = ma, q = 0;
        for (int i = 0; i < 62; i++) {
            q <<= 1;
            if (r >= mb) {
                r -= mb;
                q |= 1;
            }
            r <<= 1;
        }
        return round(c, sign, q, ea - eb - 61, r != 0, f, mode);
    }

    /** FPSqrt (A2.5). */
    static long sqrt(Core c, long a, int f, int mode) {
        a = flushIn(c, a, f);
        if (isNaN(a, f)) return processNaN(c, a, f);
        boolean na = neg(a, f);
        if (isZero(a, f)) return zero(na, f);
        if (na) return invalid(c, f);
        if (isInf(a, f)) return a;
        long m = mant(a, f);
        int e = unitExp(a, f);
        if ((e & 1) != 0) {
            m <<= 1;
            e--;
        }
        // m < 2^54 with trailing zero when shifted, so it converts exactly; the square root of
        // an integer below 2^54 rounded to 53 bits plus the sign of the exact residual m - r*r
        // (an fma gives it exactly) pins the true root down for any rounding to <= 53 bits:
        // the root of such an integer is never exactly halfway between two 53-bit numbers.
        double v = (double) m;
        double r = Math.sqrt(v);
        double residual = Math.fma(-r, r, v);
        long bits = Double.doubleToRawLongBits(r);
        long rm = (bits & 0xFFFFFFFFFFFFFL) | (1L << 52);
        int re = (int) (bits >>> 52) - 1075 + e / 2;
        if (residual > 0) return round(c, false, rm, re, true, f, mode);
        if (residual < 0) return round(c, false, 2 * rm - 1, re - 1, true, f, mode);
        return round(c, false, rm, re, false, f, mode);
    }

    /**
     * FPMulAdd (A2.5): addend + op1 * op2 with a single rounding. Callers apply FPNeg to the
     * operands first for VFMS/VFNMA/VFNMS.
     */
    static long mulAdd(Core c, long addend, long op1, long op2, int f, int mode) {
        addend = flushIn(c, addend, f);
        op1 = flushIn(c, op1, f);
        op2 = flushIn(c, op2, f);
        boolean anyNaN = isNaN(addend, f) || isNaN(op1, f) || isNaN(op2, f);
        boolean inf1 = isInf(op1, f), inf2 = isInf(op2, f), zero1 = isZero(op1, f), zero2 = isZero(op2, f);
        if (anyNaN) {
            long r = processNaNs3(c, addend, op1, op2, f);
            // A quiet-NaN addend does not hide the invalid 0 * infinity.
            if (isQNaN(addend, f) && ((inf1 && zero2) || (zero1 && inf2))) return invalid(c, f);
            return r;
        }
        boolean signA = neg(addend, f), signP = neg(op1, f) != neg(op2, f);
        boolean infA = isInf(addend, f), zeroA = isZero(addend, f);
        boolean infP = inf1 || inf2, zeroP = zero1 || zero2;
        if ((inf1 && zero2) || (zero1 && inf2) || (infA && infP && signA != signP)) return invalid(c, f);
        if ((infA && !signA) || (infP && !signP)) return inf(false, f);
        if ((infA && signA) || (infP && signP)) return inf(true, f);
        if (zeroA && zeroP && signA == signP) return zero(signA, f);
        if (zeroP && zeroA) return zero(mode == RM, f);
        if (zeroP) return round(c, signA, mant(addend, f), unitExp(addend, f), false, f, mode);
        long m1 = mant(op1, f), m2 = mant(op2, f);
        long ph = Math.multiplyHigh(m1, m2), pl = m1 * m2;
        int ep = unitExp(op1, f) + unitExp(op2, f);
        if (zeroA) return roundWide(c, signP, ph, pl, ep, false, f, mode);
        // Exact 128-bit sum. Normalise both terms to have their MSB at bit 125.
        int lzp = (ph != 0 ? Long.numberOfLeadingZeros(ph) : 64 + Long.numberOfLeadingZeros(pl)) - 2;
        if (lzp >= 64) {
            ph = pl << (lzp - 64);
            pl = 0;
        } else if (lzp > 0) {
            ph = (ph << lzp) | (pl >>> (64 - lzp));
            pl <<= lzp;
        }
        ep -= lzp;
        long mc = mant(addend, f);
        int lzc = 64 + Long.numberOfLeadingZeros(mc) - 2; // >= 72
        long ch = mc << (lzc - 64), cl = 0;
        int ec = unitExp(addend, f) - lzc;
        // Larger magnitude first.
        boolean sL, sS;
        long lh, ll, sh, sl;
        int eL, eS;
        if (ep > ec || (ep == ec && Long.compareUnsigned(ph, ch) > 0)
                || (ep == ec && ph == ch && Long.compareUnsigned(pl, cl) >= 0)) {
            sL = signP; lh = ph; ll = pl; eL = ep;
            sS = signA; sh = ch; sl = cl; eS = ec;
        } else {
            sL = signA; lh = ch; ll = cl; eL = ec;
            sS = signP; sh = ph; sl = pl; eS = ep;
        }
        int d = eL - eS;
        boolean sticky = false;
        if (d >= 128) {
            sticky = true;
            sh = 0;
            sl = 0;
        } else if (d >= 64) {
            sticky = sl != 0 || (d > 64 && (sh & ((1L << (d - 64)) - 1)) != 0);
            sl = d == 64 ? sh : sh >>> (d - 64);
            sh = 0;
        } else if (d > 0) {
            sticky = (sl & ((1L << d) - 1)) != 0;
            sl = (sl >>> d) | (sh << (64 - d));
            sh >>>= d;
        }
        long rh, rl;
        if (sL == sS) {
            rl = ll + sl;
            rh = lh + sh + (Long.compareUnsigned(rl, ll) < 0 ? 1 : 0);
        } else {
            // L - (S + s) = (L - S - 1) + (1 - s), as in addFinite.
            long borrowIn = sticky ? 1 : 0;
            long t = ll - sl;
            long b1 = Long.compareUnsigned(ll, sl) < 0 ? 1 : 0;
            rl = t - borrowIn;
            long b2 = Long.compareUnsigned(t, borrowIn) < 0 ? 1 : 0;
            rh = lh - sh - b1 - b2;
        }
        if (rh == 0 && rl == 0 && !sticky) return zero(mode == RM, f);
        return roundWide(c, sL, rh, rl, eL, sticky, f, mode);
    }

    // ---- comparisons, min/max ------------------------------------------------------------------

    /** FPCompare (A2.5): returns the FPSCR N,Z,C,V nibble (bits 31:28). */
    static int compare(Core c, long a, long b, boolean quietNaNExc, int f) {
        a = flushIn(c, a, f);
        b = flushIn(c, b, f);
        if (isNaN(a, f) || isNaN(b, f)) {
            if (quietNaNExc || isSNaN(a, f) || isSNaN(b, f)) c.fpscr |= IOC;
            return 0x3;
        }
        int cmp = compareValues(a, b, f);
        return cmp == 0 ? 0x6 : cmp < 0 ? 0x8 : 0x2;
    }

    /** Numeric order of two non-NaN values (+0 equals -0). */
    private static int compareValues(long a, long b, int f) {
        boolean za = isZero(a, f), zb = isZero(b, f);
        if (za && zb) return 0;
        boolean na = neg(a, f), nb = neg(b, f);
        if (na != nb) return na ? -1 : 1;
        int cmp = Long.compare(mag(a, f), mag(b, f)); // magnitudes order like their bit patterns
        return na ? -cmp : cmp;
    }

    /** FPMaxNum / FPMinNum (Armv8 pseudocode, used by FPv5 VMAXNM/VMINNM): a single quiet NaN
     *  loses against a number. */
    static long maxMinNum(Core c, long a, long b, boolean max, int f) {
        boolean qa = isQNaN(a, f), qb = isQNaN(b, f);
        if (qa && !qb) a = inf(max, f);
        else if (!qa && qb) b = inf(max, f);
        // FPMax / FPMin
        a = flushIn(c, a, f);
        b = flushIn(c, b, f);
        if (isNaN(a, f) || isNaN(b, f)) return processNaNs(c, a, b, f);
        if (isZero(a, f) && isZero(b, f)) {
            boolean sign = max ? neg(a, f) && neg(b, f) : neg(a, f) || neg(b, f);
            return zero(sign, f);
        }
        int cmp = compareValues(a, b, f);
        return max ? (cmp > 0 ? a : b) : (cmp < 0 ? a : b);
    }

    // ---- conversions -----------------------------------------------------------------------------

    /**
     * FPToFixed (A2.5): the value times 2^fbits rounded with {@code mode}, saturated to a
     * signed or unsigned {@code bits}-bit integer (Invalid Operation on saturation or NaN, Inexact
     * otherwise when not exact). Returns the integer (sign- or zero-extended to 64 bits).
     */
    static long toFixed(Core c, long x, int f, int bits, int fbits, boolean unsigned, int mode) {
        x = flushIn(c, x, f);
        long max = unsigned ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
        long min = unsigned ? 0 : -(1L << (bits - 1));
        if (isNaN(x, f)) {
            c.fpscr |= IOC;
            return 0;
        }
        boolean negative = neg(x, f);
        if (isInf(x, f)) {
            c.fpscr |= IOC;
            return negative ? min : max;
        }
        if (isZero(x, f)) return 0;
        long m = mant(x, f);
        int sh = unitExp(x, f) + fbits;
        long q;
        int err;
        if (sh >= 0) {
            if (sh > 62 - (63 - Long.numberOfLeadingZeros(m))) {
                c.fpscr |= IOC;
                return negative ? min : max;
            }
            q = m << sh;
            err = 0;
        } else if (-sh >= 64) {
            q = 0;
            err = 1;
        } else {
            int s = -sh;
            q = m >>> s;
            err = droppedBits(m, s);
        }
        if (roundsAway(mode, err, q, negative)) q++;
        long v = negative ? -q : q;
        if (v > max || v < min) {
            c.fpscr |= IOC;
            return v > max ? max : min;
        }
        if (err != 0) c.fpscr |= IXC;
        return v;
    }

    /** What dropping the low {@code s} bits (0 &lt; s &lt; 64) of {@code m} loses: 0 nothing, 1 under half, 2 half, 3 over. */
    private static int droppedBits(long m, int s) {
        long rem = m & ((1L << s) - 1), half = 1L << (s - 1);
        return rem == 0 ? 0 : rem < half ? 1 : rem == half ? 2 : 3;
    }

    /** Whether rounding mode {@code mode} (RN, RP, RM, RZ or RA) takes the truncated magnitude {@code q} up by one (A2.5 FPRound). */
    private static boolean roundsAway(int mode, int err, long q, boolean negative) {
        switch (mode) {
            case RN: return err == 3 || (err == 2 && (q & 1) != 0);
            case RP: return err != 0 && !negative;
            case RM: return err != 0 && negative;
            case RZ: return false;
            default: return err >= 2;
        }
    }

    /** FixedToFP (A2.5): value / 2^fbits rounded with {@code mode}. */
    static long fromFixed(Core c, long value, int fbits, int f, int mode) {
        if (value == 0) return 0;
        boolean negative = value < 0;
        long m = negative ? -value : value; // |value| <= 2^32
        return round(c, negative, m, -fbits, false, f, mode);
    }

    /** FPRoundInt (Armv8 pseudocode; FPv5 VRINT*): round to an integral value in the same
     *  format; {@code exact} (VRINTX) makes an inexact result raise Inexact. */
    static long roundInt(Core c, long x, int f, int mode, boolean exact) {
        x = flushIn(c, x, f);
        if (isNaN(x, f)) return processNaN(c, x, f);
        if (isInf(x, f) || isZero(x, f)) return x;
        int e = unitExp(x, f);
        if (e >= 0) return x; // already integral
        boolean negative = neg(x, f);
        long m = mant(x, f);
        int s = -e;
        long q;
        int err;
        if (s >= 64) {
            q = 0;
            err = 1;
        } else {
            q = m >>> s;
            err = droppedBits(m, s);
        }
        if (roundsAway(mode, err, q, negative)) q++;
        if (exact && err != 0) c.fpscr |= IXC;
        if (q == 0) return zero(negative, f);
        return exactValue(negative, q, 0, f);
    }

    /** Encodes m * 2^e, known to be exactly representable as a normal number of format f. */
    private static long exactValue(boolean negative, long m, int e, int f) {
        int fb = fracBits(f);
        int msb = 63 - Long.numberOfLeadingZeros(m);
        long frac = msb >= fb ? m >>> (msb - fb) : m << (fb - msb);
        long biased = (long) (e + msb + bias(f));
        return zero(negative, f) | (biased << fb) | (frac & ((1L << fb) - 1));
    }

    /**
     * Conversion between single and double precision (FPSingleToDouble / FPDoubleToSingle):
     * NaNs keep their sign and top fraction bits (quietened), infinities and zeros map
     * directly, numbers go through FPRound in the destination format.
     */
    static long convert(Core c, long x, int from, int to) {
        x = flushIn(c, x, from);
        boolean negative = neg(x, from);
        if (isNaN(x, from)) {
            if (isSNaN(x, from)) c.fpscr |= IOC;
            if ((c.fpscr & DN) != 0) return defaultNaN(to);
            int df = fracBits(from) - fracBits(to);
            long frac = (df >= 0 ? (x & ((1L << fracBits(from)) - 1)) >>> df : (x & ((1L << fracBits(from)) - 1)) << -df);
            return inf(negative, to) | quietBit(to) | (frac & ((1L << fracBits(to)) - 1));
        }
        if (isInf(x, from)) return inf(negative, to);
        if (isZero(x, from)) return zero(negative, to);
        return round(c, negative, mant(x, from), unitExp(x, from), false, to, mode(c));
    }

    /** FPHalfToSingle / FPHalfToDouble: FPSCR.AHP selects the alternative half format, which
     *  has no infinities or NaNs. Half inputs are never flushed. */
    static long fromHalf(Core c, int h, int to) {
        h &= 0xFFFF;
        boolean negative = (h & 0x8000) != 0;
        int exp = (h >>> 10) & 0x1F;
        int frac = h & 0x3FF;
        if (exp == 0x1F && (c.fpscr & AHP) == 0) {
            if (frac == 0) return inf(negative, to);
            if ((frac & 0x200) == 0) c.fpscr |= IOC;
            if ((c.fpscr & DN) != 0) return defaultNaN(to);
            return inf(negative, to) | quietBit(to) | ((long) (frac & 0x1FF) << (fracBits(to) - 10));
        }
        if (exp == 0 && frac == 0) return zero(negative, to);
        long m = exp == 0 ? frac : frac | 0x400;
        int e = (exp == 0 ? 1 : exp) - 15 - 10;
        return round(c, negative, m, e, false, to, mode(c));
    }

    /** FPSingleToHalf / FPDoubleToHalf. */
    static int toHalf(Core c, long x, int from) {
        x = flushIn(c, x, from);
        boolean negative = neg(x, from);
        int sign = negative ? 0x8000 : 0;
        boolean ahp = (c.fpscr & AHP) != 0;
        if (isNaN(x, from)) {
            if (isSNaN(x, from) || ahp) c.fpscr |= IOC;
            if (ahp) return sign;
            if ((c.fpscr & DN) != 0) return 0x7E00;
            return sign | 0x7E00 | (int) ((x >>> (fracBits(from) - 10)) & 0x1FF);
        }
        if (isInf(x, from)) {
            if (ahp) {
                c.fpscr |= IOC;
                return sign | 0x7FFF;
            }
            return sign | 0x7C00;
        }
        if (isZero(x, from)) return sign;
        return (int) round(c, negative, mant(x, from), unitExp(x, from), false, HALF, mode(c));
    }

    /** VFPExpandImm (A7.7, VMOV (immediate)): imm8 = a:b:cdefgh to sign a, exponent NOT(b):b..b:cd, fraction efgh. */
    static long expandImm(int imm8, int f) {
        int fb = fracBits(f), eb = expBits(f);
        long sign = (imm8 & 0x80) != 0 ? signBit(f) : 0;
        int b = (imm8 >>> 6) & 1;
        long exp = ((long) (b ^ 1) << (eb - 1)) | (b == 1 ? ((1L << (eb - 3)) - 1) << 2 : 0) | ((imm8 >>> 4) & 3);
        return sign | (exp << fb) | ((long) (imm8 & 0xF) << (fb - 4));
    }
}
