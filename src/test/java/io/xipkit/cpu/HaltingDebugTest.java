package io.xipkit.cpu;

import static io.xipkit.cpu.debug.HaltingDebug.C_DEBUGEN;
import static io.xipkit.cpu.debug.HaltingDebug.C_HALT;
import static io.xipkit.cpu.debug.HaltingDebug.C_MASKINTS;
import static io.xipkit.cpu.debug.HaltingDebug.C_STEP;
import static io.xipkit.cpu.debug.HaltingDebug.DBGKEY;
import static io.xipkit.cpu.debug.HaltingDebug.DCRDR;
import static io.xipkit.cpu.debug.HaltingDebug.DCRSR;
import static io.xipkit.cpu.debug.HaltingDebug.DCRSR_REGWNR;
import static io.xipkit.cpu.debug.HaltingDebug.DEMCR;
import static io.xipkit.cpu.debug.HaltingDebug.DFSR;
import static io.xipkit.cpu.debug.HaltingDebug.DHCSR;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cpu.debug.CoreRegisterPort;
import io.xipkit.cpu.debug.DebugAccess;
import io.xipkit.cpu.debug.DebugEvent;
import io.xipkit.cpu.debug.HaltingDebug;
import org.junit.jupiter.api.Test;

/** Halting debug as DDI 0403E C1.6 defines DHCSR, DCRSR/DCRDR, DEMCR and DFSR, driven as a probe does. */
class HaltingDebugTest {
    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
    private final Core core = rig.core;
    private final DebugAccess dap = core.debugAccess();

    /** ADDS r0,#1 ; B back: a busy loop at the reset handler. */
    private void busyLoop() {
        new ThumbCode().adds(0, 1).branchBack(1).placeAt(rig.bus, ExceptionTestRig.RESET_HANDLER);
    }

    private void dhcsr(int bits) {
        dap.write32(DHCSR, DBGKEY | bits);
    }

    private int readRegister(int regsel) {
        dap.write32(DCRSR, regsel);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_REGRDY).as("S_REGRDY").isNotZero();
        return dap.read32(DCRDR);
    }

    private void writeRegister(int regsel, int value) {
        dap.write32(DCRDR, value);
        dap.write32(DCRSR, DCRSR_REGWNR | regsel);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_REGRDY).as("S_REGRDY").isNotZero();
    }

    private DebugEvent haltEvent(StopReason stop) {
        assertThat(stop).isInstanceOf(StopReason.Halted.class);
        return ((StopReason.Halted) stop).event();
    }

    @Test
    void aHaltWrittenBetweenRunsStopsAtOnceAndTimeStandsStill() {
        busyLoop();
        core.run(101, Long.MAX_VALUE);
        dhcsr(C_DEBUGEN | C_HALT);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_HALT).isNotZero();
        long instructions = core.instructions;
        long picos = core.nowPicos();
        DebugEvent e = haltEvent(core.run(1000, Long.MAX_VALUE));
        assertThat(e).isEqualTo(new DebugEvent.HaltRequest(core.pc));
        assertThat(core.instructions).isEqualTo(instructions);
        assertThat(core.nowPicos()).isEqualTo(picos);
        assertThat(dap.read32(DFSR) & HaltingDebug.DFSR_HALTED).isNotZero();
        // Resume: the loop runs again until the budget ends.
        dhcsr(C_DEBUGEN);
        assertThat(core.run(10, Long.MAX_VALUE)).isInstanceOf(StopReason.InstructionLimit.class);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_HALT).isZero();
    }

    @Test
    void aWriteWithoutTheKeyIsIgnored() {
        dap.write32(DHCSR, C_DEBUGEN | C_HALT);
        dap.write16(DHCSR, C_DEBUGEN | C_HALT);                        // no key in a halfword write
        assertThat(dap.read32(DHCSR) & 0xFFFF).isZero();
        assertThat(core.debug().halted()).isFalse();
    }

    @Test
    void softwareCannotEnableHaltingDebug() {
        core.write32(DHCSR, DBGKEY | C_DEBUGEN | C_HALT);
        assertThat(core.read32(DHCSR) & (C_DEBUGEN | C_HALT)).isZero();
        dhcsr(C_DEBUGEN);
        core.write32(DHCSR, DBGKEY | C_HALT);                          // keeps C_DEBUGEN, may halt
        assertThat(core.read32(DHCSR) & C_DEBUGEN).isNotZero();
        assertThat(core.debug().halted()).isTrue();
    }

    @Test
    void registersTransferThroughDcrsrAndDcrdr() {
        busyLoop();
        core.r[0] = 0x1234;
        core.r[12] = 0xC0FFEE;
        core.s[5] = 0x3F800000;
        core.fpscr = 0x03000000;
        core.basepri = 0x40;
        core.primask = 1;
        dhcsr(C_DEBUGEN | C_HALT);
        assertThat(readRegister(0)).isEqualTo(0x1234);
        assertThat(readRegister(12)).isEqualTo(0xC0FFEE);
        assertThat(readRegister(CoreRegisterPort.SP)).isEqualTo(ExceptionTestRig.INITIAL_SP);
        assertThat(readRegister(CoreRegisterPort.DEBUG_RETURN_ADDRESS)).isEqualTo(ExceptionTestRig.RESET_HANDLER);
        assertThat(readRegister(CoreRegisterPort.XPSR)).isEqualTo(1 << 24);
        assertThat(readRegister(CoreRegisterPort.MSP)).isEqualTo(ExceptionTestRig.INITIAL_SP);
        assertThat(readRegister(CoreRegisterPort.SPECIALS)).isEqualTo(0x00004001);
        assertThat(readRegister(CoreRegisterPort.FPSCR)).isEqualTo(0x03000000);
        assertThat(readRegister(CoreRegisterPort.S0 + 5)).isEqualTo(0x3F800000);
        writeRegister(1, 77);
        writeRegister(CoreRegisterPort.PSP, 0x20008000);
        writeRegister(CoreRegisterPort.SPECIALS, 0x02000000);          // CONTROL.SPSEL: R13 becomes PSP
        writeRegister(CoreRegisterPort.DEBUG_RETURN_ADDRESS, ExceptionTestRig.RESET_HANDLER + 2);
        assertThat(core.r[1]).isEqualTo(77);
        assertThat(core.r[13]).isEqualTo(0x20008000);
        assertThat(core.primask).isZero();
        assertThat(core.basepri).isZero();
        assertThat(core.pc).isEqualTo(ExceptionTestRig.RESET_HANDLER + 2);
    }

    @Test
    void aTransferOutsideDebugStateLeavesRegrdyClear() {
        dhcsr(C_DEBUGEN);
        dap.write32(DCRSR, 0);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_REGRDY).isZero();
    }

    @Test
    void aStepExecutesOneInstructionAndHaltsAgain() {
        busyLoop();
        dhcsr(C_DEBUGEN | C_HALT);
        dhcsr(C_DEBUGEN | C_STEP);
        DebugEvent e = haltEvent(core.run(1000, Long.MAX_VALUE));
        assertThat(e).isEqualTo(new DebugEvent.Step(ExceptionTestRig.RESET_HANDLER + 2));
        assertThat(core.r[0]).isEqualTo(1);
        assertThat(core.instructions).isEqualTo(1);
        dhcsr(C_DEBUGEN | C_STEP);
        assertThat(haltEvent(core.run(1000, Long.MAX_VALUE)).pc()).isEqualTo(ExceptionTestRig.RESET_HANDLER);
    }

    @Test
    void steppingIntoAPendingInterruptStopsOnTheHandlerUnlessMaskintsIsSet() {
        busyLoop();
        rig.enableIrq(3, 0x80);
        dhcsr(C_DEBUGEN | C_HALT);
        dhcsr(C_DEBUGEN | C_HALT | C_MASKINTS);
        rig.write32(0xE000E200, 1 << 3);                                // ISPR: IRQ3 pending
        dhcsr(C_DEBUGEN | C_STEP | C_MASKINTS);
        assertThat(haltEvent(core.run(1000, Long.MAX_VALUE)).pc()).isEqualTo(ExceptionTestRig.RESET_HANDLER + 2);
        assertThat(core.ipsr).isZero();
        dhcsr(C_DEBUGEN | C_HALT);                                     // C_MASKINTS changed only while halted
        dhcsr(C_DEBUGEN | C_STEP);
        assertThat(haltEvent(core.run(1000, Long.MAX_VALUE)).pc()).isEqualTo(ExceptionTestRig.handler(16 + 3));
        assertThat(core.ipsr).isEqualTo(16 + 3);
    }

    @Test
    void retireAndResetStatusAreStickyAndClearWhenRead() {
        busyLoop();
        int first = dap.read32(DHCSR);
        assertThat(first & HaltingDebug.S_RESET_ST).isNotZero();
        assertThat(dap.read32(DHCSR) & (HaltingDebug.S_RESET_ST | HaltingDebug.S_RETIRE_ST)).isZero();
        core.run(5, Long.MAX_VALUE);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_RETIRE_ST).isNotZero();
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_RETIRE_ST).isZero();
        core.reset();
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_RESET_ST).isNotZero();
    }

    @Test
    void sleepAndLockupShowInTheStatus() {
        new ThumbCode().op(ThumbCode.WFI, ThumbCode.B_SELF).placeAt(rig.bus, ExceptionTestRig.RESET_HANDLER);
        core.run(10, Long.MAX_VALUE);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_SLEEP).isNotZero();
        // A fault in HardFault: lockup.
        rig.bus.putHalfwords(ExceptionTestRig.RESET_HANDLER, ThumbCode.UDF);
        core.reset();
        core.run(10, Long.MAX_VALUE);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_LOCKUP).isNotZero();
        dhcsr(C_DEBUGEN | C_HALT);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_LOCKUP).as("cleared on entering Debug state").isZero();
    }

    @Test
    void bkptHaltsOnItselfWhenHaltingDebugIsEnabled() {
        new ThumbCode().movs(0, 5).bkpt(7).adds(0, 1).placeAt(rig.bus, ExceptionTestRig.RESET_HANDLER);
        dhcsr(C_DEBUGEN);
        DebugEvent e = haltEvent(core.run(1000, Long.MAX_VALUE));
        assertThat(e).isEqualTo(new DebugEvent.Breakpoint(ExceptionTestRig.RESET_HANDLER + 2, 7));
        assertThat(core.pc).isEqualTo(ExceptionTestRig.RESET_HANDLER + 2);
        assertThat(core.r[0]).isEqualTo(5);
        assertThat(dap.read32(DFSR)).isEqualTo(HaltingDebug.DFSR_BKPT);
        assertThat(dap.read32(DHCSR) & C_HALT).as("C_HALT set on entering Debug state").isNotZero();
        dap.write32(DFSR, HaltingDebug.DFSR_BKPT);                     // write-one-to-clear
        assertThat(dap.read32(DFSR)).isZero();
    }

    @Test
    void bkptWithoutADebuggerIsAHardFaultWithDfsrBkpt() {
        // Firmware: BKPT in thread code; the HardFault handler reads DFSR and HFSR and spins.
        new ThumbCode().bkpt(1).placeAt(rig.bus, ExceptionTestRig.RESET_HANDLER);
        new ThumbCode().ldr(1, DFSR).ldrImm(0, 1, 0).ldr(1, 0xE000ED2C).ldrImm(2, 1, 0).op(ThumbCode.B_SELF)
                .placeAt(rig.bus, ExceptionTestRig.handler(ExceptionNumber.HARD_FAULT));
        StopReason stop = core.run(1000, Long.MAX_VALUE);
        assertThat(stop).isInstanceOf(StopReason.FaultHandlerSpin.class);
        assertThat(core.r[0]).isEqualTo(HaltingDebug.DFSR_BKPT);
        assertThat(core.r[2] & Scb.HFSR_DEBUGEVT).isNotZero();
        assertThat(rig.bus.read32(core.r[13] + 24)).as("stacked PC: the BKPT").isEqualTo(ExceptionTestRig.RESET_HANDLER);
    }

    @Test
    void semihostingBkptKeepsWorkingWithHaltingDebugEnabled() {
        SemihostingInMemoryHost host = new SemihostingInMemoryHost("");
        core.setSemihosting(new Semihosting(host, new int[4]));
        new ThumbCode().movs(0, 0x03).ldr(1, 0x20000100).bkpt(0xAB).bkpt(1)
                .placeAt(rig.bus, ExceptionTestRig.RESET_HANDLER);
        rig.bus.write8(0x20000100, 'k');                                // SYS_WRITEC
        dhcsr(C_DEBUGEN);
        DebugEvent e = haltEvent(core.run(1000, Long.MAX_VALUE));
        assertThat(host.out()).isEqualTo("k");
        assertThat(e).isInstanceOf(DebugEvent.Breakpoint.class);
    }

    @Test
    void vectorCatchOnResetHaltsBeforeTheFirstInstruction() {
        busyLoop();
        dhcsr(C_DEBUGEN);
        dap.write32(DEMCR, HaltingDebug.VC_CORERESET);
        core.reset();
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_HALT).isNotZero();
        DebugEvent e = haltEvent(core.run(1000, Long.MAX_VALUE));
        assertThat(e).isEqualTo(new DebugEvent.VectorCatch(ExceptionTestRig.RESET_HANDLER, 1));
        assertThat(core.instructions).isZero();
        assertThat(dap.read32(DFSR) & HaltingDebug.DFSR_VCATCH).isNotZero();
    }

    @Test
    void aCoreResetClearsCHaltSoACoreHaltedOnABkptRunsAfterItWithoutVectorCatch() {
        // OpenOCD's "reset run" after a flash algorithm: the core sits on the algorithm's BKPT with
        // C_HALT set by the entry; the reset must not keep it halted (DDI 0337: C_HALT clears).
        new ThumbCode().bkpt(0).placeAt(rig.bus, 0x20000200);
        busyLoop();
        dhcsr(C_DEBUGEN | C_HALT);
        core.pc = 0x20000200;
        dhcsr(C_DEBUGEN);
        assertThat(haltEvent(core.run(10, Long.MAX_VALUE))).isInstanceOf(DebugEvent.Breakpoint.class);
        assertThat(dap.read32(DHCSR) & (C_HALT | HaltingDebug.S_HALT)).isEqualTo(C_HALT | HaltingDebug.S_HALT);
        dap.write32(0xE000ED0C, 0x05FA0004);                           // AIRCR.SYSRESETREQ
        assertThat(dap.read32(DHCSR) & (C_HALT | HaltingDebug.S_HALT)).isZero();
        assertThat(core.run(10, Long.MAX_VALUE)).isInstanceOf(StopReason.InstructionLimit.class);
        assertThat(core.r[0]).isNotZero();
        // With VC_CORERESET the same reset halts on the reset handler's first instruction.
        dap.write32(DEMCR, HaltingDebug.VC_CORERESET);
        core.reset();
        assertThat(haltEvent(core.run(10, Long.MAX_VALUE))).isEqualTo(new DebugEvent.VectorCatch(ExceptionTestRig.RESET_HANDLER, 1));
    }

    @Test
    void aSystemResetWrittenByTheDebuggerHappensAtOnceAndKeepsTheDebugRegisters() {
        busyLoop();
        core.run(50, Long.MAX_VALUE);
        dhcsr(C_DEBUGEN | C_HALT);
        dap.write32(DEMCR, HaltingDebug.VC_CORERESET | HaltingDebug.TRCENA);
        dap.read32(DHCSR);                                             // clear S_RESET_ST
        dap.write32(0xE000ED0C, 0x05FA0004);                           // AIRCR.SYSRESETREQ
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_RESET_ST).isNotZero();
        assertThat(core.pc).isEqualTo(ExceptionTestRig.RESET_HANDLER);
        assertThat(core.r[0]).isZero();
        assertThat(dap.read32(DEMCR)).isEqualTo(HaltingDebug.VC_CORERESET | HaltingDebug.TRCENA);
        assertThat(haltEvent(core.run(10, Long.MAX_VALUE))).isInstanceOf(DebugEvent.VectorCatch.class);
        core.powerOnReset();
        assertThat(dap.read32(DEMCR)).isZero();
        assertThat(dap.read32(DHCSR) & 0xFFFF).isZero();
    }

    @Test
    void vectorCatchOnHardFaultHaltsOnTheHandlersFirstInstruction() {
        rig.bus.putHalfwords(ExceptionTestRig.RESET_HANDLER, ThumbCode.UDF);
        dhcsr(C_DEBUGEN);
        dap.write32(DEMCR, HaltingDebug.VC_HARDERR);
        DebugEvent e = haltEvent(core.run(1000, Long.MAX_VALUE));
        assertThat(e).isEqualTo(new DebugEvent.VectorCatch(ExceptionTestRig.handler(ExceptionNumber.HARD_FAULT),
                ExceptionNumber.HARD_FAULT));
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
    }

    @Test
    void vectorCatchOnHardFaultHaltsBeforeAnEvenHandlerAddressFaultsAgain() {
        // A HardFault vector with bit 0 clear (a table of zeros): the handler's first instruction
        // would fault INVSTATE and lock up, but the vector catch halts before it (C1.6.5).
        rig.bus.putHalfwords(ExceptionTestRig.RESET_HANDLER, ThumbCode.UDF);
        rig.bus.write32(4 * ExceptionNumber.HARD_FAULT, 0);
        dhcsr(C_DEBUGEN);
        dap.write32(DEMCR, HaltingDebug.VC_HARDERR);
        DebugEvent e = haltEvent(core.run(1000, Long.MAX_VALUE));
        assertThat(e).isEqualTo(new DebugEvent.VectorCatch(0, ExceptionNumber.HARD_FAULT));
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.HARD_FAULT);
        assertThat(dap.read32(DHCSR) & HaltingDebug.S_LOCKUP).isZero();
        assertThat(rig.read32(0xE000ED28) & (1 << 17)).as("no INVSTATE yet").isZero();
    }

    @Test
    void vectorCatchOnUsageFaultStateErrorsOnlyWithItsBit() {
        rig.bus.putHalfwords(ExceptionTestRig.RESET_HANDLER, ThumbCode.UDF);
        rig.write32(0xE000ED24, Scb.SHCSR_USGFAULTENA);
        dhcsr(C_DEBUGEN);
        dap.write32(DEMCR, HaltingDebug.VC_CHKERR);                   // UNDEFINSTR is a state error
        assertThat(core.run(3, Long.MAX_VALUE)).isNotInstanceOf(StopReason.Halted.class);
        core.reset();
        rig.write32(0xE000ED24, Scb.SHCSR_USGFAULTENA);
        dap.write32(DEMCR, HaltingDebug.VC_STATERR);
        assertThat(haltEvent(core.run(1000, Long.MAX_VALUE))).isEqualTo(
                new DebugEvent.VectorCatch(ExceptionTestRig.handler(ExceptionNumber.USAGE_FAULT), ExceptionNumber.USAGE_FAULT));
    }

    @Test
    void bkptWithTheMonitorEnabledTakesDebugMonitor() {
        new ThumbCode().bkpt(3).placeAt(rig.bus, ExceptionTestRig.RESET_HANDLER);
        new ThumbCode().movs(7, 0x4D).op(ThumbCode.B_SELF).placeAt(rig.bus, ExceptionTestRig.handler(ExceptionNumber.DEBUG_MONITOR));
        core.write32(DEMCR, HaltingDebug.MON_EN);
        core.run(20, Long.MAX_VALUE);
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.DEBUG_MONITOR);
        assertThat(core.r[7]).isEqualTo(0x4D);
        assertThat(core.read32(DFSR)).isEqualTo(HaltingDebug.DFSR_BKPT);
        assertThat(rig.bus.read32(core.r[13] + 24)).as("stacked PC: the BKPT").isEqualTo(ExceptionTestRig.RESET_HANDLER);
    }

    @Test
    void monPendPendsTheDebugMonitorWhichRunsOnlyWithMonEn() {
        busyLoop();
        new ThumbCode().movs(7, 1).op(ThumbCode.B_SELF).placeAt(rig.bus, ExceptionTestRig.handler(ExceptionNumber.DEBUG_MONITOR));
        core.write32(DEMCR, HaltingDebug.MON_PEND);
        assertThat(core.read32(DEMCR) & HaltingDebug.MON_PEND).isNotZero();
        core.run(5, Long.MAX_VALUE);
        assertThat(core.ipsr).isZero();
        core.write32(DEMCR, HaltingDebug.MON_PEND | HaltingDebug.MON_EN);
        core.run(5, Long.MAX_VALUE);
        assertThat(core.ipsr).isEqualTo(ExceptionNumber.DEBUG_MONITOR);
        assertThat(core.read32(DEMCR) & HaltingDebug.MON_PEND).isZero();
    }

    @Test
    void monStepRunsOneInstructionBetweenMonitorEntries() {
        // Thread: ADDS r0,#1 forever. Monitor: ADDS r6,#1 ; BX LR (returns to the thread).
        busyLoop();
        new ThumbCode().adds(6, 1).op(ThumbCode.BX_LR).placeAt(rig.bus, ExceptionTestRig.handler(ExceptionNumber.DEBUG_MONITOR));
        core.write32(DEMCR, HaltingDebug.MON_EN | HaltingDebug.MON_STEP);
        core.run(200, Long.MAX_VALUE);
        // Each thread instruction is followed by one monitor entry (two monitor instructions).
        assertThat(core.r[6]).isGreaterThan(20);
        assertThat(Math.abs(core.r[6] - (core.r[0] + countBranches()))).isLessThanOrEqualTo(1);
        assertThat(core.read32(DFSR) & HaltingDebug.DFSR_HALTED).isNotZero();
    }

    /** Thread instructions executed by the busy loop besides the ADDS: one branch per ADDS. */
    private int countBranches() {
        return core.r[0];
    }

    @Test
    void debugMaskintsOnlyAppliesWithHaltingDebugEnabled() {
        assertThat(core.debug().interruptsMasked()).isFalse();
        dhcsr(C_DEBUGEN | C_HALT | C_MASKINTS);
        assertThat(core.debug().interruptsMasked()).isTrue();
        dap.write32(DHCSR, DBGKEY);
        assertThat(core.debug().interruptsMasked()).isFalse();
        assertThat(core.debug().halted()).isFalse();
    }
}
