package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line builds picocli's model of the subcommand it names only; help and mistakes see them all. */
class SubcommandChoiceTest {
    private static CommandLine built(String... args) {
        CommandLine cl = new CommandLine(new XipkitCommand());
        XipkitCommand.addSubcommands(cl, args, new Main.Factory(System.in, System.out, System.err, io.xipkit.tools.run.TranslationDefault.from(java.util.Map.of())));
        return cl;
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertThat(built("--debug", "bench", "--repeat", "1", "x.elf").getSubcommands().keySet()).containsExactly("bench");
        assertThat(built("algo", "info", "x.FLM").getSubcommands().keySet()).containsExactly("algo");
    }

    @Test
    void helpNoCommandAndUnknownWordsSeeEverySubcommandInHelpOrder() {
        String[] all = {"run", "boards", "chips", "bench", "demo", "image", "gdb", "algo", "flash", "campaign", "report", "help"};
        assertThat(built().getSubcommands().keySet()).containsExactly(all);
        assertThat(built("--help").getSubcommands().keySet()).containsExactly(all);
        assertThat(built("help", "run").getSubcommands().keySet()).containsExactly(all);
        assertThat(built("rnu").getSubcommands().keySet()).containsExactly(all);
    }

    @Test
    void theInheritedDebugOptionReachesALoneSubcommand() {
        MainTest.Outcome o = MainTest.xipkit("boards", "--debug");
        assertThat(o.status()).isZero();
        assertThat(MainTest.xipkit("--help").out()).contains("run", "campaign", "report");
    }
}
