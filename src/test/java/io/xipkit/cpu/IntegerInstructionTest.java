package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Semantics of the base integer instructions, pinned to the ARMv7-M pseudocode (DDI 0403E).
 * Encodings were produced by arm-none-eabi-as and are written here as halfwords.
 */
class IntegerInstructionTest {
    private TestBus bus;
    private Core core;

    @BeforeEach
    void setUp() {
        bus = new TestBus();
        bus.write32(0, 0x20001000); // initial SP
        bus.write32(4, 0x101);      // reset vector
        bus.write32(12, 0x401);     // HardFault handler (faults escalate: no handler is enabled)
        core = new Core(CoreVariant.CORTEX_M7, bus, 25_000_000);
        core.reset();
    }

    /** Places halfwords at 0x100 and executes {@code count} instructions from there. */
    private void run(int count, int... halfwords) {
        bus.putHalfwords(0x100, halfwords);
        core.pc = 0x100;
        StopReason stop = core.run(count, Long.MAX_VALUE);
        assertThat(stop).isInstanceOf(StopReason.InstructionLimit.class);
    }

    @Test
    void registerShiftByZeroKeepsValueAndCarry() {
        core.r[1] = 0x80000001;
        core.r[2] = 0;
        core.c = true;
        run(1, 0xFA11, 0xF002); // lsls.w r0, r1, r2
        assertThat(core.r[0]).isEqualTo(0x80000001);
        assertThat(core.c).isTrue();
        assertThat(core.n).isTrue();
    }

    @Test
    void registerShiftBy32And33FollowTheArchitecture() {
        core.r[1] = 0x80000001;
        core.r[2] = 32;
        run(1, 0xFA11, 0xF002); // lsls.w r0, r1, #32 -> 0, carry = bit 0
        assertThat(core.r[0]).isZero();
        assertThat(core.c).isTrue();
        assertThat(core.z).isTrue();

        core.r[2] = 33;
        run(1, 0xFA11, 0xF002); // lsls by 33 -> 0, carry 0
        assertThat(core.r[0]).isZero();
        assertThat(core.c).isFalse();

        core.r[2] = 32;
        run(1, 0xFA31, 0xF002); // lsrs by 32 -> 0, carry = bit 31
        assertThat(core.r[0]).isZero();
        assertThat(core.c).isTrue();

        core.r[2] = 200;
        run(1, 0xFA51, 0xF002); // asrs by 200 -> sign fill, carry = sign
        assertThat(core.r[0]).isEqualTo(-1);
        assertThat(core.c).isTrue();

        core.r[2] = 0x120; // only the bottom byte counts: 32
        run(1, 0xFA71, 0xF002); // rors by 32 -> unchanged, carry = bit 31
        assertThat(core.r[0]).isEqualTo(0x80000001);
        assertThat(core.c).isTrue();
    }

    @Test
    void registerShiftUsesOnlyTheBottomByteOfTheAmount() {
        core.r[1] = 1;
        core.r[2] = 0x104; // bottom byte 4
        run(1, 0xFA01, 0xF002); // lsl.w r0, r1, r2 (no flags)
        assertThat(core.r[0]).isEqualTo(16);
    }

    @Test
    void immediateShiftsBy32AndRrx() {
        core.r[1] = 0x80000000;
        run(1, 0x1008); // asrs r0, r1, #32
        assertThat(core.r[0]).isEqualTo(-1);
        assertThat(core.c).isTrue();
        core.r[1] = 0x7FFFFFFF;
        run(1, 0x0808); // lsrs r0, r1, #32
        assertThat(core.r[0]).isZero();
        assertThat(core.c).isFalse();
        core.r[1] = 3;
        core.c = true;
        run(1, 0xEA4F, 0x0031); // mov.w r0, r1, rrx
        assertThat(core.r[0]).isEqualTo(0x80000001);
        assertThat(core.c).isTrue(); // no S: carry unchanged
    }

    @Test
    void divisionByZeroGivesZeroWithoutTrap() {
        core.r[1] = 1234;
        core.r[2] = 0;
        run(1, 0xFB91, 0xF0F2); // sdiv r0, r1, r2
        assertThat(core.r[0]).isZero();
        run(1, 0xFBB1, 0xF0F2); // udiv
        assertThat(core.r[0]).isZero();
    }

    @Test
    void divisionOverflowAndUnsignedDivision() {
        core.r[1] = Integer.MIN_VALUE;
        core.r[2] = -1;
        run(1, 0xFB91, 0xF0F2); // sdiv INT_MIN / -1 = INT_MIN
        assertThat(core.r[0]).isEqualTo(Integer.MIN_VALUE);
        core.r[1] = 0xFFFFFFFE;
        core.r[2] = 2;
        run(1, 0xFBB1, 0xF0F2); // udiv 0xFFFFFFFE / 2
        assertThat(core.r[0]).isEqualTo(0x7FFFFFFF);
        core.r[1] = -7;
        core.r[2] = 2;
        run(1, 0xFB91, 0xF0F2); // sdiv rounds toward zero
        assertThat(core.r[0]).isEqualTo(-3);
    }

    @Test
    void divisionByZeroFaultsWhenCcrDiv0TrpIsSet() {
        core.write32(0xE000ED14, 0x210); // CCR: STKALIGN | DIV_0_TRP
        core.r[1] = 1;
        core.r[2] = 0;
        bus.putHalfwords(0x100, 0xFB91, 0xF0F2);
        core.pc = 0x100;
        core.run(1, Long.MAX_VALUE);
        assertThatFaultTaken(1 << 25); // CFSR.DIVBYZERO
    }

    /** UsageFault is not enabled, so the fault escalates to HardFault with the cause in CFSR. */
    private void assertThatFaultTaken(int cfsrBit) {
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
        assertThat(core.pc).isEqualTo(0x400);
        assertThat(core.read32(0xE000ED28) & cfsrBit).isEqualTo(cfsrBit);
        assertThat(core.read32(0xE000ED2C)).isEqualTo(0x40000000); // HFSR.FORCED
        assertThat(core.read32(core.r[13] + 24)).isEqualTo(0x100);  // stacked return address
    }

    @Test
    void itBlockExecutesThenAndElseSlotsByCondition() {
        core.z = true;
        core.r[0] = 0;
        run(4, 0xBF06, 0x2001, 0x3002, 0x2003); // itte eq; moveq r0,#1; addeq r0,#2; movne r0,#3
        assertThat(core.r[0]).isEqualTo(3);
        assertThat(core.itState).isZero();

        core.z = false;
        core.r[0] = 0;
        run(4, 0xBF06, 0x2001, 0x3002, 0x2003);
        assertThat(core.r[0]).isEqualTo(3); // only movne executes
        assertThat(core.pc).isEqualTo(0x108);
    }

    @Test
    void sixteenBitAluInsideItBlockDoesNotSetFlags() {
        core.z = true;
        core.r[0] = 0;
        run(3, 0xBF06, 0x2001, 0x3002); // itt..: moveq r0,#1 (a MOVS outside IT) must leave Z
        assertThat(core.z).isTrue();
        assertThat(core.r[0]).isEqualTo(3);
    }

    @Test
    void sixteenBitAluOutsideItBlockSetsFlags() {
        core.r[1] = 0x7FFFFFFF;
        core.r[2] = 1;
        run(1, 0x1888); // adds r0, r1, r2
        assertThat(core.r[0]).isEqualTo(0x80000000);
        assertThat(core.n).isTrue();
        assertThat(core.v).isTrue();
        assertThat(core.c).isFalse();
    }

    @Test
    void addWithCarryAndSubtractWithCarryFlags() {
        core.r[1] = 0xFFFFFFFF;
        core.r[2] = 0;
        core.c = true;
        run(1, 0xEB51, 0x0002); // adcs.w r0, r1, r2 -> 0, C=1, Z=1
        assertThat(core.r[0]).isZero();
        assertThat(core.c).isTrue();
        assertThat(core.z).isTrue();
        assertThat(core.v).isFalse();

        core.r[1] = 0;
        core.r[2] = 0;
        core.c = false;
        run(1, 0xEB71, 0x0002); // sbcs.w r0, r1, r2 = 0 - 0 - 1 = -1, C=0 (borrow)
        assertThat(core.r[0]).isEqualTo(-1);
        assertThat(core.c).isFalse();
        assertThat(core.n).isTrue();
    }

    @Test
    void modifiedImmediateRotatedFormSetsCarryOnLogicalOps() {
        core.c = false;
        run(1, 0xF05F, 0x4000); // movs.w r0, #0x80000000: rotated constant -> C = bit 31
        assertThat(core.r[0]).isEqualTo(0x80000000);
        assertThat(core.c).isTrue();
        core.r[1] = 0x12345678;
        core.c = true;
        run(1, 0xF011, 0x20FF); // ands.w r0, r1, #0xFF00FF00: unrotated pattern -> C unchanged
        assertThat(core.r[0]).isEqualTo(0x12005600);
        assertThat(core.c).isTrue();
        run(1, 0xF04F, 0x20AB); // mov.w r0, #0xAB00AB00
        assertThat(core.r[0]).isEqualTo(0xAB00AB00);
    }

    @Test
    void longMultiplies() {
        core.r[2] = 0xFFFFFFFF;
        core.r[3] = 0xFFFFFFFF;
        run(1, 0xFBA2, 0x0103); // umull r0, r1, r2, r3
        assertThat(core.r[0]).isEqualTo(1);
        assertThat(core.r[1]).isEqualTo(0xFFFFFFFE);
        core.r[0] = 5;
        core.r[1] = 0;
        core.r[2] = -2;
        core.r[3] = 3;
        run(1, 0xFBC2, 0x0103); // smlal: 5 + (-6) = -1
        assertThat(core.r[0]).isEqualTo(-1);
        assertThat(core.r[1]).isEqualTo(-1);
    }

    @Test
    void bitFieldInsertAndExtract() {
        core.r[0] = 0xFFFFFFFF;
        core.r[1] = 0xAB;
        run(1, 0xF361, 0x100B); // bfi r0, r1, #4, #8
        assertThat(core.r[0]).isEqualTo(0xFFFFFABF);
        core.r[1] = 0x00000F80;
        run(1, 0xF341, 0x1007); // sbfx r0, r1, #4, #8 -> 0xF8 sign-extended
        assertThat(core.r[0]).isEqualTo(0xFFFFFFF8);
        core.r[1] = 0xA0000000;
        run(1, 0xF3C1, 0x7003); // ubfx r0, r1, #28, #4
        assertThat(core.r[0]).isEqualTo(0xA);
    }

    @Test
    void dualLoadStoreWithPreAndPostIndexing() {
        core.r[0] = 0x20000100;
        bus.write32(0x20000108, 0x11111111);
        bus.write32(0x2000010C, 0x22222222);
        run(1, 0xE9F0, 0x2302); // ldrd r2, r3, [r0, #8]!
        assertThat(core.r[2]).isEqualTo(0x11111111);
        assertThat(core.r[3]).isEqualTo(0x22222222);
        assertThat(core.r[0]).isEqualTo(0x20000108);
        run(1, 0xE860, 0x2302); // strd r2, r3, [r0], #-8
        assertThat(core.r[0]).isEqualTo(0x20000100);
        assertThat(bus.read32(0x20000108)).isEqualTo(0x11111111);
    }

    @Test
    void ldrdFaultsOnUnalignedAddressEvenWithoutUnalignTrp() {
        core.r[0] = 0x20000102;
        bus.putHalfwords(0x100, 0xE9D0, 0x2300); // ldrd r2, r3, [r0]
        core.pc = 0x100;
        core.run(1, Long.MAX_VALUE);
        assertThatFaultTaken(1 << 24); // CFSR.UNALIGNED
    }

    @Test
    void unalignedWordLoadIsAllowedUnlessTrapped() {
        core.r[1] = 0x20000101;
        bus.write32(0x20000100, 0x44332211);
        bus.write32(0x20000104, 0x88776655);
        run(1, 0x6808); // ldr r0, [r1]
        assertThat(core.r[0]).isEqualTo(0x55443322);
        core.write32(0xE000ED14, 0x208); // CCR.UNALIGN_TRP
        bus.putHalfwords(0x100, 0x6808);
        core.pc = 0x100;
        core.run(1, Long.MAX_VALUE);
        assertThatFaultTaken(1 << 24);
    }

    @Test
    void pushAndPopWithPcInterworks() {
        core.r[13] = 0x20000800;
        core.r[4] = 4;
        core.r[7] = 7;
        core.r[14] = 0x201;
        run(1, 0xB5F0); // push {r4-r7, lr}
        assertThat(core.r[13]).isEqualTo(0x20000800 - 20);
        assertThat(bus.read32(0x20000800 - 4)).isEqualTo(0x201);
        core.r[4] = 0;
        run(1, 0xBDF0); // pop {r4-r7, pc}
        assertThat(core.r[4]).isEqualTo(4);
        assertThat(core.pc).isEqualTo(0x200);
        assertThat(core.r[13]).isEqualTo(0x20000800);
    }

    @Test
    void tableBranchByteUsesPcPlusFourAsBase() {
        // tbb [pc, r0] at 0x100; table at 0x104: entries 2, 5
        bus.putHalfwords(0x100, 0xE8DF, 0xF000, 0x0502);
        core.pc = 0x100;
        core.r[0] = 1;
        core.run(1, Long.MAX_VALUE);
        assertThat(core.pc).isEqualTo(0x104 + 2 * 5);
    }

    @Test
    void negatesWithFlags() {
        core.r[1] = 0;
        run(1, 0x4248); // negs r0, r1 -> 0, C=1 (no borrow), Z=1
        assertThat(core.r[0]).isZero();
        assertThat(core.c).isTrue();
        assertThat(core.z).isTrue();
        core.r[1] = Integer.MIN_VALUE;
        run(1, 0x4248);
        assertThat(core.r[0]).isEqualTo(Integer.MIN_VALUE);
        assertThat(core.v).isTrue();
    }

    @Test
    void exclusiveStoreSucceedsOnlyAfterMatchingLoad() {
        core.r[1] = 0x20000200;
        core.r[2] = 99;
        // strex r0, r2, [r1] without a prior ldrex fails
        run(1, 0xE841, 0x2000);
        assertThat(core.r[0]).isEqualTo(1);
        // ldrex r3, [r1]; strex r0, r2, [r1] succeeds
        run(2, 0xE851, 0x3F00, 0xE841, 0x2000);
        assertThat(core.r[0]).isZero();
        assertThat(bus.read32(0x20000200)).isEqualTo(99);
    }

    @Test
    void decodedInstructionIsDroppedWhenTheCoreOverwritesIt() {
        // movs r0, #1 at 0x20000000, executed once; then overwritten with movs r0, #2.
        bus.putHalfwords(0x20000000, 0x2001);
        core.pc = 0x20000000;
        core.run(1, Long.MAX_VALUE);
        assertThat(core.r[0]).isEqualTo(1);
        core.write16(0x20000000, 0x2002);
        core.pc = 0x20000000;
        core.run(1, Long.MAX_VALUE);
        assertThat(core.r[0]).isEqualTo(2);
    }
}
