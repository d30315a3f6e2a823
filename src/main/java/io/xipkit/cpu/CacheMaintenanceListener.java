package io.xipkit.cpu;

/** Told about cache maintenance operations and cache enables (the cache model plugs in here). */
public interface CacheMaintenanceListener {
    /**
     * A write to a cache maintenance register.
     *
     * @param value the written word: an address (…MVA… operations), a set/way (…SW) or ignored (…ALL)
     */
    void maintenance(CacheOperation operation, int value);

    /** CCR.IC or CCR.DC changed. */
    default void enablesChanged(boolean icache, boolean dcache) {}
}
