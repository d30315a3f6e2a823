package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The host-arithmetic fast paths ({@link FpFastPath}) agree with the exact softfloat of
 * {@link FpMath} (the reference, pinned down by the QEMU vectors) on the result bits and on the
 * whole FPSCR, for operands biased to the edges (zeros, subnormals, infinities, quiet and
 * signalling NaNs, the ends of the exponent range, exact and cancelling operations) under every
 * rounding mode, FZ, DN, AHP and any prior cumulative flags; and the decoded data-processing
 * instructions compute the A7.7 pseudocode (FPNeg placement, fused vs chained) over those paths.
 */
class FpFastPathTest {
    static final int SINGLE = FpMath.SINGLE, DOUBLE = FpMath.DOUBLE;

    private final Core fast = core(), reference = core(), probe = core();

    private static Core core() {
        Core c = new Core(CoreVariant.CORTEX_M7, new TestBus(), 25_000_000);
        // An FP context is active (CONTROL.FPCA), so the FPSCR a test sets stays live, and CP10/CP11
        // are enabled (CPACR) so the decoded instructions execute.
        c.control |= 4;
        c.write32(0xE000ED88, 0xF << 20);
        return c;
    }

    // ---- operands ------------------------------------------------------------------------------

    /** Bit patterns of format {@code f}: special values, edges of the exponent range, short
     *  significands (exact results), nearby exponents (cancellation) and arbitrary bits. */
    static Arbitrary<Long> operands(int f) {
        int fb = FpMath.fracBits(f), eb = FpMath.expBits(f), emax = (1 << eb) - 1;
        long sign = FpMath.signBit(f), fracMask = (1L << fb) - 1;
        List<Long> specials = new ArrayList<>();
        for (long s : new long[] {0, sign}) {
            specials.add(s);                                          // zero
            specials.add(s | 1);                                      // smallest subnormal
            specials.add(s | fracMask);                               // largest subnormal
            specials.add(s | (1L << fb));                             // smallest normal
            specials.add(s | (1L << fb) | 1);                         // just above it
            specials.add(s | (2L << fb));                             // twice the smallest normal
            specials.add(s | FpMath.infMag(f) - 1);                   // largest normal
            specials.add(s | (((long) emax - 1) << fb));              // 2^emax-bias: doubling overflows
            specials.add(s | ((long) FpMath.bias(f) << fb));          // 1.0
            specials.add(s | FpMath.infMag(f));                       // infinity
            specials.add(s | FpMath.infMag(f) | FpMath.quietBit(f));  // default-like quiet NaN
            specials.add(s | FpMath.infMag(f) | FpMath.quietBit(f) | 0x15);
            specials.add(s | FpMath.infMag(f) | 1);                   // signalling NaNs
            specials.add(s | FpMath.infMag(f) | (FpMath.quietBit(f) >>> 1) | 0x2A);
        }
        Arbitrary<Long> special = Arbitraries.of(specials);
        Arbitrary<Long> signs = Arbitraries.of(0L, sign);
        Arbitrary<Long> fracs = Arbitraries.longs().between(0, fracMask);
        // Exponents (biased) at both ends of the range and around 1.0.
        Arbitrary<Integer> edgeExp = Arbitraries.oneOf(Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(emax - 40, emax - 1),
                Arbitraries.integers().between(FpMath.bias(f) - 30, FpMath.bias(f) + 30));
        Arbitrary<Long> edge = Combinators.combine(signs, edgeExp, fracs).as((s, e, m) -> s | ((long) e << fb) | m);
        // Few significant bits: sums, products and quotients that are often exact.
        Arbitrary<Long> shortSig = Combinators.combine(signs, edgeExp, Arbitraries.longs().between(0, 15))
                .as((s, e, m) -> s | ((long) Math.max(e, 1) << fb) | (m << (fb - 4)));
        Arbitrary<Long> bits = Arbitraries.longs().map(x -> f == DOUBLE ? x : x & 0xFFFFFFFFL);
        return Arbitraries.frequencyOf(
                Tuple.of(2, special), Tuple.of(4, edge),
                Tuple.of(3, shortSig), Tuple.of(1, bits));
    }

    @Provide
    Arbitrary<Long> singles() {
        return operands(SINGLE);
    }

    @Provide
    Arbitrary<Long> doubles() {
        return operands(DOUBLE);
    }

    /** FPSCR: round to nearest most of the time (where the fast paths act), FZ, DN and AHP
     *  sometimes, any cumulative flags and N,Z,C,V already set. */
    @Provide
    Arbitrary<Integer> fpscrs() {
        Arbitrary<Integer> mode = Arbitraries.frequency(
                Tuple.of(7, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3));
        Arbitrary<Integer> fz = Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(1, FpMath.FZ));
        Arbitrary<Integer> dnAhp = Arbitraries.of(0, FpMath.DN, FpMath.AHP, FpMath.DN | FpMath.AHP);
        Arbitrary<Integer> flags = Arbitraries.integers().between(0, 0xFF).map(x -> x & 0x9F);
        Arbitrary<Integer> nzcv = Arbitraries.integers().between(0, 15);
        return Combinators.combine(mode, fz, dnAhp, flags, nzcv)
                .as((m, z, da, fl, c) -> (m << 22) | z | da | fl | (c << 28));
    }

    // ---- the operations, fast (with fallback) against the reference ---------------------------

    enum Operation { ADD, SUB, MUL, DIV, SQRT, FMA, CMP, CMPE }

    /** What {@link FpFastPath} returns, the path FpOps takes. */
    static long viaFastPath(Core c, Operation op, long a, long b, long d, int f) {
        switch (op) {
            case ADD: return FpFastPath.add(c, a, b, false, f);
            case SUB: return FpFastPath.add(c, a, b, true, f);
            case MUL: return FpFastPath.mul(c, a, b, f);
            case DIV: return FpFastPath.div(c, a, b, f);
            case SQRT: return FpFastPath.sqrt(c, a, f);
            case FMA: return FpFastPath.mulAdd(c, d, a, b, f);
            case CMP: return FpFastPath.compare(c, a, b, false, f);
            default: return FpFastPath.compare(c, a, b, true, f);
        }
    }

    /** The fast path alone: {@link FpFastPath#SLOW} (or NO_NZCV) when it declines. */
    static long fastOnly(Core c, Operation op, long a, long b, long d, int f) {
        switch (op) {
            case ADD: return FpFastPath.addFast(c, a, b, false, f);
            case SUB: return FpFastPath.addFast(c, a, b, true, f);
            case MUL: return FpFastPath.mulFast(c, a, b, f);
            case DIV: return FpFastPath.divFast(c, a, b, f);
            case SQRT: return FpFastPath.sqrtFast(c, a, f);
            case FMA: return FpFastPath.mulAddFast(c, d, a, b, f);
            default: {
                int r = FpFastPath.compareFast(c, a, b, f);
                return r == FpFastPath.NO_NZCV ? FpFastPath.SLOW : r;
            }
        }
    }

    static long exact(Core c, Operation op, long a, long b, long d, int f) {
        int mode = FpMath.mode(c);
        switch (op) {
            case ADD: return FpMath.add(c, a, b, false, f, mode);
            case SUB: return FpMath.add(c, a, b, true, f, mode);
            case MUL: return FpMath.mul(c, a, b, f, mode);
            case DIV: return FpMath.div(c, a, b, f, mode);
            case SQRT: return FpMath.sqrt(c, a, f, mode);
            case FMA: return FpMath.mulAdd(c, d, a, b, f, mode);
            case CMP: return FpMath.compare(c, a, b, false, f);
            default: return FpMath.compare(c, a, b, true, f);
        }
    }

    private void agree(Operation op, long a, long b, long d, int f, int fpscr) {
        fast.fpscr = fpscr;
        reference.fpscr = fpscr;
        probe.fpscr = fpscr;
        long got = viaFastPath(fast, op, a, b, d, f);
        long want = exact(reference, op, a, b, d, f);
        String what = String.format("%s %s a=%x b=%x d=%x fpscr=%08x", op, f == DOUBLE ? "f64" : "f32", a, b, d, fpscr);
        assertThat(got).as("result of " + what).isEqualTo(want);
        assertThat(Integer.toHexString(fast.fpscr)).as("FPSCR after " + what).isEqualTo(Integer.toHexString(reference.fpscr));
        long alone = fastOnly(probe, op, a, b, d, f);
        boolean tookFast = alone != FpFastPath.SLOW;
        if (tookFast) {
            assertThat(alone).as("fast result of " + what).isEqualTo(want);
            assertThat(Integer.toHexString(probe.fpscr)).as("fast FPSCR after " + what).isEqualTo(Integer.toHexString(reference.fpscr));
        } else {
            assertThat(Integer.toHexString(probe.fpscr)).as("a declining fast path leaves FPSCR alone: " + what).isEqualTo(Integer.toHexString(fpscr));
        }
        boolean ixcBefore = (fpscr & FpMath.IXC) != 0;
        Statistics.label("path").collect(tookFast ? "fast" : "exact");
        Statistics.label("fast with IXC clear").collect(tookFast && !ixcBefore);
    }

    @Property(tries = 40000)
    void singlePrecisionFastPathsMatchTheExactOperations(@ForAll Operation op, @ForAll("singles") long a,
            @ForAll("singles") long b, @ForAll("singles") long d, @ForAll("fpscrs") int fpscr) {
        agree(op, a, b, d, SINGLE, fpscr);
        Statistics.label("path").coverage(c -> c.check("fast").percentage(p -> p > 15));
        Statistics.label("fast with IXC clear").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    @Property(tries = 40000)
    void doublePrecisionFastPathsMatchTheExactOperations(@ForAll Operation op, @ForAll("doubles") long a,
            @ForAll("doubles") long b, @ForAll("doubles") long d, @ForAll("fpscrs") int fpscr) {
        agree(op, a, b, d, DOUBLE, fpscr);
        Statistics.label("path").coverage(c -> c.check("fast").percentage(p -> p > 15));
        Statistics.label("fast with IXC clear").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    /** Ordinary operands in round to nearest take the fast path whether or not IXC is set, and
     *  an inexact result sets IXC there while an exact one does not. */
    @org.junit.jupiter.api.Test
    void ordinaryRoundToNearestOperationsTakeTheFastPathWithExactInexact() {
        long third = Double.doubleToRawLongBits(1.0 / 3), two = Double.doubleToRawLongBits(2.25),
                half = Double.doubleToRawLongBits(0.5), tenth = Double.doubleToRawLongBits(0.1);
        for (Operation op : Operation.values()) {
            probe.fpscr = 0;
            assertThat(fastOnly(probe, op, two, half, third, DOUBLE)).as(op + " exact").isNotEqualTo(FpFastPath.SLOW);
            boolean exactResult = op != Operation.FMA; // 1/3 + 2.25 * 0.5 rounds; the rest are exact (sqrt(2.25) = 1.5)
            assertThat(probe.fpscr & FpMath.IXC).as(op + " IXC").isEqualTo(exactResult ? 0 : FpMath.IXC);
            probe.fpscr = FpMath.IXC;
            assertThat(fastOnly(probe, op, tenth, third, third, DOUBLE)).as(op + " with IXC set").isNotEqualTo(FpFastPath.SLOW);
        }
        probe.fpscr = 0;
        FpFastPath.addFast(probe, tenth, Double.doubleToRawLongBits(0.2), false, DOUBLE);
        assertThat(probe.fpscr).as("0.1 + 0.2 is inexact").isEqualTo(FpMath.IXC);
        probe.fpscr = 0;
        FpFastPath.mulAddFast(probe, Float.floatToRawIntBits(0.1f), Float.floatToRawIntBits(1.5f),
                Float.floatToRawIntBits(2.25f), SINGLE);
        assertThat(probe.fpscr).as("single fma inexact").isEqualTo(FpMath.IXC);
    }

    // ---- the decoded instructions ---------------------------------------------------------------

    /** Data-processing encodings with Vd = 0, Vn = 1, Vm = 2 (D registers; S0, S2, S4 for single),
     *  DDI 0403E A6.4: opc1 (bits 23, 21, 20) and opc3 bit 6, or the "other" group's opc2. */
    enum Instruction {
        VMLA(0x0, false), VMLS(0x0, true), VNMLS(0x1, false), VNMLA(0x1, true), VMUL(0x2, false), VNMUL(0x2, true),
        VADD(0x3, false), VSUB(0x3, true), VDIV(0x8, false), VFNMS(0x9, false), VFNMA(0x9, true), VFMA(0xA, false),
        VFMS(0xA, true), VSQRT(-1, false), VCMP(-1, false), VCMPE(-1, false), VCMPZ(-1, false), VMOV(-1, false),
        VABS(-1, false), VNEG(-1, false);

        final int opc1;
        final boolean op6;

        Instruction(int opc1, boolean op6) {
            this.opc1 = opc1;
            this.op6 = op6;
        }

        int encoding(boolean dp) {
            int sz = dp ? 0x100 : 0;
            switch (this) {
                case VSQRT: return (0xEEB1 << 16) | 0x0AC2 | sz;
                case VCMP: return (0xEEB4 << 16) | 0x0A42 | sz;
                case VCMPE: return (0xEEB4 << 16) | 0x0AC2 | sz;
                case VCMPZ: return (0xEEB5 << 16) | 0x0AC0 | sz;
                case VMOV: return (0xEEB0 << 16) | 0x0A42 | sz;
                case VABS: return (0xEEB0 << 16) | 0x0AC2 | sz;
                case VNEG: return (0xEEB1 << 16) | 0x0A42 | sz;
                default:
                    int hw1 = 0xEE00 | ((opc1 & 8) << 4) | ((opc1 & 3) << 4) | 1;
                    return (hw1 << 16) | 0x0A02 | sz | (op6 ? 0x40 : 0);
            }
        }

        /** The A7.7 pseudocode over the exact operations: the new Vd, or for compares the NZCV. */
        long expected(Core c, long vd, long vn, long vm, int f) {
            int mode = FpMath.mode(c);
            switch (this) {
                case VMLA: return FpMath.add(c, vd, FpMath.mul(c, vn, vm, f, mode), false, f, mode);
                case VMLS: return FpMath.add(c, vd, FpMath.negate(FpMath.mul(c, vn, vm, f, mode), f), false, f, mode);
                case VNMLA: return FpMath.add(c, FpMath.negate(vd, f), FpMath.negate(FpMath.mul(c, vn, vm, f, mode), f), false, f, mode);
                case VNMLS: return FpMath.add(c, FpMath.negate(vd, f), FpMath.mul(c, vn, vm, f, mode), false, f, mode);
                case VMUL: return FpMath.mul(c, vn, vm, f, mode);
                case VNMUL: return FpMath.negate(FpMath.mul(c, vn, vm, f, mode), f);
                case VADD: return FpMath.add(c, vn, vm, false, f, mode);
                case VSUB: return FpMath.add(c, vn, vm, true, f, mode);
                case VDIV: return FpMath.div(c, vn, vm, f, mode);
                case VFMA: return FpMath.mulAdd(c, vd, vn, vm, f, mode);
                case VFMS: return FpMath.mulAdd(c, vd, FpMath.negate(vn, f), vm, f, mode);
                case VFNMA: return FpMath.mulAdd(c, FpMath.negate(vd, f), FpMath.negate(vn, f), vm, f, mode);
                case VFNMS: return FpMath.mulAdd(c, FpMath.negate(vd, f), vn, vm, f, mode);
                case VSQRT: return FpMath.sqrt(c, vm, f, mode);
                case VCMP: return FpMath.compare(c, vd, vm, false, f);
                case VCMPE: return FpMath.compare(c, vd, vm, true, f);
                case VCMPZ: return FpMath.compare(c, vd, 0, true, f);
                case VMOV: return vm;
                case VABS: return vm & ~FpMath.signBit(f);
                default: return FpMath.negate(vm, f);
            }
        }

        boolean compares() {
            return this == VCMP || this == VCMPE || this == VCMPZ;
        }
    }

    private static void set(Core c, int index, long v, boolean dp) {
        if (dp) FpOps.writeD(c, index, v);
        else c.s[2 * index] = (int) v;
    }

    private static long get(Core c, int index, boolean dp) {
        return dp ? FpOps.readD(c, index) : c.s[2 * index] & 0xFFFFFFFFL;
    }

    private void executesAsThePseudocode(Instruction ins, boolean dp, long vd, long vn, long vm, int fpscr) {
        int f = dp ? DOUBLE : SINGLE;
        set(fast, 0, vd, dp);
        set(fast, 1, vn, dp);
        set(fast, 2, vm, dp);
        fast.fpscr = fpscr;
        reference.fpscr = fpscr;
        int enc = ins.encoding(dp);
        Op op = FpDecoder.decode32(CoreVariant.CORTEX_M7, 0, enc >>> 16, enc & 0xFFFF);
        assertThat(op).as(ins.name()).isNotNull();
        op.exec(fast);
        long want = ins.expected(reference, vd, vn, vm, f);
        String what = String.format("%s.%s d=%x n=%x m=%x fpscr=%08x", ins, dp ? "F64" : "F32", vd, vn, vm, fpscr);
        if (ins.compares()) {
            reference.fpscr = (reference.fpscr & 0x0FFFFFFF) | ((int) want << 28);
            assertThat(get(fast, 0, dp)).as("Vd kept by " + what).isEqualTo(vd);
        } else {
            assertThat(get(fast, 0, dp)).as("Vd after " + what).isEqualTo(want);
        }
        assertThat(Integer.toHexString(fast.fpscr)).as("FPSCR after " + what).isEqualTo(Integer.toHexString(reference.fpscr));
    }

    @Property(tries = 20000)
    void singlePrecisionInstructionsComputeThePseudocode(@ForAll Instruction ins, @ForAll("singles") long vd,
            @ForAll("singles") long vn, @ForAll("singles") long vm, @ForAll("fpscrs") int fpscr) {
        executesAsThePseudocode(ins, false, vd, vn, vm, fpscr);
    }

    @Property(tries = 20000)
    void doublePrecisionInstructionsComputeThePseudocode(@ForAll Instruction ins, @ForAll("doubles") long vd,
            @ForAll("doubles") long vn, @ForAll("doubles") long vm, @ForAll("fpscrs") int fpscr) {
        executesAsThePseudocode(ins, true, vd, vn, vm, fpscr);
    }
}
