package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which 32-bit encodings the DSP decoder claims (DDI 0403E A5.3.3, A5.3.11–A5.3.17), which it
 * leaves to the base decoder (null), and which it decodes as UNDEFINED. Encodings from
 * arm-none-eabi-as -mcpu=cortex-m7 -mthumb / objdump, written hw1:hw2; hand-edited ones say so.
 */
class DspDecoderTest {
    private static Op decode(int enc) {
        return DspDecoder.decode32(0x1000, enc >>> 16, enc & 0xFFFF);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {
        0xfa01f002, // lsl.w r0, r1, r2
        0xfa61f002, // ror.w r0, r1, r2
        0xfa0ff081, // sxth.w r0, r1
        0xfa01f082, // sxtah r0, r1, r2
        0xfa5ff081, // uxtb.w r0, r1
        0xfa51f082, // uxtab r0, r1, r2
        0xfa91f081, // rev.w r0, r1
        0xfa91f0a1, // rbit r0, r1
        0xfab1f081, // clz r0, r1
        0xfa91f0b1, // revsh.w r0, r1
        0xfb01f002, // mul.w r0, r1, r2
        0xfb013002, // mla r0, r1, r2, r3
        0xfb013012, // mls r0, r1, r2, r3
        0xfb820103, // smull r0, r1, r2, r3
        0xfba20103, // umull r0, r1, r2, r3
        0xfbc20103, // smlal r0, r1, r2, r3
        0xfbe20103, // umlal r0, r1, r2, r3
        0xfb91f0f2, // sdiv r0, r1, r2
        0xfbb1f0f2, // udiv r0, r1, r2
        0xf60170ff, // addw r0, r1, #4095
        0xf64f70ff, // movw r0, #65535
        0xf6cf70ff, // movt r0, #65535
        0xf34100c4, // sbfx r0, r1, #3, #5
        0xf3c100c4, // ubfx r0, r1, #3, #5
        0xf36100c7, // bfi r0, r1, #3, #5
        0xf36f00c7, // bfc r0, #3, #5
        0xeb0100c2, // add.w r0, r1, r2, lsl #3
        0xea410002, // orr.w r0, r1, r2
        0xf2a10001, // subw r0, r1, #1
        0xf20f0060, // addw r0, pc, #96 (ADR)
        0xf1010001, // add.w r0, r1, #1 (modified immediate)
        0xf000f800, // bl (branches and misc control)
        0xf8d10004, // ldr.w r0, [r1, #4]
    })
    void leavesBaseEncodingsToTheBaseDecoder(int enc) {
        assertThat(decode(enc)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {
        0xfa91f002, // sadd16 r0, r1, r2
        0xfa82f081, // qadd r0, r1, r2
        0xfaa1f082, // sel r0, r1, r2
        0xfa2ff082, // sxtb16 r0, r2
        0xfb113002, // smlabb r0, r1, r2, r3
        0xfb71f002, // usad8 r0, r1, r2
        0xfbc201b3, // smlaltt r0, r1, r2, r3
        0xfbe20163, // umaal r0, r1, r2, r3
        0xf3010007, // ssat r0, #8, r1
        0xf3a1000f, // usat16 r0, #15, r1
        0xeac14022, // pkhtb r0, r1, r2, asr #16
    })
    void claimsDspEncodingsAsFourByteOps(int enc) {
        Op op = decode(enc);
        assertThat(op).isNotNull().isNotInstanceOf(DspUndefinedOp.class);
        assertThat(op.size).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {
        0xfab1f002, // parallel signed op1 = 011: UNDEFINED slot (A5.3.13)
        0xfa91f032, // parallel prefix op2 = 0011: UNDEFINED (A5.3.13)
        0xfa91f072, // parallel unsigned prefix op2 = 0111: UNDEFINED (A5.3.14)
        0xfa91e002, // sadd16 with hw2[15:12] = 1110: UNDEFINED (A5.3.12)
        0xfa82f08f, // qadd r0, pc, r2 (hand-edited Rm = 15)
        0xfaa1f08d, // sel r0, r1, sp (hand-edited Rm = 13)
        0xfa2df082, // sxtab16 r0, sp, r2 (hand-edited Rn = 13)
        0xfa2ff0c2, // sxtb16 with hw2[6] = 1, a (0) bit
        0xfb113042, // smlabb with hw2[7:6] = 01: UNDEFINED (A5.3.16)
        0xfb213022, // smlad with op2 = 10: UNDEFINED (A5.3.16)
        0xfb71f012, // usad8 with op2 = 01: UNDEFINED (A5.3.16)
        0xfb61f002, // smmls with Ra = 15 (no SMMLS form without Ra)
        0xfb11d002, // smlabb with Ra = 13
        0xfbc20083, // smlalbb with RdLo = RdHi = r0
        0xfbc2d183, // smlalbb with RdLo = sp
        0xf3010d07, // ssat sp, #8, r1 (hand-edited Rd = 13)
        0xf7010007, // ssat with hw1[10] = 1, a (0) bit
        0xf3010027, // ssat with hw2[5] = 1, a (0) bit
        0xead10002, // pkhbt with S = 1
        0xeac10012, // pkhbt with T = 1
        0xeac1000f, // pkhbt r0, r1, pc
    })
    void decodesReservedAndUnpredictableChoicesAsUndefined(int enc) {
        Op op = decode(enc);
        assertThat(op).isInstanceOf(DspUndefinedOp.class);
        Core core = new Core(CoreVariant.CORTEX_M7, new TestBus(), 25_000_000);
        assertThatThrownBy(() -> op.exec(core)).isInstanceOfSatisfying(CpuFault.class,
                f -> assertThat(f.kind).isEqualTo(FaultKind.UNDEFINSTR));
    }

    @org.junit.jupiter.api.Test
    void decodesOtherRegistersFromTheirFields() {
        // smlabb r9, r10, r11, r12 = fb1a c90b; qsub8 r12, r11, r10 = facb fc1a.
        Core core = new Core(CoreVariant.CORTEX_M7, new TestBus(), 25_000_000);
        core.r[10] = 3;
        core.r[11] = 5;
        core.r[12] = 100;
        decode(0xfb1ac90b).exec(core);
        assertThat(core.r[9]).isEqualTo(115);
        core.r[11] = 0x80808080;
        core.r[10] = 0x01010101;
        decode(0xfacbfc1a).exec(core);
        assertThat(core.r[12]).isEqualTo(0x80808080);
    }
}
