package io.xipkit.tools.target;

/** Why {@link DebugTarget#run} returned: the core halted (and why), ended, or is still running. */
public sealed interface StopEvent {
    /** The budget was used up; the core is still running. */
    record StillRunning() implements StopEvent {}

    /** A debugger halt request (gdb's Ctrl-C). */
    record HaltRequested() implements StopEvent {}

    /** One instruction executed with C_STEP. */
    record Stepped() implements StopEvent {}

    /**
     * A breakpoint: {@code hardware} when an FPB comparator matched, otherwise a BKPT instruction
     * in memory.
     */
    record Breakpoint(long pc, boolean hardware) implements StopEvent {}

    /** A DWT comparator matched a data access at {@code address}. */
    record Watchpoint(WatchKind kind, long address) implements StopEvent {}

    /** Vector catch: the core halted on reset or on entry to a fault handler. */
    record VectorCatch(String vector) implements StopEvent {}

    /** The program ended through semihosting SYS_EXIT. */
    record Exited(int status) implements StopEvent {}

    /** The program cannot go on (lockup, or a fault handler spinning on itself); the report says why. */
    record Fault(String report) implements StopEvent {}

    /** Which accesses a watchpoint stops on. */
    enum WatchKind { WRITE, READ, ACCESS }
}
