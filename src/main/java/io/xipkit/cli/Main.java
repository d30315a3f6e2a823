package io.xipkit.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** Entry point of the {@code xipkit} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the CLI in-process with the given streams and returns the exit status. Tests use this
     * entry so they need no child JVM.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        err.println("xipkit: not implemented yet");
        return 2;
    }
}
