package io.xipkit.cpu;

/**
 * The core's view of the system bus (AHB/AXI). Private Peripheral Bus addresses
 * (0xE0000000–0xE00FFFFF) never reach it: the core serves those itself, as silicon does.
 *
 * <p>Accesses that no slave answers, or that a slave rejects, throw {@link BusErrorException}.
 * Unaligned halfword and word accesses are legal at this level; the core decides whether the
 * architecture allows them before it asks the bus.
 */
public interface Bus extends io.xipkit.cpu.cache.MemoryPort {
    int read8(int address);

    int read16(int address);

    @Override
    int read32(int address);

    @Override
    void write8(int address, int value);

    @Override
    void write16(int address, int value);

    @Override
    void write32(int address, int value);

    /**
     * Instruction fetch of one halfword. Separate from {@link #read16} because a fetch from a
     * region that cannot supply instructions is an IBUSERR, not a data bus error, and because
     * memory-mapped flash windows may serve fetches differently from data reads.
     */
    @Override
    int fetch16(int address);

    /**
     * The array 64 KiB page {@code page} is served from when the bus reads it straight from one
     * with no side effect (plain memory, a flash window in memory-mapped mode), else null: byte
     * {@code o} of the page is {@code array[fastIndex(page) + o]}. The core folds these tables
     * with its own gates into the one lookup translated code makes per load ({@code MemoryPath});
     * {@link #addFastPageListener} says when they change. By default no page is.
     */
    default byte[] fastReadArray(int page) {
        return null;
    }

    /** As {@link #fastReadArray}, for stores: null where a write must reach the region (ROM, flash windows, peripherals). */
    default byte[] fastWriteArray(int page) {
        return null;
    }

    /** Index of page {@code page}'s first byte in its fast arrays (meaningless where both are null). */
    default int fastIndex(int page) {
        return 0;
    }

    /** Registers a listener told when the fast-path tables change. By default they never do. */
    default void addFastPageListener(FastPageListener listener) {}

    /** Registers a listener told when memory that may hold code changes behind the core's back. */
    void addCodeChangeListener(CodeChangeListener listener);

    /**
     * Whether a data read of {@code size} bytes at {@code address} is quiet now: plain memory on the
     * fast path (it changes only through stores and scheduled events), or a peripheral register
     * whose block vouches for the read ({@code io.xipkit.bus.QuietReads}). Changes nothing.
     * By default no read is.
     */
    default boolean quietRead(int address, int size) {
        return false;
    }

    /** Registers a listener told after each quiet peripheral register read. By default there are none. */
    default void addQuietReadListener(QuietReadListener listener) {}
}
