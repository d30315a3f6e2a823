package io.xipkit.cpu.cache;

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
public final class DataCache extends SetAssociativeCache {
    /** Told after a dirty line was written to memory (the core drops instructions decoded from it). */
    @FunctionalInterface
    public interface WriteBackListener {
        void writtenBack(int lineAddress);
    }

    /**
     * Told when a read hits a line whose memory was changed behind the cache after the line was
     * filled ({@link #memoryChanging}): the line returns data older than memory holds.
     */
    @FunctionalInterface
    public interface StaleHitListener {
        void staleHit(int lineAddress, long changedAtPicos);
    }

    /** {@link #changedAt} of a line whose memory has not changed since it was filled. */
    private static final long UNCHANGED = Long.MAX_VALUE;

    private boolean[] dirty;
    /** Per slot: when the memory behind the line changes or changed after the fill, or UNCHANGED. */
    private long[] changedAt;
    private StaleHitListener staleHitListener;
    private byte[] data;        // LINE_BYTES per slot
    private MemoryPort evictionBus;    // the bus an allocation evicts to (set around slotFor)
    private WriteBackListener writeBackListener = line -> { };

    public DataCache(int sizeBytes, int ways) {
        super("data cache", sizeBytes, ways);
    }

    @Override
    void allocateData(int slots) {
        dirty = new boolean[slots];
        changedAt = new long[slots];
        Arrays.fill(changedAt, UNCHANGED);
        data = new byte[slots * LINE_BYTES];
    }

    @Override
    void evicting(int slot) {
        if (valid[slot] && dirty[slot]) writeBack(slot, evictionBus);
        dirty[slot] = false;
    }

    public void setWriteBackListener(WriteBackListener listener) {
        this.writeBackListener = listener;
    }

    public boolean isDirty(int address) {
        int slot = sets == 0 ? -1 : find(address);
        return slot >= 0 && dirty[slot];
    }

    /** Allocates the line of {@code address}: evicts a victim (writing it back if dirty), fills from memory. */
    private int allocate(int address, MemoryPort bus) {
        int line = address & ~LINE_MASK;
        evictionBus = bus;
        int slot = slotFor(address);
        // Fill first, then mark valid: a bus error part-way leaves no half-filled line behind.
        // One wrapping burst, critical doubleword first (MemoryPort#readLine).
        bus.readLine(line, address, LINE_BYTES, false, data, slot * LINE_BYTES);
        dirty[slot] = false;
        changedAt[slot] = UNCHANGED;
        filled(slot, address);
        return slot;
    }

    private void evict(int slot, MemoryPort bus) {
        if (!valid[slot]) return;
        if (dirty[slot]) writeBack(slot, bus);
        dirty[slot] = false;
        invalidateSlot(slot);
    }

    private void writeBack(int slot, MemoryPort bus) {
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
    public int read(int address, int size, MemoryPort bus) {
        int slot = find(address);
        if (slot < 0) slot = allocate(address, bus);
        else if (changedAt[slot] != UNCHANGED && staleHitListener != null) staleHitListener.staleHit(tag[slot], changedAt[slot]);
        int off = slot * LINE_BYTES + (address & LINE_MASK);
        int v = 0;
        for (int i = size - 1; i >= 0; i--) v = (v << 8) | (data[off + i] & 0xFF);
        return v;
    }

    /** A cacheable write of 1, 2 or 4 bytes within one line, with the policy's hit/miss behaviour. */
    public void write(int address, int size, int value, CachePolicy policy, MemoryPort bus) {
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

    private static void writeBus(int address, int size, int value, MemoryPort bus) {
        switch (size) {
            case 1 -> bus.write8(address, value);
            case 2 -> bus.write16(address, value);
            default -> bus.write32(address, value);
        }
    }

    /**
     * The memory behind [address, address + length) is being changed other than through this cache
     * (a flash program or erase), with the new content in place from {@code atPicos}: the lines held
     * for it are older than memory from then on, until they are invalidated or refilled.
     */
    public void memoryChanging(int address, int length, long atPicos) {
        if (sets == 0 || validCount == 0 || length <= 0) return;
        long end = (address & 0xFFFF_FFFFL) + length;
        for (long line = (address & 0xFFFF_FFFFL) & ~(long) LINE_MASK; line < end; line += LINE_BYTES) {
            int slot = find((int) line);
            if (slot >= 0) changedAt[slot] = atPicos;
        }
    }

    /** Reads that hit a line older than memory ({@link #memoryChanging}) are reported to {@code listener}. */
    public void setStaleHitListener(StaleHitListener listener) {
        this.staleHitListener = listener;
    }

    @Override
    void invalidateSlot(int slot) {
        changedAt[slot] = UNCHANGED;
        super.invalidateSlot(slot);
    }

    // ---- maintenance (DDI 0403E B2.2.7, Table B2-1) -------------------------------------------------

    /** DCIMVAC: the line is discarded, dirty data included. */
    public void invalidateByAddress(int address) {
        int slot = sets == 0 ? -1 : find(address);
        if (slot >= 0) {
            dirty[slot] = false;
            invalidateSlot(slot);
        }
    }

    /** DCCMVAC / DCCMVAU: a dirty line is written to memory and stays valid. */
    public void cleanByAddress(int address, MemoryPort bus) {
        int slot = sets == 0 ? -1 : find(address);
        if (slot >= 0 && dirty[slot]) writeBack(slot, bus);
    }

    /** DCCIMVAC: clean, then invalidate. */
    public void cleanInvalidateByAddress(int address, MemoryPort bus) {
        int slot = sets == 0 ? -1 : find(address);
        if (slot >= 0) evict(slot, bus);
    }

    /**
     * DCISW / DCCSW / DCCISW. The operand holds the way in bits [31:32-A] and the set in bits
     * [L+S-1:L], A = log2(ways), L = log2(line bytes) = 5, S = log2(sets) (DDI 0403E B2.2.7
     * "set/way" operand format).
     */
    public void bySetWay(int operand, boolean clean, boolean invalidate, MemoryPort bus) {
        if (sets == 0) return;
        int wayBits = 32 - Integer.numberOfLeadingZeros(ways - 1);
        int way = wayBits == 0 ? 0 : operand >>> (32 - wayBits);
        int set = (operand >>> 5) & (sets - 1);
        if (way >= ways) return;
        int slot = set * ways + way;
        if (!valid[slot]) return;
        if (clean && dirty[slot]) writeBack(slot, bus);
        if (invalidate) {
            dirty[slot] = false;
            invalidateSlot(slot);
        }
    }

    /** Invalidates everything without writing back (the state after reset is UNKNOWN; tests start clean). */
    @Override
    public void invalidateAll() {
        super.invalidateAll();
        Arrays.fill(dirty, false);
        Arrays.fill(changedAt, UNCHANGED);
    }
}
