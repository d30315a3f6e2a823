package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Directed rounding checked against an independent oracle: the exact result (BigDecimal) is
 * compared with the host's round-to-nearest result, which then moves one ulp towards the
 * rounding direction when the mode requires (IEEE 754 / DDI 0403E A2.5.7 FPRound for results in
 * the normal range). Inexact must be set exactly when the exact result is not representable.
 */
class FpRoundingPropertiesTest {
    static final int VADD_F64 = 0xEE310B02, VMUL_F64 = 0xEE210B02, VDIV_F64 = 0xEE810B02;
    static final int VFMA_F64 = 0xEEA10B02, VSQRT_F64 = 0xEEB10BC1;
    static final int VADD_F32 = 0xEE310A02, VMUL_F32 = 0xEE210A02, VFMA_F32 = 0xEEA10A02;
    static final int IXC = 16;

    @Provide
    Arbitrary<Double> doubles() {
        // Normal numbers with a wide but safe exponent range, plus few-bit significands so that
        // exact results (no Inexact) also occur.
        Arbitrary<Double> wide = Arbitraries.longs().between(0, (1L << 52) - 1).flatMap(frac ->
                Arbitraries.integers().between(-300, 300).flatMap(exp ->
                        Arbitraries.of(1.0, -1.0).map(sign -> sign * Math.scalb(1 + frac * 0x1p-52, exp))));
        Arbitrary<Double> small = Arbitraries.integers().between(-4096, 4096).map(i -> i / 64.0)
                .filter(x -> x != 0);
        return Arbitraries.oneOf(wide, small);
    }

    @Provide
    Arbitrary<Integer> modes() {
        return Arbitraries.integers().between(0, 3);
    }

    static Core core() {
        Core core = new Core(CoreVariant.CORTEX_M7, new TestBus(), 25_000_000);
        // An FP context is already active (CONTROL.FPCA = 1), so FPSCR as set by the test stays live
        // instead of being loaded from FPDSCR on the first FP instruction (DDI 0403E B1.5.7).
        core.control |= 4;
        core.write32(0xE000ED88, 0xF << 20);
        return core;
    }

    static long run(Core core, int encoding, int mode, long d0, long d1, long d2) {
        FpOps.writeD(core, 0, d0);
        FpOps.writeD(core, 1, d1);
        FpOps.writeD(core, 2, d2);
        core.fpscr = mode << 22;
        FpDecoder.decode32(CoreVariant.CORTEX_M7, 0, encoding >>> 16, encoding & 0xFFFF).exec(core);
        return FpOps.readD(core, 0);
    }

    /** The correctly rounded result in {@code mode}, from the nearest one and the sign of
     *  (exact - nearest). */
    static double directed(double nearest, int cmpExactToNearest, int mode) {
        if (cmpExactToNearest == 0) return nearest;
        switch (mode) {
            case 1: return cmpExactToNearest > 0 ? Math.nextUp(nearest) : nearest;
            case 2: return cmpExactToNearest < 0 ? Math.nextDown(nearest) : nearest;
            case 3:
                if (nearest > 0) return cmpExactToNearest < 0 ? Math.nextDown(nearest) : nearest;
                return cmpExactToNearest > 0 ? Math.nextUp(nearest) : nearest;
            default: return nearest;
        }
    }

    static float directed(float nearest, int cmp, int mode) {
        if (cmp == 0) return nearest;
        switch (mode) {
            case 1: return cmp > 0 ? Math.nextUp(nearest) : nearest;
            case 2: return cmp < 0 ? Math.nextDown(nearest) : nearest;
            case 3:
                if (nearest > 0) return cmp < 0 ? Math.nextDown(nearest) : nearest;
                return cmp > 0 ? Math.nextUp(nearest) : nearest;
            default: return nearest;
        }
    }

    static BigDecimal big(double x) {
        return new BigDecimal(x);
    }

    void check(Core core, int encoding, int mode, double a, double b, double acc, BigDecimal exact, double nearest) {
        if (nearest == 0 || Double.isInfinite(nearest) || Math.abs(nearest) < 0x1p-1000) return;
        int cmp = exact.compareTo(big(nearest));
        long got = run(core, encoding, mode, Double.doubleToRawLongBits(acc), Double.doubleToRawLongBits(a),
                Double.doubleToRawLongBits(b));
        assertThat(Double.longBitsToDouble(got)).isEqualTo(directed(nearest, cmp, mode));
        assertThat(core.fpscr & IXC).isEqualTo(cmp == 0 ? 0 : IXC);
    }

    @Property(tries = 400)
    void doubleAddMulFmaRoundPerMode(@ForAll("doubles") double a, @ForAll("doubles") double b,
                                    @ForAll("doubles") double c, @ForAll("modes") int mode) {
        Core core = core();
        check(core, VADD_F64, mode, a, b, 0, big(a).add(big(b)), a + b);
        check(core, VMUL_F64, mode, a, b, 0, big(a).multiply(big(b)), a * b);
        check(core, VFMA_F64, mode, a, b, c, big(a).multiply(big(b)).add(big(c)), Math.fma(a, b, c));
        // Near-cancelling addend: c = -round(a*b) leaves the product's low bits.
        double p = -(a * b);
        check(core, VFMA_F64, mode, a, b, p, big(a).multiply(big(b)).add(big(p)), Math.fma(a, b, p));
    }

    @Property(tries = 400)
    void doubleDivisionAndSquareRootRoundPerMode(@ForAll("doubles") double a, @ForAll("doubles") double b,
                                                 @ForAll("modes") int mode) {
        Core core = core();
        double q = a / b;
        // sign(a/b - q) = sign(a - q*b) * sign(b)
        int cmpQ = big(a).subtract(big(q).multiply(big(b))).signum() * (b < 0 ? -1 : 1);
        long got = run(core, VDIV_F64, mode, 0, Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b));
        assertThat(Double.longBitsToDouble(got)).isEqualTo(directed(q, cmpQ, mode));
        assertThat(core.fpscr & IXC).isEqualTo(cmpQ == 0 ? 0 : IXC);
        double x = Math.abs(a);
        double r = Math.sqrt(x);
        int cmpR = big(x).compareTo(big(r).multiply(big(r)));
        got = run(core, VSQRT_F64, mode, 0, Double.doubleToRawLongBits(x), 0);
        assertThat(Double.longBitsToDouble(got)).isEqualTo(directed(r, cmpR, mode));
        assertThat(core.fpscr & IXC).isEqualTo(cmpR == 0 ? 0 : IXC);
    }

    @Property(tries = 400)
    void singleAddMulFmaRoundPerMode(@ForAll("doubles") double da, @ForAll("doubles") double db,
                                    @ForAll("doubles") double dc, @ForAll("modes") int mode) {
        float a = (float) (da * 0x1p-250), b = (float) db, c = (float) dc; // keep within float range
        if (Float.isInfinite(a) || Float.isInfinite(b) || Float.isInfinite(c)) return;
        Core core = core();
        checkSingle(core, VADD_F32, mode, a, b, 0, big(a).add(big(b)), a + b);
        checkSingle(core, VMUL_F32, mode, a, b, 0, big(a).multiply(big(b)), a * b);
        checkSingle(core, VFMA_F32, mode, a, b, c, big(a).multiply(big(b)).add(big(c)), Math.fma(a, b, c));
    }

    void checkSingle(Core core, int encoding, int mode, float a, float b, float acc, BigDecimal exact, float nearest) {
        if (nearest == 0 || Float.isInfinite(nearest) || Math.abs(nearest) <= Float.MIN_NORMAL) return;
        int cmp = exact.compareTo(big(nearest));
        core.s[0] = Float.floatToRawIntBits(acc);
        core.s[2] = Float.floatToRawIntBits(a);
        core.s[4] = Float.floatToRawIntBits(b);
        core.fpscr = mode << 22;
        FpDecoder.decode32(CoreVariant.CORTEX_M7, 0, encoding >>> 16, encoding & 0xFFFF).exec(core);
        assertThat(Float.intBitsToFloat(core.s[0])).isEqualTo(directed(nearest, cmp, mode));
        assertThat(core.fpscr & IXC).isEqualTo(cmp == 0 ? 0 : IXC);
    }
}
