package io.xipkit.bus;

/**
 * Something that answers bus accesses over a contiguous range of offsets [0, size): memory,
 * a peripheral's register block, a memory-mapped flash window. A region knows nothing of where
 * it is mapped; the {@link SystemBus} translates addresses to offsets and may map one region at
 * several bases (mirrors).
 *
 * <p>A region whose content is a plain byte array can hand that array to the bus through
 * {@link #fastPath()}; the bus then serves reads (and, if allowed, writes) straight from the
 * array without calling the region. A region may change its fast path at any time (a QUADSPI
 * controller entering or leaving memory-mapped mode, say) and tells the bus through
 * {@link RegionContext#fastPathChanged}.
 */
public interface Region {
    /** Short name for messages ("ssram1", "quadspi-window"). */
    String name();

    /** Size in bytes. */
    long size();

    /**
     * Reads {@code size} (1, 2 or 4) bytes at {@code offset}, little-endian, zero-extended.
     * {@code offset + size <= size()} is guaranteed by the bus.
     *
     * @throws io.xipkit.cpu.BusErrorException when the region refuses the access
     */
    int read(int offset, int size);

    /** Writes the low {@code size} bytes of {@code value} at {@code offset}, little-endian. */
    void write(int offset, int size, int value);

    /** Instruction fetch of one halfword; by default the same as a data read. */
    default int fetch16(int offset) {
        return read(offset, 2);
    }

    /**
     * A wrapping burst of {@code bytes} bytes over the aligned block at {@code offset}, starting
     * at {@code first} (the block-relative offset of the first beat, a multiple of
     * {@code beat}): the bus's form of a cache line fill ({@link io.xipkit.cpu.cache.MemoryPort#readLine}).
     * Stores the block in address order at {@code into[at..]}. By default the region sees word
     * reads (halfword fetches) in burst order; a region whose slave treats a wrapping burst as one
     * transaction (an OCTOSPI/XSPI window) overrides it.
     */
    default void readWrapping(int offset, int first, int beat, int bytes, boolean fetch, byte[] into, int at) {
        for (int k = 0; k < bytes; k += fetch ? 2 : 4) {
            int o = (first + k) & (bytes - 1);
            int v = fetch ? fetch16(offset + o) : read(offset + o, 4);
            into[at + o] = (byte) v;
            into[at + o + 1] = (byte) (v >>> 8);
            if (!fetch) {
                into[at + o + 2] = (byte) (v >>> 16);
                into[at + o + 3] = (byte) (v >>> 24);
            }
        }
    }

    /** The array the bus may access directly, or null when every access must call the region. */
    default FastPath fastPath() {
        return null;
    }

    /**
     * Debugger/loader path: stores bytes as a programmer would, whatever the region's bus
     * write policy (ROM is writable here). Regions that are not memory refuse.
     *
     * @throws NotMemoryException when the region cannot be loaded (registers, say)
     */
    default void load(int offset, byte[] data, int from, int length) {
        throw new NotMemoryException(name() + " is not memory");
    }

    /** Debugger path: reads bytes without side effects. Regions that are not memory refuse. */
    default void peek(int offset, byte[] into, int from, int length) {
        throw new NotMemoryException(name() + " is not memory");
    }

    /** Called once per mapping when the region is mapped on a bus. */
    default void attached(RegionContext context, long base) {}
}
