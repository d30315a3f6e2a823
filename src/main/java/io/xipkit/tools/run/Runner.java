package io.xipkit.tools.run;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardException;
import io.xipkit.tools.state.StateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.Semihosting;
import io.xipkit.cpu.StopReason;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs programs on a board: builds the board, loads the images, connects semihosting to the
 * given streams, resets, runs within the limits and reports how it ended.
 */
public final class Runner {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workDir;
    private final long timeSeconds;

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

    /**
     * Builds and loads the board without running it.
     *
     * @throws BadInputException unknown board, unreadable or malformed image, image outside memory
     */
    private Loaded prepare(RunRequest request) throws BadInputException {
        if (request.files().isEmpty() && request.stateDir() == null) {
            throw new BadInputException("no image file given (give one, or --state DIR to run what the board's flash holds)");
        }
        Board board;
        RunHost host;
        try {
            StateDirectory state = request.stateDir() == null ? null : new StateDirectory(request.stateDir());
            host = new RunHost(state, err, out, in);
            board = new BoardCatalog().create(request.boardId(), host);
        } catch (BoardException e) {
            throw new BadInputException(e.getMessage());
        } catch (IOException e) {
            throw new BadInputException("state directory " + request.stateDir() + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new BadInputException("state directory " + request.stateDir() + ": " + e.getCause().getMessage());
        }
        SymbolLookup symbols = SymbolLookup.NONE;
        for (Path file : request.files()) {
            SymbolLookup s = ImageLoading.loadOnto(board, file, request.rawAddress());
            symbols = symbols.or(s);
        }
        return new Loaded(board, symbols, host);
    }

    /** A board with its images loaded, the images' symbols, and the host keeping its state. */
    private record Loaded(Board board, SymbolLookup symbols, RunHost host) {}

    /** Loads, resets and runs. */
    public RunResult run(RunRequest request) throws BadInputException {
        return run(request, RunLoop.DIRECT);
    }

    /** Loads, resets and runs the board with {@code loop} (a host loop serving a debug port, say). */
    public RunResult run(RunRequest request, RunLoop loop) throws BadInputException {
        Loaded loaded = prepare(request);
        if (request.consolePort() >= 0) {
            try {
                loaded.host().attachTcpConsole(request.consolePort());
            } catch (IOException e) {
                throw new BadInputException("console port " + request.consolePort() + ": " + e.getMessage());
            }
        }
        Board board = loaded.board();
        Core core = board.core();
        ConsoleSemihostingHost host = new ConsoleSemihostingHost(in, out, err, workDir, timeSeconds,
                request.commandLine());
        core.setSemihosting(new Semihosting(host, board.semihostingHeapInfo()));
        if (request.trace()) core.setTrace(new InstructionTracer(err, loaded.symbols()));
        board.reset();
        StopReason stop;
        try {
            stop = loop.run(board, request.maxInstructions(), request.maxPicos());
        } finally {
            host.closeAll();
            loaded.host().flush();
            loaded.host().close();
        }
        boolean abnormal = !(stop instanceof StopReason.Exited) && !(stop instanceof StopReason.InstructionLimit)
                && !(stop instanceof StopReason.TimeLimit);
        return new RunResult(stop, core.instructions, core.nowPicos(),
                abnormal ? FaultReporting.report(board, stop, loaded.symbols()) : null);
    }
}
