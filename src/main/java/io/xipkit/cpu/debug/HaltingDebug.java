package io.xipkit.cpu.debug;

import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import java.util.function.IntFunction;

/**
 * Halting debug of an ARMv7-M core (DDI 0403E C1.6 "Debug system registers"): DHCSR, DCRSR,
 * DCRDR and DEMCR at 0xE000EDF0–0xE000EDFF, and DFSR at 0xE000ED30 (C1.6.1). It decides what a
 * debug event does ({@link DebugAction}), keeps Debug state (halted or not), single steps, vector
 * catch, the DebugMonitor controls, and transfers core registers through DCRSR/DCRDR.
 *
 * <p>These registers are reset by a power-on reset only; a system reset (SYSRESETREQ, VECTRESET,
 * the reset pin) leaves them as they are and only sets S_RESET_ST (C1.6.2; "Debug reset" in
 * C1.4). So a debugger sets DEMCR.VC_CORERESET, resets the system, and finds the core halted on
 * the reset handler's first instruction.
 */
public final class HaltingDebug {
    public static final int DHCSR = 0xE000EDF0, DCRSR = 0xE000EDF4, DCRDR = 0xE000EDF8, DEMCR = 0xE000EDFC;
    public static final int DFSR = 0xE000ED30;
    /** DHCSR writes are ignored unless bits [31:16] hold this key (C1.6.2 DBGKEY). */
    public static final int DBGKEY = 0xA05F0000;
    /** DHCSR bits (C1.6.2). */
    public static final int C_DEBUGEN = 1, C_HALT = 1 << 1, C_STEP = 1 << 2, C_MASKINTS = 1 << 3,
            C_SNAPSTALL = 1 << 5, S_REGRDY = 1 << 16, S_HALT = 1 << 17, S_SLEEP = 1 << 18, S_LOCKUP = 1 << 19,
            S_RETIRE_ST = 1 << 24, S_RESET_ST = 1 << 25;
    /** DCRSR.REGWnR (C1.6.3): 1 = write DCRDR into the register. */
    public static final int DCRSR_REGWNR = 1 << 16;
    /** DEMCR bits (C1.6.5). */
    public static final int VC_CORERESET = 1, VC_MMERR = 1 << 4, VC_NOCPERR = 1 << 5, VC_CHKERR = 1 << 6,
            VC_STATERR = 1 << 7, VC_BUSERR = 1 << 8, VC_INTERR = 1 << 9, VC_HARDERR = 1 << 10,
            MON_EN = 1 << 16, MON_PEND = 1 << 17, MON_STEP = 1 << 18, MON_REQ = 1 << 19, TRCENA = 1 << 24;
    /** DFSR bits (C1.6.1). */
    public static final int DFSR_HALTED = 1, DFSR_BKPT = 1 << 1, DFSR_DWTTRAP = 1 << 2, DFSR_VCATCH = 1 << 3,
            DFSR_EXTERNAL = 1 << 4;

    private final DebuggedCore core;
    private final CoreRegisterPort port;
    private final RegisterBlock block;
    private final RegisterBlock dfsrBlock;
    private final Field debugen, halt, step, maskints, snapstall, retireSticky, resetSticky;
    private final Field regWnR, regSel;
    private final io.xipkit.regs.Register dcrdr, demcr, dfsr;
    private Runnable trcenaListener = () -> { };

    /** In Debug state (S_HALT). */
    private boolean halted;
    private DebugEvent haltEvent;
    /** A debug event raised during an instruction: Debug state is entered at the next boundary. */
    private IntFunction<DebugEvent> pendingHalt;
    private boolean regReady = true;
    private boolean lockedUp;
    private long retiredAtLastRead;
    /** C_STEP resume: halt again once one instruction (or an exception entry) has happened. */
    private boolean stepping;
    private long stepStart;
    private boolean stepEnteredException;
    /** MON_STEP: the instruction count when code below the monitor's priority was first seen, or -1. */
    private long monitorStepArmedAt = -1;
    /** The access in progress comes from a debugger (DAP), not from the core. */
    private boolean debuggerAccess;

    public HaltingDebug(DebuggedCore core) {
        this.core = core;
        this.port = new CoreRegisterPort(core.registers());
        // C1.6.2: control bits are written only with the key (afterWrite applies them); status
        // bits are read-only, S_RETIRE_ST and S_RESET_ST clear when read.
        block = RegisterBlock.builder("CoreDebug", 0x10)
                .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                .register(0x0, "DHCSR", r -> r
                        .beforeRead(this::dhcsrBeforeRead)
                        .bit("C_DEBUGEN", 0, Access.RO)
                        .bit("C_HALT", 1, Access.RO)
                        .bit("C_STEP", 2, Access.RO)
                        .bit("C_MASKINTS", 3, Access.RO)
                        .bit("C_SNAPSTALL", 5, Access.RO)
                        .bit("S_REGRDY", 16, Access.RO, f -> f.reads(() -> regReady ? 1 : 0))
                        .bit("S_HALT", 17, Access.RO, f -> f.reads(() -> halted ? 1 : 0))
                        .bit("S_SLEEP", 18, Access.RO, f -> f.reads(() -> core.sleeping() ? 1 : 0))
                        .bit("S_LOCKUP", 19, Access.RO, f -> f.reads(() -> lockedUp ? 1 : 0))
                        .bit("S_RETIRE_ST", 24, Access.RC)
                        .bit("S_RESET_ST", 25, Access.RC)
                        .afterWrite(this::dhcsrWritten))
                // C1.6.3: writing DCRSR starts a transfer between DCRDR and the selected register.
                .register(0x4, "DCRSR", r -> r
                        .field("REGSEL", 0, 7, Access.WO)
                        .bit("REGWnR", 16, Access.WO)
                        .afterWrite(v -> transfer()))
                .register(0x8, "DCRDR")                                  // C1.6.4: read/write data
                // C1.6.5: vector catch, DebugMonitor control and the global trace enable.
                .register(0xC, "DEMCR", r -> r
                        .bit("VC_CORERESET", 0, Access.RW)
                        .bit("VC_MMERR", 4, Access.RW)
                        .bit("VC_NOCPERR", 5, Access.RW)
                        .bit("VC_CHKERR", 6, Access.RW)
                        .bit("VC_STATERR", 7, Access.RW)
                        .bit("VC_BUSERR", 8, Access.RW)
                        .bit("VC_INTERR", 9, Access.RW)
                        .bit("VC_HARDERR", 10, Access.RW)
                        .bit("MON_EN", 16, Access.RW, f -> f.onChange((was, now) -> core.setDebugMonitorEnabled(now == 1)))
                        .bit("MON_PEND", 17, Access.RW, f -> f
                                .reads(() -> core.debugMonitorPending() ? 1 : 0)
                                .onWrite((was, now) -> core.setDebugMonitorPending(now == 1)))
                        .bit("MON_STEP", 18, Access.RW, f -> f.onChange((was, now) -> monitorStepChanged()))
                        .bit("MON_REQ", 19, Access.RW)
                        .bit("TRCENA", 24, Access.RW, f -> f.onChange((was, now) -> trcenaListener.run())))
                .build();
        // C1.6.1: the DFSR bits are set by debug events and cleared by writing one.
        dfsrBlock = RegisterBlock.builder("DFSR", 4)
                .register(0x0, "DFSR", r -> r
                        .bit("HALTED", 0, Access.W1C)
                        .bit("BKPT", 1, Access.W1C)
                        .bit("DWTTRAP", 2, Access.W1C)
                        .bit("VCATCH", 3, Access.W1C)
                        .bit("EXTERNAL", 4, Access.W1C))
                .build();
        debugen = block.field("DHCSR", "C_DEBUGEN");
        halt = block.field("DHCSR", "C_HALT");
        step = block.field("DHCSR", "C_STEP");
        maskints = block.field("DHCSR", "C_MASKINTS");
        snapstall = block.field("DHCSR", "C_SNAPSTALL");
        retireSticky = block.field("DHCSR", "S_RETIRE_ST");
        resetSticky = block.field("DHCSR", "S_RESET_ST");
        regWnR = block.field("DCRSR", "REGWnR");
        regSel = block.field("DCRSR", "REGSEL");
        dcrdr = block.register("DCRDR");
        demcr = block.register("DEMCR");
        dfsr = dfsrBlock.register("DFSR");
    }

    /** Called when DEMCR.TRCENA changes (the DWT cycle counter and ITM follow it). */
    public void setTrcenaListener(Runnable listener) {
        this.trcenaListener = listener;
    }

    // ================================================================================================
    // Bus side
    // ================================================================================================

    public static boolean owns(int address) {
        return (address >= DHCSR && address <= DEMCR + 3) || (address >= DFSR && address <= DFSR + 3);
    }

    public int read(int address, int size) {
        if (address >= DHCSR) return block.read(address - DHCSR, size);
        return dfsrBlock.read(address - DFSR, size);
    }

    public void write(int address, int size, int value, boolean fromDebugger) {
        debuggerAccess = fromDebugger;
        try {
            if (address >= DHCSR) block.write(address - DHCSR, size, value);
            else dfsrBlock.write(address - DFSR, size, value);
        } finally {
            debuggerAccess = false;
        }
    }

    private void dhcsrBeforeRead() {
        long retired = core.instructions();
        if (retired != retiredAtLastRead) retireSticky.set(1);
        retiredAtLastRead = retired;
    }

    private void dhcsrWritten(int value) {
        if ((value & 0xFFFF0000) != DBGKEY) return;              // no key: the whole write is ignored
        // C_DEBUGEN can be changed only by the debugger (C1.6.2); software writes keep it.
        boolean enabled = debuggerAccess ? (value & C_DEBUGEN) != 0 : debugen.isSet();
        debugen.set(enabled);
        boolean wantHalt = enabled && (value & C_HALT) != 0;
        step.set(enabled && (value & C_STEP) != 0);
        maskints.set(enabled && (value & C_MASKINTS) != 0);
        snapstall.set(enabled && (value & C_SNAPSTALL) != 0);  // no stalls are modelled: stored only
        halt.set(wantHalt);
        if (wantHalt && !halted) {
            requestHalt(DebugEvent.HaltRequest::new);
        } else if (!wantHalt && halted) {
            resume(step.isSet());
        } else if (!wantHalt) {
            pendingHalt = null;
        }
    }

    private void transfer() {
        regReady = false;
        // C1.6.3: a transfer is valid only in Debug state; outside it S_REGRDY stays clear.
        if (!halted) return;
        int sel = regSel.get();
        if (regWnR.isSet()) port.write(sel, dcrdr.get());
        else dcrdr.set(port.read(sel));
        regReady = true;
        core.requestService();
    }

    // ================================================================================================
    // Debug state
    // ================================================================================================

    /** In Debug state: the core executes nothing and virtual time stands still. */
    public boolean halted() {
        return halted;
    }

    /** Why the core is (or last was) halted. */
    public DebugEvent haltEvent() {
        return haltEvent;
    }

    public boolean debugEnabled() {
        return debugen.isSet();
    }

    /** DHCSR.C_MASKINTS with halting debug enabled: PendSV, SysTick and external interrupts are not taken. */
    public boolean interruptsMasked() {
        return maskints.isSet() && debugen.isSet();
    }

    public boolean traceEnabled() {
        return (demcr.get() & TRCENA) != 0;
    }

    public int demcr() {
        return demcr.get();
    }

    public int dfsr() {
        return dfsr.get();
    }

    /** True when the run loop must come back to {@link #atBoundary} after every instruction. */
    public boolean needsEveryBoundary() {
        return stepping || monitorStepping();
    }

    private void requestHalt(IntFunction<DebugEvent> event) {
        if (core.executing()) {
            if (pendingHalt == null) pendingHalt = event;
            core.requestService();
        } else {
            enterDebugState(event.apply(core.registers().debugReturnAddress()));
        }
    }

    private void enterDebugState(DebugEvent event) {
        halted = true;
        haltEvent = event;
        pendingHalt = null;
        stepping = false;
        lockedUp = false;                                          // S_LOCKUP clears on entering Debug state
        halt.set(1);
        dfsr.set(dfsr.get() | event.dfsrBit());
        core.requestService();
    }

    private void resume(boolean singleStep) {
        halted = false;
        pendingHalt = null;
        stepping = singleStep;
        stepStart = core.instructions();
        stepEnteredException = false;
        core.requestService();
    }

    /**
     * The run loop at an instruction boundary, before pending exceptions are taken: enters a
     * pending halt. Returns true when the core is in Debug state (nothing may execute).
     */
    public boolean atBoundary() {
        if (pendingHalt != null && !halted && debugen.isSet()) {
            enterDebugState(pendingHalt.apply(core.registers().debugReturnAddress()));
        }
        pendingHalt = null;
        return halted;
    }

    /**
     * The run loop at an instruction boundary after pending exceptions were taken: a single step
     * ends once an instruction has executed or an exception has been entered (the core then stops
     * on the handler's first instruction). Returns true when the core is now in Debug state.
     */
    public boolean afterExceptions() {
        if (stepping && (core.instructions() != stepStart || stepEnteredException)) {
            enterDebugState(new DebugEvent.Step(core.registers().debugReturnAddress()));
        } else if (pendingHalt != null) {
            return atBoundary();                                   // vector catch raised on entry
        }
        return halted;
    }

    // ================================================================================================
    // Debug events
    // ================================================================================================

    /** A BKPT instruction (not semihosting) at {@code pc}: C1.5, C1.7.1. */
    public DebugAction breakpoint(int pc, int imm8) {
        return event(pc2 -> new DebugEvent.Breakpoint(pc, imm8), DFSR_BKPT, true);
    }

    /** An FPB breakpoint comparator matched the instruction at {@code pc}. */
    public DebugAction fpbMatch(int pc, int comparator) {
        return event(pc2 -> new DebugEvent.FpbMatch(pc, comparator), DFSR_BKPT, true);
    }

    /** A DWT comparator matched; the core stops after the instruction that matched. */
    public DebugAction dwtMatch(int comparator, int address, DebugEvent.DwtAccess access) {
        return event(next -> new DebugEvent.DwtMatch(next, comparator, address, access), DFSR_DWTTRAP, false);
    }

    private DebugAction event(IntFunction<DebugEvent> event, int dfsrBit, boolean breakpoint) {
        if (debugen.isSet()) {
            if (!halted) requestHalt(event);
            return DebugAction.HALT;
        }
        if ((demcr.get() & MON_EN) != 0 && core.debugMonitorCanPreempt()) {
            dfsr.set(dfsr.get() | dfsrBit);
            core.setDebugMonitorPending(true);
            return DebugAction.MONITOR;
        }
        if (!breakpoint) return DebugAction.IGNORED;
        dfsr.set(dfsr.get() | dfsrBit);                          // escalated to HardFault (C1.7.1, B1.5.14)
        return DebugAction.ESCALATE;
    }

    /**
     * An exception was entered (B1.5.6). With halting debug enabled and the matching DEMCR
     * vector-catch bit set (C1.6.5), the core halts before the handler's first instruction.
     *
     * @param vcBits the VC_* bits that catch this entry (the exception and the fault's kind)
     */
    public void exceptionEntered(int exception, int vcBits) {
        if (stepping) stepEnteredException = true;
        if (debugen.isSet() && (demcr.get() & vcBits) != 0) {
            requestHalt(pc -> new DebugEvent.VectorCatch(pc, exception));
        }
    }

    /** Whether a halt (vector catch, C_HALT, step) waits for the next instruction boundary. */
    public boolean haltPending() {
        return pendingHalt != null;
    }

    /** The core locked up (S_LOCKUP until reset or Debug state). */
    public void lockedUp() {
        lockedUp = true;
    }

    /** MON_STEP (C1.7.2): one instruction below the monitor's priority, then DebugMonitor again. */
    private boolean monitorStepping() {
        int v = demcr.get();
        return (v & (MON_EN | MON_STEP)) == (MON_EN | MON_STEP) && !debugen.isSet();
    }

    private void monitorStepChanged() {
        monitorStepArmedAt = -1;
        core.requestService();
    }

    /** Called at every boundary while {@link #needsEveryBoundary}, before exceptions are taken. */
    public void monitorStepBoundary() {
        if (!monitorStepping()) return;
        if (!core.debugMonitorCanPreempt()) {
            monitorStepArmedAt = -1;                                // in the monitor (or above it)
        } else if (monitorStepArmedAt < 0) {
            monitorStepArmedAt = core.instructions();              // back below it: let one instruction run
        } else if (core.instructions() != monitorStepArmedAt) {
            monitorStepArmedAt = -1;
            dfsr.set(dfsr.get() | DFSR_HALTED);
            core.setDebugMonitorPending(true);
        }
    }

    // ================================================================================================
    // Resets
    // ================================================================================================

    /** Power-on reset: every debug register to its reset value, Debug state left. */
    public void powerOnReset() {
        block.reset();
        dfsrBlock.reset();
        halted = false;
        haltEvent = null;
        pendingHalt = null;
        stepping = false;
        regReady = true;
        lockedUp = false;
        monitorStepArmedAt = -1;
        retiredAtLastRead = core.instructions();
    }

    /**
     * Any reset of the core, after it has loaded its reset vector: the registers keep their
     * values, S_RESET_ST is set, except C_HALT, which a core reset clears (Cortex-M3 TRM DDI 0337,
     * "Debug Halting Control and Status Register": "C_HALT always clears on a core reset. To halt
     * on a reset, ... DEMCR.VC_CORERESET and C_DEBUGEN"). Only VC_CORERESET puts the core in Debug
     * state before the first instruction. This matters to OpenOCD's "reset run" right after a flash
     * algorithm (cortex_m.c cortex_m_assert_reset): it clears C_HALT with the core still on the
     * algorithm's BKPT, which halts it again (C_HALT set by the entry) just before SYSRESETREQ.
     */
    public void coreReset() {
        resetSticky.set(1);
        halt.set(0);
        lockedUp = false;
        pendingHalt = null;
        stepping = false;
        monitorStepArmedAt = -1;
        retiredAtLastRead = core.instructions();
        core.setDebugMonitorEnabled((demcr.get() & MON_EN) != 0);
        halted = false;
        if (!debugen.isSet()) return;
        if ((demcr.get() & VC_CORERESET) != 0) enterDebugState(new DebugEvent.VectorCatch(core.registers().debugReturnAddress(), 1));
    }

    /**
     * The board moved the core after reset (a boot address from option bytes): Debug state
     * entered at reset now reports the new address.
     */
    public void resetVectorMoved() {
        if (halted && haltEvent instanceof DebugEvent.VectorCatch vc) {
            haltEvent = new DebugEvent.VectorCatch(core.registers().debugReturnAddress(), vc.exception());
        }
    }

    /** The register blocks, for introspection (register dumps, tests). */
    public RegisterBlock registers() {
        return block;
    }
}
