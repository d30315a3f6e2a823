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
     * Copies the bus's fast-path tables for 64 KiB pages {@code first} to {@code last} into the
     * arrays given, at the same indices: for each page, the array the bus reads it from straight,
     * with no side effect (plain memory, a flash window in memory-mapped mode), else null; the
     * array stores may go straight to (null for ROM, flash windows, peripherals); and the index in
     * them of the page's first byte. The core folds these with its own gates into the one lookup
     * translated code makes per access ({@code MemoryPath}); {@link #addFastPageListener} says when
     * they change. By default no page has an array.
     */
    default void copyFastPages(int first, int last, byte[][] read, byte[][] write, int[] index) {
        java.util.Arrays.fill(read, first, last + 1, null);
        java.util.Arrays.fill(write, first, last + 1, null);
        java.util.Arrays.fill(index, first, last + 1, 0);
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
