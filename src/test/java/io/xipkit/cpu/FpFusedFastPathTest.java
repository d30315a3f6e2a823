package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The round-to-nearest fast path of the fused multiply-add agrees bit for bit, flags included,
 * with the general implementation of FPMulAdd (which the QEMU vectors pin down), or declines.
 */
class FpFusedFastPathTest {
    private static Core core() {
        Core c = new Core(CoreVariant.CORTEX_M7, new TestBus(), 25_000_000);
        c.control |= 4;
        return c;
    }

    /**
     * The two cores the properties compare on, made once per property: FpMath and FpFastPath use
     * only FPSCR, which each try starts from as made. (A pair of cores per try spent over three
     * minutes of every test pass building 80 000 cores.)
     */
    private Core slow, fast;
    private int fpscrAtStart;

    @BeforeProperty
    void makeCores() {
        slow = core();
        fast = core();
        fpscrAtStart = slow.fpscr;
    }

    private void agree(long a, long b, long d, int f) {
        slow.fpscr = fpscrAtStart;
        fast.fpscr = fpscrAtStart;
        long expected = FpMath.mulAdd(slow, d, a, b, f, 0);
        long got = FpFastPath.mulAddFast(fast, d, a, b, f);
        if (got == FpFastPath.SLOW) return;
        assertThat(got).as("result").isEqualTo(expected);
        assertThat(fast.fpscr).as("FPSCR flags").isEqualTo(slow.fpscr);
    }

    @org.junit.jupiter.api.Test
    void ordinaryOperandsTakeTheFastPathWithExactFlags() {
        Core c = core();
        long r = FpFastPath.mulAddFast(c, Float.floatToRawIntBits(0.1f), Float.floatToRawIntBits(1.5f),
                Float.floatToRawIntBits(2.25f), FpMath.SINGLE);
        assertThat(r).isNotEqualTo(FpFastPath.SLOW);
        assertThat(Float.intBitsToFloat((int) r)).isEqualTo(Math.fma(1.5f, 2.25f, 0.1f));
        assertThat(c.fpscr & 0x10).as("IXC").isEqualTo(0x10);
        Core exact = core();
        long e = FpFastPath.mulAddFast(exact, Double.doubleToRawLongBits(0.5), Double.doubleToRawLongBits(1.5),
                Double.doubleToRawLongBits(2.0), FpMath.DOUBLE);
        assertThat(Double.longBitsToDouble(e)).isEqualTo(3.5);
        assertThat(exact.fpscr & 0x10).as("exact: no IXC").isZero();
        Core inexact = core();
        long i = FpFastPath.mulAddFast(inexact, Double.doubleToRawLongBits(0.3), Double.doubleToRawLongBits(0.1),
                Double.doubleToRawLongBits(0.7), FpMath.DOUBLE);
        assertThat(i).isNotEqualTo(FpFastPath.SLOW);
        assertThat(Double.longBitsToDouble(i)).isEqualTo(Math.fma(0.1, 0.7, 0.3));
        assertThat(inexact.fpscr & 0x10).as("IXC").isEqualTo(0x10);
    }

    /**
     * fmaExact answers for any r, not only the rounded FMA: with x * y and z exact and r off by a
     * representable amount, every rounding error of Grow-Expansion is zero and the residual is
     * left in the last component alone. (With r = Math.fma(x, y, z) no such case turned up in
     * 2 x 10^8 random near-cancellation tries, so the property tests never reach that term.)
     */
    @org.junit.jupiter.api.Test
    void aResidualLeftOnlyInTheLastComponentOfTheExpansionIsInexact() {
        assertThat(FpFastPath.fmaExact(1.0, 1.0, 1.0, 3.0)).isZero();
        assertThat(FpFastPath.fmaExact(0x1p60, 0x1p-8, -0x1p52, 0x1p51)).isZero();
        assertThat(FpFastPath.fmaExact(1.0, 1.0, 1.0, 2.0)).isOne();
    }

    @Provide
    Arbitrary<Long> singles() {
        // Mostly nearby exponents (cancellation, ties), some arbitrary bit patterns.
        Arbitrary<Long> near = Arbitraries.integers().between(-0x80_0000, 0x7F_FFFF)
                .flatMap(m -> Arbitraries.integers().between(110, 145).map(e -> (long) (((e << 23) | (m & 0x7FFFFF)) | (m < 0 ? 0x80000000 : 0)) & 0xFFFFFFFFL));
        return Arbitraries.oneOf(near, Arbitraries.integers().map(i -> i & 0xFFFFFFFFL));
    }

    @Provide
    Arbitrary<Long> doubles() {
        Arbitrary<Long> near = Arbitraries.longs().flatMap(m -> Arbitraries.integers().between(1000, 1050)
                .map(e -> ((long) e << 52) | (m & 0xF_FFFF_FFFF_FFFFL) | (m < 0 ? Long.MIN_VALUE : 0)));
        Arbitrary<Long> shortMantissa = Arbitraries.integers().between(-4096, 4096).map(i -> Double.doubleToRawLongBits(i / 64.0));
        return Arbitraries.oneOf(near, shortMantissa, Arbitraries.longs());
    }

    @Property(tries = 20000)
    void singlePrecisionFastPathMatchesFpMulAdd(@ForAll("singles") long a, @ForAll("singles") long b, @ForAll("singles") long d) {
        agree(a, b, d, FpMath.SINGLE);
    }

    @Property(tries = 20000)
    void doublePrecisionFastPathMatchesFpMulAdd(@ForAll("doubles") long a, @ForAll("doubles") long b, @ForAll("doubles") long d) {
        agree(a, b, d, FpMath.DOUBLE);
    }
}
