package io.xipkit.cpu.cache;


/**
 * The Cortex-M7 L1 instruction cache (ARM DDI 0489 "Level 1 Memory System"): 2-way
 * set-associative, 32-byte lines, filled by instruction fetches and never written by data
 * stores. A line keeps returning the instructions it was filled with until ICIALLU or ICIMVAU
 * invalidates it, whatever happens to the memory behind it.
 */
public final class InstructionCache extends SetAssociativeCache {
    private static final int HALFWORDS = LINE_BYTES / 2;
    private short[] data;        // HALFWORDS per slot
    private final byte[] lineBuffer = new byte[LINE_BYTES];

    public InstructionCache(int sizeBytes, int ways) {
        super("instruction cache", sizeBytes, ways);
    }

    @Override
    void allocateData(int slots) {
        data = new short[slots * HALFWORDS];
    }

    /** Fetches the halfword at {@code address} (even) through the cache, filling the line on a miss. */
    public int fetch16(int address, MemoryPort bus) {
        int slot = find(address);
        if (slot < 0) slot = allocate(address, bus);
        return data[slot * HALFWORDS + ((address & LINE_MASK) >>> 1)] & 0xFFFF;
    }

    private int allocate(int address, MemoryPort bus) {
        int line = address & ~LINE_MASK;
        int slot = slotFor(address);
        int off = slot * HALFWORDS;
        // One wrapping burst, critical doubleword first (MemoryPort#readLine).
        byte[] fill = lineBuffer;
        bus.readLine(line, address, LINE_BYTES, true, fill, 0);
        for (int i = 0; i < HALFWORDS; i++) data[off + i] = (short) ((fill[2 * i] & 0xFF) | (fill[2 * i + 1] & 0xFF) << 8);
        filled(slot, address);
        return slot;
    }

    /** ICIMVAU. */
    public void invalidateByAddress(int address) {
        int slot = sets == 0 ? -1 : find(address);
        if (slot >= 0) invalidateSlot(slot);
    }
}
