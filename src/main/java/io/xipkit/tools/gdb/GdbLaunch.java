package io.xipkit.tools.gdb;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardException;
import io.xipkit.board.PeripheralDescription;
import io.xipkit.cpu.Semihosting;
import io.xipkit.tools.flasher.BoardFlashDrivers;
import io.xipkit.tools.flasher.ChangedBlockFlasher;
import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.run.ConsoleSemihostingHost;
import io.xipkit.tools.run.FaultReporting;
import io.xipkit.tools.run.ImageLoading;
import io.xipkit.tools.run.RunHost;
import io.xipkit.tools.run.SymbolLookup;
import io.xipkit.tools.state.StateDirectory;
import io.xipkit.tools.target.BoardMemoryMap;
import io.xipkit.tools.target.CortexMTarget;
import io.xipkit.tools.target.VirtualTarget;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code xipkit gdb} put together: the board built and loaded as {@code xipkit run} does it (the
 * same host for state and console, the same image loading and semihosting), a debug target on it
 * halted at the reset vector, the changed-block flasher and the server.
 */
public final class GdbLaunch implements Closeable {
    /**
     * @param port        TCP port on 127.0.0.1; 0 picks a free one
     * @param consolePort console UART on this port of 127.0.0.1, or -1 for the standard streams
     */
    public record Request(String boardId, List<Path> files, OptionalLong rawAddress, Path stateDir, int port, int consolePort) {
        public Request {
            files = List.copyOf(files);
        }
    }

    private final Board board;
    private final RunHost host;
    private final CortexMTarget target;
    private final GdbServer server;
    private final ConsoleSemihostingHost semihosting;
    private final SymbolLookup symbols;

    private GdbLaunch(Board board, RunHost host, CortexMTarget target, GdbServer server, ConsoleSemihostingHost semihosting,
                      SymbolLookup symbols) {
        this.board = board;
        this.symbols = symbols;
        this.host = host;
        this.target = target;
        this.server = server;
        this.semihosting = semihosting;
    }

    /**
     * Builds, loads and halts the board and opens the server socket.
     *
     * @throws BadInputException unknown board, unreadable image, unusable state directory or port
     */
    public static GdbLaunch start(Request request, InputStream in, PrintStream out, PrintStream err) throws BadInputException {
        RunHost host;
        Board board;
        try {
            new BoardCatalog().describe(request.boardId()); // an unknown board is reported before any state is written
            StateDirectory state = request.stateDir() == null ? null : new StateDirectory(request.stateDir(), request.boardId());
            host = new RunHost(state, err, out, in);
            board = new BoardCatalog().create(request.boardId(), host);
        } catch (BoardException e) {
            throw new BadInputException(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException("state directory " + request.stateDir() + ": " + e.getMessage());
        }
        SymbolLookup symbols = SymbolLookup.NONE;
        for (Path file : request.files()) symbols = symbols.or(ImageLoading.loadOnto(board, file, request.rawAddress()));
        if (request.consolePort() >= 0) {
            try {
                host.attachTcpConsole(request.consolePort());
            } catch (IOException e) {
                throw new BadInputException("console port " + request.consolePort() + ": " + e.getMessage());
            }
        }
        ConsoleSemihostingHost semihosting = new ConsoleSemihostingHost(in, out, err, Path.of("").toAbsolutePath(),
                ConsoleSemihostingHost.DEFAULT_TIME_SECONDS, request.files().isEmpty() ? "" : request.files().get(0).toString());
        board.core().setSemihosting(new Semihosting(semihosting, board.semihostingHeapInfo()));
        io.xipkit.tools.run.WarningReport.attributeToCore(board);
        board.reset();
        SymbolLookup names = symbols;
        CortexMTarget target = VirtualTarget.attach(board, stop -> FaultReporting.report(board, stop, names));
        target.resetAndHalt();
        ChangedBlockFlasher flasher = new ChangedBlockFlasher(target, BoardFlashDrivers.of(board, target));
        GdbHost gdbHost = new GdbHost() {
            @Override
            public String faultReport() {
                var snapshot = board.core().exceptions.faultSnapshot();
                if (snapshot == null) return "no fault taken since reset";
                return io.xipkit.cpu.FaultReport.build(snapshot, names::describe).stripTrailing();
            }

            @Override
            public String chips() {
                return chipsReport(board);
            }

            @Override
            public String warnings() {
                return io.xipkit.tools.run.WarningReport.text(board.warnings(), names);
            }

            @Override
            public String saveState() {
                host.flush();
                return request.stateDir() == null ? "no --state directory: flash lives in memory only" : "flash saved to " + request.stateDir();
            }

            @Override
            public void log(String line) {
                err.println(line);
                err.flush();
            }
        };
        GdbServer server;
        try {
            server = new GdbServer(target, flasher, gdbHost, request.port());
        } catch (IOException e) {
            throw new BadInputException("port " + request.port() + ": " + e.getMessage());
        }
        return new GdbLaunch(board, host, target, server, semihosting, symbols);
    }

    /** The external chips of the board file: part, organisation, wiring. */
    static String chipsReport(Board board) {
        StringBuilder b = new StringBuilder();
        for (PeripheralDescription p : board.description().peripherals()) {
            if (!p.type().equals("stm32h7-quadspi")) continue;
            BoardMemoryMap.QspiChips c = BoardMemoryMap.qspiChips(board, p.name());
            b.append(String.format("%s: %s (%s), %d MiB per die, page %d bytes, %s%n", p.name(), c.die().part(), c.die().vendor(),
                    c.die().sizeBytes() >> 20, c.die().pageSize(), c.dual() ? "two dies in dual-flash mode" : "on bank " + c.bank()));
        }
        return b.length() == 0 ? "no external flash chips on board " + board.id() : b.toString().stripTrailing();
    }

    public int port() {
        return server.port();
    }

    public String boardId() {
        return board.id();
    }

    /** The board served (its model warnings, for the summary at exit). */
    public Board board() {
        return board;
    }

    /** Symbols of the images given on the command line. */
    public SymbolLookup symbols() {
        return symbols;
    }

    /** Serves gdb connections until monitor quit. */
    public void serve() throws IOException {
        server.serve();
    }

    /** Flushes the state directory and releases the console and the socket. */
    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            semihosting.closeAll();
            host.flush();
            host.close();
        }
    }
}
