package io.xipkit;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardDescription;
import io.xipkit.board.BoardHost;
import io.xipkit.board.PeripheralFactories;
import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.run.TranslationDefault;

/**
 * Boards for tests, translating hot code or not as XIPKIT_JIT says ({@link TranslationDefault}):
 * {@code ./test} runs the suite once as it is and once with {@code XIPKIT_JIT=off}, so every test
 * that builds its boards here checks the translated and the interpreted core alike. Tests that
 * compare the two on purpose choose explicitly instead.
 */
public final class TestBoards {
    private TestBoards() {}

    /** Whether boards translate in this run of the tests. */
    public static boolean translation() {
        try {
            return TranslationDefault.from(System.getenv()).translate();
        } catch (BadInputException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /** The shipped boards, translating as {@link #translation()} says. */
    public static BoardCatalog catalog() {
        return new BoardCatalog().withTranslation(translation());
    }

    public static Board create(String id) {
        return catalog().create(id);
    }

    public static Board create(String id, BoardHost host) {
        return catalog().create(id, host);
    }

    /** A board of a description made by the test, with the standard peripheral factories and memories in the JVM. */
    public static Board of(BoardDescription description) {
        return of(description, BoardHost.inMemory(), PeripheralFactories.standard());
    }

    public static Board of(BoardDescription description, BoardHost host, PeripheralFactories factories) {
        return new Board(description, host, factories, translation());
    }
}
