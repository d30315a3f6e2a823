package io.xipkit.cpu;

import static io.xipkit.cpu.ExceptionTestRig.handler;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Priorities and preemption (DDI 0403E B1.5.4) and the MSR/CPS special-register rules (B5.2). */
class ExceptionPriorityTest {
    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
    private final Core core = rig.core;
    private final Nvic nvic = core.scs.nvic();

    {
        core.r[13] = 0x20001000;
        core.pc = 0x2000;
    }

    @Test
    void higherPriorityInterruptPreemptsLowerOneDoesNot() {
        rig.enableIrq(0, 0x80);
        rig.enableIrq(1, 0x40);
        rig.enableIrq(2, 0xC0);
        nvic.setPending(0);
        rig.take();
        nvic.setPending(2);
        rig.take();
        assertThat(core.ipsr).isEqualTo(16);
        nvic.setPending(1);
        rig.take();
        assertThat(core.ipsr).isEqualTo(17);
    }

    @Test
    void disabledInterruptStaysPending() {
        core.write8(0xE000E400, 0x10);
        nvic.setPending(0);
        rig.take();
        assertThat(core.ipsr).isZero();
        assertThat(rig.read32(0xE000E200)).isEqualTo(1);
        rig.write32(0xE000E100, 1);
        rig.take();
        assertThat(core.ipsr).isEqualTo(16);
    }

    @Test
    void primaskBlocksConfigurableExceptionsButNotNmi() {
        rig.enableIrq(0, 0x00);
        core.exceptions.special.cps(true, true, false);
        nvic.setPending(0);
        rig.take();
        assertThat(core.ipsr).isZero();
        rig.write32(0xE000ED04, 1 << 31);        // NMIPENDSET
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.NMI);
    }

    @Test
    void basepriMasksEqualAndLowerPriorities() {
        rig.enableIrq(0, 0x80);
        rig.enableIrq(1, 0x70);
        core.exceptions.special.msr(17, 0, 0x80);        // MSR BASEPRI, 0x80
        nvic.setPending(0);
        rig.take();
        assertThat(core.ipsr).isZero();
        nvic.setPending(1);
        rig.take();
        assertThat(core.ipsr).isEqualTo(17);
    }

    @Test
    void basepriMaxOnlyRaisesTheMask() {
        core.exceptions.special.msr(17, 0, 0x80);
        core.exceptions.special.setBasepriMax(0xA0);
        assertThat(core.exceptions.special.mrs(17)).isEqualTo(0x80);
        core.exceptions.special.msr(18, 0, 0x40);        // MSR BASEPRI_MAX
        assertThat(core.exceptions.special.mrs(17)).isEqualTo(0x40);
        core.exceptions.special.setBasepriMax(0);
        assertThat(core.exceptions.special.mrs(17)).isEqualTo(0x40);
        core.exceptions.special.msr(17, 0, 0x4F);        // unimplemented low bits read as zero (4 bits)
        assertThat(core.exceptions.special.mrs(17)).isEqualTo(0x40);
    }

    @Test
    void subpriorityDoesNotPreemptButOrdersPendingExceptions() {
        rig.write32(0xE000ED0C, 0x05FA0500);     // PRIGROUP = 5: group bits [7:6]
        assertThat(rig.read32(0xE000ED0C)).isEqualTo(0xFA050500);
        rig.enableIrq(0, 0x40);
        rig.enableIrq(1, 0x50);                  // same group as 0x40
        rig.enableIrq(2, 0x60);
        nvic.setPending(0);
        rig.take();
        nvic.setPending(2);
        nvic.setPending(1);
        rig.take();
        assertThat(core.ipsr).as("same group: no preemption").isEqualTo(16);
        rig.returnWith(0xFFFFFFF9);
        assertThat(core.ipsr).as("lower subpriority value first (tail-chain)").isEqualTo(17);
    }

    @Test
    void vectorWithoutKeyIsIgnored() {
        rig.write32(0xE000ED0C, 0x00000300);
        assertThat(rig.read32(0xE000ED0C)).isEqualTo(0xFA050000);
    }

    @Test
    void equalPriorityIsResolvedByExceptionNumber() {
        rig.enableIrq(5, 0x80);
        rig.enableIrq(3, 0x80);
        nvic.setPending(5);
        nvic.setPending(3);
        rig.take();
        assertThat(core.ipsr).isEqualTo(16 + 3);
    }

    @Test
    void faultmaskIsClearedOnReturnAndCannotBeSetInHardFault() {
        rig.enableIrq(0, 0x80);
        nvic.setPending(0);
        rig.take();
        core.exceptions.special.cps(true, false, true);
        assertThat(core.faultmask).isEqualTo(1);
        rig.returnWith(0xFFFFFFF9);
        assertThat(core.faultmask).isZero();

        core.exceptions.fault(new CpuFault(FaultKind.UNDEFINSTR));
        rig.take();
        assertThat(core.ipsr).isEqualTo(3);
        core.exceptions.special.msr(19, 0, 1);
        assertThat(core.faultmask).isZero();
    }

    @Test
    void unprivilegedThreadCannotChangeMasks() {
        core.exceptions.special.msr(20, 0, 1);           // CONTROL.nPRIV = 1
        assertThat(core.privileged()).isFalse();
        core.exceptions.special.msr(16, 0, 1);
        core.exceptions.special.cps(true, true, true);
        assertThat(core.primask).isZero();
        assertThat(core.faultmask).isZero();
        assertThat(core.exceptions.special.mrs(20)).isEqualTo(1);
    }

    @Test
    void mrsXpsrVariantsCombineApsrAndIpsr() {
        rig.enableIrq(0, 0x80);
        nvic.setPending(0);
        rig.take();
        core.n = true;
        core.z = false;
        assertThat(core.exceptions.special.mrs(3)).isEqualTo(0x80000010);   // XPSR: APSR | IPSR, EPSR reads 0
        assertThat(core.exceptions.special.mrs(5)).isEqualTo(0x10);         // IPSR
        assertThat(core.exceptions.special.mrs(0)).isEqualTo(0x80000000);   // APSR
        core.exceptions.special.msr(0, 2, 0x60000000);                        // MSR APSR_nzcvq
        assertThat(core.z).isTrue();
        assertThat(core.n).isFalse();
    }

    @Test
    void msrControlSpselSwitchesToProcessStackInThread() {
        core.setPsp(0x20003000);
        core.exceptions.special.msr(20, 0, 2);
        assertThat(core.r[13]).isEqualTo(0x20003000);
        assertThat(core.exceptions.special.mrs(8)).isEqualTo(0x20001000);    // MSP
        assertThat(core.exceptions.special.mrs(9)).isEqualTo(0x20003000);    // PSP
    }

    @Test
    void wfiWakesForPendingInterruptMaskedByPrimaskWithoutTakingIt() {
        rig.enableIrq(0, 0x80);
        core.exceptions.special.cps(true, true, false);
        core.exceptions.waitForInterrupt();
        assertThat(core.exceptions.hasWakeupPending()).isFalse();
        nvic.setPending(0);
        assertThat(core.exceptions.hasWakeupPending()).isTrue();
        rig.take();
        assertThat(core.ipsr).isZero();
    }

    @Test
    void wfeConsumesTheEventRegister() {
        core.eventRegister = false;
        core.exceptions.sendEvent();
        core.exceptions.waitForEvent();
        assertThat(core.sleeping).isFalse();
        assertThat(core.eventRegister).isFalse();
        core.exceptions.waitForEvent();
        assertThat(core.sleeping).isTrue();
        assertThat(core.exceptions.hasWakeupPending()).isFalse();
        rig.write32(0xE000ED10, Scb.SCR_SEVONPEND);
        nvic.setPending(4);                      // disabled, but SEVONPEND makes it an event
        assertThat(core.exceptions.hasWakeupPending()).isTrue();
    }

    @Test
    void levelSensitiveLinePendsAgainAfterReturnWhileAsserted() {
        rig.enableIrq(7, 0x80);
        nvic.setLevel(7, true);
        rig.take();
        assertThat(core.ipsr).isEqualTo(16 + 7);
        assertThat(nvic.isPending(7)).isFalse();
        rig.returnWith(0xFFFFFFF9);
        assertThat(core.ipsr).as("tail-chained back in").isEqualTo(16 + 7);
        nvic.setLevel(7, false);
        rig.returnWith(0xFFFFFFF9);
        assertThat(core.ipsr).isZero();
        assertThat(nvic.isPending(7)).isFalse();
    }

    @Test
    void icsrReportsActivePendingAndRettobase() {
        rig.enableIrq(0, 0x80);
        rig.enableIrq(1, 0xC0);
        nvic.setPending(0);
        rig.take();
        nvic.setPending(1);
        int icsr = rig.read32(0xE000ED04);
        assertThat(icsr & 0x1FF).isEqualTo(16);
        assertThat((icsr >>> 12) & 0x1FF).isEqualTo(17);
        assertThat(icsr & (1 << 22)).as("ISRPENDING").isNotZero();
        assertThat(icsr & (1 << 11)).as("RETTOBASE").isNotZero();
        assertThat(handler(16)).isEqualTo(core.pc);
    }
}
