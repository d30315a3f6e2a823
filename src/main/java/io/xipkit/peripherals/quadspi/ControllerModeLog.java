package io.xipkit.peripherals.quadspi;

import io.xipkit.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * When the controller's functional mode changed (CCR.FMODE written with a new value, an abort, a
 * reset), for the report's controller timeline: which mode the window was in, and when, explains
 * most XIP faults. Bounded: the oldest entries go first.
 */
public final class ControllerModeLog {
    private static final int CAPACITY = 100_000;

    /** One change: from {@code picos} on, the controller was in {@code mode}. */
    public record Change(long picos, String mode) {}

    private final Clock clock;
    private final ArrayDeque<Change> changes = new ArrayDeque<>();
    private String current = "reset";

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

    void enter(String mode) {
        if (mode.equals(current)) return;
        current = mode;
        if (changes.size() >= CAPACITY) changes.removeFirst();
        changes.addLast(new Change(clock.nowPicos(), mode));
    }

    public List<Change> changes() {
        return new ArrayList<>(changes);
    }
}
