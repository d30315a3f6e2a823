package io.xipkit.cpu;

/**
 * The synchronous and asynchronous fault causes of ARMv7-M, with the exception they are taken
 * as and their status bit in the Configurable Fault Status Register.
 * Bit positions: ARMv7-M Architecture Reference Manual (DDI 0403E), B3.2.15 "Configurable Fault
 * Status Register, CFSR" (MMFSR bits 7:0, BFSR bits 15:8, UFSR bits 31:16).
 */
public enum FaultKind {
    IACCVIOL(ExceptionNumber.MEM_MANAGE, 0),
    DACCVIOL(ExceptionNumber.MEM_MANAGE, 1),
    MUNSTKERR(ExceptionNumber.MEM_MANAGE, 3),
    MSTKERR(ExceptionNumber.MEM_MANAGE, 4),
    MLSPERR(ExceptionNumber.MEM_MANAGE, 5),
    IBUSERR(ExceptionNumber.BUS_FAULT, 8),
    PRECISERR(ExceptionNumber.BUS_FAULT, 9),
    IMPRECISERR(ExceptionNumber.BUS_FAULT, 10),
    UNSTKERR(ExceptionNumber.BUS_FAULT, 11),
    STKERR(ExceptionNumber.BUS_FAULT, 12),
    LSPERR(ExceptionNumber.BUS_FAULT, 13),
    UNDEFINSTR(ExceptionNumber.USAGE_FAULT, 16),
    INVSTATE(ExceptionNumber.USAGE_FAULT, 17),
    INVPC(ExceptionNumber.USAGE_FAULT, 18),
    NOCP(ExceptionNumber.USAGE_FAULT, 19),
    UNALIGNED(ExceptionNumber.USAGE_FAULT, 24),
    DIVBYZERO(ExceptionNumber.USAGE_FAULT, 25),
    /** Vector table read error on exception entry: HFSR.VECTTBL (B3.2.16). */
    VECTTBL(ExceptionNumber.HARD_FAULT, -1);

    /** Exception number the fault is taken as when that handler is enabled. */
    public final int exception;
    /** Bit in CFSR, or -1 when the cause is recorded in HFSR instead. */
    public final int cfsrBit;

    FaultKind(int exception, int cfsrBit) {
        this.exception = exception;
        this.cfsrBit = cfsrBit;
    }
}
