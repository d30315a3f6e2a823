package io.xipkit.tools.target;

/**
 * The one API every host tool uses to debug a core: run control, registers, memory,
 * breakpoints and watchpoints, reset. Implementations reach the core only through its debug port
 * (see {@link CortexMTarget}), so an in-process board and a future probe behave the same.
 *
 * <p>Memory methods throw {@link TargetMemoryException} for an access that ends in a bus error.
 */
public interface DebugTarget {
    CoreDescription core();

    MemoryMap memoryMap();

    boolean isHalted();

    /** Requests a halt and returns once the core is in debug state. */
    void halt();

    /** Leaves debug state; the core runs on the next {@link #runFor}. */
    void resume();

    /** Executes one instruction with interrupts masked (C_MASKINTS) and halts again. */
    StopEvent step();

    /**
     * Lets a resumed core run for at most {@code maxInstructions}; returns why it stopped, or
     * {@link StopEvent.StillRunning} when the budget was used first.
     */
    default StopEvent runFor(long maxInstructions) {
        return runUntil(maxInstructions, Long.MAX_VALUE);
    }

    /**
     * Like {@link #runFor}, and also returns {@link StopEvent.StillRunning} once {@link #nowPicos()}
     * reaches {@code untilPicos} (the board's virtual time in process; over a probe, the host's),
     * so a caller with a time budget needs no slicing of its own.
     */
    StopEvent runUntil(long maxInstructions, long untilPicos);

    /** Reads a core register by DCRSR selector (the core must be halted). */
    int readRegister(int selector);

    void writeRegister(int selector, int value);

    default int readRegister(CoreRegister r) {
        return readRegister(r.selector);
    }

    default void writeRegister(CoreRegister r, int value) {
        writeRegister(r.selector, value);
    }

    byte[] readMemory(long address, int length);

    void writeMemory(long address, byte[] data);

    int read32(long address);

    void write32(long address, int value);

    /** System reset with vector catch: halts before the first instruction of the reset handler. */
    void resetAndHalt();

    /** System reset, then the core runs (on the next {@link #runFor}). */
    void resetAndRun();

    /** Sets an FPB comparator at {@code address}; false when none is free or FPB cannot reach there. */
    boolean setHardwareBreakpoint(long address);

    boolean clearHardwareBreakpoint(long address);

    /** Sets a DWT comparator on [address, address + length); false when none is free or the range cannot be matched. */
    boolean setWatchpoint(long address, int length, StopEvent.WatchKind kind);

    boolean clearWatchpoint(long address, int length, StopEvent.WatchKind kind);

    /**
     * Lets {@code picos} of the board's time pass with the core halted, as a flash controller's
     * operation finishes while a debugger polls it; returns earlier at the next event of the
     * board (an operation finishing), so polls see the change without waiting longer than needed.
     */
    void waitFor(long picos);

    /** The board's time now, in picoseconds. */
    long nowPicos();

    /** Clears every breakpoint and watchpoint and lets the core run free. */
    void detach();
}
