package io.xipkit.cpu.cache;

import io.xipkit.cpu.Bus;
import java.util.Arrays;

/**
 * The Cortex-M7 L1 instruction cache (ARM DDI 0489 "Level 1 Memory System"): 2-way
 * set-associative, 32-byte lines, filled by instruction fetches and never written by data
 * stores. A line keeps returning the instructions it was filled with until ICIALLU or ICIMVAU
 * invalidates it, whatever happens to the memory behind it.
 *
 * <p>Victim selection is round-robin per set; invalid ways are filled first.
 */
public final class InstructionCache {
    public static final int LINE_BYTES = 32;
    private static final int HALFWORDS = LINE_BYTES / 2;

    private final int ways;
    private int sets;
    private int[] tag;
    private boolean[] valid;
    private short[] data;        // HALFWORDS per slot
    private int[] nextVictim;
    private int validCount;

    public InstructionCache(int sizeBytes, int ways) {
        this.ways = ways;
        resize(sizeBytes);
    }

    /** Changes the capacity (a board setting); the cache comes back empty. */
    public void resize(int sizeBytes) {
        int s = sizeBytes / (ways * LINE_BYTES);
        if (sizeBytes < 0 || (sizeBytes != 0 && (s < 1 || Integer.bitCount(s) != 1))) {
            throw new IllegalArgumentException("instruction cache size must be 0 or ways x 32 x a power of two: " + sizeBytes);
        }
        sets = s;
        tag = new int[s * ways];
        valid = new boolean[s * ways];
        data = new short[s * ways * HALFWORDS];
        nextVictim = new int[Math.max(1, s)];
        validCount = 0;
    }

    public int sets() { return sets; }
    public int ways() { return ways; }
    public int sizeBytes() { return sets * ways * LINE_BYTES; }
    public boolean present() { return sets != 0; }

    private int find(int address) {
        if (validCount == 0) return -1;
        int line = address & ~(LINE_BYTES - 1);
        int base = ((address >>> 5) & (sets - 1)) * ways;
        for (int w = 0; w < ways; w++) {
            if (valid[base + w] && tag[base + w] == line) return base + w;
        }
        return -1;
    }

    public boolean holds(int address) {
        return sets != 0 && find(address) >= 0;
    }

    public int validLines() {
        return validCount;
    }

    /** Fetches the halfword at {@code address} (even) through the cache, filling the line on a miss. */
    public int fetch16(int address, Bus bus) {
        int slot = find(address);
        if (slot < 0) slot = allocate(address, bus);
        return data[slot * HALFWORDS + ((address & (LINE_BYTES - 1)) >>> 1)] & 0xFFFF;
    }

    private int allocate(int address, Bus bus) {
        int line = address & ~(LINE_BYTES - 1);
        int set = (address >>> 5) & (sets - 1);
        int base = set * ways;
        int slot = -1;
        for (int w = 0; w < ways; w++) {
            if (!valid[base + w]) {
                slot = base + w;
                break;
            }
        }
        if (slot < 0) {
            slot = base + nextVictim[set];
            nextVictim[set] = (nextVictim[set] + 1) % ways;
            valid[slot] = false;
            validCount--;
        }
        int off = slot * HALFWORDS;
        for (int i = 0; i < HALFWORDS; i++) data[off + i] = (short) bus.fetch16(line + 2 * i);
        tag[slot] = line;
        valid[slot] = true;
        validCount++;
        return slot;
    }

    /** ICIALLU. */
    public void invalidateAll() {
        Arrays.fill(valid, false);
        validCount = 0;
    }

    /** ICIMVAU. */
    public void invalidateByAddress(int address) {
        int slot = sets == 0 ? -1 : find(address);
        if (slot >= 0) {
            valid[slot] = false;
            validCount--;
        }
    }

    /** Line addresses of all valid lines (a rare path: a whole-memory change notification). */
    public int[] validLineAddresses() {
        int[] out = new int[validCount];
        int n = 0;
        for (int i = 0; i < valid.length; i++) if (valid[i]) out[n++] = tag[i];
        return out;
    }
}
