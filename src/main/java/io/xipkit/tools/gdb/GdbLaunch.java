package io.xipkit.tools.gdb;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardDescription;
import io.xipkit.board.BoardException;
import io.xipkit.board.PeripheralDescription;
import io.xipkit.cpu.Semihosting;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.tools.flasher.BoardFlashDrivers;
import io.xipkit.tools.flasher.ChangedBlockFlasher;
import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.run.ConsoleSemihostingHost;
import io.xipkit.tools.run.FaultReporting;
import io.xipkit.tools.run.ImageLoading;
import io.xipkit.tools.run.RunHost;
import io.xipkit.tools.run.StopRequest;
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
    public record Request(String boardId, List<Path> files, OptionalLong rawAddress, Path stateDir, int port, int consolePort,
                          boolean translation) {
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
            BoardCatalog catalog = new BoardCatalog().withTranslation(request.translation());
            // An unknown board is reported before any state is written; the file is parsed once.
            BoardDescription description = catalog.describe(request.boardId());
            StateDirectory state = request.stateDir() == null ? null : new StateDirectory(request.stateDir(), request.boardId());
            host = new RunHost(state, err, out, in);
            board = catalog.create(description, host);
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
        ProgramConsole console = new ProgramConsole(out);
        ConsoleSemihostingHost semihosting = new ConsoleSemihostingHost(in, new PrintStream(console, true), err, Path.of("").toAbsolutePath(),
                ConsoleSemihostingHost.DEFAULT_TIME_SECONDS, request.files().isEmpty() ? "" : request.files().get(0).toString());
        board.core().setSemihosting(new Semihosting(semihosting, board.semihostingHeapInfo()));
        io.xipkit.tools.run.WarningReport.attributeToCore(board);
        board.reset();
        SymbolLookup names = symbols;
        CortexMTarget target = VirtualTarget.attach(board, stop -> FaultReporting.report(board, stop, names));
        target.resetAndHalt();
        ChangedBlockFlasher flasher = new ChangedBlockFlasher(target, BoardFlashDrivers.of(board, target));
        FlashStates states = new FlashStates();
        GdbLaunch[] launch = new GdbLaunch[1];   // the host's hooks read what is set on the launch after start
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
            public String saveState(String name) {
                return states.save(name, host.memories());
            }

            @Override
            public String restoreState(String name) {
                int pages = 0;
                if (name != null) {
                    if (!states.has(name)) throw new IllegalArgumentException("no flash state '" + name + "' (saved: " + states.names() + ")");
                    pages = states.restore(name, host.memories());
                } else {
                    if (request.stateDir() == null) throw new IllegalArgumentException("no --state directory to restore from");
                    for (var e : host.memories().entrySet()) {
                        java.nio.file.Path file = request.stateDir().resolve(e.getKey() + ".flash");
                        try {
                            pages += FlashStates.copyInto(io.xipkit.tools.state.FlashStateFile.readCopy(file, e.getValue().size()), e.getValue());
                        } catch (IOException x) {
                            throw new IllegalArgumentException(file + ": " + x.getMessage());
                        }
                    }
                }
                // decoded and translated code, caches of the flash window: all of it may be stale now
                board.bus().notifyAllCodeChanged();
                return (name == null ? "flash restored from " + request.stateDir() : "flash state '" + name + "' restored")
                        + " (" + pages + " pages of 4 KiB changed)";
            }

            @Override
            public void log(String line) {
                err.println(line);
                err.flush();
            }

            @Override
            public void serveAlongside(long waitMillis) throws IOException {
                if (launch[0].alongside != null) launch[0].alongside.serve(waitMillis);
            }

            @Override
            public int pollMillis() {
                // With another port beside gdb, its own wait paces the loop.
                return launch[0].alongside != null ? 1 : 50;
            }

            @Override
            public String stopReason() {
                return launch[0].stop == null ? null : launch[0].stop.reason();
            }

            @Override
            public void clientAttached(boolean attached) {
                console.attach(attached);
            }

            @Override
            public byte[] takeConsoleOutput() {
                return console.take();
            }
        };
        GdbServer server;
        try {
            server = new GdbServer(target, flasher, gdbHost, request.port());
        } catch (IOException e) {
            throw new BadInputException("port " + request.port() + ": " + e.getMessage());
        }
        launch[0] = new GdbLaunch(board, host, target, server, semihosting, symbols);
        return launch[0];
    }

    /** Something served on the server's thread beside gdb: a JTAG port. */
    @FunctionalInterface
    public interface Alongside {
        /** Serves it once, waiting up to {@code waitMillis} for it to have something to do. */
        void serve(long waitMillis) throws IOException;
    }

    private Alongside alongside;
    private StopRequest stop;

    /** Serves {@code service} beside gdb: while gdb is quiet and between slices of a running target. */
    public GdbLaunch alongside(Alongside service) {
        this.alongside = service;
        return this;
    }

    /** Ends {@link #serve} when {@code request} is made (Ctrl-C, SIGTERM). */
    public GdbLaunch stopOn(StopRequest request) {
        this.stop = request;
        return this;
    }

    /** The board, for what is served beside gdb. */
    public Board board() {
        return board;
    }

    /** Virtual time since power-on. */
    public long virtualPicos() {
        return board.core().nowPicos();
    }

    /** Instructions executed since power-on. */
    public long instructions() {
        return board.core().instructions;
    }

    /**
     * The external chips: how the board file wires them (part, organisation), then each chip's
     * state as the part would report it: protocol mode, address mode, busy, write-enable latch,
     * continuous read, deep power-down, every status/configuration register, and the chip's model
     * warnings (how many, the last one).
     */
    static String chipsReport(Board board) {
        StringBuilder b = new StringBuilder();
        for (PeripheralDescription p : board.description().peripherals()) {
            if (!p.type().equals("stm32h7-quadspi")) continue;
            BoardMemoryMap.QspiChips c = BoardMemoryMap.qspiChips(board, p.name());
            b.append(String.format("%s: %s (%s), %d MiB per die, page %d bytes, %s%n", p.name(), c.die().part(), c.die().vendor(),
                    c.die().sizeBytes() >> 20, c.die().pageSize(), c.dual() ? "two dies in dual-flash mode" : "on bank " + c.bank()));
        }
        new java.util.TreeMap<>(board.models()).forEach((name, model) -> {
            if (model instanceof NorChip chip) b.append(chipState(name, chip, board.core().nowPicos())).append('\n');
        });
        return b.length() == 0 ? "no external flash chips on board " + board.id() : b.toString().stripTrailing();
    }

    static String chipState(String name, NorChip chip, long nowPicos) {
        StringBuilder b = new StringBuilder(String.format("  %s: %s, %s mode, %d-byte addresses", name, chip.part().part(),
                chip.protocol(), chip.fourByteAddressing() ? 4 : 3));
        if (!chip.isPowered()) b.append(", unpowered");
        b.append(chip.isBusy() ? String.format(", busy for %d us more", (chip.busyUntilPicos() - nowPicos) / 1_000_000) : ", idle");
        long wel = chip.fieldValue("WEL");
        if (wel >= 0) b.append(", write enable latch ").append(wel);
        b.append(", continuous read ").append(chip.continuousReadActive() ? "on" : "off");
        if (chip.inDeepPowerDown()) b.append(", in deep power-down");
        b.append("; registers");
        for (io.xipkit.devices.nor.NorPart.Register r : chip.part().registers()) {
            b.append(String.format(" %s=0x%0" + 2 * r.bytes() + "x", r.name(), chip.registerValue(r.name())));
        }
        var warnings = chip.warnings();
        if (!warnings.isEmpty()) {
            b.append(String.format("; %d model warning%s, the last at %.6f ms: %s (monitor warnings: the summary)", warnings.size(),
                    warnings.size() == 1 ? "" : "s", warnings.get(warnings.size() - 1).picos() / 1e9,
                    warnings.get(warnings.size() - 1).message()));
        }
        return b.toString();
    }

    public int port() {
        return server.port();
    }

    public String boardId() {
        return board.id();
    }

    /** Symbols of the images given on the command line. */
    public SymbolLookup symbols() {
        return symbols;
    }

    /**
     * Serves gdb connections until monitor quit or a stop request.
     *
     * @return why a stop request ended it, or null after monitor quit
     */
    public String serve() throws IOException {
        return server.serve();
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
