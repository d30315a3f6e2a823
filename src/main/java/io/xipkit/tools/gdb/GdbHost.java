package io.xipkit.tools.gdb;

/**
 * What the session needs from the program around it for monitor commands and persistence: the
 * user-facing reports that need the board and its symbols, and the state directory.
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

    /** A line for the server's log (standard error). */
    void log(String line);
}
