package io.xipkit.cpu;

import static io.xipkit.cpu.ExceptionTestRig.handler;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Exception entry and return: DDI 0403E B1.5.6 (PushStack/ExceptionTaken), B1.5.8 (ExceptionReturn/PopStack). */
class ExceptionEntryReturnTest {
    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
    private final Core core = rig.core;

    private void threadContext(int sp) {
        core.r[13] = sp;
        for (int i = 0; i < 4; i++) core.r[i] = 0xA0 + i;
        core.r[12] = 0xAC;
        core.r[14] = 0x1235;
        core.pc = 0x2000;
        core.n = true;
        core.c = true;
    }

    @Test
    void basicFrameIsPaddedToEightBytesAndFlaggedInStackedXpsrBit9() {
        threadContext(0x20001004);
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();

        assertThat(core.r[13]).isEqualTo(0x20000FE0);
        int[] expected = {0xA0, 0xA1, 0xA2, 0xA3, 0xAC, 0x1235, 0x2000, 0xA1000200};
        for (int i = 0; i < 8; i++) assertThat(rig.read32(0x20000FE0 + 4 * i)).as("word %d", i).isEqualTo(expected[i]);
        assertThat(core.ipsr).isEqualTo(16);
        assertThat(core.pc).isEqualTo(handler(16));
        assertThat(core.r[14]).isEqualTo(0xFFFFFFF9);
        assertThat(core.exceptions.isActive(16)).isTrue();
        assertThat(core.scs.nvic().isPending(0)).isFalse();

        core.r[0] = 0;
        core.n = false;
        rig.returnWith(0xFFFFFFF9);
        assertThat(core.r[13]).isEqualTo(0x20001004);
        assertThat(core.r[0]).isEqualTo(0xA0);
        assertThat(core.r[14]).isEqualTo(0x1235);
        assertThat(core.pc).isEqualTo(0x2000);
        assertThat(core.ipsr).isZero();
        assertThat(core.n).isTrue();
        assertThat(core.exceptions.activeCount()).isZero();
    }

    @Test
    void alignedStackGetsNoPadding() {
        threadContext(0x20001000);
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();
        assertThat(core.r[13]).isEqualTo(0x20000FE0);
        assertThat(rig.read32(0x20000FFC) & (1 << 9)).isZero();
        rig.returnWith(0xFFFFFFF9);
        assertThat(core.r[13]).isEqualTo(0x20001000);
    }

    @Test
    void withStkalignClearedOnM4TheFrameIsOnlyWordAligned() {
        ExceptionTestRig m4 = new ExceptionTestRig(CoreVariant.CORTEX_M4);
        m4.write32(0xE000ED14, 0); // CCR.STKALIGN = 0 (writable on the M4)
        m4.core.r[13] = 0x20001004;
        m4.core.pc = 0x2000;
        m4.enableIrq(3, 0x10);
        m4.core.scs.nvic().setPending(3);
        m4.take();
        assertThat(m4.core.r[13]).isEqualTo(0x20000FE4);
        assertThat(m4.read32(0x20000FE4 + 0x1C) & (1 << 9)).isZero();
        m4.returnWith(0xFFFFFFF9);
        assertThat(m4.core.r[13]).isEqualTo(0x20001004);
    }

    @Test
    void stkalignIsReadAsOneOnTheM7() {
        rig.write32(0xE000ED14, 0);
        assertThat(rig.read32(0xE000ED14)).isEqualTo(0x00040200);
    }

    @Test
    void threadOnProcessStackReturnsWithExcReturnFD() {
        threadContext(0x20001000);
        core.setPsp(0x20002000);
        core.setModeAndControl(0, 2);
        assertThat(core.r[13]).isEqualTo(0x20002000);
        rig.enableIrq(1, 0x80);
        core.scs.nvic().setPending(1);
        rig.take();
        assertThat(core.r[14]).isEqualTo(0xFFFFFFFD);
        assertThat(core.r[13]).as("handler runs on MSP").isEqualTo(0x20001000);
        assertThat(core.psp()).isEqualTo(0x20001FE0);
        assertThat(core.control & 2).isZero();
        rig.returnWith(0xFFFFFFFD);
        assertThat(core.control & 2).isEqualTo(2);
        assertThat(core.r[13]).isEqualTo(0x20002000);
        assertThat(core.msp()).isEqualTo(0x20001000);
    }

    @Test
    void nestedPreemptionUsesExcReturnF1() {
        threadContext(0x20001000);
        rig.enableIrq(0, 0x80);
        rig.enableIrq(1, 0x40);
        core.scs.nvic().setPending(0);
        rig.take();
        core.pc = handler(16) + 4;
        core.scs.nvic().setPending(1);
        rig.take();
        assertThat(core.ipsr).isEqualTo(17);
        assertThat(core.r[14]).isEqualTo(0xFFFFFFF1);
        assertThat(core.r[13]).isEqualTo(0x20000FC0);
        assertThat(rig.read32(0x20000FC0 + 0x18)).isEqualTo(handler(16) + 4);
        rig.returnWith(0xFFFFFFF1);
        assertThat(core.ipsr).isEqualTo(16);
        assertThat(core.pc).isEqualTo(handler(16) + 4);
        assertThat(core.r[13]).isEqualTo(0x20000FE0);
    }

    @Test
    void extendedFrameStoresS0toS15AndFpscrWhenLazyStackingIsOff() {
        rig.write32(0xE000ED88, 0xF << 20);        // CPACR: CP10/CP11 full access
        rig.write32(0xE000EF34, 0x80000000);       // FPCCR: ASPEN = 1, LSPEN = 0
        threadContext(0x20001000);
        core.exceptions.fpuAccess();
        assertThat(core.control & 4).as("FPCA").isEqualTo(4);
        for (int i = 0; i < 16; i++) core.s[i] = 0x3F800000 + i;
        core.fpscr = 0x03000000;
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();

        int frame = 0x20001000 - 0x68;
        assertThat(core.r[13]).isEqualTo(frame);
        assertThat(core.r[14]).isEqualTo(0xFFFFFFE9);
        assertThat(core.control & 4).isZero();
        for (int i = 0; i < 16; i++) assertThat(rig.read32(frame + 0x20 + 4 * i)).isEqualTo(0x3F800000 + i);
        assertThat(rig.read32(frame + 0x60)).isEqualTo(0x03000000);

        java.util.Arrays.fill(core.s, 0);
        core.fpscr = 0;
        rig.returnWith(0xFFFFFFE9);
        assertThat(core.s[5]).isEqualTo(0x3F800005);
        assertThat(core.fpscr).isEqualTo(0x03000000);
        assertThat(core.control & 4).isEqualTo(4);
        assertThat(core.r[13]).isEqualTo(0x20001000);
    }

    @Test
    void lazyStackingReservesSpaceAndPreservesOnFirstFpUseInTheHandler() {
        rig.write32(0xE000ED88, 0xF << 20);
        threadContext(0x20001000);
        core.exceptions.fpuAccess();
        for (int i = 0; i < 16; i++) core.s[i] = 0x100 + i;
        core.fpscr = 0x00400000;
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();

        int frame = 0x20001000 - 0x68;
        int fpccr = rig.read32(0xE000EF34);
        assertThat(fpccr & Scb.FPCCR_LSPACT).isEqualTo(1);
        assertThat(fpccr & Scb.FPCCR_THREAD).isNotZero();
        assertThat(rig.read32(0xE000EF38)).isEqualTo(frame + 0x20);
        assertThat(rig.read32(frame + 0x20)).as("nothing written yet").isZero();

        core.exceptions.fpuAccess();            // the handler's first FP instruction
        assertThat(rig.read32(frame + 0x20 + 4 * 3)).isEqualTo(0x103);
        assertThat(rig.read32(frame + 0x60)).isEqualTo(0x00400000);
        assertThat(rig.read32(0xE000EF34) & Scb.FPCCR_LSPACT).isZero();

        core.s[3] = 0xDEAD;                     // handler clobbers S3
        rig.returnWith(0xFFFFFFE9);
        assertThat(core.s[3]).isEqualTo(0x103);
    }

    @Test
    void lazyStateIsDroppedWhenTheHandlerNeverUsedFp() {
        rig.write32(0xE000ED88, 0xF << 20);
        threadContext(0x20001000);
        core.exceptions.fpuAccess();
        core.s[7] = 0x777;
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();
        rig.returnWith(0xFFFFFFE9);
        assertThat(rig.read32(0xE000EF34) & Scb.FPCCR_LSPACT).isZero();
        assertThat(core.s[7]).isEqualTo(0x777);
        assertThat(rig.read32(0x20001000 - 0x68 + 0x20 + 28)).isZero();
    }

    @Test
    void tailChainingEntersTheNextHandlerWithoutUnstacking() {
        threadContext(0x20001000);
        rig.enableIrq(0, 0x80);
        core.write8(0xE000ED22, 0xF0);           // SHPR3: PendSV priority 0xF0
        core.scs.nvic().setPending(0);
        rig.take();
        rig.write32(0xE000ED04, 1 << 28);        // ICSR.PENDSVSET inside the IRQ handler
        rig.take();
        assertThat(core.ipsr).as("PendSV cannot preempt IRQ0").isEqualTo(16);

        core.r[0] = 0x5555;
        rig.returnWith(0xFFFFFFF9);
        assertThat(core.ipsr).isEqualTo(14);
        assertThat(core.pc).isEqualTo(handler(14));
        assertThat(core.r[13]).as("frame left in place").isEqualTo(0x20000FE0);
        assertThat(core.r[14]).isEqualTo(0xFFFFFFF9);
        assertThat(core.r[0]).as("no unstacking happened").isEqualTo(0x5555);
        assertThat(core.exceptions.isActive(16)).isFalse();

        rig.returnWith(0xFFFFFFF9);
        assertThat(core.ipsr).isZero();
        assertThat(core.pc).isEqualTo(0x2000);
        assertThat(core.r[0]).isEqualTo(0xA0);
    }

    @Test
    void invalidExcReturnIsInvpcEscalatedToHardFault() {
        threadContext(0x20001000);
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();
        rig.returnWith(0xFFFFFFF5);
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
        assertThat(rig.read32(0xE000ED28)).isEqualTo(1 << 18);       // UFSR.INVPC
        assertThat(rig.read32(0xE000ED2C)).isEqualTo(1 << 30);       // HFSR.FORCED
        assertThat(core.r[14]).isEqualTo(0xFFFFFFF5);
    }

    @Test
    void returnToThreadWithOtherExceptionsActiveIsInvpcUnlessNonbasethrdena() {
        threadContext(0x20001000);
        rig.write32(0xE000ED24, Scb.SHCSR_USGFAULTENA);
        rig.enableIrq(0, 0x80);
        rig.enableIrq(1, 0x40);
        core.scs.nvic().setPending(0);
        rig.take();
        core.scs.nvic().setPending(1);
        rig.take();
        rig.returnWith(0xFFFFFFF9);                                  // claims "back to Thread" while IRQ0 is active
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.USAGE_FAULT);
        assertThat(rig.read32(0xE000ED28)).isEqualTo(1 << 18);
    }

    @Test
    void svcIsTakenAfterTheInstructionWithTheNextAddressStacked() {
        threadContext(0x20001000);
        rig.step(ExceptionTestRig.op(2, c -> c.exceptions.svc(7)));
        assertThat(core.pc).isEqualTo(0x2002);
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.SVCALL);
        assertThat(rig.read32(core.r[13] + 0x18)).isEqualTo(0x2002);
    }

    @Test
    void vectorWithBitZeroClearFaultsWithInvstate() {
        rig.bus.write32(4 * 16, handler(16));    // Thumb bit missing
        threadContext(0x20001000);
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
        assertThat(rig.read32(0xE000ED28)).isEqualTo(1 << 17);
        assertThat(rig.read32(core.r[13] + 0x18)).isEqualTo(handler(16));
    }

    @Test
    void unreadableVectorIsHardFaultVecttbl() {
        rig.write32(0xE000ED08, 0x000FFF00);      // VTOR: IRQ48's vector falls off the end of memory
        rig.bus.write32(0x000FFF00 + 4 * 3, handler(3) | 1);
        threadContext(0x20001000);
        rig.enableIrq(48, 0x80);
        core.scs.nvic().setPending(48);
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
        assertThat(rig.read32(0xE000ED2C)).isEqualTo(Scb.HFSR_VECTTBL);
    }

    @Test
    void sleepOnExitSleepsAfterReturningToThread() {
        threadContext(0x20001000);
        rig.write32(0xE000ED10, Scb.SCR_SLEEPONEXIT);
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();
        rig.returnWith(0xFFFFFFF9);
        assertThat(core.sleeping).isTrue();
    }
}
