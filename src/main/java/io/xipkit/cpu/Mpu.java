package io.xipkit.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * PMSAv7 Memory Protection Unit registers (DDI 0403E B3.5, Table B3-12 "MPU register summary"):
 * stored and readable, with a read-only view of the regions. Enforcement is not modelled yet.
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

    Mpu() {}

    void reset() {
        ctrl = 0;
        rnr = 0;
        java.util.Arrays.fill(rbar, 0);
        java.util.Arrays.fill(rasr, 0); // RASR.ENABLE resets to 0; other fields UNKNOWN
    }

    /** Number of regions (MPU_TYPE.DREGION): 8 on STM32H7/F7/L4, 16 on some Cortex-M7 parts; 0 = no MPU. */
    public void setRegionCount(int n) {
        if (n != 0 && n != 8 && n != 16) throw new IllegalArgumentException("MPU regions must be 0, 8 or 16: " + n);
        regionCount = n;
    }

    public int regionCount() { return regionCount; }
    public boolean enabled() { return (ctrl & 1) != 0; }
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

    static boolean owns(int a) {
        return a >= TYPE && a <= LAST_ALIAS;
    }

    int read(int a) {
        if (a == TYPE) return regionCount << 8;              // DREGION; unified map (SEPARATE = 0)
        if (a == CTRL) return ctrl;
        if (a == RNR) return rnr;
        if (regionCount == 0) return 0;
        // RBAR/RASR and their aliases A1–A3 all access the region RNR selects (B3.5.8 note).
        boolean isRbar = ((a - RBAR) & 4) == 0;
        int n = rnr % regionCount;
        return isRbar ? rbar[n] | n : rasr[n];              // RBAR.VALID reads as zero, REGION = RNR
    }

    void write(int a, int value, int mask) {
        if (a == TYPE) return;
        if (a == CTRL) {
            ctrl = Scb.merge(ctrl, value, mask) & 7;
            return;
        }
        if (a == RNR) {
            rnr = Scb.merge(rnr, value, mask) & 0xFF;
            return;
        }
        if (regionCount == 0) return;
        boolean isRbar = ((a - RBAR) & 4) == 0;
        if (isRbar) {
            if ((value & mask & 0x10) != 0) rnr = value & 0xF;  // VALID: REGION field selects the region
            int n = rnr % regionCount;
            rbar[n] = Scb.merge(rbar[n], value, mask) & 0xFFFFFFE0;
        } else {
            int n = rnr % regionCount;
            rasr[n] = Scb.merge(rasr[n], value, mask) & 0x173FFF3F;
        }
    }
}
