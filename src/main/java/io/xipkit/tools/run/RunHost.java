package io.xipkit.tools.run;

import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.tools.state.StateDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * The host side of one {@code xipkit run}: flash memories in a state directory (or in memory),
 * board events (LEDs, resets) as lines on the error stream so standard output stays the
 * program's own.
 */
final class RunHost implements BoardHost {
    private final StateDirectory state;
    private final PrintStream events;

    RunHost(StateDirectory state, PrintStream events) {
        this.state = state;
        this.events = events;
    }

    @Override
    public NonVolatileMemory nonVolatile(String name, long size) {
        return state == null ? new ArrayNonVolatileMemory(size) : state.open(name, size);
    }

    @Override
    public void event(String line) {
        events.println("[board] " + line);
    }

    /** Persists every flash memory that changed (atomic per file). */
    void flush() {
        if (state == null) return;
        try {
            state.flushAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
