package io.xipkit.board;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;

/**
 * What a board needs from the host it runs on: persistent storage for its flash memories (files
 * under {@code --state DIR}, or nothing) and a place to report board events (LED changes, resets).
 * Implemented in the tools layer; {@link #inMemory()} keeps everything in the JVM.
 */
public interface BoardHost {
    /**
     * The non-volatile memory called {@code name} (e.g. "flash-bank1", "qspi-flash1"): the same
     * name gives the same content in the next run when the host keeps state.
     */
    NonVolatileMemory nonVolatile(String name, long size);

    /** A board event for the user, e.g. "LED LD1 (PE3) on at 12.500 ms". */
    void event(String line);

    /**
     * The board is about to reset (SYSRESETREQ, option-byte launch...): a host that keeps state
     * persists it here, so an update that ends in a reset survives a later crash of the host.
     */
    default void beforeReset() {}

    /** No console input is available yet; ask again later. */
    int NO_INPUT_YET = -1;
    /** The console input has ended. */
    int END_OF_INPUT = -2;

    /** A byte the board's console UART finished transmitting (its last stop bit is out). */
    default void consoleOutput(int b) {}

    /**
     * The next byte for the board's console UART to receive, or {@link #NO_INPUT_YET} /
     * {@link #END_OF_INPUT}. Asked only when the UART can take a byte (flow control), so a console
     * fed from a pipe never overruns.
     */
    default int consoleInput() {
        return END_OF_INPUT;
    }

    /** A host that keeps nothing and reports nothing. */
    static BoardHost inMemory() {
        return new BoardHost() {
            @Override
            public NonVolatileMemory nonVolatile(String name, long size) {
                return new ArrayNonVolatileMemory(size);
            }

            @Override
            public void event(String line) {}
        };
    }
}
