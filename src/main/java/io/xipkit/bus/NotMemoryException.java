package io.xipkit.bus;

/** A loader or debugger access to an address that holds no loadable memory. One-line message. */
public final class NotMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotMemoryException(String message) {
        super(message, null, false, false);
    }
}
