package io.xipkit.cpu.cache;

/**
 * How the L1 data cache treats one access, after the memory attributes (default memory map or
 * MPU region TEX/C/B/S) and the Cortex-M7 rules have been applied.
 *
 * <p>Cortex-M7 TRM (ARM DDI 0489) "Level 1 Memory System": every cacheable location is
 * read-allocate; write-through locations never allocate on a write; write-back locations
 * allocate on a write only with the write-allocate hint.
 */
public enum CachePolicy {
    /** Device, Strongly-ordered, Normal non-cacheable, or Normal shareable with CACR.SIWT = 0. */
    NON_CACHEABLE,
    /** Write-through, read-allocate: stores go to memory and update a line that is present. */
    WRITE_THROUGH,
    /** Write-back, read-allocate only: a store that misses goes to memory. */
    WRITE_BACK_NO_ALLOCATE,
    /** Write-back, read- and write-allocate. */
    WRITE_BACK_WRITE_ALLOCATE;

    public boolean cacheable() {
        return this != NON_CACHEABLE;
    }

    /**
     * Inner cache policy of an ARMv7-M memory attribute encoding (DDI 0403E B3.5.9, Table B3-13
     * "TEX, C, B, and S encoding"; Table B3-14 "Cache policy encoding" for TEX = 1BB).
     *
     * @param tex   RASR.TEX
     * @param c     RASR.C
     * @param b     RASR.B
     * @param s     RASR.S (Normal memory only)
     * @param siwt  CACR.SIWT: Normal cacheable shareable treated as write-through instead of non-cacheable
     * @param forceWt CACR.FORCEWT: every cacheable location treated as write-through
     */
    public static CachePolicy fromTexCb(int tex, boolean c, boolean b, boolean s, boolean siwt, boolean forceWt) {
        CachePolicy p;
        if ((tex & 4) != 0) {
            // TEX = 1BB: AA = C:B is the inner policy (00 NC, 01 WBWA, 10 WT no WA, 11 WB no WA).
            int aa = (c ? 2 : 0) | (b ? 1 : 0);
            p = switch (aa) {
                case 1 -> WRITE_BACK_WRITE_ALLOCATE;
                case 2 -> WRITE_THROUGH;
                case 3 -> WRITE_BACK_NO_ALLOCATE;
                default -> NON_CACHEABLE;
            };
        } else if (tex == 0 && c) {
            p = b ? WRITE_BACK_NO_ALLOCATE : WRITE_THROUGH;   // 000 1 0 / 000 1 1
        } else if (tex == 1 && c && b) {
            p = WRITE_BACK_WRITE_ALLOCATE;                     // 001 1 1
        } else {
            // Strongly-ordered (000 0 0), Device (000 0 1, 010 0 0), Normal non-cacheable (001 0 0),
            // reserved and IMPLEMENTATION DEFINED encodings: never cached here.
            p = NON_CACHEABLE;
        }
        return adjust(p, s, siwt, forceWt);
    }

    /**
     * Default memory map attributes (DDI 0403E B3.1, Table B3-1): Code 0x00000000–0x1FFFFFFF
     * WT, SRAM 0x20000000–0x3FFFFFFF WBWA, RAM 0x60000000–0x7FFFFFFF WBWA, RAM
     * 0x80000000–0x9FFFFFFF WT; Peripheral, Device and System regions are not cacheable. The
     * Normal regions of the default map are non-shareable.
     */
    public static CachePolicy defaultMap(int address, boolean forceWt) {
        CachePolicy p = switch (address >>> 29) {
            case 0, 4 -> WRITE_THROUGH;
            case 1, 3 -> WRITE_BACK_WRITE_ALLOCATE;
            default -> NON_CACHEABLE;
        };
        return adjust(p, false, false, forceWt);
    }

    /** Cortex-M7 TRM DDI 0489 3.3.8 "L1 Cache Control Register" (CACR.SIWT, CACR.FORCEWT). */
    private static CachePolicy adjust(CachePolicy p, boolean shareable, boolean siwt, boolean forceWt) {
        if (!p.cacheable()) return p;
        if (shareable) return siwt ? WRITE_THROUGH : NON_CACHEABLE;
        if (forceWt) return WRITE_THROUGH;
        return p;
    }
}
