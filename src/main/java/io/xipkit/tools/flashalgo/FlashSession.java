package io.xipkit.tools.flashalgo;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardException;
import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.tools.state.StateDirectory;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.StopReason;
import io.xipkit.tools.target.BoardMemoryMap;
import io.xipkit.tools.target.CoreExecution;
import io.xipkit.tools.target.CortexMTarget;
import io.xipkit.tools.target.StopEvent;
import io.xipkit.tools.target.VirtualTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A board as a programmer sees it: built from its description, its flash memories kept under a
 * state directory (or only in memory), reset and halted through the debug port, ready for
 * algorithms to run on it.
 */
public final class FlashSession implements AutoCloseable {
    private final Board board;
    private final CortexMTarget target;
    private final StateDirectory state;
    private final List<String> events = new ArrayList<>();

    private FlashSession(Board board, CortexMTarget target, StateDirectory state) {
        this.board = board;
        this.target = target;
        this.state = state;
    }

    /**
     * Opens board {@code id} with its flash in {@code stateDir} (null: in memory only), resets it
     * and halts the core before its first instruction.
     *
     * @throws AlgorithmFormatException for an unknown board or an unusable state directory (user errors)
     */
    public static FlashSession open(String id, Path stateDir) throws AlgorithmFormatException {
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
        BoardHost host = new BoardHost() {
            @Override
            public NonVolatileMemory nonVolatile(String name, long size) {
                return st == null ? new ArrayNonVolatileMemory(size) : st.open(name, size);
            }

            @Override
            public void event(String line) {
                events.add(line);
            }
        };
        Board board;
        try {
            board = new BoardCatalog().create(id, host);
        } catch (BoardException e) {
            throw new AlgorithmFormatException(e.getMessage());
        }
        board.reset();
        CortexMTarget target = new CortexMTarget(VirtualTarget.port(board), new SlicedExecution(board),
                BoardMemoryMap.of(board)).attach();
        target.resetAndHalt();
        FlashSession s = new FlashSession(board, target, state);
        s.events.addAll(events);
        return s;
    }

    /**
     * Runs the core in slices of virtual time as well as of instructions, so a core asleep in WFI
     * (an algorithm waiting for its flash) still comes back to the runner, which keeps the
     * algorithm's budget in virtual time.
     */
    private record SlicedExecution(Board board) implements CoreExecution {
        /** One slice: 1 ms of the board's time. */
        static final long SLICE_PICOS = 1_000_000_000L;

        @Override
        public StopEvent execute(long maxInstructions) {
            Core core = board.core();
            StopReason stop = core.run(maxInstructions, core.nowPicos() + SLICE_PICOS);
            if (stop instanceof StopReason.Exited e) return new StopEvent.Exited(e.status());
            if (stop instanceof StopReason.Lockup l) return new StopEvent.Fault("the core locked up: " + l.description());
            if (stop instanceof StopReason.FaultHandlerSpin f) return new StopEvent.Fault("a fault handler spins on itself: " + f.snapshot());
            if (stop instanceof StopReason.Asleep a) {
                return new StopEvent.Fault(String.format("the core sleeps at 0x%08X with nothing left to wake it", a.pc()));
            }
            return null; // halted (the debug registers say why) or still running
        }

        @Override
        public void resetSystem() {
            board.reset(Board.ResetCause.PIN);
        }

        @Override
        public void waitFor(long picos) {
            // Let time pass with the core halted: run with no instructions up to the instant.
            Core core = board.core();
            core.run(0, core.nowPicos() + picos);
        }

        @Override
        public long nowPicos() {
            return board.core().nowPicos();
        }
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
