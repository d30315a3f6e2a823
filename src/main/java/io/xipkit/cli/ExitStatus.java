package io.xipkit.cli;

/**
 * Exit statuses of {@code xipkit} besides the program's own (for {@code run}, a program that
 * exits through semihosting makes xipkit exit with its status).
 */
public final class ExitStatus {
    private ExitStatus() {}

    public static final int OK = 0;
    /** Bad input: unknown board, missing or malformed file, bad option. One line on stderr. */
    public static final int BAD_INPUT = 2;
    /** The program faulted the core into lockup, or slept with nothing left to wake it. */
    public static final int FAULT = 3;
    /** The instruction or virtual-time limit was reached before the program exited. */
    public static final int LIMIT = 4;
    /** A defect in xipkit itself (an unexpected exception); one line on stderr. */
    public static final int INTERNAL_ERROR = 5;
}
