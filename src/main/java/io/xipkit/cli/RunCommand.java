package io.xipkit.cli;

import io.xipkit.cpu.StopReason;
import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.run.EventsMode;
import io.xipkit.tools.run.RunRequest;
import io.xipkit.tools.run.RunResult;
import io.xipkit.tools.run.Runner;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import io.xipkit.tools.report.BoardReport;
import io.xipkit.tools.report.BoardReportInput;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code xipkit run}: resets a board, loads the images and runs them with semihosting on the
 * console. Exit status: the program's own (SYS_EXIT), or {@link ExitStatus}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run firmware on a virtual board, with semihosting on this console.",
        footer = {"", "Exit status: the program's semihosting exit status; 2 bad input; 3 fault (lockup, or asleep",
                "with nothing to wake it); 4 instruction or time limit reached; 5 internal error;",
                "130/143 stopped by Ctrl-C/SIGTERM (after a one-line summary, with the flash saved)."})
final class RunCommand implements Callable<Integer> {
    private final Streams streams;

    @Option(names = "--board", required = true, paramLabel = "ID", description = "Board to run on (see: xipkit boards).")
    String board;

    @Mixin
    LimitOptions limits;

    @Mixin
    WarningsOption warnings;

    @Option(names = "--trace", description = "Print every executed instruction to stderr.")
    boolean trace;

    @Mixin
    TranslationOption translation;

    @Option(names = "--address", paramLabel = "ADDR", converter = Address.class,
            description = "Where to load raw binaries (*.bin, or any file that is not ELF or Intel HEX), e.g. 0x08000000.")
    Long address;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Keep the board's flash memories (internal flash, option bytes, external chips) in files under DIR between runs; every completed flash operation is in DIR at once, so a run stopped in any way keeps it. DIR belongs to one board.")
    Path state;

    @Option(names = "--console-port", paramLabel = "PORT", converter = TcpPort.class,
            description = "Put the board's console UART on TCP port PORT of 127.0.0.1 (0: any free port) instead of stdin/stdout; the run waits for one connection.")
    Integer consolePort;

    @Option(names = "--events", paramLabel = "MODE", converter = Events.class,
            description = "Board events (LED changes) on stderr: summary (the first of each kind, then fewer, and a count; default), all, off.")
    EventsMode events;

    @Option(names = "--verbose", description = "Say where each image segment goes and how the run ended; implies --events=all unless --events is given.")
    boolean verbose;

    @Option(names = "--jtag-port", paramLabel = "PORT",
            description = "Serve the chip's JTAG port to OpenOCD (remote_bitbang) on TCP port PORT of 127.0.0.1 (0: any free port); the board runs meanwhile.")
    Integer jtagPort;

    @Option(names = "--report", paramLabel = "FILE",
            description = "When the run ends, write an HTML report to FILE: controller-mode and chip timeline, flash map with the ELF sections, erase heat map.")
    Path reportFile;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Images to load: ELF, Intel HEX, or raw .bin (with --address).")
    List<Path> files;

    RunCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        RunRequest request = new RunRequest(board, files == null ? List.of() : files,
                address == null ? OptionalLong.empty() : OptionalLong.of(address),
                limits.instructions(), limits.picos(), trace,
                files == null || files.isEmpty() ? "" : files.get(0).toString(), state,
                consolePort == null ? -1 : consolePort);
        EventsMode mode = events != null ? events : verbose ? EventsMode.ALL : EventsMode.SUMMARY;
        try (Interruption interruption = Interruption.install()) {
            Runner runner = new Runner(streams.in(), streams.out(), streams.err(), Path.of("").toAbsolutePath())
                    .events(mode).warnings(warnings.mode()).verbose(verbose).translation(translation.translate()).stopOn(interruption.request());
            if (reportFile != null) {
                List<Path> images = files == null ? List.of() : files;
                runner.afterRun((b, memories, endPicos, symbols) -> BoardReportInput.write(reportFile, BoardReport.html(
                        "xipkit run on " + board, BoardReport.flashMaps(b, memories, BoardReportInput.sections(images)),
                        BoardReport.activity(b, endPicos, symbols))));
            }
            RunResult result;
            try (JtagPort jtag = JtagPort.open(jtagPort, board, streams.err())) {
                result = jtag == null ? runner.run(request) : runner.run(request, jtag.loop());
            } catch (BadInputException | io.xipkit.board.BoardException e) {
                streams.out().flush();
                streams.err().println("xipkit: " + Main.firstLine(e.getMessage()));
                return ExitStatus.BAD_INPUT;
            }
            streams.out().flush();
            int status = report(result, streams, verbose);
            streams.err().flush();
            return status;
        }
    }

    /** The line that ends a run (a summary, or the fault report), and the exit status. */
    static int report(RunResult result, Streams streams, boolean verbose) {
        String totals = seconds(result.virtualPicos()) + " s virtual time, " + instructions(result.instructions());
        if (result.exitStatus().isPresent()) {
            if (verbose) streams.err().println("xipkit: program exited with status " + result.exitStatus().getAsInt() + ": " + totals);
            return result.exitStatus().getAsInt();
        }
        if (result.stop() instanceof StopReason.InstructionLimit) {
            streams.err().printf("xipkit: instruction limit reached: %s, %s s virtual time%n",
                    instructions(result.instructions()), seconds(result.virtualPicos()));
            return ExitStatus.LIMIT;
        }
        if (result.stop() instanceof StopReason.TimeLimit) {
            streams.err().printf("xipkit: time limit reached: %s%n", totals);
            return ExitStatus.LIMIT;
        }
        if (result.stop() instanceof StopReason.Requested r) {
            streams.err().printf("xipkit: %s: %s%n", r.why(), totals);
            return Interruption.STATUS;
        }
        streams.err().println("xipkit: " + result.faultReport());
        return ExitStatus.FAULT;
    }

    /** "1 instruction", "2 instructions". */
    static String instructions(long n) {
        return n + (n == 1 ? " instruction" : " instructions");
    }

    static String seconds(long picos) {
        return BigDecimal.valueOf(picos).movePointLeft(12).stripTrailingZeros().toPlainString();
    }

    /** A 32-bit address in hex (0x...) or decimal. */
    static final class Address implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String v = value.replace("_", "").toLowerCase(Locale.ROOT);
            try {
                long a = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
                if (a >= 0 && a <= 0xFFFFFFFFL) return a;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("expected a 32-bit address such as 0x08000000, got '" + value + "'");
        }
    }

    /** A TCP port, 0..65535 (0: the system picks a free one). */
    static final class TcpPort implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int p = Integer.parseInt(value);
                if (p >= 0 && p <= 65535) return p;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("expected a TCP port 0..65535 (0: any free port), got '" + value + "'");
        }
    }

    /** summary | all | off. */
    static final class Events extends EnumChoice<EventsMode> {
        Events() {
            super(EventsMode.class);
        }
    }
}
