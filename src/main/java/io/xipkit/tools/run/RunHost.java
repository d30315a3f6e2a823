package io.xipkit.tools.run;

import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.tools.state.StateDirectory;
import java.io.IOException;
import java.io.InputStream;
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
    private final PrintStream console;
    private final InputStream input;
    private boolean inputEnded;

    /**
     * @param console     where the board's console UART output goes (the run's standard output)
     * @param input       the run's standard input, fed to the console UART as it can take bytes
     */
    RunHost(StateDirectory state, PrintStream events, PrintStream console, InputStream input) {
        this.state = state;
        this.events = events;
        this.console = console;
        this.input = input;
    }

    @Override
    public void consoleOutput(int b) {
        console.write(b);
        if (b == '\n') console.flush();
    }

    @Override
    public int consoleInput() {
        if (inputEnded) return END_OF_INPUT;
        try {
            // Never block the simulation on the host: a byte that is there is delivered, otherwise
            // the UART asks again later in virtual time (a terminal, or a pipe still being written).
            if (input.available() <= 0) return NO_INPUT_YET;
            int c = input.read();
            if (c < 0) {
                inputEnded = true;
                return END_OF_INPUT;
            }
            return c;
        } catch (IOException e) {
            inputEnded = true;
            return END_OF_INPUT;
        }
    }

    @Override
    public NonVolatileMemory nonVolatile(String name, long size) {
        return state == null ? new ArrayNonVolatileMemory(size) : state.open(name, size);
    }

    @Override
    public void event(String line) {
        events.println("[board] " + line);
    }

    @Override
    public void beforeReset() {
        flush();
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
