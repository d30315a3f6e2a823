package io.xipkit.tools.target;

/**
 * What a debugger reaches through the debug port: word, halfword and byte accesses on the
 * system's buses as the debugger's bus master makes them (the private peripheral bus included,
 * no MPU checks). A virtual board answers at once; a JTAG/SWD MEM-AP implementation does the
 * same through its transfer registers.
 */
public interface DebugAccessPort {
    /**
     * @param size 1, 2 or 4 bytes, naturally aligned
     * @throws TargetMemoryException when the access ends in a bus error or hits no memory
     */
    int read(long address, int size);

    /** @throws TargetMemoryException when the access ends in a bus error or hits no memory */
    void write(long address, int size, int value);

    default int read32(long address) {
        return read(address, 4);
    }

    default void write32(long address, int value) {
        write(address, 4, value);
    }
}
