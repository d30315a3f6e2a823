package io.xipkit.cpu;

import static io.xipkit.cpu.ExceptionNumber.BUS_FAULT;
import static io.xipkit.cpu.ExceptionNumber.HARD_FAULT;
import static io.xipkit.cpu.ExceptionNumber.MEM_MANAGE;
import static io.xipkit.cpu.ExceptionNumber.USAGE_FAULT;

import io.xipkit.cpu.debug.HaltingDebug;

/**
 * Exception entry (DDI 0403E B1.5.6 PushStack/ExceptionTaken): stacking the basic or extended
 * frame with derived stacking faults, the vector read, DEMCR vector catch, and the lazy
 * floating-point state preservation that entry arms (B1.5.7 UpdateFPCCR/PreserveFPState).
 * Not on the per-instruction path: only reached when an exception is taken.
 */
final class ExceptionEntry {
    private final Core core;
    private final ExceptionUnit unit;

    ExceptionEntry(Core core, ExceptionUnit unit) {
        this.core = core;
        this.unit = unit;
    }

    /**
     * Exception entry: PushStack (if {@code stack}) then ExceptionTaken (DDI 0403E B1.5.6).
     * With {@code stack == false} (tail-chaining, INVPC on return) LR is set to {@code excReturn}.
     * Returns false if the core locked up.
     */
    boolean enter(int e, int returnAddress, boolean stack, int excReturn) {
        ExceptionUnit.clear(unit.pending, e);
        int lr = excReturn;
        FaultKind derivedStackError = null;
        if (stack) {
            // PushStack runs with the privilege and priority of the context being stacked (B1.5.6).
            int ctx = core.memory().accessContextFor(!core.privileged());
            boolean fpca = core.variant.hasFpu && (core.control & 4) != 0;
            int frameSize = fpca ? 0x68 : 0x20;
            boolean forceAlign = fpca || unit.scb().stkalign();
            int sp = core.r[13];
            int alignBit = forceAlign && (sp & 4) != 0 ? 1 : 0;
            int frame = (sp - frameSize) & (forceAlign ? ~7 : ~3);
            core.r[13] = frame;
            int xpsr = (core.xpsr() & ~(1 << 9)) | (alignBit << 9);
            int[] f = unit.record.lastFrame;
            f[0] = core.r[0];
            f[1] = core.r[1];
            f[2] = core.r[2];
            f[3] = core.r[3];
            f[4] = core.r[12];
            f[5] = core.r[14];
            f[6] = returnAddress;
            f[7] = xpsr;
            for (int i = 0; i < 8; i++) derivedStackError = stackWrite(frame + 4 * i, f[i], ctx, derivedStackError);
            if (fpca) {
                if ((unit.scb().fpccr() & Scb.FPCCR_LSPEN) == 0) {
                    for (int i = 0; i < 16; i++) {
                        derivedStackError = stackWrite(frame + 0x20 + 4 * i, core.s[i], ctx, derivedStackError);
                    }
                    derivedStackError = stackWrite(frame + 0x60, core.fpscr, ctx, derivedStackError);
                } else {
                    updateFpccr(frame);
                }
            }
            boolean handler = core.ipsr != 0;
            lr = 0xFFFFFFE0 | (fpca ? 0 : 0x10) | (handler ? 0x1 : ((core.control & 2) != 0 ? 0xD : 0x9));
            if (e >= HARD_FAULT && e <= USAGE_FAULT) unit.record.recordFaultEntry(e, frame, frameSize, alignBit, lr);
        }
        // ExceptionTaken: read the vector (B1.5.6); an error here is HardFault VECTTBL (B3.2.16).
        int vector;
        try {
            vector = core.bus.read32(unit.scb().vtor() + 4 * e);
        } catch (BusErrorException err) {
            unit.scb().setHfsrBits(Scb.HFSR_VECTTBL);
            if (unit.priority[e] <= -1 || unit.executionPriority() <= -1) {
                return unit.faults.lockup(String.format("vector read for %s at 0x%08X failed (HFSR.VECTTBL)",
                        ExceptionNumber.name(e), unit.scb().vtor() + 4 * e));
            }
            e = HARD_FAULT;
            ExceptionUnit.clear(unit.pending, HARD_FAULT);
            try {
                vector = core.bus.read32(unit.scb().vtor() + 4 * HARD_FAULT);
            } catch (BusErrorException err2) {
                return unit.faults.lockup(String.format("vector read for HardFault at 0x%08X failed",
                        unit.scb().vtor() + 4 * HARD_FAULT));
            }
        }
        core.r[14] = lr;
        core.setModeAndControl(e, core.control & ~6);   // Handler mode, SPSEL = 0, FPCA = 0
        core.thumb = (vector & 1) != 0;
        core.itState = 0;
        core.pc = vector & ~1;
        core.nextPc = vector & ~1;
        ExceptionUnit.set(unit.active, e);
        unit.activeCount++;
        core.exclusiveOpen = false;
        core.eventRegister = true;                       // SetEventRegister()
        core.requestService();
        core.debug().exceptionEntered(e, vectorCatchBits(e, unit.faults.raisedFault));
        unit.faults.raisedFault = null;
        if (derivedStackError != null) {
            // Derived fault on stacking (B1.5.14): STKERR (bus) or MSTKERR (MPU), taken after the
            // original exception is entered.
            unit.fault(new CpuFault(derivedStackError));
        }
        return true;
    }

    /**
     * The DEMCR vector-catch bits that catch entry to {@code e} for a fault of kind {@code kind}
     * (DDI 0403E C1.6.5): the handler taken, and VC_INTERR for errors on exception entry or return.
     */
    private static int vectorCatchBits(int e, FaultKind kind) {
        int bits = 0;
        switch (e) {
            case HARD_FAULT: bits = HaltingDebug.VC_HARDERR; break;
            case MEM_MANAGE: bits = HaltingDebug.VC_MMERR; break;
            case BUS_FAULT: bits = HaltingDebug.VC_BUSERR; break;
            case USAGE_FAULT:
                if (kind == FaultKind.NOCP) bits = HaltingDebug.VC_NOCPERR;
                else if (kind == FaultKind.UNALIGNED || kind == FaultKind.DIVBYZERO) bits = HaltingDebug.VC_CHKERR;
                else bits = HaltingDebug.VC_STATERR;
                break;
            default: return 0;
        }
        if (kind == FaultKind.STKERR || kind == FaultKind.UNSTKERR || kind == FaultKind.MSTKERR
                || kind == FaultKind.MUNSTKERR || kind == FaultKind.VECTTBL) {
            bits |= HaltingDebug.VC_INTERR;
        }
        return bits;
    }

    /** One stacking write; returns the first derived fault so far (MSTKERR for an MPU violation, else STKERR). */
    private FaultKind stackWrite(int address, int value, int context, FaultKind soFar) {
        try {
            core.write32AlignedIn(address, value, context);
            return soFar;
        } catch (CpuFault e) {
            if (soFar != null) return soFar;
            return e.kind == FaultKind.DACCVIOL ? FaultKind.MSTKERR : FaultKind.STKERR;
        } catch (BusErrorException e) {
            return soFar != null ? soFar : FaultKind.STKERR;
        }
    }

    /** UpdateFPCCR(frameptr) (B1.5.7): arm lazy preservation of S0–S15/FPSCR into the reserved frame space. */
    private void updateFpccr(int frame) {
        Scb s = unit.scb();
        int v = s.fpccr() & ~(Scb.FPCCR_LSPACT | Scb.FPCCR_USER | Scb.FPCCR_THREAD | Scb.FPCCR_HFRDY
                | Scb.FPCCR_MMRDY | Scb.FPCCR_BFRDY | Scb.FPCCR_MONRDY);
        int exec = unit.executionPriority();
        v |= Scb.FPCCR_LSPACT;
        if (!core.privileged()) v |= Scb.FPCCR_USER;
        if (core.ipsr == 0) v |= Scb.FPCCR_THREAD;
        if (exec > -1) v |= Scb.FPCCR_HFRDY;
        if (ExceptionUnit.test(unit.enabled, MEM_MANAGE) && unit.group(unit.priority[MEM_MANAGE]) < exec) v |= Scb.FPCCR_MMRDY;
        if (ExceptionUnit.test(unit.enabled, BUS_FAULT) && unit.group(unit.priority[BUS_FAULT]) < exec) v |= Scb.FPCCR_BFRDY;
        s.setFpccr(v);
        s.setFpcar(frame + 0x20);
    }

    /** PreserveFPState() (B1.5.7): writes S0–S15 and FPSCR to the space reserved at FPCAR. */
    void preserveFpState() {
        Scb s = unit.scb();
        int base = s.fpcar();
        s.setFpccr(s.fpccr() & ~Scb.FPCCR_LSPACT);
        // Lazy preservation uses the privilege recorded when the frame was reserved (FPCCR.USER).
        int ctx = core.memory().accessContextFor((s.fpccr() & Scb.FPCCR_USER) != 0);
        try {
            for (int i = 0; i < 16; i++) core.write32AlignedIn(base + 4 * i, core.s[i], ctx);
            core.write32AlignedIn(base + 0x40, core.fpscr, ctx);
        } catch (BusErrorException e) {
            throw new CpuFault(FaultKind.LSPERR);
        } catch (CpuFault e) {
            throw new CpuFault(e.kind == FaultKind.DACCVIOL ? FaultKind.MLSPERR : FaultKind.LSPERR);
        }
    }
}
