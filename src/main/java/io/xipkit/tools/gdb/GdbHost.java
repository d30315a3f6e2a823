package io.xipkit.tools.gdb;

import java.io.IOException;

/**
 * What the session needs from the program around it for monitor commands and persistence: the
 * user-facing reports that need the board and its symbols, and the state directory; and what the
 * server does beside gdb (other debug ports, a stop requested by a signal, the program's console).
 */
public interface GdbHost {
    /** The last fault report of the core, with symbols, or a sentence saying there is none. */
    String faultReport();

    /** The external chips: part, state, model warnings. */
    String chips();

    /** The board's model warnings, de-duplicated, with PCs named from the loaded images' symbols. */
    String warnings();

    /** Writes every changed flash memory to the state directory (no-op without one); returns what it did. */
    String saveState();

    /**
     * {@code monitor state save NAME}: keeps a copy of every flash memory under {@code name}, in
     * memory; returns what it did.
     */
    default String saveState(String name) {
        throw new IllegalStateException("this server keeps no named flash states");
    }

    /**
     * {@code monitor state restore [NAME]}: puts the flash saved under {@code name} back into the
     * board, or with a null name what the {@code --state} directory's files hold now; the session
     * then resets the board halted. Returns what it did.
     *
     * @throws IllegalArgumentException no state of that name, or no state directory (the message says which)
     */
    default String restoreState(String name) {
        throw new IllegalArgumentException("this server keeps no flash states");
    }

    /** A line for the server's log (standard error). */
    void log(String line);

    /**
     * Serves whatever else reaches the board (a JTAG port) while gdb sends nothing and between
     * slices of a running target, on the server's thread; may wait up to {@code waitMillis} for it.
     */
    default void serveAlongside(long waitMillis) throws IOException {}

    /** How long the server waits for gdb before it looks at {@link #serveAlongside} and {@link #stopReason} again. */
    default int pollMillis() {
        return 50;
    }

    /** Why the server must end now (Ctrl-C, SIGTERM), or null. */
    default String stopReason() {
        return null;
    }

    /** A gdb client came (true) or went (false): while one is attached, the program's output goes to its console. */
    default void clientAttached(boolean attached) {}

    /** The program's output (semihosting) since the last call, for gdb's console ("O" packets). */
    default byte[] takeConsoleOutput() {
        return new byte[0];
    }
}
