package io.xipkit.cpu;

import static io.xipkit.cpu.ExceptionNumber.HARD_FAULT;
import static io.xipkit.cpu.ExceptionNumber.SVCALL;

/**
 * Synchronous faults (DDI 0403E B1.5.14, B1.5.15): fault status (CFSR/HFSR/MMFAR/BFAR), escalation
 * to HardFault (FORCED) when the configurable fault cannot preempt, and lockup.
 */
final class FaultEscalation {
    private final Core core;
    private final ExceptionUnit unit;
    /** The cause of the fault being raised, for DEMCR vector catch on its handler's entry; null if none. */
    FaultKind raisedFault;

    FaultEscalation(Core core, ExceptionUnit unit) {
        this.core = core;
        this.unit = unit;
    }

    /** A synchronous fault raised by the executing instruction (which has not retired). */
    void fault(CpuFault f) {
        Scb s = unit.scb();
        FaultKind kind = f.kind;
        raisedFault = kind;
        if (kind.cfsrBit >= 0) s.setCfsrBits(1 << kind.cfsrBit);
        if (kind == FaultKind.VECTTBL) s.setHfsrBits(Scb.HFSR_VECTTBL);
        if (f.addressValid) {
            if (kind == FaultKind.PRECISERR) {
                s.setBfar(f.address);
                s.setCfsrBits(Scb.CFSR_BFARVALID);
            } else if (kind == FaultKind.DACCVIOL) {
                s.setMmfar(f.address);
                s.setCfsrBits(Scb.CFSR_MMARVALID);
            }
        }
        String where = String.format("%s at pc=0x%08X%s", kind, core.pc,
                f.addressValid ? String.format(" address=0x%08X", f.address) : "");
        raiseSynchronous(kind.exception, where);
    }

    /** Pends {@code target} or escalates it to HardFault (FORCED); lockup if even HardFault cannot preempt. */
    private void raiseSynchronous(int target, String cause) {
        int exec = unit.executionPriority();
        if (target != HARD_FAULT && (!ExceptionUnit.test(unit.enabled, target) || unit.group(unit.priority[target]) >= exec)) {
            target = HARD_FAULT;
            unit.scb().setHfsrBits(Scb.HFSR_FORCED);
        }
        if (target == HARD_FAULT && exec <= -1) {
            lockup(cause);
            return;
        }
        unit.record.cause = cause;
        ExceptionUnit.set(unit.pending, target);
        core.requestService();
    }

    boolean lockup(String cause) {
        String description = String.format("lockup in %s: %s", ExceptionNumber.name(core.ipsr), cause);
        unit.record.lockupSnapshot = unit.record.snapshotOfCurrentState(description);
        core.debug().lockedUp();
        core.requestStop(new StopReason.Lockup(description));
        return false;
    }

    /** SVC instruction executed: SVCall is pended and taken after the instruction (B1.5.14). */
    void svc(int imm8) {
        raiseSynchronous(SVCALL, String.format("SVC #%d at pc=0x%08X", imm8, core.pc));
    }

    /**
     * A breakpoint (BKPT or FPB) with neither halting nor monitor debug able to take it: escalated
     * to HardFault with HFSR.DEBUGEVT (C1.7.1, B1.5.14); the caller has set DFSR.BKPT.
     */
    void breakpointEscalated(String what) {
        unit.scb().setHfsrBits(Scb.HFSR_DEBUGEVT);
        core.nextPc = core.pc;   // the breakpoint does not retire: the stacked PC is its address
        raiseSynchronous(HARD_FAULT, what + " with no debugger");
    }
}
