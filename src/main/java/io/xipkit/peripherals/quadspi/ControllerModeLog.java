package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.ModelWarnings;
import io.xipkit.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * When the controller's functional mode changed (CCR.FMODE written with a new value, an abort, a
 * reset), for the report's controller timeline: which mode the window was in, when, and which
 * instruction set it, explains most XIP faults. Bounded: the oldest entries go first.
 */
public final class ControllerModeLog {
    private static final int CAPACITY = 100_000;

    /**
     * One change: from {@code picos} on, the controller was in {@code mode}; {@code pc} is the
     * instruction the core was executing (the register write that set it), or
     * {@link ModelWarnings#NO_PC} (a reset, or no core behind the board's PC source).
     */
    public record Change(long picos, String mode, long pc) {}

    private final Clock clock;
    private final ArrayDeque<Change> changes = new ArrayDeque<>();
    private String current = "reset";
    /** The board's record, which knows the core's executing instruction (null: no PC). */
    private ModelWarnings pcSource;

    ControllerModeLog(Clock clock) {
        this.clock = clock;
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

    void readPcFrom(ModelWarnings source) {
        this.pcSource = source;
    }

    void enter(String mode) {
        if (mode.equals(current)) return;
        current = mode;
        if (changes.size() >= CAPACITY) changes.removeFirst();
        long pc = pcSource == null || mode.equals("reset") ? ModelWarnings.NO_PC : pcSource.currentPc();
        changes.addLast(new Change(clock.nowPicos(), mode, pc));
    }

    public List<Change> changes() {
        return new ArrayList<>(changes);
    }
}
