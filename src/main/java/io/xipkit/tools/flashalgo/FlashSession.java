package io.xipkit.tools.flashalgo;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardException;
import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.tools.state.StateDirectory;
import io.xipkit.cpu.StopReason;
import io.xipkit.devices.nor.ModelWarning;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorOperation;
import io.xipkit.tools.target.CortexMTarget;
import io.xipkit.tools.target.VirtualTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A board as a programmer sees it: built from its description, its flash memories kept under a
 * state directory (or only in memory), reset and halted through the debug port, ready for
 * algorithms to run on it.
 */
public final class FlashSession implements AutoCloseable, BoardModelView {
    /** Operations of each chip's log shown in a failure report. */
    static final int LOG_TAIL = 6;
    /** Model warnings of each chip shown in a failure report (the latest ones). */
    static final int WARNINGS_SHOWN = 4;

    private final Board board;
    private final CortexMTarget target;
    private final StateDirectory state;
    private final List<String> events = new ArrayList<>();

    private final StringBuilder console;

    private FlashSession(Board board, CortexMTarget target, StateDirectory state, StringBuilder console) {
        this.console = console;
        this.board = board;
        this.target = target;
        this.state = state;
    }

    /**
     * Opens board {@code id} with its flash in {@code stateDir} (null: in memory only), resets it
     * and halts the core before its first instruction; {@code translation}: whether the board runs
     * hot code translated (false: interpreted).
     *
     * @throws AlgorithmFormatException for an unknown board or an unusable state directory (user errors)
     */
    public static FlashSession open(String id, Path stateDir, boolean translation) throws AlgorithmFormatException {
        StateDirectory state = null;
        if (stateDir != null) {
            try {
                state = new StateDirectory(stateDir, id);
            } catch (IOException e) {
                throw new AlgorithmFormatException(stateDir + ": " + e.getMessage());
            }
        }
        StateDirectory st = state;
        List<String> events = new ArrayList<>();
        StringBuilder console = new StringBuilder();
        BoardHost host = new BoardHost() {
            @Override
            public NonVolatileMemory nonVolatile(String name, long size) {
                return st == null ? new ArrayNonVolatileMemory(size) : st.open(name, size);
            }

            @Override
            public void event(String line) {
                events.add(line);
            }

            @Override
            public void consoleOutput(int b) {
                console.append((char) (b & 0xFF));
            }
        };
        Board board;
        try {
            board = new BoardCatalog().withTranslation(translation).create(id, host);
        } catch (BoardException e) {
            throw new AlgorithmFormatException(e.getMessage());
        }
        board.reset();
        CortexMTarget target = VirtualTarget.attach(board, FlashSession::describeStop);
        target.resetAndHalt();
        FlashSession s = new FlashSession(board, target, state, console);
        s.events.addAll(events);
        return s;
    }

    /** What a stop the simulation ended with means for an algorithm call. */
    private static String describeStop(StopReason stop) {
        if (stop instanceof StopReason.Lockup l) return "the core locked up: " + l.description();
        if (stop instanceof StopReason.FaultHandlerSpin f) return "a fault handler spins on itself: " + f.snapshot();
        if (stop instanceof StopReason.Asleep a) return String.format("the core sleeps at 0x%08X with nothing left to wake it", a.pc());
        return stop.toString();
    }

    /** A runner for {@code algo} on this board, whose failure reports carry the board model's view. */
    public AlgorithmRunner runner(AlgorithmImage algo) throws AlgorithmException.Placement {
        return new AlgorithmRunner(target, algo, this);
    }

    /**
     * For each NOR chip of the board (registered under its storage name by the board factories):
     * its latest model warnings and the tail of its operation log.
     */
    @Override
    public List<String> chipNotes() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Object> m : board.models().entrySet()) {
            if (!(m.getValue() instanceof NorChip chip)) continue;
            List<ModelWarning> w = chip.warnings();
            for (int i = Math.max(0, w.size() - WARNINGS_SHOWN); i < w.size(); i++) {
                lines.add(String.format("%s model warning at %s: %s", m.getKey(), AlgorithmRunner.time(w.get(i).picos()), w.get(i).message()));
            }
            if (w.size() > WARNINGS_SHOWN) lines.add(String.format("%s: %d earlier model warning(s) not shown", m.getKey(), w.size() - WARNINGS_SHOWN));
            List<NorOperation> ops = chip.operationLog();
            for (int i = Math.max(0, ops.size() - LOG_TAIL); i < ops.size(); i++) {
                NorOperation op = ops.get(i);
                lines.add(String.format("%s op #%d %s (%02Xh) at 0x%X, %d byte(s), %s..%s: %s", m.getKey(), op.index(), op.command(), op.opcode(),
                        op.address(), op.length(), AlgorithmRunner.time(op.startPicos()), AlgorithmRunner.time(op.endPicos()), op.outcome()));
            }
        }
        return lines;
    }

    @Override
    public List<String> modelWarnings() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Object> m : board.models().entrySet()) {
            if (!(m.getValue() instanceof NorChip chip)) continue;
            for (ModelWarning w : chip.warnings()) {
                lines.add(String.format("%s model warning at %s: %s", m.getKey(), AlgorithmRunner.time(w.picos()), w.message()));
            }
        }
        return lines;
    }

    @Override
    public Optional<Boolean> modelsAddress(long address) {
        return Optional.of(board.bus().mappingAt(address) != null);
    }

    /** What the board's console UART has sent so far (firmware run after flashing, say). */
    public String console() {
        return console.toString();
    }

    public Board board() {
        return board;
    }

    public CortexMTarget target() {
        return target;
    }

    /**
     * Forces the flash files to disk. Every completed operation is already in them (the state
     * directory writes through, see {@code tools.state.FlashStateFile}); this adds the guarantee
     * against host power loss.
     */
    public void save() throws IOException {
        if (state != null) state.forceAll();
    }

    /** Releases the state directory (forced to disk, unlocked) so that another run may use it. */
    @Override
    public void close() {
        if (state != null) state.close();
    }
}
