package io.xipkit.board;

/** A board that cannot be built or used as asked: unknown id, malformed description, image outside memory. One-line message. */
public final class BoardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BoardException(String message) {
        super(message, null, false, false);
    }
}
