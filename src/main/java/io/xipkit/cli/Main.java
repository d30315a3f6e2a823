package io.xipkit.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code xipkit} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the CLI in-process with the given streams and returns the exit status. Tests use this
     * entry so they need no child JVM. Never throws and never prints a stack trace: every problem
     * becomes one line {@code xipkit: <problem>} on {@code err}.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        try {
            CommandLine cl = new CommandLine(new XipkitCommand(), new Factory(in, out, err));
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            cl.setParameterExceptionHandler((e, a) -> {
                err.println("xipkit: " + firstLine(e.getMessage()));
                return ExitStatus.BAD_INPUT;
            });
            cl.setExecutionExceptionHandler((e, c, p) -> {
                err.println("xipkit: internal error: " + describe(e));
                return ExitStatus.INTERNAL_ERROR;
            });
            int status = cl.execute(args);
            out.flush();
            err.flush();
            return status;
        } catch (RuntimeException | Error e) {
            err.println("xipkit: internal error: " + describe(e));
            return ExitStatus.INTERNAL_ERROR;
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m));
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Gives commands that ask for them in their constructor the streams of this invocation. */
    private static final class Factory implements CommandLine.IFactory {
        private final InputStream in;
        private final PrintStream out;
        private final PrintStream err;

        Factory(InputStream in, PrintStream out, PrintStream err) {
            this.in = in;
            this.out = out;
            this.err = err;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(Streams.class).newInstance(new Streams(in, out, err));
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
