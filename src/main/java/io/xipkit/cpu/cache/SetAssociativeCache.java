package io.xipkit.cpu.cache;

import java.util.Arrays;

/**
 * The tag side shared by the L1 caches: sets x ways slots of 32-byte lines, each with a tag (its
 * line address) and a valid bit; lookup, allocation of an invalid way or a round-robin victim per
 * set (the hardware policy is not architecturally visible; a fixed one keeps runs deterministic),
 * invalidation. Subclasses hold the line data and decide what evicting a line costs.
 */
abstract class SetAssociativeCache {
    public static final int LINE_BYTES = 32;
    static final int LINE_MASK = LINE_BYTES - 1;

    private final String what;
    final int ways;
    int sets;
    int[] tag;
    boolean[] valid;
    private int[] nextVictim;
    int validCount;

    SetAssociativeCache(String what, int sizeBytes, int ways) {
        this.what = what;
        this.ways = ways;
        resize(sizeBytes);
    }

    /** Changes the capacity (a board setting); the cache comes back empty. */
    public void resize(int sizeBytes) {
        int s = sizeBytes / (ways * LINE_BYTES);
        if (sizeBytes < 0 || (sizeBytes != 0 && (s < 1 || Integer.bitCount(s) != 1))) {
            throw new IllegalArgumentException(what + " size must be 0 or ways x 32 x a power of two: " + sizeBytes);
        }
        sets = s;
        tag = new int[s * ways];
        valid = new boolean[s * ways];
        nextVictim = new int[Math.max(1, s)];
        validCount = 0;
        allocateData(s * ways);
    }

    /** Makes room for the data of {@code slots} lines. */
    abstract void allocateData(int slots);

    /** Called before a valid victim is reused (a data cache writes a dirty line back here). */
    void evicting(int slot) {}

    public int sets() { return sets; }
    public int ways() { return ways; }
    public int sizeBytes() { return sets * ways * LINE_BYTES; }
    public boolean present() { return sets != 0; }

    public int validLines() {
        return validCount;
    }

    final int setOf(int address) {
        return (address >>> 5) & (sets - 1);
    }

    /** Slot holding the line of {@code address}, or -1. */
    final int find(int address) {
        if (validCount == 0) return -1;
        int line = address & ~LINE_MASK;
        int base = setOf(address) * ways;
        for (int w = 0; w < ways; w++) {
            int slot = base + w;
            if (valid[slot] && tag[slot] == line) return slot;
        }
        return -1;
    }

    /** True when the line holding {@code address} is valid (for tests and the debugger view). */
    public boolean holds(int address) {
        return sets != 0 && find(address) >= 0;
    }

    /** A slot for the line of {@code address}: an invalid way, else the set's next victim (emptied). */
    final int slotFor(int address) {
        int set = setOf(address);
        int base = set * ways;
        for (int w = 0; w < ways; w++) {
            if (!valid[base + w]) return base + w;
        }
        int slot = base + nextVictim[set];
        nextVictim[set] = (nextVictim[set] + 1) % ways;
        evicting(slot);
        if (valid[slot]) {
            valid[slot] = false;
            validCount--;
        }
        return slot;
    }

    /** Marks a freshly filled slot valid for the line of {@code address}. */
    final void filled(int slot, int address) {
        tag[slot] = address & ~LINE_MASK;
        valid[slot] = true;
        validCount++;
    }

    /** Drops the line in {@code slot} (no write-back). */
    void invalidateSlot(int slot) {
        if (valid[slot]) {
            valid[slot] = false;
            validCount--;
        }
    }

    /** Drops every line (no write-back). */
    public void invalidateAll() {
        Arrays.fill(valid, false);
        validCount = 0;
    }

    /** Line addresses of all valid lines (a rare path: a whole-memory change notification). */
    public int[] validLineAddresses() {
        int[] out = new int[validCount];
        int n = 0;
        for (int i = 0; i < valid.length; i++) if (valid[i]) out[n++] = tag[i];
        return out;
    }
}
