package io.xipkit.tools.campaign;

import io.xipkit.board.Board;
import io.xipkit.board.BoardDescription;
import io.xipkit.board.BoardHost;
import io.xipkit.board.PeripheralFactories;

/**
 * What every power-on of a campaign builds: the scenario's board, parsed once, and whether its
 * core translates hot code (the command line's --jit/--no-jit, the same for every replay).
 */
record CampaignBoard(BoardDescription description, boolean translation) {
    Board build(BoardHost host) {
        return new Board(description, host, PeripheralFactories.standard(), translation);
    }
}
