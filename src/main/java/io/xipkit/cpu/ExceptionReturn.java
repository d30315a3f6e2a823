package io.xipkit.cpu;

import static io.xipkit.cpu.ExceptionNumber.HARD_FAULT;
import static io.xipkit.cpu.ExceptionNumber.NMI;
import static io.xipkit.cpu.ExceptionNumber.USAGE_FAULT;

/**
 * Exception return (DDI 0403E B1.5.8 ExceptionReturn/PopStack): EXC_RETURN validation, the
 * unstacking integrity checks (INVPC, UNSTKERR/MUNSTKERR), tail-chaining (B1.5.12), DeActivate
 * and SleepOnExit.
 */
final class ExceptionReturn {
    private final Core core;
    private final ExceptionUnit unit;
    /** Scratch for PopStack: the frame is read completely before any register changes. */
    private final int[] popWords = new int[8];
    private final int[] popFp = new int[17];

    ExceptionReturn(Core core, ExceptionUnit unit) {
        this.core = core;
        this.unit = unit;
    }

    /**
     * BX/POP/LDM/LDR of an EXC_RETURN value in Handler mode. Called from inside the op: the op must
     * have completed its own register writes (base write-back) before calling {@link Core#bxWritePc}.
     */
    void exceptionReturn(int excReturn) {
        int e = core.ipsr;
        int nested = unit.activeCount;
        boolean hasFp = core.variant.hasFpu;
        int low = excReturn & 0xF;
        // EXC_RETURN<27:5> (with the FP extension) or <27:4> must be all ones (B1.5.8).
        boolean formatOk = hasFp ? (excReturn >>> 5) == 0x7FFFFFF : (excReturn >>> 4) == 0xFFFFFFF;
        if (!ExceptionUnit.test(unit.active, e) || !formatOk || (low != 0x1 && low != 0x9 && low != 0xD)) {
            invpc(e, excReturn);
            return;
        }
        boolean toThread = low != 0x1;
        if (toThread && nested != 1 && (unit.scb().ccr() & Scb.CCR_NONBASETHRDENA) == 0) {
            invpc(e, excReturn);
            return;
        }
        deactivate(e);
        // Tail-chaining (B1.5.12): a pending exception that would preempt the context being returned
        // to is entered at once, reusing the stacked frame.
        int next = unit.highestPending();
        if (next != ExceptionUnit.NO_EXCEPTION && unit.group(unit.priority[next]) < unit.executionPriority()) {
            unit.entry.enter(next, 0, false, excReturn);
            return;
        }
        popStack(e, excReturn, toThread, low == 0xD);
    }

    private void popStack(int e, int excReturn, boolean toThread, boolean toPsp) {
        boolean fpFrame = core.variant.hasFpu && (excReturn & 0x10) == 0;
        int frameSize = fpFrame ? 0x68 : 0x20;
        boolean forceAlign = fpFrame || unit.scb().stkalign();
        int frame = toPsp ? core.psp() : core.msp();
        int[] w = popWords;
        int[] fp = popFp;
        // ExceptionReturn sets the mode it returns to before PopStack (B1.5.8): the frame is read
        // with that mode's privilege, at the priority left after DeActivate.
        int ctx = core.memory().accessContextFor(toThread && (core.control & 1) != 0);
        try {
            for (int i = 0; i < 8; i++) w[i] = core.read32AlignedIn(frame + 4 * i, ctx);
            if (fpFrame && (unit.scb().fpccr() & Scb.FPCCR_LSPACT) == 0) {
                for (int i = 0; i < 16; i++) fp[i] = core.read32AlignedIn(frame + 0x20 + 4 * i, ctx);
                fp[16] = core.read32AlignedIn(frame + 0x60, ctx);
            }
        } catch (CpuFault err) {
            // MUNSTKERR: an MPU violation on unstacking; MemManage taken on the unchanged frame.
            derivedFaultOnReturn(err.kind == FaultKind.DACCVIOL ? FaultKind.MUNSTKERR : FaultKind.UNSTKERR, excReturn);
            return;
        } catch (BusErrorException err) {
            // UNSTKERR: the return is abandoned and the BusFault is taken on the unchanged frame.
            derivedFaultOnReturn(FaultKind.UNSTKERR, excReturn);
            return;
        }
        int psr = w[7];
        int newIpsr = psr & 0x1FF;
        // Integrity check (B1.5.8): the stacked IPSR must agree with the mode EXC_RETURN selects.
        if (toThread != (newIpsr == 0)) {
            unit.scb().setCfsrBits(1 << FaultKind.INVPC.cfsrBit);
            derivedFaultOnReturn(null, excReturn);
            return;
        }
        core.r[0] = w[0];
        core.r[1] = w[1];
        core.r[2] = w[2];
        core.r[3] = w[3];
        core.r[12] = w[4];
        core.r[14] = w[5];
        if (fpFrame) {
            if ((unit.scb().fpccr() & Scb.FPCCR_LSPACT) != 0) {
                unit.scb().setFpccr(unit.scb().fpccr() & ~Scb.FPCCR_LSPACT);   // the registers still hold the context
            } else {
                System.arraycopy(fp, 0, core.s, 0, 16);
                core.fpscr = fp[16];
            }
        }
        int spmask = ((psr >>> 9) & 1) != 0 && forceAlign ? 4 : 0;
        int newSp = (frame + frameSize) | spmask;
        if (toPsp) core.setPsp(newSp);
        else core.setMsp(newSp);
        int control = core.control & ~6;
        if (toPsp) control |= 2;
        if (core.variant.hasFpu && !fpFrame) control &= ~4;
        if (fpFrame) control |= 4;
        core.setModeAndControl(newIpsr, control);
        core.setXpsr(psr);
        core.nextPc = w[6] & ~1;
        core.pc = core.nextPc;
        core.exclusiveOpen = false;
        core.eventRegister = true;
        if (toThread && unit.activeCount == 0 && (unit.scb().scr() & Scb.SCR_SLEEPONEXIT) != 0) {
            core.sleeping = true;                   // SleepOnExit() (B1.5.8)
            unit.sleepFromWfe = false;
        }
        core.requestService();
    }

    /** DeActivate(n) (B1.5.8): clears the active bit; FAULTMASK clears except on NMI return. */
    private void deactivate(int e) {
        if (ExceptionUnit.test(unit.active, e)) {
            ExceptionUnit.clear(unit.active, e);
            unit.activeCount--;
        }
        if (e != NMI) core.faultmask = 0;
        if (unit.lineLevel[e]) ExceptionUnit.set(unit.pending, e);   // level-sensitive line still asserted: pending again
        core.requestService();
    }

    /** INVPC on an illegal EXC_RETURN or a return from an inactive exception: UsageFault entered on the current frame. */
    private void invpc(int e, int excReturn) {
        deactivate(e);
        unit.scb().setCfsrBits(1 << FaultKind.INVPC.cfsrBit);
        derivedFaultOnReturn(null, excReturn);
    }

    /** A fault detected during exception return: entered without stacking (the frame is still in place). */
    private void derivedFaultOnReturn(FaultKind kind, int excReturn) {
        if (kind != null) unit.scb().setCfsrBits(1 << kind.cfsrBit);
        unit.faults.raisedFault = kind == null ? FaultKind.INVPC : kind;
        int target = kind == null ? USAGE_FAULT : kind.exception;
        int exec = unit.executionPriority();
        if (!ExceptionUnit.test(unit.enabled, target) || unit.group(unit.priority[target]) >= exec) {
            target = HARD_FAULT;
            unit.scb().setHfsrBits(Scb.HFSR_FORCED);
        }
        if (target == HARD_FAULT && exec <= -1) {
            unit.faults.lockup((kind == null ? "INVPC" : kind.name()) + String.format(" on exception return 0x%08X", excReturn));
            return;
        }
        unit.record.cause = kind == null ? "INVPC" : kind.name();
        unit.entry.enter(target, 0, false, excReturn | 0xF0000000);
    }
}
