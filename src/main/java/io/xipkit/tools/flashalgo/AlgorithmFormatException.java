package io.xipkit.tools.flashalgo;

/**
 * A flash-algorithm file that cannot be used: unreadable, malformed, or missing something its
 * format requires. The message is one line naming the file and the problem, printed by the CLI as
 * {@code xipkit: <message>}.
 */
public final class AlgorithmFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public AlgorithmFormatException(String message) {
        super(message, null, false, false);
    }
}
