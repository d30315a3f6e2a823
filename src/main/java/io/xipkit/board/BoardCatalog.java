package io.xipkit.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The boards shipped as resources: {@code io/xipkit/board/<id>.yaml}, listed in
 * {@code io/xipkit/board/boards.list} (one id per line; a jar cannot be listed reliably).
 * Holds no state beyond what it was built with (whether its boards translate), so any number may exist.
 */
public final class BoardCatalog {
    private static final String INDEX = "boards.list";
    private final BoardDescriptionParser parser = new BoardDescriptionParser();
    private final boolean translation;

    /** A catalog whose boards run hot code translated to JVM bytecode. */
    public BoardCatalog() {
        this(true);
    }

    private BoardCatalog(boolean translation) {
        this.translation = translation;
    }

    /**
     * A catalog whose boards translate hot code ({@code true}) or interpret every instruction
     * ({@code false}); the choice is the caller's (the tools layer reads it from the command line).
     */
    public BoardCatalog withTranslation(boolean on) {
        return new BoardCatalog(on);
    }

    /** Whether the boards this catalog creates translate hot code. */
    public boolean translation() {
        return translation;
    }

    /** The ids of the shipped boards, in the index's order. */
    public List<String> ids() {
        String index = resource(INDEX);
        if (index == null) throw new BoardException("board index " + INDEX + " is missing from the class path");
        return index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /**
     * The description of board {@code id}.
     *
     * @throws BoardException for an unknown id (the message lists the known ids) or a malformed file
     */
    public BoardDescription describe(String id) {
        List<String> known = ids();
        if (!known.contains(id)) {
            throw new BoardException("unknown board \"" + id + "\" (known boards: " + String.join(", ", known) + ")");
        }
        String file = id + ".yaml";
        String text = resource(file);
        if (text == null) throw new BoardException("board file " + file + " is missing from the class path");
        BoardDescription d = parser.parse(file, text);
        if (!d.id().equals(id)) {
            throw new BoardException("board file " + file + ": id: \"" + d.id() + "\" does not match the file name");
        }
        return d;
    }

    /** Builds a fresh board {@code id}, reset and ready to load. */
    public Board create(String id) {
        return create(id, BoardHost.inMemory());
    }

    /** Builds a fresh board {@code id} whose flash lives where {@code host} keeps it. */
    public Board create(String id, BoardHost host) {
        return create(describe(id), host);
    }

    /** Builds a fresh board from a description {@link #describe} gave (for a caller that needed it before the host). */
    public Board create(BoardDescription description, BoardHost host) {
        return new Board(description, host, PeripheralFactories.standard(), translation);
    }

    private static String resource(String name) {
        try (InputStream in = BoardCatalog.class.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
