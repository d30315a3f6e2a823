package io.xipkit.cpu.cache;

/**
 * The memory behind the L1 caches: line fills, write-backs and write-throughs go through it. The
 * core's {@code Bus} is one; declaring it here keeps the caches free of the core's package.
 */
public interface MemoryPort {
    int read32(int address);

    void write8(int address, int value);

    void write16(int address, int value);

    void write32(int address, int value);

    /** Instruction fetch of one halfword (I-cache line fills). */
    int fetch16(int address);
}
