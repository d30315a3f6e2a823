package io.xipkit.cpu;

import io.xipkit.regs.Access;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * System Control Block registers (DDI 0403E B3.2, Table B3-4 "Summary of SCB registers") plus the
 * FP extension registers (B3.2.20–B3.2.22, Table B3-5), the M7 cache identification registers
 * (B3.2.23–B3.2.26; values from the Cortex-M7 TRM, DDI 0489, 4.1) and CoreDebug DEMCR (C1.6).
 *
 * <p>Declared with the register DSL ({@code io.xipkit.regs}). Exception state that the SCB merely
 * exposes (pending/active bits, priorities, PRIGROUP) lives in {@link ExceptionUnit} and is read
 * through value providers; the configuration and fault status registers are stored in the block.
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
    private final RegisterBlock regs;
    private final Register vtor, ccr, scr, cfsr, hfsr, mmfar, bfar, fpcar, fpdscr, cacr, afsr, csselr;
    /** CPACR and FPCCR: read by every floating-point instruction, so plain ints behind the declared fields. */
    private int cpacrValue, fpccrValue;
    /** FPCCR bits with a function (B3.2.20). */
    private static final int FPCCR_WRITABLE = 0xC000017B;
    /** A bus write changed CCR.DC or CCR.IC: the caches are told once, after the whole write. */
    private boolean cacheEnablesWritten;

    /** L1 cache geometry of the M7 (STM32H7: 16 KiB each; configurable for other parts). */
    private int icacheBytes = 16 * 1024, dcacheBytes = 16 * 1024;

    Scb(Core core) {
        this.core = core;
        this.regs = build();
        vtor = regs.register("VTOR");
        ccr = regs.register("CCR");
        scr = regs.register("SCR");
        cfsr = regs.register("CFSR");
        hfsr = regs.register("HFSR");
        mmfar = regs.register("MMFAR");
        bfar = regs.register("BFAR");
        fpcar = optional("FPCAR");
        fpdscr = optional("FPDSCR");
        cacr = optional("CACR");
        afsr = regs.register("AFSR");
        csselr = optional("CSSELR");
    }

    /**
     * A register this core variant may not have (FP extension, M7 caches): a detached register of
     * this instance stands in, never on the bus, so the views read 0 as the bus does.
     */
    private Register optional(String name) {
        for (Register r : regs.registers()) if (r.name().equals(name)) return r;
        return RegisterBlock.builder("ABSENT", 4).register(0, name).build().register(name);
    }

    /** The block's registers, at offsets from {@link SystemControlSpace#BASE}. */
    RegisterBlock registers() {
        return regs;
    }

    private static int at(int address) {
        return address - SystemControlSpace.BASE;
    }

    /**
     * The SCB registers of this core variant (DDI 0403E Table B3-4); registers the variant lacks
     * (FP extension, M7 cache identification) are left out, so they read as zero and ignore writes
     * like the rest of the reserved SCS space.
     */
    private RegisterBlock build() {
        boolean m7 = isM7();
        boolean fpu = core.variant.hasFpu;
        RegisterBlock.Builder b = RegisterBlock.builder("SCB", SystemControlSpace.SIZE)
            .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
            // ACTLR (Table B3-4): implementation defined; stored only.
            .register(at(ACTLR), "ACTLR")
            .register(at(CPUID), "CPUID", r -> r.reset(core.variant.cpuid).field("CPUID", 0, 32, Access.RO))
            // B3.2.4 ICSR: the pending/active summary is exception state; writes set/clear pending bits.
            .register(at(ICSR), "ICSR", r -> r.field("ICSR", 0, 32, Access.RW, f -> f.reads(() -> core.exceptions.icsr()))
                .afterBusWrite((v, lanes) -> core.exceptions.writeIcsr(v)))
            // B3.2.5 VTOR: TBLOFF bits [31:7].
            .register(at(VTOR), "VTOR", r -> r.field("TBLOFF", 7, 25, Access.RW))
            // B3.2.6 AIRCR: writes need VECTKEY 0x05FA in the same (word or upper-halfword) access;
            // reads give VECTKEYSTAT 0xFA05, little-endian.
            .register(at(AIRCR), "AIRCR", r -> r
                .bit("VECTRESET", 0, Access.WO)
                .bit("VECTCLRACTIVE", 1, Access.WO)
                .bit("SYSRESETREQ", 2, Access.WO)
                .field("PRIGROUP", 8, 3, Access.RW, f -> f.reads(() -> core.exceptions.prigroup()))
                .field("VECTKEY", 16, 16, Access.RW, f -> f.reads(() -> 0xFA05))
                .afterBusWrite(this::aircrWritten))
            // B3.2.7 SCR.
            .register(at(SCR), "SCR", r -> r
                .bit("SLEEPONEXIT", 1, Access.RW)
                .bit("SLEEPDEEP", 2, Access.RW)
                .bit("SEVONPEND", 4, Access.RW))
            // B3.2.8 CCR; on the M7 STKALIGN and BP are read-as-one, DC and IC enable the caches (DUI 0646 4.3.7).
            .register(at(CCR), "CCR", r -> {
                r.reset(m7 ? CCR_STKALIGN | CCR_BP : CCR_STKALIGN)
                    .bit("NONBASETHRDENA", 0, Access.RW)
                    .bit("USERSETMPEND", 1, Access.RW)
                    .bit("UNALIGN_TRP", 3, Access.RW)
                    .bit("DIV_0_TRP", 4, Access.RW)
                    .bit("BFHFNMIGN", 8, Access.RW)
                    .bit("STKALIGN", 9, m7 ? Access.RO : Access.RW);
                if (m7) {
                    r.bit("DC", 16, Access.RW, f -> f.onChange((was, now) -> cacheEnablesWritten = true))
                        .bit("IC", 17, Access.RW, f -> f.onChange((was, now) -> cacheEnablesWritten = true))
                        .bit("BP", 18, Access.RO);
                }
                r.afterWrite(v -> ccrWritten());
            });
        // B3.2.10-B3.2.12 SHPR1-3: one priority byte per system handler (exception state).
        for (int n = 0; n < 3; n++) {
            int first = 4 + 4 * n;
            b.register(at(SHPR1) + 4 * n, "SHPR" + (n + 1), r -> {
                for (int i = 0; i < 4; i++) {
                    int shift = 8 * i;
                    r.field("PRI_" + (first + i), shift, 8, Access.RW,
                            f -> f.reads(() -> core.exceptions.shpr(first) >>> shift & 0xFF));
                }
                r.afterBusWrite((v, lanes) -> core.exceptions.writeShpr(first, v, lanes));
            });
        }
        b
            // B3.2.13 SHCSR: active/pending bits are exception state; the enables are stored here too.
            .register(at(SHCSR), "SHCSR", r -> r
                .field("STATE", 0, 16, Access.RW, f -> f.reads(() -> core.exceptions.shcsrState() & 0xFFFF))
                .bit("MEMFAULTENA", 16, Access.RW)
                .bit("BUSFAULTENA", 17, Access.RW)
                .bit("USGFAULTENA", 18, Access.RW)
                .afterBusWrite((v, lanes) -> core.exceptions.writeShcsrState(v, lanes)))
            // B3.2.15-B3.2.17 fault status: set by the core, write-one-to-clear.
            .register(at(CFSR), "CFSR", r -> r
                .field("MMFSR", 0, 8, Access.W1C)
                .field("BFSR", 8, 8, Access.W1C)
                .field("UFSR", 16, 16, Access.W1C))
            .register(at(HFSR), "HFSR", r -> r
                .bit("VECTTBL", 1, Access.W1C)
                .bit("FORCED", 30, Access.W1C)
                .bit("DEBUGEVT", 31, Access.W1C))
            .register(at(MMFAR), "MMFAR")
            .register(at(BFAR), "BFAR")
            .register(at(AFSR), "AFSR", r -> r.field("AFSR", 0, 32, Access.W1C));
        // B4.1 Table B4-1 CPUID scheme; values as in the Cortex-M4/M7 TRMs.
        for (int i = 0; i < ID_NAMES.length; i++) {
            int value = ID_VALUES[i];
            b.register(at(ID_PFR0) + 4 * i, ID_NAMES[i], r -> r.reset(value).field("VALUE", 0, 32, Access.RO));
        }
        if (m7) {
            b.register(at(CLIDR), "CLIDR", r -> r.field("CLIDR", 0, 32, Access.RO, f -> f.reads(this::clidr)))
                .register(at(CTR), "CTR", r -> r.reset(0x8303C003).field("CTR", 0, 32, Access.RO)) // DDI 0489 4.1: 32-byte lines
                .register(at(CCSIDR), "CCSIDR", r -> r.field("CCSIDR", 0, 32, Access.RO, f -> f.reads(this::ccsidr)))
                .register(at(CSSELR), "CSSELR", r -> r.bit("IND", 0, Access.RW));
        }
        if (fpu) {
            // B3.2.20 CPACR: CP10 and CP11 only.
            // Stored in an int (read by every FP instruction, ExceptionUnit.fpuAccess): providers and a write handler.
            b.register(at(CPACR), "CPACR", r -> r
                .field("CP10", 20, 2, Access.RW, f -> f.reads(() -> cpacrValue >>> 20 & 3))
                .field("CP11", 22, 2, Access.RW, f -> f.reads(() -> cpacrValue >>> 22 & 3))
                .afterBusWrite((v, lanes) -> cpacrValue = merge(cpacrValue, v, lanes) & 0x00F00000));
        }
        // DFSR (C1.6.1) and DHCSR..DEMCR (C1.6.2-C1.6.5) are the halting-debug registers of
        // cpu.debug.HaltingDebug: SystemControlSpace routes them there before this block.
        if (fpu) {
            // B3.2.20-B3.2.22 FPCCR (reset ASPEN | LSPEN; like CPACR kept in an int, read by every FP
            // instruction and updated by exception entry and return), FPCAR, FPDSCR.
            b.register(at(FPCCR), "FPCCR", r -> {
                String[] names = {"LSPACT", "USER", null, "THREAD", "HFRDY", "MMRDY", "BFRDY", null, "MONRDY"};
                for (int bit = 0; bit < names.length; bit++) {
                    int n = bit;
                    if (names[n] != null) r.bit(names[n], n, Access.RW, f -> f.reads(() -> fpccrValue >>> n & 1));
                }
                r.bit("LSPEN", 30, Access.RW, f -> f.reads(() -> fpccrValue >>> 30 & 1))
                    .bit("ASPEN", 31, Access.RW, f -> f.reads(() -> fpccrValue >>> 31))
                    .afterBusWrite((v, lanes) -> fpccrValue = merge(fpccrValue, v, lanes) & FPCCR_WRITABLE);
            })
                .register(at(FPCAR), "FPCAR", r -> r.field("ADDRESS", 3, 29, Access.RW))
                .register(at(FPDSCR), "FPDSCR", r -> r.field("RMODE", 22, 2, Access.RW)
                    .bit("FZ", 24, Access.RW).bit("DN", 25, Access.RW).bit("AHP", 26, Access.RW));
        }
        // MVFR0-2: FPv5-D16 / FPv4-SP (DDI 0489 / DDI 0439 FPU chapter).
        b.register(at(MVFR0), "MVFR0", r -> r.reset(m7 ? 0x10110221 : 0x10110021).field("VALUE", 0, 32, Access.RO))
            .register(at(MVFR1), "MVFR1", r -> r.reset(m7 ? 0x12000011 : 0x11000011).field("VALUE", 0, 32, Access.RO))
            .register(at(MVFR2), "MVFR2", r -> r.reset(m7 ? 0x00000040 : 0).field("VALUE", 0, 32, Access.RO));
        if (m7) {
            // DDI 0489 3.3.8 CACR.
            b.register(at(CACR), "CACR", r -> r.bit("SIWT", 0, Access.RW).bit("ECCDIS", 1, Access.RW)
                    .bit("FORCEWT", 2, Access.RW));
        }
        return b.build();
    }

    private static final String[] ID_NAMES = {"ID_PFR0", "ID_PFR1", "ID_DFR0", "ID_AFR0", "ID_MMFR0", "ID_MMFR1",
        "ID_MMFR2", "ID_MMFR3", "ID_ISAR0", "ID_ISAR1", "ID_ISAR2", "ID_ISAR3", "ID_ISAR4"};
    /** Thumb-2; M-profile programmers' model; M-profile debug; -; PMSAv7 and shareability; -; WFI; -; ISAR0-4. */
    private static final int[] ID_VALUES = {0x00000030, 0x00000200, 0x00100000, 0x00000000, 0x00100030, 0x00000000,
        0x01000000, 0x00000000, 0x01101110, 0x02112000, 0x20232231, 0x01111131, 0x01310132};

    void reset() {
        regs.reset();
        cpacrValue = 0;
        fpccrValue = FPCCR_ASPEN | FPCCR_LSPEN;   // 0xC0000000, B3.2.20
        cacheEnablesWritten = false;
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
        core.memory().cacheSizesChanged(icacheBytes, dcacheBytes);
    }

    private static void checkCacheSize(String which, int bytes) {
        if (bytes != 0 && (bytes < 4096 || bytes > 65536 || Integer.bitCount(bytes) != 1)) {
            throw new IllegalArgumentException(which + " cache size must be 0 or 4, 8, 16, 32 or 64 KiB: " + bytes);
        }
    }

    public int icacheBytes() { return icacheBytes; }
    public int dcacheBytes() { return dcacheBytes; }
    public int cacr() { return cacr.get(); }
    public boolean cacrSiwt() { return (cacr.get() & CACR_SIWT) != 0; }
    public boolean cacrForceWt() { return (cacr.get() & CACR_FORCEWT) != 0; }

    // ---- views used by other blocks -----------------------------------------------------------------
    public int vtor() { return vtor.get(); }
    public int ccr() { return ccr.get(); }
    public int scr() { return scr.get(); }
    public int cfsr() { return cfsr.get(); }
    public int hfsr() { return hfsr.get(); }
    public int mmfar() { return mmfar.get(); }
    public int bfar() { return bfar.get(); }
    public int afsr() { return afsr.get(); }
    public int cpacr() { return cpacrValue; }
    public int fpccr() { return fpccrValue; }
    public int fpcar() { return fpcar.get(); }
    public int fpdscr() { return fpdscr.get(); }
    public boolean stkalign() { return (ccr.get() & CCR_STKALIGN) != 0; }
    public boolean dcacheEnabled() { return (ccr.get() & CCR_DC) != 0; }
    public boolean icacheEnabled() { return (ccr.get() & CCR_IC) != 0; }

    // ---- the core setting status (model side: no access types, no hooks) ----------------------------
    void setCfsrBits(int bits) { cfsr.set(cfsr.get() | bits); }
    void setHfsrBits(int bits) { hfsr.set(hfsr.get() | bits); }
    void setMmfar(int address) { mmfar.set(address); }
    void setBfar(int address) { bfar.set(address); }
    void setFpccr(int value) { fpccrValue = value & FPCCR_WRITABLE; }
    void setFpcar(int address) { fpcar.set(address & ~7); }

    private void mirrorCcr() {
        int v = ccr.get();
        core.unalignTrap = (v & CCR_UNALIGN_TRP) != 0;
        core.divByZeroTrap = (v & CCR_DIV_0_TRP) != 0;
    }

    private void ccrWritten() {
        mirrorCcr();
        if (cacheEnablesWritten) {
            cacheEnablesWritten = false;
            core.scs.cacheEnableChanged(icacheEnabled(), dcacheEnabled());
        }
    }

    /** AIRCR writes take effect only with VECTKEY = 0x05FA written in the same access (B3.2.6). */
    private void aircrWritten(int value, int lanes) {
        if ((lanes & 0xFFFF0000) != 0xFFFF0000 || (value >>> 16) != 0x05FA) return;
        if ((lanes & 0x700) != 0) core.exceptions.setPrigroup((value >>> 8) & 7);
        if ((value & 4) != 0) {
            core.requestSystemReset(); // SYSRESETREQ (with VECTRESET in the same write: UNPREDICTABLE, B3.2.6; the system reset wins)
        } else if ((value & 1) != 0 && core.debug().halted()) {
            // VECTRESET (DDI 0403E B3.2.6): a local reset of the core (registers, NVIC, SCS), not of
            // the debug logic and not of the rest of the system. Written while the core is not halted
            // in Debug state its effect is UNPREDICTABLE, and the Cortex-M4/M7 generic user guides
            // reserve the bit for debug use (software writes 0): ignored then. ARMv7-M parts (the M7
            // included) have it; ARMv6-M and ARMv8-M do not.
            core.resets().requestLocalReset();
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
        boolean instruction = (csselr.get() & 1) != 0;
        int ways = instruction ? 2 : 4;
        int bytes = instruction ? icacheBytes : dcacheBytes;
        if (bytes == 0) return 0;
        int sets = Math.max(1, bytes / (ways * 32));
        return 0xF0000000 | ((sets - 1) << 13) | ((ways - 1) << 3) | 1;
    }

    /** {@code old} with the bits of {@code mask} replaced from {@code value} (for the word-based DWT and ITM). */
    static int merge(int old, int value, int mask) {
        return (old & ~mask) | (value & mask);
    }
}
