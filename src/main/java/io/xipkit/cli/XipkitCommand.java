package io.xipkit.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code xipkit} command: only dispatches to subcommands. They are not in the
 * annotation: {@link #addSubcommands} builds only the one a command line names, since picocli's
 * reflective model of all of them costs about a tenth of a second of every start (the CPU
 * benchmarks' runs are one to two seconds long).
 */
@Command(name = "xipkit", mixinStandardHelpOptions = true, version = "xipkit 0.1.0",
        description = "Virtual STM32 boards with XIP SPI NOR flash, and host tools.")
final class XipkitCommand implements Callable<Integer> {
    /** In the order {@code xipkit --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, BoardsCommand.class, ChipsCommand.class,
            BenchCommand.class, DemoCommand.class, ImageCommand.class, GdbCommand.class, AlgoCommand.class,
            FlashCommand.class, CampaignCommand.class, ReportCommand.class, CommandLine.HelpCommand.class);

    /**
     * Adds to {@code cl} the subcommand the first non-option argument names, or every subcommand
     * when it names none of them (help, a usage error, a misspelling picocli suggests a fix for).
     */
    static void addSubcommands(CommandLine cl, String[] args, CommandLine.IFactory factory) {
        String first = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                first = a;
                break;
            }
        }
        for (Class<?> c : SUBCOMMANDS) {
            if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(first)) {
                cl.addSubcommand(new CommandLine(c, factory));
                return;
            }
        }
        for (Class<?> c : SUBCOMMANDS) cl.addSubcommand(new CommandLine(c, factory));
    }

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
