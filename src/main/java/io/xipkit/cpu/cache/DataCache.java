package io.xipkit.cpu.cache;

import io.xipkit.cpu.Bus;
import java.util.Arrays;

/**
 * The Cortex-M7 L1 data cache (ARM DDI 0489 "Level 1 Memory System"): set-associative, 32-byte
 * lines, read-allocate, write-back or write-through per access. Lines hold their own copy of the
 * bytes, so memory that changes behind the cache (flash programmed through a controller, DMA)
 * keeps reading as the old line until the line is invalidated — the coherency bug this model
 * exists to reproduce.
 *
 * <p>The core only routes accesses here for address ranges the board declares
 * "coherency-modelled" while CCR.DC is set; everything else bypasses the model.
 * Victim selection is round-robin per set (the hardware policy is not architecturally visible;
 * a fixed one keeps runs deterministic). Invalid ways are filled first.
 */
public final class DataCache {
    public static final int LINE_BYTES = 32;
    private static final int LINE_MASK = LINE_BYTES - 1;

    /** Told after a dirty line was written to memory (the core drops instructions decoded from it). */
    @FunctionalInterface
    public interface WriteBackListener {
        void writtenBack(int lineAddress);
    }

    private final int ways;
    private int sets;
    private int setBits;
    private int[] tag;          // line address per slot (set * ways + way)
    private boolean[] valid;
    private boolean[] dirty;
    private byte[] data;        // LINE_BYTES per slot
    private int[] nextVictim;   // per set
    private int validCount;
    private WriteBackListener writeBackListener = line -> { };

    public DataCache(int sizeBytes, int ways) {
        this.ways = ways;
        resize(sizeBytes);
    }

    /** Changes the capacity (a board setting); the cache comes back empty. */
    public void resize(int sizeBytes) {
        int s = sizeBytes / (ways * LINE_BYTES);
        if (sizeBytes < 0 || (sizeBytes != 0 && (s < 1 || Integer.bitCount(s) != 1))) {
            throw new IllegalArgumentException("data cache size must be 0 or ways x 32 x a power of two: " + sizeBytes);
        }
        sets = s;
        setBits = s == 0 ? 0 : Integer.numberOfTrailingZeros(s);
        tag = new int[s * ways];
        valid = new boolean[s * ways];
        dirty = new boolean[s * ways];
        data = new byte[s * ways * LINE_BYTES];
        nextVictim = new int[Math.max(1, s)];
        validCount = 0;
    }

    public void setWriteBackListener(WriteBackListener listener) {
        this.writeBackListener = listener;
    }

    public int sets() { return sets; }
    public int ways() { return ways; }
    public int sizeBytes() { return sets * ways * LINE_BYTES; }
    public boolean present() { return sets != 0; }

    private int setOf(int address) {
        return (address >>> 5) & (sets - 1);
    }

    /** Slot holding the line of {@code address}, or -1. */
    private int find(int address) {
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

    public boolean isDirty(int address) {
        int slot = sets == 0 ? -1 : find(address);
        return slot >= 0 && dirty[slot];
    }

    /** Allocates the line of {@code address}: evicts a victim (writing it back if dirty), fills from memory. */
    private int allocate(int address, Bus bus) {
        int line = address & ~LINE_MASK;
        int set = setOf(address);
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
            evict(slot, bus);
        }
        // Fill first, then mark valid: a bus error part-way leaves no half-filled line behind.
        int off = slot * LINE_BYTES;
        for (int i = 0; i < LINE_BYTES; i += 4) {
            int v = bus.read32(line + i);
            data[off + i] = (byte) v;
            data[off + i + 1] = (byte) (v >>> 8);
            data[off + i + 2] = (byte) (v >>> 16);
            data[off + i + 3] = (byte) (v >>> 24);
        }
        tag[slot] = line;
        valid[slot] = true;
        dirty[slot] = false;
        validCount++;
        return slot;
    }

    private void evict(int slot, Bus bus) {
        if (!valid[slot]) return;
        if (dirty[slot]) writeBack(slot, bus);
        valid[slot] = false;
        dirty[slot] = false;
        validCount--;
    }

    private void writeBack(int slot, Bus bus) {
        int off = slot * LINE_BYTES;
        int line = tag[slot];
        for (int i = 0; i < LINE_BYTES; i += 4) {
            bus.write32(line + i, (data[off + i] & 0xFF) | (data[off + i + 1] & 0xFF) << 8
                    | (data[off + i + 2] & 0xFF) << 16 | (data[off + i + 3] & 0xFF) << 24);
        }
        dirty[slot] = false;
        writeBackListener.writtenBack(line);
    }

    /**
     * A cacheable read of 1, 2 or 4 bytes that lies within one line: hits read the line, misses
     * allocate it (read-allocate on every cacheable location).
     */
    public int read(int address, int size, Bus bus) {
        int slot = find(address);
        if (slot < 0) slot = allocate(address, bus);
        int off = slot * LINE_BYTES + (address & LINE_MASK);
        int v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (data[off + i] & 0xFF);
        return v;
    }

    /** A cacheable write of 1, 2 or 4 bytes within one line, with the policy's hit/miss behaviour. */
    public void write(int address, int size, int value, CachePolicy policy, Bus bus) {
        int slot = find(address);
        switch (policy) {
            case WRITE_THROUGH -> {
                writeBus(address, size, value, bus);
                if (slot >= 0) store(slot, address, size, value);
            }
            case WRITE_BACK_NO_ALLOCATE -> {
                if (slot < 0) {
                    writeBus(address, size, value, bus);
                } else {
                    store(slot, address, size, value);
                    dirty[slot] = true;
                }
            }
            case WRITE_BACK_WRITE_ALLOCATE -> {
                if (slot < 0) slot = allocate(address, bus);
                store(slot, address, size, value);
                dirty[slot] = true;
            }
            default -> writeBus(address, size, value, bus);
        }
    }

    private void store(int slot, int address, int size, int value) {
        int off = slot * LINE_BYTES + (address & LINE_MASK);
        for (int i = 0; i < size; i++) data[off + i] = (byte) (value >>> (8 * i));
    }

    private static void writeBus(int address, int size, int value, Bus bus) {
        switch (size) {
            case 1 -> bus.write8(address, value);
            case 2 -> bus.write16(address, value);
            default -> bus.write32(address, value);
        }
    }

    // ---- maintenance (DDI 0403E B2.2.7, Table B2-1) -------------------------------------------------

    /** DCIMVAC: the line is discarded, dirty data included. */
    public void invalidateByAddress(int address) {
        int slot = sets == 0 ? -1 : find(address);
        if (slot >= 0) {
            valid[slot] = false;
            dirty[slot] = false;
            validCount--;
        }
    }

    /** DCCMVAC / DCCMVAU: a dirty line is written to memory and stays valid. */
    public void cleanByAddress(int address, Bus bus) {
        int slot = sets == 0 ? -1 : find(address);
        if (slot >= 0 && dirty[slot]) writeBack(slot, bus);
    }

    /** DCCIMVAC: clean, then invalidate. */
    public void cleanInvalidateByAddress(int address, Bus bus) {
        int slot = sets == 0 ? -1 : find(address);
        if (slot >= 0) evict(slot, bus);
    }

    /**
     * DCISW / DCCSW / DCCISW. The operand holds the way in bits [31:32-A] and the set in bits
     * [L+S-1:L], A = log2(ways), L = log2(line bytes) = 5, S = log2(sets) (DDI 0403E B2.2.7
     * "set/way" operand format).
     */
    public void bySetWay(int operand, boolean clean, boolean invalidate, Bus bus) {
        if (sets == 0) return;
        int wayBits = 32 - Integer.numberOfLeadingZeros(ways - 1);
        int way = wayBits == 0 ? 0 : operand >>> (32 - wayBits);
        int set = (operand >>> 5) & (sets - 1);
        if (way >= ways) return;
        int slot = set * ways + way;
        if (!valid[slot]) return;
        if (clean && dirty[slot]) writeBack(slot, bus);
        if (invalidate) {
            valid[slot] = false;
            dirty[slot] = false;
            validCount--;
        }
    }

    /** Invalidates everything without writing back (the state after reset is UNKNOWN; tests start clean). */
    public void invalidateAll() {
        Arrays.fill(valid, false);
        Arrays.fill(dirty, false);
        validCount = 0;
    }

    public int validLines() {
        return validCount;
    }
}
