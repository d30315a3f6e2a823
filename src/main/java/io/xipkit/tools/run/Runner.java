package io.xipkit.tools.run;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardDescription;
import io.xipkit.board.BoardException;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.Semihosting;
import io.xipkit.cpu.StopReason;
import io.xipkit.time.Clock;
import io.xipkit.tools.state.StateDirectory;
import io.xipkit.tools.state.StateStore;
import io.xipkit.tools.state.StateWriteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs programs on a board: builds the board, loads the images, connects semihosting to the
 * given streams, resets, runs within the limits and reports how it ended.
 */
public final class Runner {
    /**
     * The run proceeds in slices of this much virtual time so a {@link StopRequest} (Ctrl-C) is
     * seen within a few host milliseconds; between slices the core only re-checks its deadlines,
     * which it does at arbitrary points anyway, so slicing changes nothing the program sees.
     */
    static final long SLICE_PICOS = 10 * Clock.PICOS_PER_SECOND / 1000;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workDir;
    private final long timeSeconds;
    private EventsMode eventsMode = EventsMode.ALL;
    private WarningsMode warningsMode = WarningsMode.SUMMARY;
    private boolean verbose;
    private StopRequest stopRequest = new StopRequest();
    private AfterRun afterRun;

    /** Looks at the board once its run has ended, before its state is closed ({@code run --report}). */
    @FunctionalInterface
    public interface AfterRun {
        void finished(Board board, java.util.Map<String, io.xipkit.bus.NonVolatileMemory> memories, long endPicos,
                      SymbolLookup symbols) throws BadInputException;
    }
    private boolean translation = true;
    private boolean pollingLoopSkip = true;
    private StateStore.Opener stateStores = StateStore.FILE;

    /** Semihosting files resolve against {@code workDir}; SYS_TIME answers {@code timeSeconds}. */
    public Runner(InputStream in, PrintStream out, PrintStream err, Path workDir, long timeSeconds) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.workDir = workDir;
        this.timeSeconds = timeSeconds;
    }

    public Runner(InputStream in, PrintStream out, PrintStream err, Path workDir) {
        this(in, out, err, workDir, ConsoleSemihostingHost.DEFAULT_TIME_SECONDS);
    }

    /** How board events reach the error stream (default: every one). */
    public Runner events(EventsMode mode) {
        this.eventsMode = mode;
        return this;
    }

    /** How model warnings reach the error stream (default: the summary at the end). */
    public Runner warnings(WarningsMode mode) {
        this.warningsMode = mode;
        return this;
    }

    /** With {@code true}, says where each segment was loaded. */
    public Runner verbose(boolean on) {
        this.verbose = on;
        return this;
    }

    public Runner afterRun(AfterRun hook) {
        this.afterRun = hook;
        return this;
    }

    /** Whether loops polling quiet registers skip to the next event (the default; off for exactness comparisons). */
    public Runner pollingLoopSkip(boolean on) {
        this.pollingLoopSkip = on;
        return this;
    }

    /** With {@code false} (--no-jit), every instruction is interpreted; by default hot code runs as basic blocks translated to JVM bytecode (cpu.jit). */
    public Runner translation(boolean on) {
        this.translation = on;
        return this;
    }

    /** How the flash files of {@code --state} are written (tests: a file system that fills up). */
    public Runner stateStores(StateStore.Opener stores) {
        this.stateStores = stores;
        return this;
    }

    /** Where another thread (a signal handler) may ask the run to end. */
    public Runner stopOn(StopRequest request) {
        this.stopRequest = request;
        return this;
    }

    /**
     * Builds and loads the board without running it.
     *
     * @throws BadInputException unknown board, unreadable or malformed image, image outside memory
     */
    private Loaded prepare(RunRequest request) throws BadInputException {
        if (request.files().isEmpty() && request.stateDir() == null) {
            throw new BadInputException("no image file given (give one, or --state DIR to run what the board's flash holds)");
        }
        BoardCatalog catalog = new BoardCatalog().withTranslation(translation);
        // An unknown board is reported before any state is written; the file is parsed once.
        BoardDescription description;
        try {
            description = catalog.describe(request.boardId());
        } catch (BoardException e) {
            throw new BadInputException(e.getMessage());
        }
        if (request.consolePort() >= 0) requireConsole(description, request.boardId());
        Board board;
        RunHost host;
        StateDirectory state = null;
        try {
            state = request.stateDir() == null ? null : openState(request.stateDir(), request.boardId(), stateStores);
            host = new RunHost(state, err, out, in);
            host.events(new BoardEvents(err, eventsMode));
            board = catalog.create(description, host);
            board.core().setPollingLoopSkip(pollingLoopSkip);
        } catch (BoardException e) {
            if (state != null) state.close();
            throw new BadInputException(e.getMessage());
        } catch (StateWriteException e) {
            closeAfterFullDisk(state);
            throw unwritable(request, e);
        } catch (UncheckedIOException e) {
            if (state != null) state.close();
            throw new BadInputException("state directory " + request.stateDir() + ": " + e.getCause().getMessage());
        }
        SymbolLookup symbols = SymbolLookup.NONE;
        List<ImageLoading.Placed> placed = new ArrayList<>();
        try {
            for (Path file : request.files()) {
                ImageLoading.Loaded l = ImageLoading.place(board, file, request.rawAddress());
                if (l.unusableSymbols() != null) {
                    err.println("xipkit: warning: " + file.getFileName() + ": symbols unusable (" + l.unusableSymbols()
                            + "); loaded from its segments, without symbols");
                }
                // Where images overlap (a boot loader's and its application's ITCM code), the later
                // one names the address: it is the code copied there last.
                symbols = l.symbols().or(symbols);
                placed.addAll(l.segments());
            }
        } catch (BadInputException e) {
            host.close(); // the state directory is free again
            throw e;
        } catch (StateWriteException e) {
            closeAfterFullDisk(state);
            throw unwritable(request, e);
        }
        if (verbose) {
            for (ImageLoading.Placed p : placed) {
                err.printf("xipkit: %s: %d bytes at 0x%08x..0x%08x%n", p.image(), p.length(), p.address(),
                        p.address() + p.length() - 1);
            }
        }
        return new Loaded(board, symbols, host, placed);
    }

    /** Before the run starts, a write the state directory cannot take (a full disk) is the user's to fix. */
    private static BadInputException unwritable(RunRequest request, StateWriteException e) {
        return new BadInputException("state directory " + request.stateDir() + ": " + e.getMessage()
                + "; the directory holds the flash as it was before that write (free some space, then run again)");
    }

    private static void closeAfterFullDisk(StateDirectory state) {
        try {
            if (state != null) state.close();
        } catch (StateWriteException again) {
            // the same full disk, already reported
        }
    }

    /** --console-port moves the board's console UART; a board without one would wait for nothing. */
    private static void requireConsole(BoardDescription d, String boardId) throws BadInputException {
        boolean console = d.peripherals().stream().anyMatch(p -> p.params().has("console") && p.params().flag("console", false));
        if (!console) {
            throw new BadInputException("--console-port: board " + boardId + " has no console UART (its programs talk"
                    + " through semihosting on this terminal); drop --console-port");
        }
    }

    /**
     * Opens the state directory, or says at once why it cannot be used, instead of failing after
     * the whole run when the first flash file is written.
     */
    private static StateDirectory openState(Path dir, String boardId, StateStore.Opener stores) throws BadInputException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BadInputException("--state " + dir + ": is a file, not a directory; give a directory (created if missing)");
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".xipkit-write-check", null);
            Files.delete(probe);
        } catch (IOException e) {
            throw new BadInputException("--state " + dir + ": cannot write there (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); give a directory you can write");
        }
        try {
            return new StateDirectory(dir, boardId, stores);
        } catch (IOException e) {
            throw new BadInputException("state directory " + dir + ": " + e.getMessage());
        }
    }

    /** A board with its images loaded, the images' symbols, and the host keeping its state. */
    private record Loaded(Board board, SymbolLookup symbols, RunHost host, List<ImageLoading.Placed> placed) {}

    /** Loads, resets and runs. */
    public RunResult run(RunRequest request) throws BadInputException {
        return run(request, null);
    }

    /** Loads, resets and runs the board with {@code loop} (a host loop serving a debug port, say). */
    public RunResult run(RunRequest request, RunLoop loop) throws BadInputException {
        Loaded loaded = prepare(request);
        if (request.consolePort() >= 0) {
            try {
                loaded.host().attachTcpConsole(request.consolePort());
            } catch (IOException e) {
                loaded.host().close();
                throw new BadInputException("--console-port " + request.consolePort() + ": " + e.getMessage()
                        + " (another program may use it; 0 picks a free port)");
            }
        }
        Board board = loaded.board();
        Core core = board.core();
        WarningReport.attributeToCore(board);
        WarningReport.follow(board.warnings(), warningsMode, loaded.symbols(), err);
        ConsoleSemihostingHost host = new ConsoleSemihostingHost(in, out, err, workDir, timeSeconds,
                request.commandLine());
        core.setSemihosting(new Semihosting(host, board.semihostingHeapInfo()));
        if (request.trace()) core.setTrace(new InstructionTracer(err, loaded.symbols()));
        board.reset();
        int bootAddress = core.scs.vtor();
        StopReason stop;
        StateWriteException unwritable = null;
        try {
            stop = loop == null ? runSliced(core, request.maxInstructions(), request.maxPicos())
                    : loop.run(board, request.maxInstructions(), request.maxPicos());
        } catch (StateWriteException e) {
            // The flash changed and its file could not follow (a full disk): the file holds every
            // change before this one; going on would let the board and the file drift apart.
            unwritable = e;
            stop = null;
        } finally {
            host.closeAll();
            try {
                if (afterRun != null) afterRun.finished(board, loaded.host().memories(), core.nowPicos(), loaded.symbols());
                if (unwritable == null) loaded.host().flush();
            } catch (UncheckedIOException e) {
                // A disk that fills up or goes away is the host's state, not a bug.
                throw new BadInputException("state directory " + request.stateDir() + ": cannot save the flash: "
                        + e.getCause().getMessage());
            } finally {
                try {
                    loaded.host().close();
                } catch (StateWriteException e) {
                    if (unwritable == null) throw e; // else: the same full disk, reported below
                }
            }
            String events = loaded.host().eventSummary();
            if (events != null) err.println("xipkit: " + events);
            WarningReport.printSummary(board.warnings(), warningsMode, loaded.symbols(), err);
        }
        if (unwritable != null) {
            throw new BadInputException(String.format("state directory %s: %s at %.6f s of virtual time; the run stopped"
                    + " and the directory holds the flash as it was before that operation (free some space, then run"
                    + " again)", request.stateDir(), unwritable.getMessage(), core.nowPicos() / (double) Clock.PICOS_PER_SECOND));
        }
        boolean abnormal = !(stop instanceof StopReason.Exited) && !(stop instanceof StopReason.InstructionLimit)
                && !(stop instanceof StopReason.TimeLimit) && !(stop instanceof StopReason.Requested);
        String report = null;
        if (abnormal) {
            report = FaultReporting.report(board, stop, loaded.symbols());
            String hint = ResetVectorHint.of(board, bootAddress, loaded.placed(), request.stateDir() != null);
            if (hint != null) report = report + "\n" + hint;
        }
        return new RunResult(stop, core.instructions, core.nowPicos(), report);
    }

    /**
     * {@code core.run} in slices of {@link #SLICE_PICOS}, looking at the stop request between
     * them. A core asleep with nothing scheduled would skip to each slice's end for ever: when a
     * slice ran no instruction and nothing is scheduled, the rest runs in one call, so it ends as
     * an unsliced run would (asleep for ever, or the time limit).
     */
    private StopReason runSliced(Core core, long maxInstructions, long maxPicos) {
        long endInstructions = maxInstructions == Long.MAX_VALUE ? Long.MAX_VALUE : core.instructions + maxInstructions;
        while (true) {
            String why = stopRequest.reason();
            if (why != null) return new StopReason.Requested(why);
            long budget = endInstructions == Long.MAX_VALUE ? Long.MAX_VALUE : endInstructions - core.instructions;
            long now = core.nowPicos();
            long sliceEnd = now > maxPicos - SLICE_PICOS ? maxPicos : now + SLICE_PICOS;
            long before = core.instructions;
            StopReason stop = core.run(budget, sliceEnd);
            if (!(stop instanceof StopReason.TimeLimit) || sliceEnd >= maxPicos) return stop;
            if (core.instructions == before && core.scheduler.nextDeadline() == Long.MAX_VALUE) {
                why = stopRequest.reason();
                return why != null ? new StopReason.Requested(why) : core.run(budget, maxPicos);
            }
        }
    }
}
