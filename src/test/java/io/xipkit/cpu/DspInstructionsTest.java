package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked examples for every DSP instruction family at the edges the pseudocode cares about
 * (DDI 0403E A7.7): 0x8000 lanes, 0xFF bytes, 0x80000000/0x7FFFFFFF, GE observed through SEL,
 * and the sticky Q flag. Encodings from arm-none-eabi-as/objdump (hw1:hw2). Registers: Rd = r0,
 * Rn = r1, Rm = r2, Ra = r3 unless noted; long multiplies RdLo = r0, RdHi = r1, Rn = r2, Rm = r3.
 */
class DspInstructionsTest {
    /** sel r3, r4, r5 with r4 = all ones, r5 = 0: r3 shows GE[3:0] as byte masks. */
    private static final int SEL_R3_R4_R5 = 0xfaa4f385;

    private Core core;

    @BeforeEach
    void newCore() {
        core = new Core(CoreVariant.CORTEX_M7, new TestBus(), 25_000_000);
    }

    private void exec(int enc) {
        Op op = DspDecoder.decode32(0x1000, enc >>> 16, enc & 0xFFFF);
        assertThat(op).as("decode %08x", enc).isNotNull();
        op.exec(core);
    }

    /** Runs a three-register op on r1, r2 and returns r0. */
    private int run(int enc, int rn, int rm) {
        core.r[1] = rn;
        core.r[2] = rm;
        exec(enc);
        return core.r[0];
    }

    private int run(int enc, int rn, int rm, int ra) {
        core.r[3] = ra;
        return run(enc, rn, rm);
    }

    /** GE as SEL sees it. */
    private int selMask() {
        core.r[4] = -1;
        core.r[5] = 0;
        exec(SEL_R3_R4_R5);
        return core.r[3];
    }

    @Nested
    class ParallelAddSubtract {
        @Test
        void sadd16WrapsEachHalfAndSetsGeFromTheExactSign() {
            assertThat(run(0xfa91f002, 0x7FFF8000, 0x00018000)).isEqualTo(0x80000000); // sadd16
            assertThat(selMask()).isEqualTo(0xFFFF0000); // low: -65536 < 0; high: +32768 >= 0
        }

        @Test
        void qadd16SaturatesLanesAndLeavesGeAndQAlone() {
            core.ge = 0b0101;
            assertThat(run(0xfa91f012, 0x7FFF8000, 0x00018000)).isEqualTo(0x7FFF8000); // qadd16
            assertThat(core.ge).isEqualTo(0b0101);
            assertThat(core.q).isFalse();
        }

        @Test
        void shadd16HalvesTheExactSum() {
            assertThat(run(0xfa91f022, 0x7FFF8000, 0x00018000)).isEqualTo(0x40008000); // shadd16
        }

        @Test
        void uadd16SetsGeOnCarryOutOfEachHalf() {
            assertThat(run(0xfa91f042, 0xFFFF0001, 0x0001FFFF)).isEqualTo(0); // uadd16
            assertThat(selMask()).isEqualTo(0xFFFFFFFF);
            assertThat(run(0xfa91f042, 0x7FFF0001, 0x00010001)).isEqualTo(0x80000002);
            assertThat(selMask()).isZero();
        }

        @Test
        void uqadd16AndUhadd16() {
            assertThat(run(0xfa91f052, 0xFFFF0001, 0x0001FFFF)).isEqualTo(0xFFFFFFFF); // uqadd16
            assertThat(run(0xfa91f062, 0xFFFF0001, 0x0001FFFF)).isEqualTo(0x80008000); // uhadd16
        }

        @Test
        void usub8SetsGeWhereNoBorrow() {
            assertThat(run(0xfac1f042, 0x00FF0180, 0x01FE0080)).isEqualTo(0xFF010100); // usub8
            assertThat(selMask()).isEqualTo(0x00FFFFFF);
            assertThat(run(0xfac1f052, 0x00FF0180, 0x01FE0080)).isEqualTo(0x00010100); // uqsub8 clamps at 0
        }

        @Test
        void ssub8AndQsub8AtTheByteExtremes() {
            assertThat(run(0xfac1f002, 0x807F00FF, 0x01FF7F80)).isEqualTo(0x7F80817F); // ssub8
            assertThat(selMask()).isEqualTo(0x00FF00FF);
            assertThat(run(0xfac1f012, 0x807F00FF, 0x01FF7F80)).isEqualTo(0x807F817F); // qsub8
        }

        @Test
        void sasxSubtractsLowAddsHighWithHalvesExchanged() {
            assertThat(run(0xfaa1f002, 0x7FFF8000, 0x7FFF0001)).isEqualTo(0x80000001); // sasx
            assertThat(selMask()).isEqualTo(0xFFFF0000);
            assertThat(run(0xfaa1f012, 0x7FFF8000, 0x7FFF0001)).isEqualTo(0x7FFF8000); // qasx
        }

        @Test
        void usaxAddsLowSubtractsHigh() {
            assertThat(run(0xfae1f042, 0xFFFFFFFF, 0x0001FFFF)).isZero(); // usax
            assertThat(selMask()).isEqualTo(0xFFFFFFFF);
            assertThat(run(0xfae1f042, 0x00010005, 0x00030002)).isEqualTo(0xFFFF0008);
            assertThat(selMask()).isZero();
        }

        @Test
        void uhsub16KeepsTheSignOfANegativeDifference() {
            assertThat(run(0xfad1f062, 0x00000000, 0x00010001)).isEqualTo(0xFFFFFFFF); // uhsub16
        }

        @Test
        void selPicksBytesByGe() {
            core.ge = 0b1001;
            assertThat(run(0xfaa1f082, 0x11223344, 0xAABBCCDD)).isEqualTo(0x11BBCC44); // sel
        }
    }

    @Nested
    class Saturation {
        @Test
        void qaddAndQsubSaturateAndSetQ() {
            assertThat(run(0xfa82f081, 0x7FFFFFFF, 1)).isEqualTo(0x7FFFFFFF); // qadd r0, r1, r2 = sat(r1 + r2)
            assertThat(core.q).isTrue();
            core.q = false;
            assertThat(run(0xfa82f0a1, 0x80000000, 1)).isEqualTo(0x80000000); // qsub r0, r1, r2 = sat(r1 - r2)
            assertThat(core.q).isTrue();
        }

        @Test
        void qaddWithoutOverflowLeavesQClearButNeverClearsIt() {
            assertThat(run(0xfa82f081, 5, 7)).isEqualTo(12);
            assertThat(core.q).isFalse();
            core.q = true;
            assertThat(run(0xfa82f081, 5, 7)).isEqualTo(12);
            assertThat(core.q).isTrue();
        }

        @Test
        void qdaddSaturatesTheDoubling() {
            assertThat(run(0xfa82f091, 0, 0x40000000)).isEqualTo(0x7FFFFFFF); // qdadd r0, r1, r2 = r1 + sat(2 r2)
            assertThat(core.q).isTrue();
        }

        @Test
        void qdsubOfMinusTwoToThe30() {
            assertThat(run(0xfa82f0b1, -1, 0xC0000000)).isEqualTo(0x7FFFFFFF); // -1 - (-2^31), exact
            assertThat(core.q).isFalse();
            assertThat(run(0xfa82f0b1, 0, 0xC0000000)).isEqualTo(0x7FFFFFFF); // 0 - (-2^31) overflows
            assertThat(core.q).isTrue();
        }

        @Test
        void ssatClampsToTheSignedRange() {
            assertThat(run(0xf3010007, 200, 0)).isEqualTo(127); // ssat r0, #8, r1
            assertThat(core.q).isTrue();
            core.q = false;
            assertThat(run(0xf3010007, -200, 0)).isEqualTo(-128);
            assertThat(core.q).isTrue();
            core.q = false;
            assertThat(run(0xf3010007, 100, 0)).isEqualTo(100);
            assertThat(core.q).isFalse();
        }

        @Test
        void ssatShiftsBeforeSaturatingAndLosesBitsShiftedOut() {
            assertThat(run(0xf30100df, 0x20000000, 0)).isZero(); // ssat r0, #32, r1, lsl #3
            assertThat(run(0xf30100df, 0x7FFFFFFF, 0)).isEqualTo(-8);
            assertThat(run(0xf32170c0, 0x80000000, 0)).isEqualTo(-1); // ssat r0, #1, r1, asr #31
            assertThat(core.q).isFalse();
        }

        @Test
        void usatClampsToTheUnsignedRange() {
            assertThat(run(0xf3810008, -5, 0)).isZero(); // usat r0, #8, r1
            assertThat(core.q).isTrue();
            assertThat(run(0xf3810008, 300, 0)).isEqualTo(255);
            core.q = false;
            assertThat(run(0xf3a10040, 1, 0)).isZero(); // usat r0, #0, r1, asr #1: 0 fits
            assertThat(core.q).isFalse();
            assertThat(run(0xf3a10040, 2, 0)).isZero(); // 1 does not fit in 0 bits
            assertThat(core.q).isTrue();
        }

        @Test
        void ssat16AndUsat16WorkPerHalfword() {
            assertThat(run(0xf3210007, 0x80007FFF, 0)).isEqualTo(0xFF80007F); // ssat16 r0, #8, r1
            assertThat(core.q).isTrue();
            core.q = false;
            assertThat(run(0xf3a1000f, 0x7FFF1234, 0)).isEqualTo(0x7FFF1234); // usat16 r0, #15, r1
            assertThat(core.q).isFalse();
            assertThat(run(0xf3a1000f, 0x8000FFFF, 0)).isZero();
            assertThat(core.q).isTrue();
        }
    }

    @Nested
    class Multiplies {
        @Test
        void smlabbSetsQWhenTheAccumulationOverflows() {
            assertThat(run(0xfb113002, 0x8000, 0x8000, 0x40000000)).isEqualTo(0x80000000); // smlabb
            assertThat(core.q).isTrue();
        }

        @Test
        void smulbbOfTwoMinimumHalfwordsDoesNotTouchQ() {
            assertThat(run(0xfb11f002, 0x8000, 0x8000)).isEqualTo(0x40000000); // smulbb
            assertThat(core.q).isFalse();
        }

        @Test
        void smlatbAndSmlabtPickTheNamedHalves() {
            assertThat(run(0xfb113022, 0x7FFF0000, 2, 1)).isEqualTo(65535); // smlatb
            assertThat(run(0xfb113012, 0x00000003, 0xFFFE0000, 1)).isEqualTo(-5); // smlabt
        }

        @Test
        void smuadOfFourMinimumHalvesOverflowsIntoQ() {
            assertThat(run(0xfb21f002, 0x80008000, 0x80008000)).isEqualTo(0x80000000); // smuad
            assertThat(core.q).isTrue();
        }

        @Test
        void dualMultipliesAndTheirExchangedForms() {
            assertThat(run(0xfb213002, 0x00020003, 0x00050007, 10)).isEqualTo(41); // smlad: 3*7 + 2*5 + 10
            assertThat(run(0xfb213012, 0x00020003, 0x00050007, 10)).isEqualTo(39); // smladx: 3*5 + 2*7 + 10
            assertThat(run(0xfb413002, 0x00020003, 0x00050007, 10)).isEqualTo(21); // smlsd: 3*7 - 2*5 + 10
            assertThat(run(0xfb41f012, 0x00020003, 0x00050007)).isEqualTo(1);      // smusdx: 3*5 - 2*7
            assertThat(core.q).isFalse();
        }

        @Test
        void smlawbKeepsBits47To16AndSetsQOnOverflow() {
            assertThat(run(0xfb313002, 0x80000000, 0x8000, 0x7FFFFFFF)).isEqualTo(0xBFFFFFFF); // smlawb
            assertThat(core.q).isTrue();
        }

        @Test
        void smulwbRoundsTowardMinusInfinity() {
            assertThat(run(0xfb31f002, 0x00010000, 2)).isEqualTo(2); // smulwb
            assertThat(run(0xfb31f002, -1, 1)).isEqualTo(-1);
        }

        @Test
        void mostSignificantWordMultiplies() {
            assertThat(run(0xfb51f002, 0x40000000, 4)).isEqualTo(1);  // smmul: 2^32 >> 32
            assertThat(run(0xfb51f002, 0x40000000, 2)).isZero();      // smmul truncates 2^31
            assertThat(run(0xfb51f012, 0x40000000, 2)).isEqualTo(1);  // smmulr rounds it up
            assertThat(run(0xfb513002, -1, -1, 5)).isEqualTo(5);      // smmla: 5*2^32 + 1
            assertThat(run(0xfb613002, 1, 1, 5)).isEqualTo(4);        // smmls: 5*2^32 - 1
            assertThat(run(0xfb613012, 1, 1, 5)).isEqualTo(5);        // smmlsr
        }

        @Test
        void usad8AndUsada8() {
            assertThat(run(0xfb71f002, 0x00FF1080, 0xFF000580)).isEqualTo(521); // 255 + 255 + 11 + 0
            assertThat(run(0xfb713002, 0x00FF1080, 0xFF000580, 1000)).isEqualTo(1521);
        }
    }

    @Nested
    class LongMultiplies {
        private void runLong(int enc, int lo, int hi, int rn, int rm) {
            core.r[0] = lo;
            core.r[1] = hi;
            core.r[2] = rn;
            core.r[3] = rm;
            exec(enc);
        }

        @Test
        void smlalbbWrapsThe64BitAccumulatorWithoutTouchingQ() {
            runLong(0xfbc20183, 0xFFFFFFFF, 0x7FFFFFFF, 0x8000, 0x8000); // smlalbb
            assertThat(core.r[1]).isEqualTo(0x80000000);
            assertThat(core.r[0]).isEqualTo(0x3FFFFFFF);
            assertThat(core.q).isFalse();
        }

        @Test
        void smlalttUsesTheTopHalves() {
            runLong(0xfbc201b3, 0, 0, 0xFFFF0000, 0x00030000); // smlaltt: -1 * 3
            assertThat(core.r[0]).isEqualTo(-3);
            assertThat(core.r[1]).isEqualTo(-1);
        }

        @Test
        void smlaldDoesNotSaturate() {
            runLong(0xfbc201c3, 0, 0, 0x80008000, 0x80008000); // smlald: 2^31
            assertThat(core.r[0]).isEqualTo(0x80000000);
            assertThat(core.r[1]).isZero();
            assertThat(core.q).isFalse();
        }

        @Test
        void smlsldAndItsExchangedForm() {
            runLong(0xfbd201c3, -1, -1, 0x00020003, 0x00050007); // smlsld: 3*7 - 2*5 - 1
            assertThat(core.r[0]).isEqualTo(10);
            assertThat(core.r[1]).isZero();
            runLong(0xfbd201d3, 0, 0, 0x00020003, 0x00050007); // smlsldx: 3*5 - 2*7
            assertThat(core.r[0]).isEqualTo(1);
            assertThat(core.r[1]).isZero();
        }

        @Test
        void umaalOfAllOnesFillsExactly64Bits() {
            runLong(0xfbe20163, -1, -1, -1, -1); // umaal: (2^32-1)^2 + 2(2^32-1) = 2^64 - 1
            assertThat(core.r[0]).isEqualTo(-1);
            assertThat(core.r[1]).isEqualTo(-1);
        }
    }

    @Nested
    class ExtendAndPack {
        @Test
        void sxtb16ExtendsBytesZeroAndTwo() {
            assertThat(run(0xfa2ff082, 0, 0x12803456)).isEqualTo(0xFF800056); // sxtb16 r0, r2
        }

        @Test
        void sxtab16RotatesThenAddsPerHalfword() {
            assertThat(run(0xfa21f092, 0x00010001, 0x80FF7F01)).isEqualTo(0xFF810080); // sxtab16 ..., ror #8
        }

        @Test
        void uxtab16HalvesDoNotCarryIntoEachOther() {
            assertThat(run(0xfa31f082, 0xFFFFFFFF, 0x00010001)).isZero(); // uxtab16
        }

        @Test
        void uxtb16WithRotation() {
            assertThat(run(0xfa3ff0b2, 0, 0x11223344)).isEqualTo(0x00330011); // uxtb16 r0, r2, ror #24
        }

        @Test
        void pkhbtAndPkhtb() {
            assertThat(run(0xeac14002, 0x11112222, 0x00003333)).isEqualTo(0x33332222); // pkhbt lsl #16
            assertThat(run(0xeac14022, 0x11112222, 0x80001234)).isEqualTo(0x11118000); // pkhtb asr #16
            assertThat(run(0xeac10022, 0x11112222, 0x80000000)).isEqualTo(0x1111FFFF); // pkhtb asr #32
        }
    }
}
