package io.xipkit.cli;

import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardDescription;
import io.xipkit.board.BoardException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code xipkit boards}: lists the boards, one per line: id, then its summary. */
@Command(name = "boards", mixinStandardHelpOptions = true, description = "List the boards xipkit can run.")
final class BoardsCommand implements Callable<Integer> {
    private final Streams streams;

    BoardsCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        BoardCatalog catalog = new BoardCatalog();
        try {
            Table table = new Table();
            for (String id : catalog.ids()) {
                BoardDescription d = catalog.describe(id);
                table.row(id, d.summary());
            }
            streams.out().print(table);
            return ExitStatus.OK;
        } catch (BoardException e) {
            streams.err().println("xipkit: " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
    }
}
