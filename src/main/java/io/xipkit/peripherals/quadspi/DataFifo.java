package io.xipkit.peripherals.quadspi;

/**
 * The controller FIFO used in indirect mode (RM0433 §23.3.5 "QUADSPI indirect mode": 32 bytes,
 * FLEVEL counts its bytes, FTHRES sets the threshold of FTF; XSPI: 64 bytes, RM0477 "XSPI functional description"). A
 * byte ring; no allocation.
 */
final class DataFifo {
    private final int capacity;
    private final byte[] ring;
    private int head;

    DataFifo(int capacity) {
        if (Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("FIFO depth must be a power of two");
        this.capacity = capacity;
        this.ring = new byte[capacity];
    }

    int capacity() {
        return capacity;
    }
    private int level;

    int level() {
        return level;
    }

    int free() {
        return capacity - level;
    }

    void clear() {
        head = 0;
        level = 0;
    }

    void push(byte b) {
        if (level == capacity) throw new IllegalStateException("FIFO overflow (model bug)");
        ring[(head + level) & (capacity - 1)] = b;
        level++;
    }

    /** Pops one byte; an empty FIFO reads 0. */
    int pop() {
        if (level == 0) return 0;
        int b = ring[head] & 0xFF;
        head = (head + 1) & (capacity - 1);
        level--;
        return b;
    }

    void pushAll(byte[] src, int off, int n) {
        for (int i = 0; i < n; i++) push(src[off + i]);
    }

    void popAll(byte[] dst, int off, int n) {
        for (int i = 0; i < n; i++) dst[off + i] = (byte) pop();
    }
}
