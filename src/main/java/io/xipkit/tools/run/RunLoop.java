package io.xipkit.tools.run;

import io.xipkit.board.Board;
import io.xipkit.cpu.StopReason;

/**
 * How {@link Runner} runs a reset, loaded board when something else must be served between slices
 * of it (a debug port, say); without one the runner uses its own sliced loop, which honours stop
 * requests (Ctrl-C, SIGTERM).
 */
@FunctionalInterface
public interface RunLoop {
    /** Runs the board until its program ends or a budget runs out (same budgets as {@code Core.run}). */
    StopReason run(Board board, long maxInstructions, long maxPicos);
}
