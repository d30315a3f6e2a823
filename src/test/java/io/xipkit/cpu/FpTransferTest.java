package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Register transfers, FPSCR access and extension-register loads and stores (ARM DDI 0403E
 * A7.7: VMOV, VMRS, VMSR, VLDR, VSTR, VLDM, VSTM, VPUSH, VPOP), and the coprocessor access
 * check every FP instruction makes. Encodings from arm-none-eabi-as.
 */
class FpTransferTest {
    TestBus bus;
    Core core;

    @BeforeEach
    void setUp() {
        bus = new TestBus();
        core = new Core(CoreVariant.CORTEX_M7, bus, 25_000_000);
        core.write32(0xE000ED88, 0xF << 20);
    }

    void exec(int encoding) {
        exec(encoding, 0);
    }

    void exec(int encoding, int pc) {
        Op op = FpDecoder.decode32(CoreVariant.CORTEX_M7, pc, encoding >>> 16, encoding & 0xFFFF);
        assertThat(op).as("decodes %08X", encoding).isNotNull();
        assertThat(op.size).isEqualTo(4);
        op.exec(core);
    }

    @Test
    void vmovImmediateExpandsTheEightBitConstant() {
        exec(0xEEBF0A08); // vmov.f32 s0, #-1.5
        assertThat(core.s[0]).isEqualTo(Float.floatToRawIntBits(-1.5f));
        exec(0xEEB30A0F); // vmov.f32 s0, #31.0
        assertThat(core.s[0]).isEqualTo(Float.floatToRawIntBits(31f));
        exec(0xEEB40B00); // vmov.f64 d0, #0.125
        assertThat(FpOps.readD(core, 0)).isEqualTo(Double.doubleToRawLongBits(0.125));
    }

    @Test
    void vmovRegisterCopiesBitsIncludingSignallingNans() {
        core.control |= 4; // FP context active: FPSCR set below is not replaced by FPDSCR
        FpOps.writeD(core, 1, 0x7FF0000000000001L);
        core.fpscr = 1 << 25; // DN must not matter
        exec(0xEEB00B41); // vmov.f64 d0, d1
        assertThat(FpOps.readD(core, 0)).isEqualTo(0x7FF0000000000001L);
        assertThat(core.fpscr).isEqualTo(1 << 25);
    }

    @Test
    void vmovBetweenCoreAndSingleRegisters() {
        core.r[3] = 0xCAFEBABE;
        exec(0xEE033A90); // vmov s7, r3
        assertThat(core.s[7]).isEqualTo(0xCAFEBABE);
        exec(0xEE134A90); // vmov r4, s7
        assertThat(core.r[4]).isEqualTo(0xCAFEBABE);
    }

    @Test
    void vmovBetweenTwoCoreRegistersAndADoubleOrTwoSingles() {
        core.r[1] = 0x11111111;
        core.r[2] = 0x22222222;
        exec(0xEC421B15); // vmov d5, r1, r2
        assertThat(FpOps.readD(core, 5)).isEqualTo(0x2222222211111111L);
        exec(0xEC421A32); // vmov s5, s6, r1, r2
        assertThat(core.s[5]).isEqualTo(0x11111111);
        assertThat(core.s[6]).isEqualTo(0x22222222);
        FpOps.writeD(core, 5, 0xAAAAAAAABBBBBBBBL);
        exec(0xEC521B15); // vmov r1, r2, d5
        assertThat(core.r[1]).isEqualTo(0xBBBBBBBB);
        assertThat(core.r[2]).isEqualTo(0xAAAAAAAA);
        core.s[5] = 5;
        core.s[6] = 6;
        exec(0xEC521A32); // vmov r1, r2, s5, s6
        assertThat(core.r[1]).isEqualTo(5);
        assertThat(core.r[2]).isEqualTo(6);
    }

    @Test
    void vmovScalarAccessesOneHalfOfADoubleRegister() {
        FpOps.writeD(core, 6, 0x0123456789ABCDEFL);
        core.r[3] = 0xFFFFFFFF;
        exec(0xEE263B10); // vmov.32 d6[1], r3
        assertThat(FpOps.readD(core, 6)).isEqualTo(0xFFFFFFFF89ABCDEFL);
        exec(0xEE163B10); // vmov.32 r3, d6[0]
        assertThat(core.r[3]).isEqualTo(0x89ABCDEF);
    }

    @Test
    void vmsrKeepsOnlyTheImplementedFpscrBitsAndVmrsReadsThemBack() {
        core.r[3] = 0xFFFFFFFF;
        exec(0xEEE13A10); // vmsr fpscr, r3
        assertThat(core.fpscr).isEqualTo(0xF7C0009F);
        core.r[3] = 0;
        exec(0xEEF13A10); // vmrs r3, fpscr
        assertThat(core.r[3]).isEqualTo(0xF7C0009F);
    }

    @Test
    void vmrsToApsrCopiesOnlyTheComparisonFlags() {
        core.control |= 4; // FP context active: FPSCR set below is not replaced by FPDSCR
        core.fpscr = 0xA000009F; // N and C
        core.q = true;
        exec(0xEEF1FA10); // vmrs APSR_nzcv, fpscr
        assertThat(core.n).isTrue();
        assertThat(core.z).isFalse();
        assertThat(core.c).isTrue();
        assertThat(core.v).isFalse();
        assertThat(core.q).isTrue();
        assertThat(core.r[15]).isZero(); // not a write to the PC
    }

    @Test
    void vldrAndVstrUseTheImmediateOffset() {
        core.r[1] = 0x20000100;
        bus.write32(0x200000F8, 0x3F800000);
        exec(0xED511A02); // vldr s3, [r1, #-8]
        assertThat(core.s[3]).isEqualTo(0x3F800000);
        exec(0xEDC11A02); // vstr s3, [r1, #8]
        assertThat(bus.read32(0x20000108)).isEqualTo(0x3F800000);
        bus.write32(0x20000110, 0x11111111);
        bus.write32(0x20000114, 0x22222222);
        exec(0xED913B04); // vldr d3, [r1, #16]
        assertThat(FpOps.readD(core, 3)).isEqualTo(0x2222222211111111L);
        exec(0xED813B00); // vstr d3, [r1]
        assertThat(bus.read32(0x20000100)).isEqualTo(0x11111111);
        assertThat(bus.read32(0x20000104)).isEqualTo(0x22222222);
        assertThat(core.r[1]).isEqualTo(0x20000100);
    }

    @Test
    void literalLoadsUseTheWordAlignedPc() {
        // vldr s1, [pc, #8] at 0x102: Align(0x102 + 4, 4) = 0x104, + 8 = 0x10C.
        bus.write32(0x10A, 0xDEADBEEF);
        bus.write32(0x10C, 0x12345678);
        exec(0xEDDF0A02, 0x102);
        assertThat(core.s[1]).isEqualTo(0x12345678);
        bus.write32(0x200, 0x55555555);
        bus.write32(0x204, 0x66666666);
        exec(0xED1F1B01, 0x200); // vldr d1, [pc, #-4] at 0x200: 0x204 - 4
        assertThat(FpOps.readD(core, 1)).isEqualTo(0x6666666655555555L);
    }

    @Test
    void vpushAndVpopMoveTheStackPointer() {
        core.r[13] = 0x20001000;
        for (int i = 8; i < 12; i++) core.s[i] = 0x100 + i;
        exec(0xED2D4A04); // vpush {s8-s11}
        assertThat(core.r[13]).isEqualTo(0x20000FF0);
        assertThat(bus.read32(0x20000FF0)).isEqualTo(0x108);
        assertThat(bus.read32(0x20000FFC)).isEqualTo(0x10B);
        for (int i = 8; i < 12; i++) core.s[i] = 0;
        exec(0xECBD4A04); // vpop {s8-s11}
        assertThat(core.r[13]).isEqualTo(0x20001000);
        assertThat(core.s[8]).isEqualTo(0x108);
        assertThat(core.s[11]).isEqualTo(0x10B);
        FpOps.writeD(core, 8, 0x0807060504030201L);
        exec(0xED2D8B04); // vpush {d8-d9}
        assertThat(core.r[13]).isEqualTo(0x20000FF0);
        assertThat(bus.read32(0x20000FF0)).isEqualTo(0x04030201);
        assertThat(bus.read32(0x20000FF4)).isEqualTo(0x08070605);
    }

    @Test
    void vldmAndVstmWithAndWithoutWriteback() {
        core.r[1] = 0x20000200;
        bus.write32(0x20000200, 1);
        bus.write32(0x20000204, 2);
        bus.write32(0x20000208, 3);
        exec(0xECB11A03); // vldmia r1!, {s2-s4}
        assertThat(new int[] {core.s[2], core.s[3], core.s[4]}).containsExactly(1, 2, 3);
        assertThat(core.r[1]).isEqualTo(0x2000020C);
        FpOps.writeD(core, 1, 0x1111111122222222L);
        FpOps.writeD(core, 2, 0x3333333344444444L);
        exec(0xEC811B04); // vstmia r1, {d1-d2}
        assertThat(core.r[1]).isEqualTo(0x2000020C);
        assertThat(bus.read32(0x2000020C)).isEqualTo(0x22222222);
        assertThat(bus.read32(0x20000218)).isEqualTo(0x33333333);
        core.r[2] = 0x20000300;
        exec(0xED221B04); // vstmdb r2!, {d1-d2}
        assertThat(core.r[2]).isEqualTo(0x200002F0);
        assertThat(bus.read32(0x200002F0)).isEqualTo(0x22222222);
    }

    @Test
    void unalignedLoadsFaultEvenWithoutUnalignTrap() {
        core.r[1] = 0x20000102;
        assertThatThrownBy(() -> exec(0xED511A02)) // vldr s3, [r1, #-8]
                .isInstanceOfSatisfying(CpuFault.class, f -> assertThat(f.kind).isEqualTo(FaultKind.UNALIGNED));
        core.r[1] = 0x20000202;
        assertThatThrownBy(() -> exec(0xECB11A03)) // vldmia r1!, {s2-s4}
                .isInstanceOf(CpuFault.class);
        assertThat(core.r[1]).as("no writeback after a fault").isEqualTo(0x20000202);
    }

    @Test
    void everyFpInstructionChecksCoprocessorAccessFirst() {
        core.write32(0xE000ED88, 0);
        core.r[3] = 0x12345678;
        assertThatThrownBy(() -> exec(0xEE033A90)) // vmov s7, r3
                .isInstanceOfSatisfying(CpuFault.class, f -> assertThat(f.kind).isEqualTo(FaultKind.NOCP));
        assertThat(core.s[7]).isZero();
        assertThatThrownBy(() -> exec(0xEE310A02)) // vadd.f32
                .isInstanceOfSatisfying(CpuFault.class, f -> assertThat(f.kind).isEqualTo(FaultKind.NOCP));
        assertThat(core.control & 4).isZero();
    }

    @Test
    void fpInstructionSetsControlFpca() {
        exec(0xEE033A90);
        assertThat(core.control & 4).isEqualTo(4);
    }

    @Test
    void runLoopExecutesDecodedFpInstructions() {
        // vadd.f32 s0, s2, s4 at 0x100, run through the core's decode cache.
        bus.putHalfwords(0x100, 0xEE31, 0x0A02);
        core.s[2] = Float.floatToRawIntBits(1.25f);
        core.s[4] = Float.floatToRawIntBits(2f);
        core.pc = 0x100;
        core.run(1, Long.MAX_VALUE);
        assertThat(core.s[0]).isEqualTo(Float.floatToRawIntBits(3.25f));
        assertThat(core.pc).isEqualTo(0x104);
    }
}
