package io.xipkit.tools.run;

import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.tools.state.StateDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The host side of one {@code xipkit run}: flash memories in a state directory (or in memory),
 * board events (LEDs, resets) as lines on the error stream so standard output stays the
 * program's own.
 */
public final class RunHost implements BoardHost {
    private final StateDirectory state;
    private final PrintStream events;
    private java.io.OutputStream console;
    private InputStream input;
    private java.io.Closeable connection;
    private boolean inputEnded;
    private BoardEvents boardEvents;
    private final java.util.Map<String, NonVolatileMemory> memories = new java.util.LinkedHashMap<>();

    /**
     * @param console     where the board's console UART output goes (the run's standard output)
     * @param input       the run's standard input, fed to the console UART as it can take bytes
     */
    public RunHost(StateDirectory state, PrintStream events, PrintStream console, InputStream input) {
        this.state = state;
        this.events = events;
        this.console = console;
        this.input = input;
        this.boardEvents = new BoardEvents(events, EventsMode.ALL);
    }

    /** Where board events go and how many (default: all, on the events stream). */
    void events(BoardEvents policy) {
        this.boardEvents = policy;
    }

    /** The count of board events not shown, or null. */
    String eventSummary() {
        return boardEvents.summary();
    }

    /**
     * Moves the console UART to a TCP port of the loopback interface (a serial-over-TCP
     * terminal): waits for one client to connect, then sends it what the UART transmits and feeds
     * the UART what it sends. Only 127.0.0.1 is ever bound.
     */
    public void attachTcpConsole(int port) throws IOException {
        try (java.net.ServerSocket server = new java.net.ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            events.println("xipkit: console on 127.0.0.1:" + server.getLocalPort() + ", waiting for a connection");
            events.flush();
            java.net.Socket client = server.accept();
            client.setTcpNoDelay(true);
            console = new java.io.BufferedOutputStream(client.getOutputStream());
            input = client.getInputStream();
            connection = client;
        }
    }

    @Override
    public void consoleOutput(int b) {
        try {
            console.write(b);
            if (b == '\n' || connection != null) console.flush();
        } catch (IOException e) {
            // The terminal went away; the board keeps running, as a UART with nothing listening.
        }
    }

    /** Closes the console connection, if any, and the state directory (forced to disk, unlocked). */
    public void close() {
        try {
            console.flush();
            if (connection != null) connection.close();
        } catch (IOException ignored) {
            // closing a connection that is already gone
        }
        if (state != null) state.close();
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
        NonVolatileMemory m = state == null ? new ArrayNonVolatileMemory(size) : state.open(name, size);
        memories.put(name, m);
        return m;
    }

    /** The board's flash memories by state name, as the board asked for them. */
    public java.util.Map<String, NonVolatileMemory> memories() {
        return java.util.Collections.unmodifiableMap(memories);
    }

    @Override
    public void event(String line) {
        boardEvents.event(line);
    }

    /**
     * Every completed flash operation is already in the state files (written through as it
     * happens); a reset also forces them to disk, so an update that ends in a reset survives a
     * host power loss too.
     */
    @Override
    public void beforeReset() {
        flush();
    }

    /** Forces every flash memory's file to disk (see FlashStateFile for the guarantee). */
    public void flush() {
        if (state != null) state.forceAll();
    }
}
