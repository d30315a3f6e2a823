package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * A bug in xipkit (an unexpected throwable in a command) is exit status 5 with one line naming
 * it and a hint; the stack trace only with --debug or XIPKIT_DEBUG=1; running out of heap says
 * so and names the JVM option. The failing commands are added for the test only.
 */
class InternalErrorTest {
    @Command(name = "explode")
    static final class Explode implements Callable<Integer> {
        @Override
        public Integer call() {
            String nothing = null;
            return nothing.length();
        }
    }

    @Command(name = "exhaust")
    static final class Exhaust implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Command(name = "recurse")
    static final class Recurse implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new StackOverflowError();
        }
    }

    private static MainTest.Outcome xipkit(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Streams s = new Streams(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = Main.run(args, s, env, cl -> {
            cl.addSubcommand(new Explode());
            cl.addSubcommand(new Exhaust());
            cl.addSubcommand(new Recurse());
        });
        return new MainTest.Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBugIsOneLineWithWhereItHappenedAndAHintAndExitsFive() {
        MainTest.Outcome o = xipkit(Map.of(), "explode");
        assertThat(o.status()).isEqualTo(ExitStatus.INTERNAL_ERROR);
        assertThat(o.out()).isEmpty();
        assertThat(o.err().lines().toList()).hasSize(2);
        assertThat(o.err().lines().findFirst().orElseThrow())
                .startsWith("xipkit: internal error: NullPointerException")
                .contains("(at InternalErrorTest$Explode.call(InternalErrorTest.java:");
        assertThat(o.err()).contains("xipkit: this is a bug in xipkit, not in your input; rerun with --debug (or XIPKIT_DEBUG=1)")
                .doesNotContain("\tat ");
    }

    @Test
    void debugOptionPrintsTheStackTrace() {
        MainTest.Outcome o = xipkit(Map.of(), "explode", "--debug");
        assertThat(o.status()).isEqualTo(5);
        assertThat(o.err()).startsWith("xipkit: internal error: NullPointerException")
                .contains("java.lang.NullPointerException").contains("\tat io.xipkit.cli.InternalErrorTest$Explode.call")
                .doesNotContain("rerun with --debug");
    }

    @Test
    void debugOptionBeforeTheCommandWorksToo() {
        MainTest.Outcome o = xipkit(Map.of(), "--debug", "explode");
        assertThat(o.status()).isEqualTo(5);
        assertThat(o.err()).contains("\tat io.xipkit.cli.InternalErrorTest$Explode.call");
    }

    @Test
    void debugEnvironmentVariablePrintsTheStackTrace() {
        MainTest.Outcome o = xipkit(Map.of("XIPKIT_DEBUG", "1"), "explode");
        assertThat(o.status()).isEqualTo(5);
        assertThat(o.err()).contains("\tat io.xipkit.cli.InternalErrorTest$Explode.call");
        MainTest.Outcome off = xipkit(Map.of("XIPKIT_DEBUG", "0"), "explode");
        assertThat(off.err()).doesNotContain("\tat ");
    }

    @Test
    void outOfMemorySaysSoAndNamesTheJvmOption() {
        MainTest.Outcome o = xipkit(Map.of(), "exhaust");
        assertThat(o.status()).isEqualTo(5);
        assertThat(o.err().lines().findFirst().orElseThrow()).isEqualTo(
                "xipkit: out of memory (Java heap space): give the JVM more heap, e.g. XIPKIT_JAVA_OPTS=-Xmx4g ./xipkit ...");
    }

    @Test
    void stackOverflowNamesTheJvmOption() {
        MainTest.Outcome o = xipkit(Map.of(), "recurse");
        assertThat(o.status()).isEqualTo(5);
        assertThat(o.err().lines().findFirst().orElseThrow()).startsWith("xipkit: internal error: stack overflow")
                .endsWith("e.g. XIPKIT_JAVA_OPTS=-Xss64m ./xipkit ...");
    }

    @Test
    void anUnknownCommandIsBadInputNamingTheCommands() {
        MainTest.Outcome o = MainTest.xipkit("launch");
        assertThat(o.status()).isEqualTo(2);
        // Other commands join the list as they land; the line names the word and where to look.
        assertThat(o.err()).startsWith("xipkit: unknown command 'launch' (commands: run, boards, chips, bench, demo, ")
                .endsWith("; see xipkit --help)\n");
        assertThat(o.err().lines()).hasSize(1);
    }

    @Test
    void anUnknownOptionPointsAtTheCommandsHelp() {
        MainTest.Outcome o = MainTest.xipkit("boards", "--wide");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("xipkit: Unknown option: '--wide' (see: xipkit boards --help)\n");
    }
}
