package io.xipkit.cpu;

/**
 * System Control Block registers (DDI 0403E B3.2, Table B3-4 "Summary of SCB registers") plus the
 * FP extension registers (B3.2.20–B3.2.22, Table B3-5), the M7 cache identification registers
 * (B3.2.23–B3.2.26; values from the Cortex-M7 TRM, DDI 0489, 4.1) and CoreDebug DEMCR (C1.6).
 *
 * <p>Exception state that the SCB merely exposes (pending/active bits, priorities, PRIGROUP)
 * lives in {@link ExceptionUnit}; this class stores the configuration and fault status registers.
 */
public final class Scb {
    // ---- addresses: DDI 0403E Table B3-4 -------------------------------------------------------
    static final int ACTLR = 0xE000E008;
    static final int CPUID = 0xE000ED00, ICSR = 0xE000ED04, VTOR = 0xE000ED08, AIRCR = 0xE000ED0C;
    static final int SCR = 0xE000ED10, CCR = 0xE000ED14, SHPR1 = 0xE000ED18, SHPR2 = 0xE000ED1C;
    static final int SHPR3 = 0xE000ED20, SHCSR = 0xE000ED24, CFSR = 0xE000ED28, HFSR = 0xE000ED2C;
    static final int DFSR = 0xE000ED30, MMFAR = 0xE000ED34, BFAR = 0xE000ED38, AFSR = 0xE000ED3C;
    static final int ID_PFR0 = 0xE000ED40, ID_ISAR4 = 0xE000ED70;
    static final int CLIDR = 0xE000ED78, CTR = 0xE000ED7C, CCSIDR = 0xE000ED80, CSSELR = 0xE000ED84;
    static final int CPACR = 0xE000ED88;
    static final int DHCSR = 0xE000EDF0, DCRSR = 0xE000EDF4, DCRDR = 0xE000EDF8, DEMCR = 0xE000EDFC;
    static final int FPCCR = 0xE000EF34, FPCAR = 0xE000EF38, FPDSCR = 0xE000EF3C;
    static final int MVFR0 = 0xE000EF40, MVFR1 = 0xE000EF44, MVFR2 = 0xE000EF48;
    /** Cortex-M7 L1 Cache Control Register (DDI 0489 3.3.8). */
    static final int CACR = 0xE000EF9C;

    // ---- bit fields ------------------------------------------------------------------------------
    /** CCR bits (B3.2.8; DC/IC/BP: DDI 0489 4.1 / DUI 0646 4.3.7). */
    public static final int CCR_NONBASETHRDENA = 1, CCR_USERSETMPEND = 1 << 1, CCR_UNALIGN_TRP = 1 << 3,
            CCR_DIV_0_TRP = 1 << 4, CCR_BFHFNMIGN = 1 << 8, CCR_STKALIGN = 1 << 9, CCR_DC = 1 << 16,
            CCR_IC = 1 << 17, CCR_BP = 1 << 18;
    /** SCR bits (B3.2.7). */
    public static final int SCR_SLEEPONEXIT = 1 << 1, SCR_SLEEPDEEP = 1 << 2, SCR_SEVONPEND = 1 << 4;
    /** SHCSR enable bits (B3.2.13). */
    public static final int SHCSR_MEMFAULTENA = 1 << 16, SHCSR_BUSFAULTENA = 1 << 17, SHCSR_USGFAULTENA = 1 << 18;
    /** CFSR validity bits (B3.2.15). */
    public static final int CFSR_MMARVALID = 1 << 7, CFSR_BFARVALID = 1 << 15;
    /** HFSR bits (B3.2.16). */
    public static final int HFSR_VECTTBL = 1 << 1, HFSR_FORCED = 1 << 30, HFSR_DEBUGEVT = 1 << 31;
    /** DFSR bits (C1.6.1). */
    public static final int DFSR_HALTED = 1, DFSR_BKPT = 1 << 1, DFSR_DWTTRAP = 1 << 2, DFSR_VCATCH = 1 << 3,
            DFSR_EXTERNAL = 1 << 4;
    /** FPCCR bits (B3.2.20). */
    public static final int FPCCR_LSPACT = 1, FPCCR_USER = 1 << 1, FPCCR_THREAD = 1 << 3, FPCCR_HFRDY = 1 << 4,
            FPCCR_MMRDY = 1 << 5, FPCCR_BFRDY = 1 << 6, FPCCR_MONRDY = 1 << 8, FPCCR_LSPEN = 1 << 30,
            FPCCR_ASPEN = 1 << 31;
    /** CACR bits (DDI 0489 3.3.8): shared-is-write-through, ECC disable, force write-through. */
    public static final int CACR_SIWT = 1, CACR_ECCDIS = 1 << 1, CACR_FORCEWT = 1 << 2;
    /** DEMCR.TRCENA (C1.6.5). */
    public static final int DEMCR_TRCENA = 1 << 24;

    private final Core core;

    int vtor;
    int ccr;
    int scr;
    /** SHCSR bits 18:16 (the fault enables); pending/active bits are exception state. */
    int shcsrEnables;
    int cfsr, hfsr, dfsr, mmfar, bfar, afsr;
    int cpacr;
    int fpccr, fpcar, fpdscr;
    int actlr;
    int csselr;
    int demcr;
    int cacr;

    /** L1 cache geometry of the M7 (STM32H7: 16 KiB each; configurable for other parts). */
    private int icacheBytes = 16 * 1024, dcacheBytes = 16 * 1024;

    Scb(Core core) {
        this.core = core;
    }

    void reset() {
        vtor = 0;
        // Reset values: B3.2.8 (STKALIGN); on the M7 STKALIGN and BP are read-as-one (DUI 0646 4.3.7).
        ccr = isM7() ? CCR_STKALIGN | CCR_BP : CCR_STKALIGN;
        scr = 0;
        shcsrEnables = 0;
        cfsr = hfsr = dfsr = mmfar = bfar = afsr = 0;
        cpacr = 0;
        fpccr = FPCCR_ASPEN | FPCCR_LSPEN; // 0xC0000000, B3.2.20
        fpcar = 0;
        fpdscr = 0;
        actlr = 0;
        csselr = 0;
        demcr = 0;
        cacr = 0;
        mirrorCcr();
    }

    private boolean isM7() {
        return core.variant == CoreVariant.CORTEX_M7;
    }

    /**
     * Sets the L1 cache sizes (M7 only; 4-way D-cache, 2-way I-cache, 32-byte lines): the cache
     * models are rebuilt empty and CLIDR/CCSIDR report the new geometry. The Cortex-M7 supports
     * 0 (absent) or 4–64 KiB for each cache (DDI 0489 "Level 1 Memory System").
     */
    public void setCacheSizes(int icacheBytes, int dcacheBytes) {
        if (!isM7() && (icacheBytes != 0 || dcacheBytes != 0)) {
            throw new IllegalArgumentException("only the Cortex-M7 has L1 caches");
        }
        checkCacheSize("instruction", icacheBytes);
        checkCacheSize("data", dcacheBytes);
        this.icacheBytes = icacheBytes;
        this.dcacheBytes = dcacheBytes;
        core.cacheSizesChanged(icacheBytes, dcacheBytes);
    }

    private static void checkCacheSize(String which, int bytes) {
        if (bytes != 0 && (bytes < 4096 || bytes > 65536 || Integer.bitCount(bytes) != 1)) {
            throw new IllegalArgumentException(which + " cache size must be 0 or 4, 8, 16, 32 or 64 KiB: " + bytes);
        }
    }

    public int icacheBytes() { return icacheBytes; }
    public int dcacheBytes() { return dcacheBytes; }
    public int cacr() { return cacr; }
    public boolean cacrSiwt() { return (cacr & CACR_SIWT) != 0; }
    public boolean cacrForceWt() { return (cacr & CACR_FORCEWT) != 0; }

    // ---- views used by other blocks -----------------------------------------------------------------
    public int ccr() { return ccr; }
    public int scr() { return scr; }
    public int cfsr() { return cfsr; }
    public int hfsr() { return hfsr; }
    public int dfsr() { return dfsr; }
    public int mmfar() { return mmfar; }
    public int bfar() { return bfar; }
    public int afsr() { return afsr; }
    public int fpccr() { return fpccr; }
    public int fpcar() { return fpcar; }
    public int fpdscr() { return fpdscr; }
    public int demcr() { return demcr; }
    public boolean stkalign() { return (ccr & CCR_STKALIGN) != 0; }
    public boolean dcacheEnabled() { return (ccr & CCR_DC) != 0; }
    public boolean icacheEnabled() { return (ccr & CCR_IC) != 0; }

    private void mirrorCcr() {
        core.unalignTrap = (ccr & CCR_UNALIGN_TRP) != 0;
        core.divByZeroTrap = (ccr & CCR_DIV_0_TRP) != 0;
    }

    /** True when this block decodes the address. */
    static boolean owns(int a) {
        return a == ACTLR || (a >= CPUID && a <= CPACR) || (a >= DHCSR && a <= DEMCR)
                || (a >= FPCCR && a <= MVFR2) || a == CACR;
    }

    int read(int a) {
        ExceptionUnit ex = core.exceptions;
        switch (a) {
            case ACTLR: return actlr;
            case CPUID: return core.variant.cpuid;
            case ICSR: return ex.icsr();
            case VTOR: return vtor;
            case AIRCR: return 0xFA050000 | (ex.prigroup() << 8); // VECTKEYSTAT, little-endian
            case SCR: return scr;
            case CCR: return ccr;
            case SHPR1: return ex.shpr(4);
            case SHPR2: return ex.shpr(8);
            case SHPR3: return ex.shpr(12);
            case SHCSR: return ex.shcsrState() | shcsrEnables;
            case CFSR: return cfsr;
            case HFSR: return hfsr;
            case DFSR: return dfsr;
            case MMFAR: return mmfar;
            case BFAR: return bfar;
            case AFSR: return afsr;
            case CLIDR: return isM7() ? clidr() : 0;
            case CTR: return isM7() ? 0x8303C003 : 0;    // DDI 0489 4.1: 32-byte lines
            case CCSIDR: return isM7() ? ccsidr() : 0;
            case CSSELR: return isM7() ? csselr : 0;
            case CPACR: return core.variant.hasFpu ? cpacr : 0;
            case DHCSR: return 0; // no debugger attached: C_DEBUGEN = 0
            case DEMCR: return demcr;
            case FPCCR: return core.variant.hasFpu ? fpccr : 0;
            case FPCAR: return core.variant.hasFpu ? fpcar : 0;
            case FPDSCR: return core.variant.hasFpu ? fpdscr : 0;
            case MVFR0: return isM7() ? 0x10110221 : 0x10110021; // FPv5-D16 / FPv4-SP (DDI 0489 / DDI 0439 FPU chapter)
            case MVFR1: return isM7() ? 0x12000011 : 0x11000011;
            case MVFR2: return isM7() ? 0x00000040 : 0;
            case CACR: return isM7() ? cacr : 0;
            default:
                if (a >= ID_PFR0 && a <= ID_ISAR4) return idRegister(a);
                return 0;
        }
    }

    /** CPUID scheme registers, DDI 0403E B4.1 Table B4-1; values as in the Cortex-M4/M7 TRMs. */
    private static int idRegister(int a) {
        switch (a - ID_PFR0) {
            case 0x00: return 0x00000030; // ID_PFR0: Thumb-2
            case 0x04: return 0x00000200; // ID_PFR1: M-profile programmers' model
            case 0x08: return 0x00100000; // ID_DFR0: M-profile debug
            case 0x0C: return 0x00000000; // ID_AFR0
            case 0x10: return 0x00100030; // ID_MMFR0: PMSAv7, shareability
            case 0x14: return 0x00000000; // ID_MMFR1
            case 0x18: return 0x01000000; // ID_MMFR2: WFI
            case 0x1C: return 0x00000000; // ID_MMFR3
            case 0x20: return 0x01101110; // ID_ISAR0
            case 0x24: return 0x02112000; // ID_ISAR1
            case 0x28: return 0x20232231; // ID_ISAR2
            case 0x2C: return 0x01111131; // ID_ISAR3
            case 0x30: return 0x01310132; // ID_ISAR4
            default: return 0;
        }
    }

    /**
     * CLIDR (B3.2.23; DDI 0489 4.1 value 0x09000003 with both caches): LoUU = LoC = 1 when a cache
     * exists, Ctype1 = 1 (instruction only), 2 (data only) or 3 (separate I and D).
     */
    private int clidr() {
        int ctype = (icacheBytes != 0 ? 1 : 0) | (dcacheBytes != 0 ? 2 : 0);
        return ctype == 0 ? 0 : (1 << 27) | (1 << 24) | ctype;
    }

    /** CCSIDR for the cache CSSELR selects (B3.2.24 field layout): WT|WB|RA|WA, sets, ways, 32-byte lines. */
    private int ccsidr() {
        boolean instruction = (csselr & 1) != 0;
        int ways = instruction ? 2 : 4;
        int bytes = instruction ? icacheBytes : dcacheBytes;
        if (bytes == 0) return 0;
        int sets = Math.max(1, bytes / (ways * 32));
        return 0xF0000000 | ((sets - 1) << 13) | ((ways - 1) << 3) | 1;
    }

    /** @param value the written bits, already shifted into place; @param mask the byte lanes written. */
    void write(int a, int value, int mask) {
        ExceptionUnit ex = core.exceptions;
        switch (a) {
            case ACTLR: actlr = merge(actlr, value, mask); break;
            case ICSR: ex.writeIcsr(value & mask); break;
            case VTOR: vtor = merge(vtor, value, mask) & 0xFFFFFF80; break; // TBLOFF bits [31:7]
            case AIRCR:
                if ((mask & 0xFFFF0000) == 0xFFFF0000 && (value >>> 16) == 0x05FA) {
                    if ((mask & 0x700) != 0) ex.setPrigroup((value >>> 8) & 7);
                    if ((value & mask & 4) != 0) core.requestSystemReset(); // SYSRESETREQ
                }
                break;
            case SCR: scr = merge(scr, value, mask) & (SCR_SLEEPONEXIT | SCR_SLEEPDEEP | SCR_SEVONPEND); break;
            case CCR: {
                int writable = CCR_NONBASETHRDENA | CCR_USERSETMPEND | CCR_UNALIGN_TRP | CCR_DIV_0_TRP | CCR_BFHFNMIGN;
                if (isM7()) writable |= CCR_DC | CCR_IC; else writable |= CCR_STKALIGN;
                int old = ccr;
                ccr = (ccr & ~(writable & mask)) | (value & writable & mask);
                mirrorCcr();
                if (((old ^ ccr) & (CCR_DC | CCR_IC)) != 0) core.scs.cacheEnableChanged(icacheEnabled(), dcacheEnabled());
                break;
            }
            case SHPR1: ex.writeShpr(4, value, mask); break;
            case SHPR2: ex.writeShpr(8, value, mask); break;
            case SHPR3: ex.writeShpr(12, value, mask); break;
            case SHCSR:
                shcsrEnables = merge(shcsrEnables, value, mask) & (SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA);
                ex.writeShcsrState(value, mask);
                break;
            case CFSR: cfsr &= ~(value & mask); break;                       // write-one-to-clear
            case HFSR: hfsr &= ~(value & mask); break;
            case DFSR: dfsr &= ~(value & mask); break;
            case MMFAR: mmfar = merge(mmfar, value, mask); break;
            case BFAR: bfar = merge(bfar, value, mask); break;
            case AFSR: afsr &= ~(value & mask); break;
            case CSSELR: if (isM7()) csselr = merge(csselr, value, mask) & 1; break;
            case CPACR: if (core.variant.hasFpu) cpacr = merge(cpacr, value, mask) & 0x00F00000; break;
            case DEMCR: demcr = merge(demcr, value, mask) & 0x010F07F1; break;
            case CACR: if (isM7()) cacr = merge(cacr, value, mask) & (CACR_SIWT | CACR_ECCDIS | CACR_FORCEWT); break;
            case FPCCR: if (core.variant.hasFpu) fpccr = merge(fpccr, value, mask) & 0xC000017B; break;
            case FPCAR: if (core.variant.hasFpu) fpcar = merge(fpcar, value, mask) & ~7; break;
            case FPDSCR: if (core.variant.hasFpu) fpdscr = merge(fpdscr, value, mask) & 0x07C00000; break;
            default: break; // read-only or reserved: writes ignored
        }
    }

    static int merge(int old, int value, int mask) {
        return (old & ~mask) | (value & mask);
    }
}
