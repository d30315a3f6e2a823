package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.board.BoardCatalog;
import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.run.RunRequest;
import io.xipkit.tools.run.Runner;
import io.xipkit.tools.run.TranslationDefault;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Whether boards translate hot code is chosen when they are made: --jit/--no-jit on the command
 * line, else XIPKIT_JIT (unset or on: translate; off: interpret), else nothing else.
 */
class TranslationChoiceTest {
    private static final String ELF = "firmware/elf/generic-m7/it_blocks-O2.elf";

    /** Says which way its boards would go: what every board-making command asks the mixin. */
    @Command(name = "choice")
    static final class Choice implements Callable<Integer> {
        @Mixin
        TranslationOption translation;
        private final PrintStream out;

        Choice(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            out.println(translation.translate() ? "translate" : "interpret");
            return 0;
        }
    }

    private static MainTest.Outcome xipkit(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        Streams s = new Streams(new ByteArrayInputStream(new byte[0]), o, new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = Main.run(args, s, env, cl -> cl.addSubcommand(new Choice(o)));
        return new MainTest.Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBoardMadeWithTranslationOffInterpretsAndTheDefaultTranslates() {
        assertThat(new BoardCatalog().withTranslation(false).create("generic-m7").core().translates()).isFalse();
        assertThat(new BoardCatalog().withTranslation(true).create("generic-m7").core().translates()).isTrue();
        assertThat(new BoardCatalog().create("generic-m7").core().translates()).isTrue();
        assertThat(new BoardCatalog().withTranslation(false).translation()).isFalse();
    }

    @Test
    void theEnvironmentDecidesOnlyWithOnOrOffOrNothing() throws BadInputException {
        assertThat(TranslationDefault.from(Map.of()).translate()).isTrue();
        assertThat(TranslationDefault.from(Map.of("XIPKIT_JIT", "on")).translate()).isTrue();
        assertThat(TranslationDefault.from(Map.of("XIPKIT_JIT", "off")).translate()).isFalse();
        assertThat(TranslationDefault.from(Map.of("XIPKIT_JIT", "off")).problem()).isEmpty();
        assertThatThrownBy(() -> TranslationDefault.from(Map.of("XIPKIT_JIT", "OFF")).translate())
                .isInstanceOf(BadInputException.class).hasMessage("XIPKIT_JIT must be on or off, not 'OFF'");
    }

    @Test
    void withoutAnOptionTheEnvironmentDecides() {
        assertThat(xipkit(Map.of(), "choice").out()).isEqualTo("translate\n");
        assertThat(xipkit(Map.of("XIPKIT_JIT", "on"), "choice").out()).isEqualTo("translate\n");
        assertThat(xipkit(Map.of("XIPKIT_JIT", "off"), "choice").out()).isEqualTo("interpret\n");
    }

    @Test
    void theCommandLineBeatsTheEnvironment() {
        assertThat(xipkit(Map.of("XIPKIT_JIT", "on"), "choice", "--no-jit").out()).isEqualTo("interpret\n");
        assertThat(xipkit(Map.of("XIPKIT_JIT", "off"), "choice", "--jit").out()).isEqualTo("translate\n");
        // An explicit choice needs no default, so a bad one is not in its way.
        MainTest.Outcome o = xipkit(Map.of("XIPKIT_JIT", "1"), "choice", "--no-jit");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).isEqualTo("interpret\n");
    }

    @Test
    void aBadXipkitJitIsOneLineAndExitStatusTwo() {
        MainTest.Outcome o = xipkit(Map.of("XIPKIT_JIT", "yes"), "run", "--board", "generic-m7", ELF);
        MainTest.assertBadInput(o);
        assertThat(o.err()).isEqualTo("xipkit: XIPKIT_JIT must be on or off, not 'yes'\n");
        MainTest.assertBadInput(xipkit(Map.of("XIPKIT_JIT", ""), "bench", "--repeat", "1", ELF), "not ''");
    }

    @Test
    void commandsThatMakeNoBoardOrOnlyShowHelpIgnoreXipkitJit() {
        MainTest.Outcome boards = xipkit(Map.of("XIPKIT_JIT", "yes"), "boards");
        assertThat(boards.status()).as(boards.err()).isZero();
        MainTest.Outcome help = xipkit(Map.of("XIPKIT_JIT", "yes"), "run", "--help");
        assertThat(help.status()).as(help.err()).isZero();
        assertThat(help.out()).contains("--[no-]jit");
    }

    @Test
    void everyCommandThatRunsFirmwareTakesTheOption() {
        List<CommandLine> captured = new ArrayList<>();
        // --help: a command line that names one subcommand builds only that one (XipkitCommand.addSubcommands)
        Main.run(new String[] {"--help"}, new Streams(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())), Map.of(), captured::add);
        CommandLine cl = captured.get(0);
        for (List<String> path : List.of(List.of("run"), List.of("bench"), List.of("gdb"), List.of("flash"),
                List.of("algo", "test"), List.of("campaign"), List.of("demo"))) {
            CommandLine c = cl;
            for (String name : path) c = c.getSubcommands().get(name);
            assertThat(c.getCommandSpec().mixins().values()).as(String.join(" ", path))
                    .anyMatch(m -> m.userObject() instanceof TranslationOption);
        }
    }

    @Test
    void testBoardsFollowXipkitJitSoThatTheSuiteRunsBothWays() throws BadInputException {
        boolean expected = TranslationDefault.from(System.getenv()).translate();
        assertThat(io.xipkit.TestBoards.create("generic-m7").core().translates()).isEqualTo(expected);
        assertThat(io.xipkit.TestBoards.catalog().translation()).isEqualTo(expected);
    }

    @Test
    void theRunnerBuildsItsBoardAsChosen() throws BadInputException {
        for (boolean on : new boolean[] {false, true}) {
            boolean[] seen = new boolean[] {!on};
            PrintStream sink = new PrintStream(new ByteArrayOutputStream());
            new Runner(new ByteArrayInputStream(new byte[0]), sink, sink, Path.of("").toAbsolutePath())
                    .translation(on).afterRun((board, memories, end, symbols) -> seen[0] = board.core().translates())
                    .run(new RunRequest("generic-m7", List.of(Path.of(ELF)), OptionalLong.empty(), 100_000_000L,
                            Long.MAX_VALUE, false, ELF));
            assertThat(seen[0]).as("translation %s", on).isEqualTo(on);
        }
    }
}
