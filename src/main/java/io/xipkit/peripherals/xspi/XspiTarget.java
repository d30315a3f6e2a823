package io.xipkit.peripherals.xspi;

/**
 * A device on a QUADSPI/OCTOSPI/XSPI bus, driven phase by phase as the controller clocks it:
 * chip select, then instruction, address, alternate (mode) bytes, dummy cycles and data, each
 * with its line count and rate. Operations that real parts start at the rising edge of chip
 * select (program, erase, register writes, mode switches) start at {@link #deselect()}.
 *
 * <p>Phases the device does not expect are interpreted the way the device would clock them in
 * (e.g. an instruction sent while the part is in continuous-read mode is taken as address bits).
 * A device that ignores a command leaves its data lines undriven; what the controller then samples
 * is a board fact (pull resistors, bus keeper), so the device reports it ({@link #lastReadDriven()})
 * and the controller model decides the value.
 */
public interface XspiTarget {
    void select();

    void deselect();

    /** Instruction phase: {@code bytes} is 1, or 2 for octal parts in OPI mode. */
    void instruction(int opcode, int bytes, PhaseFormat format);

    default void instruction(int opcode, PhaseFormat format) {
        instruction(opcode, 1, format);
    }

    void address(long value, int bytes, PhaseFormat format);

    void alternate(long value, int bytes, PhaseFormat format);

    /** Dummy phase of {@code cycles} clock cycles (lines not driven by the controller). */
    void dummy(int cycles);

    void read(byte[] dst, int off, int len, PhaseFormat format);

    /**
     * Whether the device drove the data lines in the last {@link #read} (false: it ignored the
     * command or had nothing to output, and {@code dst} holds all ones as if pulled up).
     */
    default boolean lastReadDriven() {
        return true;
    }

    /** {@link #maxClockHz} of a memory whose datasheet limit is not known. */
    long NO_CLOCK_LIMIT = 0;

    /**
     * The highest clock frequency at which the memory's datasheet guarantees the command with
     * this instruction, clocked at double rate or not, or {@link #NO_CLOCK_LIMIT}. A controller
     * uses it to warn about a prescaler that clocks the memory too fast.
     */
    default long maxClockHz(int opcode, boolean dtr) {
        return NO_CLOCK_LIMIT;
    }

    /**
     * Whether data this memory sends in {@code format} can only be captured with its data strobe
     * (DQS/DS): a controller that samples on its own clock instead (OCTOSPI/XSPI CCR.DQSE = 0)
     * captures something else ({@code FlashLines} models what).
     */
    default boolean needsDataStrobe(PhaseFormat format) {
        return false;
    }

    void write(byte[] src, int off, int len, PhaseFormat format);

    /**
     * Memory-mapped fast path: if a read with this command configuration is currently answered
     * straight from the array at every address, returns direct access to it, else {@code null}.
     * The answer stays valid until {@link #generation()} changes.
     */
    DirectRead directRead(ReadCommand command);

    /**
     * Bumps on every change that can affect what a read returns: program, erase, busy start and
     * end, register and mode changes, suspend/resume, power events. Controllers invalidate their
     * fast path, and CPUs their decoded-instruction caches, when it changes.
     */
    long generation();

    /** {@link #quietRepeatUntil()} of a transaction whose repetition the device cannot vouch for. */
    long NOT_REPEATABLE = Long.MIN_VALUE;

    /**
     * For the transaction that just ended: the instant before which the very same transaction,
     * repeated (same phases, formats and lengths), would return the same bytes and change nothing
     * in the device but its running counts; {@link Long#MAX_VALUE} when nothing scheduled will
     * change it, {@link #NOT_REPEATABLE} when it had an effect or the device cannot tell. A
     * controller repeating a status read (automatic polling) may leave out the repetitions before
     * that instant and report them through {@link #repeatedQuietly}.
     */
    default long quietRepeatUntil() {
        return NOT_REPEATABLE;
    }

    /**
     * The controller leaves out {@code times} repetitions of the last transaction, which would have
     * ended at {@code firstAt}, {@code firstAt + period}, ...: the device counts each as done once
     * virtual time reaches it, until {@link #repeatsStopped()}.
     */
    default void repeatsQuietly(long firstAt, long period, long times) {
    }

    /** The repetitions announced by {@link #repeatsQuietly} and not yet due will not happen. */
    default void repeatsStopped() {
    }
}
