package io.xipkit.cpu;

/**
 * Thrown while executing an instruction when the architecture requires a synchronous fault.
 * The run loop catches it and hands it to the exception model; the instruction has not
 * retired, so the stacked return address is the faulting instruction, as on silicon.
 */
public final class CpuFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final FaultKind kind;
    /** Faulting data address for PRECISERR (BFAR) and DACCVIOL (MMFAR); otherwise 0. */
    public final int address;
    public final boolean addressValid;

    public CpuFault(FaultKind kind) {
        this(kind, 0, false);
    }

    public CpuFault(FaultKind kind, int address, boolean addressValid) {
        super(kind.name(), null, false, false);
        this.kind = kind;
        this.address = address;
        this.addressValid = addressValid;
    }
}
