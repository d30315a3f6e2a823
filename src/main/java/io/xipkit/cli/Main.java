package io.xipkit.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import io.xipkit.tools.run.TranslationDefault;
import picocli.CommandLine;

/** Entry point of the {@code xipkit} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err, System.getenv());
        // After Ctrl-C/SIGTERM the JVM is already exiting with 128 + the signal (130/143): returning
        // lets that status stand instead of racing it with our own.
        if (Interruption.jvmShuttingDown()) return;
        System.exit(status);
    }

    /** {@link #run(String[], InputStream, PrintStream, PrintStream, Map)} with this process's environment. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, err, System.getenv());
    }

    /**
     * Runs the CLI in-process with the given streams and environment and returns the exit status.
     * Tests use this entry so they need no child JVM. Never throws: bad input becomes one line
     * {@code xipkit: <problem>} on {@code err} (status 2); anything unexpected is an internal error
     * (status 5, see {@link InternalErrors}) with its stack trace under {@code --debug} or
     * {@code XIPKIT_DEBUG=1}.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, new Streams(in, out, err), env, cl -> {});
    }

    /** As above; {@code extend} may add commands (tests add ones that fail in chosen ways). */
    static int run(String[] args, Streams streams, Map<String, String> env, Consumer<CommandLine> extend) {
        PrintStream out = streams.out();
        PrintStream err = streams.err();
        boolean debugEnv = InternalErrors.debugFromEnvironment(env);
        TranslationDefault translation = TranslationDefault.from(env);
        try {
            Factory factory = new Factory(streams.in(), out, err, translation);
            CommandLine cl = new CommandLine(new XipkitCommand(), factory);
            XipkitCommand.addSubcommands(cl, args, factory);
            extend.accept(cl);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            cl.setParameterExceptionHandler((e, a) -> {
                err.println("xipkit: " + UsageErrors.describe(e));
                return ExitStatus.BAD_INPUT;
            });
            // A bad XIPKIT_JIT is bad input of the commands that would use it, reported before they start.
            cl.setExecutionStrategy(parsed -> {
                java.util.Optional<String> problem = TranslationOption.problemFor(parsed, translation);
                if (problem.isPresent()) {
                    err.println("xipkit: " + problem.get());
                    return ExitStatus.BAD_INPUT;
                }
                return new CommandLine.RunLast().execute(parsed);
            });
            cl.setExecutionExceptionHandler((e, c, parsed) -> {
                out.flush();
                return InternalErrors.report(e, err, debugEnv || debugRequested(parsed));
            });
            int status = cl.execute(args);
            out.flush();
            err.flush();
            return status;
        } catch (RuntimeException | Error e) {
            out.flush();
            return InternalErrors.report(e, err, debugEnv || Arrays.asList(args).contains("--debug"));
        }
    }

    /** {@code --debug} given to the command or any subcommand on the way. */
    private static boolean debugRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult r = parsed; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) return true;
        }
        return false;
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

    /**
     * Gives commands that ask for them in their constructor the streams of this invocation, and
     * {@link TranslationOption} the default of its environment.
     */
    static final class Factory implements CommandLine.IFactory {
        private final InputStream in;
        private final PrintStream out;
        private final PrintStream err;
        private final TranslationDefault translation;

        Factory(InputStream in, PrintStream out, PrintStream err, TranslationDefault translation) {
            this.in = in;
            this.out = out;
            this.err = err;
            this.translation = translation;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == TranslationOption.class) return cls.cast(new TranslationOption(translation));
            // Looked for, not caught: a NoSuchMethodException per mixin costs a stack trace at start.
            for (java.lang.reflect.Constructor<?> c : cls.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Streams.class) {
                    return cls.cast(c.newInstance(new Streams(in, out, err)));
                }
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
