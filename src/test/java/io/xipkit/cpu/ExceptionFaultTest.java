package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Faults: status registers as silicon sets them (B3.2.15–B3.2.18), escalation (B1.5.14), lockup (B1.5.15). */
class ExceptionFaultTest {
    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
    private final Core core = rig.core;

    {
        core.r[13] = 0x20001000;
        core.pc = 0x2000;
    }

    private void enableAllFaults() {
        rig.write32(0xE000ED24, Scb.SHCSR_MEMFAULTENA | Scb.SHCSR_BUSFAULTENA | Scb.SHCSR_USGFAULTENA);
    }

    @Test
    void preciseBusErrorSetsPreciserrAndValidBfar() {
        enableAllFaults();
        rig.step(ExceptionTestRig.op(4, c -> c.bus.read32(0x60000000)));
        assertThat(core.pc).as("the faulting instruction does not retire").isEqualTo(0x2000);
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.BUS_FAULT);
        assertThat(rig.read32(0xE000ED28)).isEqualTo(0x00008200);   // BFARVALID | PRECISERR
        assertThat(rig.read32(0xE000ED38)).isEqualTo(0x60000000);
        assertThat(rig.read32(0xE000ED2C)).isZero();
        assertThat(rig.read32(core.r[13] + 0x18)).isEqualTo(0x2000);
        assertThat(rig.read32(0xE000ED24) & 2).as("SHCSR.BUSFAULTACT").isEqualTo(2);
    }

    @Test
    void undefinedInstructionWithUsageFaultDisabledEscalatesToHardFaultForced() {
        rig.step(ExceptionTestRig.op(2, c -> {
            throw Core.undefined();
        }));
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
        assertThat(rig.read32(0xE000ED28)).isEqualTo(0x00010000);
        assertThat(rig.read32(0xE000ED2C)).isEqualTo(0x40000000);
    }

    @Test
    void divideByZeroAndUnalignedSetTheirUfsrBits() {
        enableAllFaults();
        core.exceptions.fault(new CpuFault(FaultKind.DIVBYZERO));
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.USAGE_FAULT);
        assertThat(rig.read32(0xE000ED28)).isEqualTo(0x02000000);
        rig.write32(0xE000ED28, 0xFFFFFFFF);                          // write-one-to-clear
        assertThat(rig.read32(0xE000ED28)).isZero();

        ExceptionTestRig other = new ExceptionTestRig(CoreVariant.CORTEX_M7);
        other.write32(0xE000ED24, Scb.SHCSR_USGFAULTENA);
        other.write32(0xE000ED14, Scb.CCR_UNALIGN_TRP);
        other.core.r[13] = 0x20001000;
        other.core.pc = 0x2000;
        other.step(ExceptionTestRig.op(2, c -> c.read32(0x20000002)));
        other.take();
        assertThat(other.core.ipsr).isEqualTo(ExceptionNumber.USAGE_FAULT);
        assertThat(other.read32(0xE000ED28)).isEqualTo(0x01000000);
    }

    @Test
    void byteWriteToUfsrClearsOnlyThatByte() {
        core.exceptions.fault(new CpuFault(FaultKind.PRECISERR, 0x1234, true));
        core.exceptions.fault(new CpuFault(FaultKind.UNDEFINSTR));
        core.write16(0xE000ED2A, 0xFFFF);                             // UFSR only
        assertThat(rig.read32(0xE000ED28)).isEqualTo(0x00008200);
    }

    @Test
    void faultInAHandlerOfEqualPriorityEscalates() {
        enableAllFaults();
        rig.enableIrq(0, 0x00);                                       // IRQ at the same priority as UsageFault
        core.scs.nvic().setPending(0);
        rig.take();
        core.exceptions.fault(new CpuFault(FaultKind.UNDEFINSTR));
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
        assertThat(rig.read32(0xE000ED2C) & Scb.HFSR_FORCED).isNotZero();
    }

    @Test
    void dataAccessViolationSetsMmfar() {
        enableAllFaults();
        core.exceptions.fault(new CpuFault(FaultKind.DACCVIOL, 0x00000010, true));
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.MEM_MANAGE);
        assertThat(rig.read32(0xE000ED28)).isEqualTo(0x82);
        assertThat(rig.read32(0xE000ED34)).isEqualTo(0x10);
    }

    @Test
    void faultInsideHardFaultLocksUpTheRun() {
        // Everything at the handlers is UDF: reset handler faults, HardFault handler faults again.
        rig.bus.putHalfwords(ExceptionTestRig.RESET_HANDLER, ExceptionTestRig.UDF);
        core.reset();
        StopReason stop = core.run(100, Long.MAX_VALUE);
        assertThat(stop).isInstanceOf(StopReason.Lockup.class);
        assertThat(((StopReason.Lockup) stop).description()).contains("HardFault").contains("UNDEFINSTR");
        FaultSnapshot s = core.exceptions.lockupSnapshot();
        assertThat(s).isNotNull();
        assertThat(s.faultingPc()).isEqualTo(ExceptionTestRig.handler(3));
        assertThat(s.frame()[6]).as("stacked PC of the first fault").isEqualTo(ExceptionTestRig.RESET_HANDLER);
    }

    @Test
    void faultWithFaultmaskSetLocksUp() {
        core.exceptions.special.cps(true, false, true);
        core.exceptions.fault(new CpuFault(FaultKind.UNDEFINSTR));
        assertThat(core.run(1, Long.MAX_VALUE)).isInstanceOf(StopReason.Lockup.class);
    }

    @Test
    void bkptWithoutDebuggerIsHardFaultDebugevtWithTheBkptStacked() {
        rig.step(ExceptionTestRig.op(2, c -> c.breakpoint(0x12)));
        assertThat(core.pc).isEqualTo(0x2000);
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
        assertThat(rig.read32(0xE000ED2C)).isEqualTo(Scb.HFSR_DEBUGEVT);
        assertThat(rig.read32(0xE000ED30)).isEqualTo(Scb.DFSR_BKPT);
        assertThat(rig.read32(core.r[13] + 0x18)).isEqualTo(0x2000);
    }

    @Test
    void stackingBusErrorOnTheProcessStackIsStkerrTakenAfterEntry() {
        enableAllFaults();
        core.setPsp(0x30000020);                                      // a task stack pointing nowhere
        core.setModeAndControl(0, 2);
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.BUS_FAULT);
        assertThat(rig.read32(0xE000ED28)).isEqualTo(1 << 12);
        assertThat(core.exceptions.isActive(16)).as("the original exception was entered first").isTrue();
    }

    @Test
    void stackingErrorOnTheMainStackWhileEnteringTheFaultLocksUp() {
        enableAllFaults();
        core.r[13] = 0x30000020;
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();
        assertThat(core.run(1, Long.MAX_VALUE)).isInstanceOf(StopReason.Lockup.class);
    }

    @Test
    void unstackingBusErrorIsUnstkerr() {
        enableAllFaults();
        rig.enableIrq(0, 0x80);
        core.scs.nvic().setPending(0);
        rig.take();
        core.r[13] = 0x30000000;                                      // corrupt MSP in the handler
        rig.returnWith(0xFFFFFFF1 | 8);
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.BUS_FAULT);
        assertThat(rig.read32(0xE000ED28)).isEqualTo(1 << 11);
    }

    @Test
    void spinningFaultHandlerStopsWithASnapshotAndReport() {
        core.r[4] = 0x44;
        rig.step(ExceptionTestRig.op(4, c -> c.bus.write32(0x60000004, 1)));
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
        core.exceptions.faultHandlerSpinning();
        StopReason stop = core.run(10, Long.MAX_VALUE);
        assertThat(stop).isInstanceOf(StopReason.FaultHandlerSpin.class);
        FaultSnapshot s = ((StopReason.FaultHandlerSpin) stop).snapshot();
        assertThat(s.exception()).isEqualTo(3);
        assertThat(s.faultingPc()).isEqualTo(0x2000);
        assertThat(s.registers()[4]).isEqualTo(0x44);
        assertThat(s.registers()[13]).isEqualTo(0x20001000);
        assertThat(s.bfar()).isEqualTo(0x60000004);

        String report = FaultReport.build(s, a -> a == 0x2000 ? "main+0x10" : null);
        assertThat(report)
                .contains("HardFault")
                .contains("PRECISERR: precise data bus error, BFAR = 0x60000004 valid")
                .contains("FORCED")
                .contains("0x00002000 <main+0x10>")
                .contains("stacked frame at 0x20000FE0");
    }

    @Test
    void branchToAnEvenAddressStacksTheXpsrWithTClearAndTheTargetAsReturnAddress() {
        enableAllFaults();
        core.r[0] = 0x3000;                                          // even: BXWritePC clears EPSR.T
        rig.bus.putHalfwords(0x2000, 0x4700, 0xBF00);                // BX r0; NOP
        rig.bus.putHalfwords(0x3000, 0xBF00, 0xBF00);
        core.run(1, Long.MAX_VALUE);
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.USAGE_FAULT);
        assertThat(rig.read32(0xE000ED28)).as("CFSR.INVSTATE").isEqualTo(1 << 17);
        assertThat(rig.read32(core.r[13] + 0x18)).as("stacked PC").isEqualTo(0x3000);
        assertThat(rig.read32(core.r[13] + 0x1C) & (1 << 24)).as("stacked xPSR.T (B1.5.6 PushStack)").isZero();
        assertThat(core.thumb).as("the handler runs in Thumb state: its vector has bit 0 set").isTrue();
    }

    @Test
    void handlerReturningWithoutSettingTFaultsAgainAtTheSameAddress() {
        enableAllFaults();
        core.r[0] = 0x3000;
        rig.bus.putHalfwords(0x2000, 0x4700, 0xBF00);
        rig.bus.putHalfwords(0x3000, 0xBF00, 0xBF00);
        core.run(1, Long.MAX_VALUE);
        int frame = core.r[13];
        rig.write32(0xE000ED28, 1 << 17);
        rig.returnWith(0xFFFFFFF9);                                 // the frame still says T = 0 (B1.5.8)
        core.run(0, Long.MAX_VALUE);                                // no instruction: only the fault is taken
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.USAGE_FAULT);
        assertThat(rig.read32(0xE000ED28)).as("INVSTATE again").isEqualTo(1 << 17);
        assertThat(core.r[13]).isEqualTo(frame);
        assertThat(rig.read32(frame + 0x18)).isEqualTo(0x3000);
        assertThat(rig.read32(frame + 0x1C) & (1 << 24)).isZero();
    }

    @Test
    void vectorWithBitZeroClearStacksTheHandlerAddressWithTClear() {
        enableAllFaults();
        int pendsv = ExceptionNumber.PENDSV;
        rig.bus.write32(4 * pendsv, ExceptionTestRig.handler(pendsv));   // bit 0 clear
        rig.write32(0xE000ED20, 0x00F00000);                           // PendSV below UsageFault
        rig.write32(0xE000ED04, 1 << 28);                              // PENDSVSET
        rig.take();
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.USAGE_FAULT);
        assertThat(rig.read32(0xE000ED28)).as("CFSR.INVSTATE").isEqualTo(1 << 17);
        int xpsr = rig.read32(core.r[13] + 0x1C);
        assertThat(rig.read32(core.r[13] + 0x18)).as("stacked PC").isEqualTo(ExceptionTestRig.handler(pendsv));
        assertThat(xpsr & (1 << 24)).as("stacked T").isZero();
        assertThat(xpsr & 0x1FF).as("stacked IPSR").isEqualTo(pendsv);
    }
}
