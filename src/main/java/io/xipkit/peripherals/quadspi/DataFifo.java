package io.xipkit.peripherals.quadspi;

/**
 * The 32-byte QUADSPI FIFO used in indirect mode (RM0433 §23.3.5 "QUADSPI indirect mode": FLEVEL
 * counts its bytes, FTHRES sets the threshold of FTF). A byte ring; no allocation.
 */
final class DataFifo {
    static final int CAPACITY = 32;
    private final byte[] ring = new byte[CAPACITY];
    private int head;
    private int level;

    int level() {
        return level;
    }

    int free() {
        return CAPACITY - level;
    }

    void clear() {
        head = 0;
        level = 0;
    }

    void push(byte b) {
        if (level == CAPACITY) throw new IllegalStateException("QUADSPI FIFO overflow (model bug)");
        ring[(head + level) & (CAPACITY - 1)] = b;
        level++;
    }

    /** Pops one byte; an empty FIFO reads 0. */
    int pop() {
        if (level == 0) return 0;
        int b = ring[head] & 0xFF;
        head = (head + 1) & (CAPACITY - 1);
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
