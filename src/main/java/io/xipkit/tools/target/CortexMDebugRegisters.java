package io.xipkit.tools.target;

/**
 * Addresses and bits of the architected debug registers a debugger programs. Sources: ARMv7-M
 * Architecture Reference Manual (ARM DDI 0403E.b) C1.6 "Debug system registers" (DFSR, DHCSR,
 * DCRSR, DCRDR, DEMCR), C1.8 "The Data Watchpoint and Trace unit" (DWT_CTRL, DWT_COMPn,
 * DWT_MASKn, DWT_FUNCTIONn), C1.11 "Flash Patch and Breakpoint unit" (FP_CTRL, FP_COMPn); B3.2.2
 * (CPUID, AIRCR); B4.1 (MVFR0). FPB version 2 (FP_CTRL.REV = 1) is described in the Cortex-M7
 * Technical Reference Manual (ARM DDI 0489), section "Flash Patch and Breakpoint unit".
 */
public final class CortexMDebugRegisters {
    private CortexMDebugRegisters() {}

    public static final long CPUID = 0xE000_ED00L;
    public static final long AIRCR = 0xE000_ED0CL;
    public static final long DFSR = 0xE000_ED30L;
    public static final long DHCSR = 0xE000_EDF0L;
    public static final long DCRSR = 0xE000_EDF4L;
    public static final long DCRDR = 0xE000_EDF8L;
    public static final long DEMCR = 0xE000_EDFCL;
    public static final long MVFR0 = 0xE000_EF40L;
    public static final long CPACR = 0xE000_ED88L;

    /** DHCSR writes are ignored unless bits [31:16] hold this key. */
    public static final int DBGKEY = 0xA05F << 16;
    public static final int C_DEBUGEN = 1, C_HALT = 1 << 1, C_STEP = 1 << 2, C_MASKINTS = 1 << 3;
    public static final int S_REGRDY = 1 << 16, S_HALT = 1 << 17, S_SLEEP = 1 << 18, S_LOCKUP = 1 << 19,
            S_RETIRE_ST = 1 << 24, S_RESET_ST = 1 << 25;
    /** DCRSR.REGWnR: 1 writes DCRDR into the selected register. */
    public static final int REGWNR = 1 << 16;

    public static final int DFSR_HALTED = 1, DFSR_BKPT = 1 << 1, DFSR_DWTTRAP = 1 << 2, DFSR_VCATCH = 1 << 3,
            DFSR_EXTERNAL = 1 << 4;

    public static final int VC_CORERESET = 1, VC_MMERR = 1 << 4, VC_NOCPERR = 1 << 5, VC_CHKERR = 1 << 6,
            VC_STATERR = 1 << 7, VC_BUSERR = 1 << 8, VC_INTERR = 1 << 9, VC_HARDERR = 1 << 10, MON_EN = 1 << 16,
            TRCENA = 1 << 24;

    public static final int AIRCR_VECTKEY = 0x05FA << 16, AIRCR_SYSRESETREQ = 1 << 2;

    public static final long FP_CTRL = 0xE000_2000L;
    public static final long FP_COMP0 = 0xE000_2008L;
    /** FP_CTRL: KEY must be 1 for a write to take effect; ENABLE turns the unit on. */
    public static final int FP_CTRL_KEY = 1 << 1, FP_CTRL_ENABLE = 1;

    public static final long DWT_CTRL = 0xE000_1000L;
    public static final long DWT_COMP0 = 0xE000_1020L;
    /** Each DWT comparator is 16 bytes: COMP, MASK, FUNCTION (and a reserved word). */
    public static final int DWT_STRIDE = 16;
    public static final int DWT_MASK_OFFSET = 4, DWT_FUNCTION_OFFSET = 8;
    /** DWT_FUNCTION values (C1.8.17, table "DWT_FUNCTION"): watchpoint on read, write, read or write. */
    public static final int DWT_FUNCTION_READ = 5, DWT_FUNCTION_WRITE = 6, DWT_FUNCTION_ACCESS = 7;
    public static final int DWT_FUNCTION_MATCHED = 1 << 24;

    /** FP_CTRL instruction comparators: NUM_CODE[6:4] in bits [14:12], NUM_CODE[3:0] in bits [7:4]. */
    public static int fpbCodeComparators(int fpCtrl) {
        return ((fpCtrl >>> 8) & 0x70) | ((fpCtrl >>> 4) & 0xF);
    }

    /** FP_CTRL.REV, bits [31:28]: 0 = version 1, 1 = version 2. */
    public static int fpbRevision(int fpCtrl) {
        return fpCtrl >>> 28;
    }

    /**
     * The FP_COMPn value that breaks at {@code address}. Version 2: BPADDR[31:1] with BE (bit 0).
     * Version 1: COMP[28:2] with REPLACE[31:30] choosing the halfword (01 lower, 10 upper) and ENABLE.
     */
    public static int fpbComparator(int revision, long address) {
        if (revision >= 1) return (int) (address & ~1L) | 1;
        int replace = (address & 2) == 0 ? 1 << 30 : 2 << 30;
        return (int) (address & 0x1FFF_FFFCL) | replace | 1;
    }
}
