package io.xipkit.tools.sign;

/** Input the user can fix: a malformed image or key file, an option out of range. One-line message. */
public final class SignException extends Exception {
    private static final long serialVersionUID = 1L;

    public SignException(String message) {
        super(message, null, false, false);
    }
}
