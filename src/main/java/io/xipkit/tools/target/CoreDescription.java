package io.xipkit.tools.target;

/**
 * What the debugger found out about the core by reading its identification registers: the part
 * (CPUID), the FP extension (MVFR0), the FPB (FP_CTRL: revision and instruction comparators) and
 * the DWT (DWT_CTRL.NUMCOMP).
 *
 * @param fpbRevision 0 for FPB version 1 (matches only below 0x2000_0000), 1 for version 2 (any address)
 */
public record CoreDescription(String name, int cpuid, boolean hasFpu, boolean hasDoublePrecision,
                              int fpbRevision, int fpbCodeComparators, int dwtComparators) {
    /** Whether an FPB comparator can break at {@code address} (pyOCD's fpb.py and OpenOCD's cortex_m.c agree). */
    public boolean hardwareBreakpointReaches(long address) {
        return fpbRevision >= 1 || address < 0x2000_0000L;
    }
}
