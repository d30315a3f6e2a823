package io.xipkit.cpu;

/**
 * Exception entry and return, priorities, escalation and lockup.
 * MINIMAL PLACEHOLDER: any fault stops the run with a description; no exception is taken.
 */
public final class ExceptionUnit {
    private final Core core;

    ExceptionUnit(Core core) {
        this.core = core;
    }

    void reset() {}

    /** A synchronous fault raised by the executing instruction (which has not retired). */
    public void fault(CpuFault f) {
        core.requestStop(new StopReason.Lockup(String.format("%s at pc=0x%08X%s", f.kind, core.pc,
                f.addressValid ? String.format(" address=0x%08X", f.address) : "")));
    }

    /** Takes the highest-priority pending exception if it can preempt. */
    void takePendingIfAny() {}

    /** True when a pending exception would wake the core from WFI. */
    boolean hasWakeupPending() {
        return false;
    }

    /** BX/POP/LDR of an EXC_RETURN value in Handler mode. */
    public void exceptionReturn(int excReturn) {
        core.requestStop(new StopReason.Lockup(String.format("exception return 0x%08X not modelled", excReturn)));
    }

    /** SVC instruction executed. */
    public void svc(int imm8) {
        core.requestStop(new StopReason.Lockup("SVC not modelled"));
    }

    /** BKPT other than semihosting with no debugger: escalates to HardFault. */
    public void debugEventWithoutDebugger(int imm8) {
        core.requestStop(new StopReason.Lockup(String.format("BKPT #%d with no debugger at pc=0x%08X", imm8, core.pc)));
    }

    /** Called by every floating-point instruction before it touches FP state: CPACR access
     *  check (NOCP), lazy FP state preservation, CONTROL.FPCA. */
    public void fpuAccess() {
        if (!core.variant.hasFpu || (core.scs.cpacr() & 0x00F00000) == 0) {
            throw new CpuFault(FaultKind.NOCP);
        }
        core.control |= 4;
    }

    /** A fault handler branched to itself: report instead of spinning forever. */
    public void faultHandlerSpinning() {
        core.requestStop(new StopReason.Lockup(String.format("fault handler %s spins at pc=0x%08X",
                ExceptionNumber.name(core.ipsr), core.pc)));
    }

    /** Priority-mask registers or enables changed: re-evaluate what is pending. */
    public void prioritiesChanged() {
        core.requestService();
    }
}
