package io.xipkit.cpu;

import io.xipkit.cpu.cache.CachePolicy;
import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * PMSAv7 Memory Protection Unit (DDI 0403E B3.5): the registers of Table B3-12 "MPU register
 * summary" and the region lookup of the ValidateAddress()/CheckPermission() pseudocode (B3.5.1
 * and B3.5.9 "MPU pseudocode"), used by the core to enforce permissions and to find memory
 * attributes for the caches.
 *
 * <p>The core decides whether the MPU applies to an access at all (MPU enabled, not the PPB, not
 * a vector read, not bypassed by HFNMIENA = 0 at negative priority); the methods here assume it
 * does. Every register write tells the core, which drops its per-page permission summaries and
 * its decoded instructions.
 */
public final class Mpu {
    static final int TYPE = 0xE000ED90, CTRL = 0xE000ED94, RNR = 0xE000ED98, RBAR = 0xE000ED9C,
            RASR = 0xE000EDA0, LAST_ALIAS = 0xE000EDB8;

    /** One region as programmed (B3.5.8 RBAR, B3.5.9 RASR). */
    public record Region(int number, int baseAddress, int rasr) {
        public boolean enabled() { return (rasr & 1) != 0; }
        /** Region size in bytes: 2^(SIZE+1); SIZE < 4 is UNPREDICTABLE and reported as 32. */
        public long sizeBytes() { return 1L << Math.max(5, ((rasr >>> 1) & 0x1F) + 1); }
        public int subregionDisable() { return (rasr >>> 8) & 0xFF; }
        public boolean bufferable() { return (rasr & (1 << 16)) != 0; }
        public boolean cacheable() { return (rasr & (1 << 17)) != 0; }
        public boolean shareable() { return (rasr & (1 << 18)) != 0; }
        public int tex() { return (rasr >>> 19) & 7; }
        /** AP[2:0], Table B3-15. */
        public int accessPermission() { return (rasr >>> 24) & 7; }
        public boolean executeNever() { return (rasr & (1 << 28)) != 0; }
    }

    private int regionCount = 8;
    private int ctrl, rnr;
    private final int[] rbar = new int[16];
    private final int[] rasr = new int[16];
    /** Told after every register write that can change the protection map. */
    private final Runnable onChange;

    private final RegisterBlock regs;

    Mpu(Runnable onChange) {
        this.onChange = onChange;
        this.regs = build();
    }

    /**
     * The registers of Table B3-12, at offsets from {@link SystemControlSpace#BASE}. RBAR and RASR
     * and their aliases A1-A3 all access the region RNR selects (B3.5.8 note), so they read through
     * providers and write through one handler each.
     */
    private RegisterBlock build() {
        int base = SystemControlSpace.BASE;
        RegisterBlock.Builder b = RegisterBlock.builder("MPU", SystemControlSpace.SIZE)
            .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
            // B3.5.5 MPU_TYPE: DREGION; a unified map (SEPARATE = 0, IREGION = 0).
            .register(TYPE - base, "MPU_TYPE", r -> r.field("DREGION", 8, 8, Access.RO, f -> f.reads(() -> regionCount)))
            // B3.5.6 MPU_CTRL: every write is told to the core.
            .register(CTRL - base, "MPU_CTRL", r -> r
                .bit("ENABLE", 0, Access.RW, f -> f.reads(() -> ctrl & 1))
                .bit("HFNMIENA", 1, Access.RW, f -> f.reads(() -> (ctrl >>> 1) & 1))
                .bit("PRIVDEFENA", 2, Access.RW, f -> f.reads(() -> (ctrl >>> 2) & 1))
                .afterBusWrite((v, lanes) -> {
                    ctrl = Scb.merge(ctrl, v, lanes) & 7;
                    onChange.run();
                }))
            // B3.5.7 MPU_RNR.
            .register(RNR - base, "MPU_RNR", r -> r
                .field("REGION", 0, 8, Access.RW, f -> f.reads(() -> rnr))
                .afterBusWrite((v, lanes) -> rnr = Scb.merge(rnr, v, lanes) & 0xFF));
        String[] suffix = {"", "_A1", "_A2", "_A3"};
        for (int i = 0; i < 4; i++) {
            // B3.5.8 MPU_RBAR: VALID reads as zero, REGION reads as RNR.
            b.register(RBAR - base + 8 * i, "MPU_RBAR" + suffix[i], r -> r
                .field("REGION", 0, 4, Access.RW, f -> f.reads(() -> regionCount == 0 ? 0 : rnr % regionCount))
                .bit("VALID", 4, Access.WO)
                .field("ADDR", 5, 27, Access.RW, f -> f.reads(() -> regionCount == 0 ? 0 : rbar[rnr % regionCount] >>> 5))
                .afterBusWrite(this::rbarWritten));
            // B3.5.9 MPU_RASR.
            b.register(RASR - base + 8 * i, "MPU_RASR" + suffix[i], r -> r
                .field("RASR", 0, 32, Access.RW, f -> f.reads(() -> regionCount == 0 ? 0 : rasr[rnr % regionCount]))
                .afterBusWrite(this::rasrWritten));
        }
        return b.build();
    }

    RegisterBlock registers() {
        return regs;
    }

    void reset() {
        ctrl = 0;
        rnr = 0;
        java.util.Arrays.fill(rbar, 0);
        java.util.Arrays.fill(rasr, 0); // RASR.ENABLE resets to 0; other fields UNKNOWN
        onChange.run();
    }

    /** Number of regions (MPU_TYPE.DREGION): 8 on STM32H7/F7/L4, 16 on some Cortex-M7 parts; 0 = no MPU. */
    public void setRegionCount(int n) {
        if (n != 0 && n != 8 && n != 16) throw new IllegalArgumentException("MPU regions must be 0, 8 or 16: " + n);
        regionCount = n;
        onChange.run();
    }

    public int regionCount() { return regionCount; }
    /** CTRL.ENABLE (an MPU with no regions cannot be enabled). */
    public boolean enabled() { return (ctrl & 1) != 0 && regionCount != 0; }
    /** CTRL.HFNMIENA: the MPU stays enabled in HardFault/NMI/FAULTMASK handlers. */
    public boolean hfnmiena() { return (ctrl & 2) != 0; }
    /** CTRL.PRIVDEFENA: the default memory map is the background region for privileged accesses. */
    public boolean privdefena() { return (ctrl & 4) != 0; }

    public Region region(int n) {
        if (n < 0 || n >= regionCount) throw new IllegalArgumentException("MPU region " + n + " does not exist");
        return new Region(n, rbar[n], rasr[n]);
    }

    public List<Region> enabledRegions() {
        List<Region> list = new ArrayList<>();
        for (int i = 0; i < regionCount; i++) if ((rasr[i] & 1) != 0) list.add(region(i));
        return list;
    }

    // ================================================================================================
    // Lookup (B3.5.9 ValidateAddress / CheckPermission)
    // ================================================================================================

    /** log2 of a region's size: RASR.SIZE + 1, at least 5 (smaller encodings are UNPREDICTABLE). */
    private static int lsbit(int rasr) {
        return Math.max(5, ((rasr >>> 1) & 0x1F) + 1);
    }

    /** The highest-numbered enabled region whose enabled subregion contains {@code address}, or -1. */
    public int regionAt(int address) {
        for (int r = regionCount - 1; r >= 0; r--) {
            int attrs = rasr[r];
            if ((attrs & 1) == 0) continue;
            int lsb = lsbit(attrs);
            if (lsb < 32 && ((address ^ rbar[r]) >>> lsb) != 0) continue;
            // Subregions exist for regions of 256 bytes and more (B3.5.9 "Subregions").
            if (lsb >= 8 && ((attrs >>> 8) & (1 << ((address >>> (lsb - 3)) & 7))) != 0) continue;
            return r;
        }
        return -1;
    }

    /** CheckPermission() for AP[2:0] (Table B3-15); AP = 100 is reserved and treated as no access. */
    static boolean apPermits(int ap, boolean privileged, boolean write) {
        switch (ap) {
            case 1: return privileged;
            case 2: return privileged || !write;
            case 3: return true;
            case 5: return privileged && !write;
            case 6:
            case 7: return !write;
            default: return false;
        }
    }

    /** Whether a data access is allowed (the MPU applying to it). */
    public boolean permitsData(int address, boolean privileged, boolean write) {
        int r = regionAt(address);
        if (r < 0) return privileged && privdefena();   // background region: default map, full access
        return apPermits((rasr[r] >>> 24) & 7, privileged, write);
    }

    /** Whether an instruction fetch is allowed: read permission and not execute-never (region or system space). */
    public boolean permitsFetch(int address, boolean privileged) {
        if ((address >>> 29) == 7) return false;           // System space is always XN
        int r = regionAt(address);
        if (r < 0) return privileged && privdefena() && !defaultMapExecuteNever(address);
        int attrs = rasr[r];
        return (attrs & (1 << 28)) == 0 && apPermits((attrs >>> 24) & 7, privileged, false);
    }

    /** Execute-never regions of the default memory map (DDI 0403E B3.1, Table B3-1). */
    static boolean defaultMapExecuteNever(int address) {
        int region = address >>> 29;
        return region == 2 || region == 5 || region == 6 || region == 7;
    }

    /** Data-cache policy of {@code address} with the MPU applying (region attributes or the background map). */
    public CachePolicy policyAt(int address, boolean siwt, boolean forceWt) {
        int r = regionAt(address);
        if (r < 0) return CachePolicy.defaultMap(address, forceWt);
        int a = rasr[r];
        return CachePolicy.fromTexCb((a >>> 19) & 7, (a & (1 << 17)) != 0, (a & (1 << 16)) != 0,
                (a & (1 << 18)) != 0, siwt, forceWt);
    }

    /**
     * True when every byte of the 64 KiB page {@code page} allows the access, so the core may skip
     * the lookup for it. The lookup result is constant between region and subregion boundaries,
     * so it is evaluated once per piece between the boundaries of regions overlapping the page.
     */
    public boolean pageUniformlyPermits(int page, boolean privileged, boolean write) {
        long start = (page & 0xFFFFL) << 16;
        long end = start + 0x10000L;
        if (!permitsData((int) start, privileged, write)) return false;
        for (int r = 0; r < regionCount; r++) {
            int attrs = rasr[r];
            if ((attrs & 1) == 0) continue;
            int lsb = lsbit(attrs);
            long base = lsb >= 32 ? 0 : (rbar[r] & 0xFFFFFFFFL) >>> lsb << lsb;
            long size = 1L << lsb;
            if (base >= end || base + size <= start) continue;
            long step = lsb >= 8 ? size >>> 3 : size;
            for (long b = base; b <= base + size; b += step) {
                if (b > start && b < end && !permitsData((int) b, privileged, write)) return false;
            }
        }
        return true;
    }

    // ================================================================================================
    // Registers
    // ================================================================================================

    private void rbarWritten(int value, int lanes) {
        if (regionCount == 0) return;
        if ((value & lanes & 0x10) != 0) rnr = value & 0xF;  // VALID: REGION field selects the region
        int n = rnr % regionCount;
        rbar[n] = Scb.merge(rbar[n], value, lanes) & 0xFFFFFFE0;
        onChange.run();
    }

    private void rasrWritten(int value, int lanes) {
        if (regionCount == 0) return;
        int n = rnr % regionCount;
        rasr[n] = Scb.merge(rasr[n], value, lanes) & 0x173FFF3F;
        onChange.run();
    }
}
