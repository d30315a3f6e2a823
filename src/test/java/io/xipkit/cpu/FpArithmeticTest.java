package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Floating-point data-processing instructions (ARM DDI 0403E A7.7, pseudocode A2.5): rounding
 * modes, flags, NaN rules, flush-to-zero, fused versus chained multiply-add, compares, FPv5
 * VMAXNM/VMINNM, VSEL and VRINT. Encodings from arm-none-eabi-as -mcpu=cortex-m7
 * -mfpu=fpv5-d16; the expectations marked "QEMU" were confirmed by running the instruction
 * under qemu-system-arm -M mps2-an500.
 */
class FpArithmeticTest {
    // Registers: result S0 / D0, first operand S2 / D1, second operand S4 / D2.
    static final int VADD_F32 = 0xEE310A02, VSUB_F32 = 0xEE310A42, VMUL_F32 = 0xEE210A02;
    static final int VNMUL_F32 = 0xEE210A42, VDIV_F32 = 0xEE810A02, VMLA_F32 = 0xEE010A02;
    static final int VFMA_F32 = 0xEEA10A02, VSQRT_F32 = 0xEEB10AC1;
    static final int VADD_F64 = 0xEE310B02, VDIV_F64 = 0xEE810B02, VFMA_F64 = 0xEEA10B02;
    static final int VCMP_F32 = 0xEEB41A42, VCMPE_F32 = 0xEEB41AC2, VCMPE_F32_ZERO = 0xEEB51AC0;
    static final int VMAXNM_F32 = 0xFE810A02, VMINNM_F32 = 0xFE810A42;
    static final int VSELEQ_F32 = 0xFE010A02, VSELVS_F32 = 0xFE110A02, VSELGE_F32 = 0xFE210A02;
    static final int VSELGT_F32 = 0xFE310A02, VSELEQ_F64 = 0xFE010B02;
    static final int VRINTA = 0xFEB80A41, VRINTN = 0xFEB90A41, VRINTP = 0xFEBA0A41, VRINTM = 0xFEBB0A41;
    static final int VRINTX = 0xEEB70A41, VRINTZ = 0xEEB60AC1, VRINTR = 0xEEB60A41;
    static final int VABS_F32 = 0xEEB00AC1, VNEG_F64 = 0xEEB10B41;

    static final int RN = 0, RP = 1 << 22, RM = 2 << 22, RZ = 3 << 22;
    static final int FZ = 1 << 24, DN = 1 << 25;
    static final int IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128;

    Core core;

    @BeforeEach
    void setUp() {
        core = new Core(CoreVariant.CORTEX_M7, new TestBus(), 25_000_000);
        // An FP context is already active (CONTROL.FPCA = 1), so FPSCR as set by the test stays live
        // instead of being loaded from FPDSCR on the first FP instruction (DDI 0403E B1.5.7).
        core.control |= 4;
        core.write32(0xE000ED88, 0xF << 20); // CPACR: CP10/CP11 full access
    }

    int single(int encoding, int fpscr, int a, int b) {
        core.s[2] = a;
        core.s[4] = b;
        core.fpscr = fpscr;
        exec(encoding);
        return core.s[0];
    }

    long dbl(int encoding, int fpscr, long a, long b) {
        FpOps.writeD(core, 1, a);
        FpOps.writeD(core, 2, b);
        core.fpscr = fpscr;
        exec(encoding);
        return FpOps.readD(core, 0);
    }

    void exec(int encoding) {
        Op op = FpDecoder.decode32(CoreVariant.CORTEX_M7, 0, encoding >>> 16, encoding & 0xFFFF);
        assertThat(op).as("decodes %08X", encoding).isNotNull();
        op.exec(core);
    }

    int flags() {
        return core.fpscr & 0x9F;
    }

    static int f(float x) {
        return Float.floatToRawIntBits(x);
    }

    static long d(double x) {
        return Double.doubleToRawLongBits(x);
    }

    // ---- rounding modes -------------------------------------------------------------------------

    @Test
    void additionHonoursEachRoundingModeAndSetsInexact() {
        int tiny = f(0x1p-24f); // exactly half an ulp of 1.0
        assertThat(single(VADD_F32, RN, f(1f), tiny)).isEqualTo(f(1f)); // tie to even
        assertThat(flags()).isEqualTo(IXC);
        assertThat(single(VADD_F32, RP, f(1f), tiny)).isEqualTo(0x3F800001);
        assertThat(single(VADD_F32, RM, f(1f), tiny)).isEqualTo(f(1f));
        assertThat(single(VADD_F32, RZ, f(-1f), f(-0x1p-24f))).isEqualTo(f(-1f));
        assertThat(single(VADD_F32, RM, f(-1f), f(-0x1p-24f))).isEqualTo(0xBF800001);
        assertThat(single(VADD_F32, RN, f(1f), f(0x1.8p-24f))).isEqualTo(0x3F800001); // above half
    }

    @Test
    void exactResultsLeaveFlagsAlone() {
        assertThat(single(VADD_F32, RN, f(1.5f), f(2.25f))).isEqualTo(f(3.75f));
        assertThat(flags()).isZero();
        assertThat(dbl(VADD_F64, RN, d(0.1), d(0.2))).isEqualTo(0x3FD3333333333334L);
        assertThat(flags()).isEqualTo(IXC);
    }

    @Test
    void exactCancellationGivesPlusZeroExceptWhenRoundingTowardsMinusInfinity() {
        assertThat(single(VSUB_F32, RN, f(1f), f(1f))).isEqualTo(0);
        assertThat(single(VSUB_F32, RM, f(1f), f(1f))).isEqualTo(0x80000000);
        assertThat(single(VADD_F32, RP, 0x80000000, 0x80000000)).isEqualTo(0x80000000);
    }

    @Test
    void cumulativeFlagsAreNeverCleared() {
        assertThat(single(VADD_F32, RN | IOC | DZC, f(1f), f(1f))).isEqualTo(f(2f));
        assertThat(flags()).isEqualTo(IOC | DZC);
    }

    // ---- overflow, underflow, flush-to-zero ---------------------------------------------------

    @Test
    void overflowGivesInfinityOrTheLargestNumberDependingOnTheMode() {
        int max = f(Float.MAX_VALUE);
        assertThat(single(VMUL_F32, RN, max, f(2f))).isEqualTo(f(Float.POSITIVE_INFINITY));
        assertThat(flags()).isEqualTo(OFC | IXC);
        assertThat(single(VMUL_F32, RZ, max, f(2f))).isEqualTo(max);
        assertThat(flags()).isEqualTo(OFC | IXC);
        assertThat(single(VMUL_F32, RP, max, f(-2f))).isEqualTo(f(-Float.MAX_VALUE));
        assertThat(single(VMUL_F32, RM, max, f(-2f))).isEqualTo(f(Float.NEGATIVE_INFINITY));
    }

    @Test
    void underflowNeedsATinyAndInexactResult() {
        // QEMU: 2^-99 * 2^-29 = 2^-128 is an exact denormal: no flag.
        assertThat(single(VMUL_F32, RN, 0x0D800000, 0x31000000)).isEqualTo(0x00100000);
        assertThat(flags()).isZero();
        // 0.75 * 2^-149 is tiny and inexact: rounds to 2^-149 (nearest) or 0 (towards zero).
        assertThat(single(VMUL_F32, RN, f(0.75f), 0x00000001)).isEqualTo(0x00000001);
        assertThat(flags()).isEqualTo(UFC | IXC);
        assertThat(single(VMUL_F32, RZ, f(0.75f), 0x00000001)).isZero();
        assertThat(flags()).isEqualTo(UFC | IXC);
    }

    @Test
    void flushToZeroFlushesDenormalInputsWithIdcAndTinyResultsWithUfc() {
        // QEMU: a denormal input reads as zero and sets IDC.
        assertThat(single(VADD_F32, FZ, 0x00000005, 0)).isZero();
        assertThat(flags()).isEqualTo(IDC);
        // QEMU: 1.5*2^-99 * 2^-29 would be a denormal result: flushed to +0 with UFC only.
        assertThat(single(VMUL_F32, FZ, 0x0DC00000, 0x31000000)).isZero();
        assertThat(flags()).isEqualTo(UFC);
        assertThat(single(VMUL_F32, FZ, 0x8DC00000, 0x31000000)).isEqualTo(0x80000000);
        // Without FZ the same product is an exact denormal.
        assertThat(single(VMUL_F32, RN, 0x0DC00000, 0x31000000)).isEqualTo(0x00180000);
        assertThat(flags()).isZero();
    }

    // ---- NaNs -----------------------------------------------------------------------------------

    @Test
    void signallingNanWinsOverQuietAndIsQuietenedWithIoc() {
        assertThat(single(VADD_F32, RN, 0x7FC00001, 0x7F800002)).isEqualTo(0x7FC00002);
        assertThat(flags()).isEqualTo(IOC);
    }

    @Test
    void firstQuietNanIsPropagatedWithoutFlags() {
        assertThat(single(VMUL_F32, RN, 0xFFC00003, 0x7FC00004)).isEqualTo(0xFFC00003);
        assertThat(flags()).isZero();
        assertThat(single(VMUL_F32, RN, f(1f), 0x7FC00004)).isEqualTo(0x7FC00004);
    }

    @Test
    void defaultNanModeReplacesEveryNanResult() {
        assertThat(single(VADD_F32, DN, 0x7F800002, f(1f))).isEqualTo(0x7FC00000);
        assertThat(flags()).isEqualTo(IOC);
        assertThat(dbl(VADD_F64, DN, 0xFFF8000000000123L, d(1))).isEqualTo(0x7FF8000000000000L);
        assertThat(flags()).isZero();
    }

    @Test
    void invalidOperationsGiveTheDefaultNan() {
        int inf = f(Float.POSITIVE_INFINITY);
        assertThat(single(VSUB_F32, RN, inf, inf)).isEqualTo(0x7FC00000);
        assertThat(flags()).isEqualTo(IOC);
        assertThat(single(VMUL_F32, RN, inf, 0x80000000)).isEqualTo(0x7FC00000);
        assertThat(single(VDIV_F32, RN, 0, 0x80000000)).isEqualTo(0x7FC00000);
        assertThat(single(VDIV_F32, RN, inf, inf)).isEqualTo(0x7FC00000);
        assertThat(single(VSQRT_F32, RN, f(-1f), 0)).isEqualTo(0x7FC00000);
        assertThat(flags()).isEqualTo(IOC);
    }

    @Test
    void vnmulNegatesAPropagatedNan() {
        // QEMU: FPNeg applies to the NaN that FPMul returned.
        assertThat(single(VNMUL_F32, RN, 0x7FC00005, f(1f))).isEqualTo(0xFFC00005);
    }

    // ---- division and square root ---------------------------------------------------------------

    @Test
    void divisionByZeroGivesSignedInfinityWithDzc() {
        assertThat(single(VDIV_F32, RN, f(-3f), 0)).isEqualTo(f(Float.NEGATIVE_INFINITY));
        assertThat(flags()).isEqualTo(DZC);
        assertThat(dbl(VDIV_F64, RN, d(1), 0x8000000000000000L)).isEqualTo(d(Double.NEGATIVE_INFINITY));
        assertThat(flags()).isEqualTo(DZC);
    }

    @Test
    void divisionRoundsPerMode() {
        assertThat(single(VDIV_F32, RN, f(1f), f(3f))).isEqualTo(0x3EAAAAAB);
        assertThat(single(VDIV_F32, RZ, f(1f), f(3f))).isEqualTo(0x3EAAAAAA);
        assertThat(dbl(VDIV_F64, RP, d(1), d(3))).isEqualTo(0x3FD5555555555556L);
        assertThat(dbl(VDIV_F64, RM, d(1), d(3))).isEqualTo(0x3FD5555555555555L);
        assertThat(flags()).isEqualTo(IXC);
    }

    @Test
    void squareRootRoundsPerModeAndKeepsMinusZero() {
        assertThat(single(VSQRT_F32, RP, f(2f), 0)).isEqualTo(0x3FB504F4);
        assertThat(single(VSQRT_F32, RM, f(2f), 0)).isEqualTo(0x3FB504F3);
        assertThat(single(VSQRT_F32, RN, f(4f), 0)).isEqualTo(f(2f));
        assertThat(flags()).isZero();
        assertThat(single(VSQRT_F32, RN, 0x80000000, 0)).isEqualTo(0x80000000);
        assertThat(flags()).isZero();
    }

    // ---- multiply-accumulate ----------------------------------------------------------------------

    @Test
    void fusedMultiplyAddRoundsOnceButVmlaRoundsTwice() {
        // acc = -(1 + 2^-22), a = b = 1 + 2^-23: a*b + acc = 2^-46 exactly (QEMU).
        core.s[0] = 0xBF800002;
        assertThat(single(VFMA_F32, RN, 0x3F800001, 0x3F800001)).isEqualTo(0x28800000);
        assertThat(flags()).isZero();
        core.s[0] = 0xBF800002;
        assertThat(single(VMLA_F32, RN, 0x3F800001, 0x3F800001)).isEqualTo(0);
        assertThat(flags()).isEqualTo(IXC);
    }

    @Test
    void fusedMultiplyAddDoubleKeepsAllProductBits() {
        double a = 1 + 0x1p-52, b = 1 - 0x1p-53;
        // a*b - 1 = 2^-53 - 2^-105: exact, although the product alone needs 105 bits.
        FpOps.writeD(core, 0, d(-1));
        assertThat(dbl(VFMA_F64, RN, d(a), d(b))).isEqualTo(d(0x1p-53 - 0x1p-105));
        assertThat(flags()).isZero();
        // a*a - 0.75 = 0.25 + 2^-51 + 2^-104: inexact; RN drops the 2^-104, RP keeps one ulp.
        FpOps.writeD(core, 0, d(-0.75));
        assertThat(dbl(VFMA_F64, RN, d(a), d(a))).isEqualTo(d(Math.fma(a, a, -0.75)));
        assertThat(flags()).isEqualTo(IXC);
        FpOps.writeD(core, 0, d(-0.75));
        assertThat(dbl(VFMA_F64, RP, d(a), d(a))).isEqualTo(d(Math.fma(a, a, -0.75)) + 1);
    }

    @Test
    void infinityTimesZeroPlusQuietNanIsInvalid() {
        // QEMU: the quiet NaN addend does not hide the invalid product.
        core.s[0] = 0x7FC00001;
        assertThat(single(VFMA_F32, RN, f(Float.POSITIVE_INFINITY), 0)).isEqualTo(0x7FC00000);
        assertThat(flags()).isEqualTo(IOC);
        core.s[0] = 0x7F800001; // signalling addend: processed first
        assertThat(single(VFMA_F32, RN, f(Float.POSITIVE_INFINITY), 0)).isEqualTo(0x7FC00001);
        assertThat(flags()).isEqualTo(IOC);
    }

    // ---- compares -----------------------------------------------------------------------------------

    int compare(int encoding, int a, int b) {
        core.s[2] = a;
        core.s[4] = b;
        core.fpscr = 0;
        exec(encoding);
        return core.fpscr;
    }

    @Test
    void compareSetsNzcvLikeTheManualsTable() {
        assertThat(compare(VCMP_F32, f(1f), f(2f))).isEqualTo(0x80000000);
        assertThat(compare(VCMP_F32, f(2f), f(2f))).isEqualTo(0x60000000);
        assertThat(compare(VCMP_F32, f(3f), f(2f))).isEqualTo(0x20000000);
        assertThat(compare(VCMP_F32, 0, 0x80000000)).isEqualTo(0x60000000); // +0 == -0
        assertThat(compare(VCMP_F32, 0x7FC00000, f(2f))).isEqualTo(0x30000000); // unordered, quiet
    }

    @Test
    void vcmpeSignalsOnQuietNanButVcmpOnlyOnSignalling() {
        assertThat(compare(VCMPE_F32, 0x7FC00000, 0)).isEqualTo(0x30000001);
        assertThat(compare(VCMP_F32, f(1f), 0x7F800001)).isEqualTo(0x30000001);
    }

    @Test
    void compareWithZeroIgnoresTheSecondRegister() {
        assertThat(compare(VCMPE_F32_ZERO, f(-1f), f(-5f))).isEqualTo(0x80000000);
        assertThat(compare(VCMPE_F32_ZERO, 0x80000000, f(-5f))).isEqualTo(0x60000000);
    }

    @Test
    void compareFlushesDenormalsWhenFzIsSet() {
        core.s[2] = 0x00000001;
        core.s[4] = 0;
        core.fpscr = FZ;
        exec(VCMP_F32);
        assertThat(core.fpscr).isEqualTo(0x60000000 | FZ | IDC);
    }

    // ---- FPv5: VMAXNM / VMINNM, VSEL, VRINT -----------------------------------------------------------

    @Test
    void maxnmAndMinnmPreferANumberOverOneQuietNan() {
        assertThat(single(VMAXNM_F32, RN, 0x7FC00000, f(-1f))).isEqualTo(f(-1f));
        assertThat(single(VMINNM_F32, RN, f(7f), 0xFFC00000)).isEqualTo(f(7f));
        assertThat(flags()).isZero();
        // QEMU: a signalling NaN still wins and is quietened.
        assertThat(single(VMAXNM_F32, RN, 0x7FC00000, 0x7F800001)).isEqualTo(0x7FC00001);
        assertThat(flags()).isEqualTo(IOC);
    }

    @Test
    void maxnmAndMinnmOrderSignedZeros() {
        assertThat(single(VMAXNM_F32, RN, 0, 0x80000000)).isEqualTo(0);
        assertThat(single(VMINNM_F32, RN, 0, 0x80000000)).isEqualTo(0x80000000);
        assertThat(single(VMAXNM_F32, RN, f(-2f), f(1f))).isEqualTo(f(1f));
        assertThat(single(VMINNM_F32, RN, f(-2f), f(1f))).isEqualTo(f(-2f));
    }

    @Test
    void vselPicksTheFirstOperandWhenItsConditionHolds() {
        int a = f(1f), b = f(2f);
        core.z = true;
        assertThat(single(VSELEQ_F32, RN, a, b)).isEqualTo(a);
        core.z = false;
        assertThat(single(VSELEQ_F32, RN, a, b)).isEqualTo(b);
        core.v = true;
        assertThat(single(VSELVS_F32, RN, a, b)).isEqualTo(a);
        core.n = false; // N != V
        assertThat(single(VSELGE_F32, RN, a, b)).isEqualTo(b);
        core.n = true;
        assertThat(single(VSELGE_F32, RN, a, b)).isEqualTo(a);
        assertThat(single(VSELGT_F32, RN, a, b)).isEqualTo(a);
        core.z = true;
        assertThat(single(VSELGT_F32, RN, a, b)).isEqualTo(b);
        assertThat(dbl(VSELEQ_F64, RN, d(1.5), d(2.5))).isEqualTo(d(1.5));
        // A signalling NaN is copied untouched.
        assertThat(single(VSELEQ_F32, RN, 0x7F800001, b)).isEqualTo(0x7F800001);
        assertThat(flags()).isZero();
    }

    @Test
    void vrintVariantsRoundToIntegralValues() {
        int twoAndHalf = f(2.5f), minusTwoAndHalf = f(-2.5f);
        assertThat(single(VRINTA, RN, twoAndHalf, 0)).isEqualTo(f(3f));
        assertThat(single(VRINTA, RN, minusTwoAndHalf, 0)).isEqualTo(f(-3f));
        assertThat(single(VRINTN, RP, twoAndHalf, 0)).isEqualTo(f(2f));
        assertThat(single(VRINTP, RN, f(-0.5f), 0)).isEqualTo(0x80000000); // keeps the sign
        assertThat(single(VRINTM, RN, f(0.5f), 0)).isEqualTo(0);
        assertThat(single(VRINTM, RN, minusTwoAndHalf, 0)).isEqualTo(f(-3f));
        assertThat(single(VRINTZ, RP, f(1.5f), 0)).isEqualTo(f(1f));
        assertThat(single(VRINTR, RP, f(1.25f), 0)).isEqualTo(f(2f));
        assertThat(single(VRINTR, RM, f(1e30f), 0)).isEqualTo(f(1e30f));
        assertThat(flags()).isZero(); // only VRINTX reports inexact
    }

    @Test
    void vrintxRaisesInexactOnlyWhenTheValueChanges() {
        assertThat(single(VRINTX, RN, f(1.5f), 0)).isEqualTo(f(2f));
        assertThat(flags()).isEqualTo(IXC);
        assertThat(single(VRINTX, RN, f(3f), 0)).isEqualTo(f(3f));
        assertThat(flags()).isZero();
        assertThat(single(VRINTX, RN, 0x7F800001, 0)).isEqualTo(0x7FC00001);
        assertThat(flags()).isEqualTo(IOC);
    }

    @Test
    void vabsAndVnegOnlyTouchTheSignBitEvenForNans() {
        assertThat(single(VABS_F32, RN, 0, 0)).isZero();
        core.s[2] = 0xFF800001;
        core.fpscr = DN | FZ;
        exec(VABS_F32);
        assertThat(core.s[0]).isEqualTo(0x7F800001);
        FpOps.writeD(core, 1, 0x0000000000000001L);
        exec(VNEG_F64);
        assertThat(FpOps.readD(core, 0)).isEqualTo(0x8000000000000001L);
        assertThat(flags()).isZero();
    }
}
