package io.xipkit.tools.flasher;

import io.xipkit.tools.target.MemoryMap;

/**
 * Programs one flash memory through a {@link io.xipkit.tools.target.DebugTarget}: its geometry
 * (the map region: base, size, erase block), erase, program and read back. Implementations drive
 * the memory's controller the way firmware would (registers, chip commands) or run a flash
 * algorithm on the core; callers never write the array directly.
 *
 * <p>All addresses are bus addresses inside {@link #region()}; erase ranges are whole blocks;
 * program data lies in erased blocks. Failures throw {@link FlashException}.
 */
public interface FlashDriver {
    MemoryMap.Region region();

    /** Erases the blocks of [address, address + length) (both multiples of the block size). */
    void erase(long address, long length);

    /** Programs {@code data} at {@code address} (erased before). */
    void program(long address, byte[] data);

    /** Reads back what the memory holds. */
    byte[] read(long address, int length);

    /**
     * CRC-32s (the values of java.util.zip.CRC32) of the whole blocks at {@code bases}, computed
     * where the memory is, so smart flashing need not read them back; null when this driver cannot.
     */
    default long[] blockCrcs(java.util.List<Long> bases) {
        return null;
    }

    /** Counted work: erases and programming operations issued so far. */
    default String describe() {
        return region().name();
    }
}
