package io.xipkit.tools.flashalgo;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardException;
import io.xipkit.board.BoardHost;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.tools.state.StateDirectory;
import io.xipkit.tools.target.CortexMTarget;
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
public final class FlashSession {
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
                state = new StateDirectory(stateDir);
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
        CortexMTarget target = VirtualTarget.attach(board, String::valueOf);
        target.resetAndHalt();
        FlashSession s = new FlashSession(board, target, state);
        s.events.addAll(events);
        return s;
    }

    public Board board() {
        return board;
    }

    public CortexMTarget target() {
        return target;
    }

    /** Writes every changed flash memory to the state directory (atomically per file). */
    public void save() throws IOException {
        if (state != null) state.flushAll();
    }
}
