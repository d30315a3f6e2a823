package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which encodings each FPU variant implements: FPv5-D16 on the Cortex-M7, FPv4-SP on the
 * Cortex-M4 (double-precision data processing and every FPv5 addition UNDEFINED; double-register
 * loads, stores and moves still valid), and encodings that are not floating point or are
 * UNPREDICTABLE (decoded as UNDEFINED). Encodings from arm-none-eabi-as unless noted.
 */
class FpDecoderTest {
    static Op decode(CoreVariant v, int encoding) {
        return FpDecoder.decode32(v, 0, encoding >>> 16, encoding & 0xFFFF);
    }

    static final int[] DOUBLE_OR_FPV5 = {
        0xEE310B02, // vadd.f64 d0, d1, d2
        0xEEB70AC1, // vcvt.f64.f32 d0, s2
        0xEEB70B00, // vmov.f64 d0, #1.0
        0xFEB80A41, // vrinta.f32 s0, s2
        0xFE010A02, // vseleq.f32 s0, s2, s4
        0xFE810A02, // vmaxnm.f32 s0, s2, s4
        0xEEB21B41, // vcvtb.f64.f16 d1, s2
        0xEEB70A41, // vrintx.f32 s0, s2
        0xFEBC0AC1, // vcvta.s32.f32 s0, s2
    };

    static final int[] BOTH = {
        0xED913B04, // vldr d3, [r1, #16]
        0xEC421B15, // vmov d5, r1, r2
        0xED2D8B04, // vpush {d8-d9}
        0xEE310A02, // vadd.f32 s0, s2, s4
        0xEE263B10, // vmov.32 d6[1], r3
        0xEEB30A41, // vcvtb.f16.f32 s0, s2
        0xEEB10AC1, // vsqrt.f32 s0, s2
        0xECB10B20, // vldmia r1!, {d0-d15}
    };

    @Test
    void cortexM7DecodesDoublePrecisionAndFpv5() {
        for (int e : DOUBLE_OR_FPV5) assertThat(decode(CoreVariant.CORTEX_M7, e)).as("%08X", e).isNotNull();
        for (int e : BOTH) assertThat(decode(CoreVariant.CORTEX_M7, e)).as("%08X", e).isNotNull();
    }

    @Test
    void cortexM4LeavesDoublePrecisionAndFpv5Undefined() {
        for (int e : DOUBLE_OR_FPV5) assertThat(decode(CoreVariant.CORTEX_M4, e)).as("%08X", e).isNull();
        for (int e : BOTH) assertThat(decode(CoreVariant.CORTEX_M4, e)).as("%08X", e).isNotNull();
    }

    @Test
    void otherCoprocessorsAreNotFloatingPoint() {
        assertThat(decode(CoreVariant.CORTEX_M7, 0xEE070F15)).isNull(); // mcr p15, 0, r0, c7, c5, 0
        assertThat(decode(CoreVariant.CORTEX_M7, 0xFD910A00)).isNull(); // ldc2 p10 (T2 space, hand-made)
    }

    @Test
    void registersBeyondTheSixteenDoubleBankAreUndefined() {
        // Hand-made from vadd.f64 d0, d1, d2 with the D, N or M bit set (d16, d17, d18).
        assertThat(decode(CoreVariant.CORTEX_M7, 0xEE710B02)).isNull();
        assertThat(decode(CoreVariant.CORTEX_M7, 0xEE310B82)).isNull();
        assertThat(decode(CoreVariant.CORTEX_M7, 0xEE310B22)).isNull();
        // ...while the same bits on single precision just pick odd S registers.
        assertThat(decode(CoreVariant.CORTEX_M7, 0xEE7FFA2E)).isNotNull(); // vadd.f32 s31, s30, s29
        assertThat(decode(CoreVariant.CORTEX_M7, 0xEE3EFB0D)).isNotNull(); // vadd.f64 d15, d14, d13
        // vcvt.f64.f32 d16, s2 (sz = 0 but the destination is a double).
        assertThat(decode(CoreVariant.CORTEX_M7, 0xEEF70AC1)).isNull();
        // vldmia r1!, {d0-d16}: 17 registers.
        assertThat(decode(CoreVariant.CORTEX_M7, 0xECB10B22)).isNull();
    }

    @Test
    void unpredictableEncodingsDecodeAsUndefined() {
        assertThat(decode(CoreVariant.CORTEX_M7, 0xEE13DA90)).isNull(); // vmov sp, s7
        assertThat(decode(CoreVariant.CORTEX_M7, 0xECB10A00)).isNull(); // vldmia r1!, {} (no registers)
        assertThat(decode(CoreVariant.CORTEX_M7, 0xECBF0A01)).isNull(); // vldmia pc!, {s0}
        assertThat(decode(CoreVariant.CORTEX_M7, 0xEC511A32)).isNull(); // vmov r1, r1, s5, s6
    }
}
