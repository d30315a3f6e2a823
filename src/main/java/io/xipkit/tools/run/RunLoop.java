package io.xipkit.tools.run;

import io.xipkit.board.Board;
import io.xipkit.cpu.StopReason;

/** How {@link Runner} runs a reset, loaded board: by default the core's own run loop in one call. */
@FunctionalInterface
public interface RunLoop {
    RunLoop DIRECT = (board, maxInstructions, maxPicos) -> board.core().run(maxInstructions, maxPicos);

    /** Runs the board until its program ends or a budget runs out (same budgets as {@code Core.run}). */
    StopReason run(Board board, long maxInstructions, long maxPicos);
}
