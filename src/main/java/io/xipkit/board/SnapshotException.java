package io.xipkit.board;

/** A board that cannot be copied: an object of a kind {@link BoardSnapshot} does not know how to copy. */
public final class SnapshotException extends RuntimeException {
    public SnapshotException(String message) {
        super(message);
    }
}
