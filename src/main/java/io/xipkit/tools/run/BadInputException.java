package io.xipkit.tools.run;

/** Input the user can fix (a missing or malformed file, an unknown board, an image outside memory). One-line message. */
public final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadInputException(String message) {
        super(message, null, false, false);
    }
}
