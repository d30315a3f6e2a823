package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.ModelWarnings;
import io.xipkit.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * When the controller's functional mode changed (CCR.FMODE written with a new value, an abort, a
 * reset) and the address of the instruction that changed it, for the report's controller timeline
 * and for fault diagnosis: which mode the window was in, since when and set by whom, explains most
 * XIP faults. Also the window accesses refused because the controller was not in memory-mapped
 * mode ({@link Refusal}). Bounded: the oldest entries go first.
 */
public final class ControllerModeLog {
    private static final int CAPACITY = 100_000;
    private static final int REFUSALS_KEPT = 16;

    /**
     * One change: from {@code picos} on, the controller was in {@code mode}; {@code pc} is the
     * address of the instruction whose register write changed it, or {@link ModelWarnings#NO_PC} (a reset, no core).
     */
    public record Change(long picos, String mode, long pc) {}

    /**
     * A window access answered with a bus error because the controller was not in memory-mapped
     * mode (RM0433 23.3.7, QuadspiWindow): when, at which bus address, whether it was a write, and
     * the mode the controller was in with the change that put it there.
     */
    public record Refusal(long picos, long address, boolean write, Change mode) {}

    private final Clock clock;
    private final LongSupplier pc;
    private final ArrayDeque<Change> changes = new ArrayDeque<>();
    private final ArrayDeque<Refusal> refusals = new ArrayDeque<>();
    private Change current;

    /**
     * @param pc address of the instruction executing now ({@link ModelWarnings#currentPc}), or -1
     */
    ControllerModeLog(Clock clock, LongSupplier pc) {
        this.clock = clock;
        this.pc = pc;
        this.current = new Change(0, "reset", ModelWarnings.NO_PC);
    }

    /** FMODE names as RM0433 23.5.3 (CCR) lists them. */
    static String fmodeName(int fmode) {
        return switch (fmode) {
            case SpiControllerEngine.INDIRECT_WRITE -> "indirect write";
            case SpiControllerEngine.INDIRECT_READ -> "indirect read";
            case SpiControllerEngine.AUTO_POLLING -> "automatic polling";
            default -> "memory-mapped";
        };
    }

    void enter(String mode) {
        if (mode.equals(current.mode())) return;
        current = new Change(clock.nowPicos(), mode, mode.equals("reset") ? ModelWarnings.NO_PC : pc.getAsLong());
        if (changes.size() >= CAPACITY) changes.removeFirst();
        changes.addLast(current);
    }

    /** A window access at bus address {@code address} is being refused (not in memory-mapped mode). */
    void refused(long address, boolean write) {
        if (refusals.size() >= REFUSALS_KEPT) refusals.removeFirst();
        refusals.addLast(new Refusal(clock.nowPicos(), address, write, current));
    }

    /**
     * A window access found the controller aborted with CCR.FMODE still memory-mapped: the access
     * starts a memory-mapped read again (RM0433 23.3.7: a memory-mapped access makes BUSY go high,
     * and it stays high until a timeout, an abort or EN = 0). Returns the abort, or null when the
     * controller was not aborted.
     */
    Change reopenedAfterAbort() {
        if (!current.mode().equals("aborted")) return null;
        Change abort = current;
        enter(fmodeName(SpiControllerEngine.MEMORY_MAPPED));
        return abort;
    }

    /** Virtual time in milliseconds, three decimals: "1.234 ms". */
    public static String millis(long picos) {
        return String.format(java.util.Locale.ROOT, "%.3f ms", picos / 1e9);
    }

    public List<Change> changes() {
        return new ArrayList<>(changes);
    }

    /** The mode now, with when and by whom it was set. */
    public Change current() {
        return current;
    }

    /** The most recent refused window accesses, oldest first. */
    public List<Refusal> refusals() {
        return new ArrayList<>(refusals);
    }
}
