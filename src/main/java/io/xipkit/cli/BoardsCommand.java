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
            StringBuilder sb = new StringBuilder();
            for (String id : catalog.ids()) {
                BoardDescription d = catalog.describe(id);
                sb.append(String.format("%-12s %s%n", id, d.summary()));
            }
            streams.out().print(sb);
            return ExitStatus.OK;
        } catch (BoardException e) {
            streams.err().println("xipkit: " + e.getMessage());
            return ExitStatus.BAD_INPUT;
        }
    }
}
