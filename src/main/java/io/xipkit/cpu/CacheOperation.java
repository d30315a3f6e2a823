package io.xipkit.cpu;

/**
 * Cortex-M7 L1 cache and branch predictor maintenance operations, one per write-only register at
 * 0xE000EF50–0xE000EF78 (DDI 0403E B2.2.7 Table B2-1 "Cache and branch predictor maintenance
 * operations"; DDI 0489 4.1).
 */
public enum CacheOperation {
    ICIALLU(0xE000EF50),
    ICIMVAU(0xE000EF58),
    DCIMVAC(0xE000EF5C),
    DCISW(0xE000EF60),
    DCCMVAU(0xE000EF64),
    DCCMVAC(0xE000EF68),
    DCCSW(0xE000EF6C),
    DCCIMVAC(0xE000EF70),
    DCCISW(0xE000EF74),
    BPIALL(0xE000EF78);

    public final int address;

    CacheOperation(int address) {
        this.address = address;
    }

    static CacheOperation at(int address) {
        for (CacheOperation op : values()) if (op.address == address) return op;
        return null;
    }
}
