package io.xipkit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code xipkit} command: only dispatches to subcommands. */
@Command(name = "xipkit", mixinStandardHelpOptions = true, version = "xipkit 0.1.0",
        description = "Virtual STM32 boards with XIP SPI NOR flash, and host tools.",
        subcommands = {RunCommand.class, BoardsCommand.class, ChipsCommand.class, BenchCommand.class, DemoCommand.class,
                ImageCommand.class,
                GdbCommand.class, AlgoCommand.class, FlashCommand.class,
                CampaignCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
final class XipkitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Read by Main from the parse result when a command fails unexpectedly. */
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an internal error, print the full stack trace (also: XIPKIT_DEBUG=1).")
    boolean debug;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("xipkit: no command given (try: xipkit --help)");
        return ExitStatus.BAD_INPUT;
    }
}
