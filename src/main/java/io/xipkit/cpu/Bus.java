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
     * Translated code's RAM path: the aligned item at {@code address} (size 1, 2 or 4), zero-extended,
     * when it lies in plain memory the bus serves from an array with no side effect; -1 when only
     * {@link #read8}/{@link #read16}/{@link #read32} can serve it (peripherals, flash windows, nothing
     * mapped). A -1 has done nothing, so the caller redoes the access the ordinary way.
     */
    default long tryRead(int address, int size) {
        return -1;
    }

    /** As {@link #tryRead}, for a store: true when it is done (plain writable memory), false when nothing was written. */
    default boolean tryWrite(int address, int size, int value) {
        return false;
    }

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
