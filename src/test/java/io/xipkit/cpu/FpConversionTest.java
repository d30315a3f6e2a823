package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * VCVT in all its forms (ARM DDI 0403E A7.7: VCVT, VCVTR, VCVT fixed point, VCVTB/VCVTT;
 * FPv5 VCVTA/N/P/M and half to/from double). Encodings from arm-none-eabi-as; expectations
 * marked "QEMU" were confirmed under qemu-system-arm -M mps2-an500.
 */
class FpConversionTest {
    static final int VCVT_S32_F32 = 0xEEBD0AC1, VCVTR_S32_F32 = 0xEEBD0A41;
    static final int VCVT_U32_F32 = 0xEEBC0AC1, VCVTR_U32_F32 = 0xEEBC0A41;
    static final int VCVT_F32_S32 = 0xEEB80AC1;
    static final int VCVTA_S32 = 0xFEBC0AC1, VCVTN_S32 = 0xFEBD0AC1, VCVTP_S32 = 0xFEBE0AC1, VCVTM_S32 = 0xFEBF0AC1;
    static final int VCVT_S16_F32_3 = 0xEEBE0A66;   // vcvt.s16.f32 s0, s0, #3
    static final int VCVT_U32_F32_1 = 0xEEBF0AEF;   // vcvt.u32.f32 s0, s0, #1
    static final int VCVT_F32_U32_1 = 0xEEBB0AEF;   // vcvt.f32.u32 s0, s0, #1
    static final int VCVT_S32_F32_31 = 0xEEBE0AE0;  // vcvt.s32.f32 s0, s0, #31
    static final int VCVT_F64_F32 = 0xEEB70AC1;     // vcvt.f64.f32 d0, s2
    static final int VCVT_F32_F64 = 0xEEB70BC1;     // vcvt.f32.f64 s0, d1
    static final int VCVTB_F16_F32 = 0xEEB30A41, VCVTT_F16_F32 = 0xEEB30AC1;
    static final int VCVTB_F32_F16 = 0xEEB20A41, VCVTT_F32_F16 = 0xEEB20AC1;
    static final int VCVTB_F64_F16 = 0xEEB21B41;    // vcvtb.f64.f16 d1, s2
    static final int VCVTT_F16_F64 = 0xEEF30BC2;    // vcvtt.f16.f64 s1, d2

    static final int RN = 0, RP = 1 << 22, RM = 2 << 22, RZ = 3 << 22;
    static final int FZ = 1 << 24, DN = 1 << 25, AHP = 1 << 26;
    static final int IOC = 1, OFC = 4, UFC = 8, IXC = 16, IDC = 128;

    Core core;

    @BeforeEach
    void setUp() {
        core = new Core(CoreVariant.CORTEX_M7, new TestBus(), 25_000_000);
        // An FP context is already active (CONTROL.FPCA = 1), so FPSCR as set by the test stays live
        // instead of being loaded from FPDSCR on the first FP instruction (DDI 0403E B1.5.7).
        core.control |= 4;
        core.write32(0xE000ED88, 0xF << 20);
    }

    void exec(int encoding) {
        Op op = FpDecoder.decode32(CoreVariant.CORTEX_M7, 0, encoding >>> 16, encoding & 0xFFFF);
        assertThat(op).isNotNull();
        op.exec(core);
    }

    /** Converts S2 into S0. */
    int conv(int encoding, int fpscr, int s2) {
        core.s[2] = s2;
        core.fpscr = fpscr;
        exec(encoding);
        return core.s[0];
    }

    /** Converts S0 in place (fixed point). */
    int inPlace(int encoding, int fpscr, int s0) {
        core.s[0] = s0;
        core.fpscr = fpscr;
        exec(encoding);
        return core.s[0];
    }

    int flags() {
        return core.fpscr & 0x9F;
    }

    static int f(float x) {
        return Float.floatToRawIntBits(x);
    }

    @Test
    void toIntegerRoundsTowardsZeroButVcvtrUsesFpscrMode() {
        assertThat(conv(VCVT_S32_F32, RN, f(-1.5f))).isEqualTo(-1);
        assertThat(flags()).isEqualTo(IXC);
        assertThat(conv(VCVTR_S32_F32, RN, f(2.5f))).isEqualTo(2);
        assertThat(conv(VCVTR_S32_F32, RN, f(3.5f))).isEqualTo(4);
        assertThat(conv(VCVTR_S32_F32, RM, f(-1.5f))).isEqualTo(-2);
        assertThat(conv(VCVTR_S32_F32, RP, f(1.25f))).isEqualTo(2);
        assertThat(conv(VCVT_S32_F32, RN, f(-7f))).isEqualTo(-7);
        assertThat(flags()).isZero();
    }

    @Test
    void toIntegerSaturatesWithInvalidOperation() {
        assertThat(conv(VCVT_S32_F32, RN, f(3e9f))).isEqualTo(Integer.MAX_VALUE);
        assertThat(flags()).isEqualTo(IOC);
        assertThat(conv(VCVT_S32_F32, RN, f(-3e9f))).isEqualTo(Integer.MIN_VALUE);
        assertThat(conv(VCVT_S32_F32, RN, f(-2147483648f))).isEqualTo(Integer.MIN_VALUE);
        assertThat(flags()).isZero();
        assertThat(conv(VCVT_U32_F32, RN, f(5e9f))).isEqualTo(0xFFFFFFFF);
        assertThat(conv(VCVT_U32_F32, RN, f(Float.NEGATIVE_INFINITY))).isZero();
        assertThat(flags()).isEqualTo(IOC);
    }

    @Test
    void unsignedConversionOfSmallNegativesDependsOnRounding() {
        // QEMU: -0.5 truncates to 0 (only inexact), -0.75 rounds to -1 which saturates (invalid).
        assertThat(conv(VCVT_U32_F32, RN, f(-0.5f))).isZero();
        assertThat(flags()).isEqualTo(IXC);
        assertThat(conv(VCVTR_U32_F32, RN, f(-0.75f))).isZero();
        assertThat(flags()).isEqualTo(IOC);
    }

    @Test
    void nanConvertsToZeroWithInvalidOperation() {
        assertThat(conv(VCVT_S32_F32, RN, 0x7FC00000)).isZero();
        assertThat(flags()).isEqualTo(IOC);
        assertThat(conv(VCVT_U32_F32, RN, 0xFF800001)).isZero();
        assertThat(flags()).isEqualTo(IOC);
    }

    @Test
    void denormalInputWithFlushToZeroConvertsToZeroWithIdcOnly() {
        assertThat(conv(VCVT_S32_F32, FZ, 0x80000001)).isZero();
        assertThat(flags()).isEqualTo(IDC);
        assertThat(conv(VCVT_S32_F32, RN, 0x80000001)).isZero();
        assertThat(flags()).isEqualTo(IXC);
    }

    @Test
    void fromIntegerRoundsPerFpscrMode() {
        assertThat(conv(VCVT_F32_S32, RN, 0x01000001)).isEqualTo(f(16777216f));
        assertThat(flags()).isEqualTo(IXC);
        assertThat(conv(VCVT_F32_S32, RP, 0x01000001)).isEqualTo(f(16777218f));
        assertThat(conv(VCVT_F32_S32, RN, Integer.MIN_VALUE)).isEqualTo(f(-2147483648f));
        assertThat(conv(VCVT_F32_S32, RN, 0)).isZero();
        assertThat(flags()).isZero();
    }

    @Test
    void fpv5DirectedConversionsUseTheirOwnRounding() {
        assertThat(conv(VCVTA_S32, RZ, f(2.5f))).isEqualTo(3);
        assertThat(conv(VCVTA_S32, RZ, f(-2.5f))).isEqualTo(-3);
        assertThat(conv(VCVTN_S32, RZ, f(2.5f))).isEqualTo(2);
        assertThat(conv(VCVTN_S32, RZ, f(-3.5f))).isEqualTo(-4);
        assertThat(conv(VCVTP_S32, RZ, f(-2.5f))).isEqualTo(-2);
        assertThat(conv(VCVTM_S32, RZ, f(-2.5f))).isEqualTo(-3);
        assertThat(flags()).isEqualTo(IXC);
    }

    @Test
    void fixedPointConversionSaturatesAndSignExtends16BitResults() {
        // QEMU: -5000.0 * 8 = -40000 saturates to -32768, sign-extended into S0.
        assertThat(inPlace(VCVT_S16_F32_3, RN, f(-5000f))).isEqualTo(0xFFFF8000);
        assertThat(flags()).isEqualTo(IOC);
        assertThat(inPlace(VCVT_S16_F32_3, RN, f(-1.3f))).isEqualTo(0xFFFFFFF6); // -10.4 -> -10
        assertThat(flags()).isEqualTo(IXC);
        assertThat(inPlace(VCVT_U32_F32_1, RN, f(2.75f))).isEqualTo(5); // 5.5 truncated
        assertThat(inPlace(VCVT_S32_F32_31, RN, f(1f))).isEqualTo(Integer.MAX_VALUE);
        assertThat(flags()).isEqualTo(IOC);
        assertThat(inPlace(VCVT_S32_F32_31, RN, f(-1f))).isEqualTo(Integer.MIN_VALUE);
        assertThat(flags()).isZero();
    }

    @Test
    void fixedToFloatAlwaysRoundsToNearest() {
        // QEMU: 0x7FFFFFFF / 2 = 2^30 - 0.5 rounds to 2^30 even with FPSCR in round-towards-zero.
        assertThat(inPlace(VCVT_F32_U32_1, RZ, 0x7FFFFFFF)).isEqualTo(0x4E800000);
        assertThat(flags()).isEqualTo(IXC);
    }

    @Test
    void singleToDoubleIsExactAndQuietensNans() {
        core.s[2] = f(0.1f);
        core.fpscr = 0;
        exec(VCVT_F64_F32);
        assertThat(FpOps.readD(core, 0)).isEqualTo(Double.doubleToRawLongBits(0.1f));
        assertThat(flags()).isZero();
        // QEMU: the NaN payload moves to the top of the double fraction.
        core.s[2] = 0xFF800123;
        exec(VCVT_F64_F32);
        assertThat(FpOps.readD(core, 0)).isEqualTo(0xFFF8002460000000L);
        assertThat(flags()).isEqualTo(IOC);
    }

    @Test
    void doubleToSingleRoundsOverflowsAndUnderflows() {
        FpOps.writeD(core, 1, Double.doubleToRawLongBits(1e300));
        core.fpscr = RZ;
        exec(VCVT_F32_F64);
        assertThat(core.s[0]).isEqualTo(f(Float.MAX_VALUE));
        assertThat(flags()).isEqualTo(OFC | IXC);
        // QEMU: 2^-150 is exactly half the smallest denormal: ties to +0, tiny and inexact.
        FpOps.writeD(core, 1, 0x3690000000000000L);
        core.fpscr = RN;
        exec(VCVT_F32_F64);
        assertThat(core.s[0]).isZero();
        assertThat(flags()).isEqualTo(UFC | IXC);
        FpOps.writeD(core, 1, 0x3690000000000001L);
        core.fpscr = RN;
        exec(VCVT_F32_F64);
        assertThat(core.s[0]).isEqualTo(1);
        // QEMU: a signalling double NaN keeps the top of its payload.
        FpOps.writeD(core, 1, 0x7FF0000000000001L);
        exec(VCVT_F32_F64);
        assertThat(core.s[0]).isEqualTo(0x7FC00000);
        assertThat(flags()).isEqualTo(IOC | UFC | IXC);
    }

    @Test
    void halfPrecisionConversionsUseTheSelectedHalfOfTheRegister() {
        core.s[0] = 0x12345678;
        assertThat(conv(VCVTT_F16_F32, RN, f(1f))).isEqualTo(0x3C005678); // QEMU
        core.s[0] = 0x12345678;
        assertThat(conv(VCVTB_F16_F32, RN, f(-2f))).isEqualTo(0x1234C000);
        assertThat(conv(VCVTT_F32_F16, RN, 0x3C000000)).isEqualTo(f(1f));
        assertThat(conv(VCVTB_F32_F16, RN, 0xFFFF3555)).isEqualTo(f(0.333251953125f));
        assertThat(flags()).isZero();
    }

    @Test
    void halfPrecisionOverflowDependsOnAhp() {
        // QEMU: 65520 overflows IEEE half to infinity, but is 65536 in the alternative format.
        core.s[0] = 0;
        assertThat(conv(VCVTB_F16_F32, RN, f(65520f))).isEqualTo(0x7C00);
        assertThat(flags()).isEqualTo(OFC | IXC);
        core.s[0] = 0;
        assertThat(conv(VCVTB_F16_F32, AHP, f(65520f))).isEqualTo(0x7C00);
        assertThat(flags()).isEqualTo(IXC);
        assertThat(conv(VCVTB_F32_F16, AHP, 0x7C00)).isEqualTo(f(65536f));
        assertThat(conv(VCVTB_F32_F16, RN, 0x7C00)).isEqualTo(f(Float.POSITIVE_INFINITY));
        core.s[0] = 0;
        assertThat(conv(VCVTB_F16_F32, AHP, f(1e6f))).isEqualTo(0x7FFF);
        assertThat(flags()).isEqualTo(IOC);
    }

    @Test
    void alternativeHalfHasNoNanOrInfinity() {
        core.s[0] = 0;
        assertThat(conv(VCVTB_F16_F32, AHP, 0x7FC00000)).isZero(); // QEMU
        assertThat(flags()).isEqualTo(IOC);
        core.s[0] = 0;
        assertThat(conv(VCVTB_F16_F32, AHP, 0xFF800000)).isEqualTo(0xFFFF); // QEMU
        assertThat(flags()).isEqualTo(IOC);
    }

    @Test
    void halfNansAreQuietenedAndDenormalsAreNotFlushed() {
        assertThat(conv(VCVTB_F32_F16, RN, 0x7D00)).isEqualTo(0x7FE00000); // QEMU
        assertThat(flags()).isEqualTo(IOC);
        assertThat(conv(VCVTB_F32_F16, DN, 0x7D00)).isEqualTo(0x7FC00000);
        core.s[0] = 0;
        // QEMU: 2^-15 is a half denormal; FZ does not flush half-precision results.
        assertThat(conv(VCVTB_F16_F32, FZ, 0x38000000)).isEqualTo(0x0200);
        assertThat(flags()).isZero();
        // ...but a single-precision denormal input is flushed (IDC).
        core.s[0] = 0;
        assertThat(conv(VCVTB_F16_F32, FZ, 0x00000001)).isZero();
        assertThat(flags()).isEqualTo(IDC);
        assertThat(conv(VCVTB_F32_F16, FZ, 0x0001)).isEqualTo(f(0x1p-24f));
        assertThat(flags()).isZero();
    }

    @Test
    void fpv5ConvertsBetweenHalfAndDouble() {
        core.s[2] = 0xBC00; // -1.0 in half
        core.fpscr = 0;
        exec(VCVTB_F64_F16);
        assertThat(FpOps.readD(core, 1)).isEqualTo(Double.doubleToRawLongBits(-1.0));
        core.s[1] = 0x00001111;
        FpOps.writeD(core, 2, Double.doubleToRawLongBits(0.5));
        exec(VCVTT_F16_F64);
        assertThat(core.s[1]).isEqualTo(0x38001111);
    }
}
