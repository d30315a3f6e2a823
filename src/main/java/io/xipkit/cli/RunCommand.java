package io.xipkit.cli;

import io.xipkit.cpu.StopReason;
import io.xipkit.time.Clock;
import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.run.RunRequest;
import io.xipkit.tools.run.RunResult;
import io.xipkit.tools.run.Runner;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
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
                "with nothing to wake it); 4 instruction or time limit reached; 5 internal error."})
final class RunCommand implements Callable<Integer> {
    private final Streams streams;

    @Option(names = "--board", required = true, paramLabel = "ID", description = "Board to run on (see: xipkit boards).")
    String board;

    @Option(names = "--max-instructions", paramLabel = "N", converter = PositiveLong.class,
            description = "Stop after N instructions (exit status 4).")
    Long maxInstructions;

    @Option(names = "--max-time", paramLabel = "SECONDS", converter = VirtualSeconds.class,
            description = "Stop after this much virtual time, e.g. 0.5 (exit status 4).")
    Long maxPicos;

    @Option(names = "--trace", description = "Print every executed instruction to stderr.")
    boolean trace;

    @Option(names = "--address", paramLabel = "ADDR", converter = Address.class,
            description = "Where to load raw *.bin files, e.g. 0x08000000.")
    Long address;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Keep the board's flash memories (internal flash, option bytes, external chips) in files under DIR between runs.")
    Path state;

    @Option(names = "--console-port", paramLabel = "PORT",
            description = "Put the board's console UART on TCP port PORT of 127.0.0.1 (0: any free port) instead of stdin/stdout; the run waits for one connection.")
    Integer consolePort;

    @Option(names = "--jtag-port", paramLabel = "PORT",
            description = "Serve the chip's JTAG port to OpenOCD (remote_bitbang) on TCP port PORT of 127.0.0.1 (0: any free port); the board runs meanwhile.")
    Integer jtagPort;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Images to load: ELF, Intel HEX, or raw .bin (with --address).")
    List<Path> files;

    RunCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() {
        Runner runner = new Runner(streams.in(), streams.out(), streams.err(), Path.of("").toAbsolutePath());
        RunRequest request = new RunRequest(board, files == null ? List.of() : files,
                address == null ? OptionalLong.empty() : OptionalLong.of(address),
                maxInstructions == null ? Long.MAX_VALUE : maxInstructions,
                maxPicos == null ? Long.MAX_VALUE : maxPicos, trace, files == null || files.isEmpty() ? "" : files.get(0).toString(), state,
                consolePort == null ? -1 : consolePort);
        RunResult result;
        try (JtagPort jtag = JtagPort.open(jtagPort, board, streams.err())) {
            result = jtag == null ? runner.run(request) : runner.run(request, jtag.loop());
        } catch (BadInputException | io.xipkit.board.BoardException e) {
            streams.out().flush();
            streams.err().println("xipkit: " + Main.firstLine(e.getMessage()));
            return ExitStatus.BAD_INPUT;
        }
        streams.out().flush();
        if (result.exitStatus().isPresent()) return result.exitStatus().getAsInt();
        String time = seconds(result.virtualPicos());
        if (result.stop() instanceof StopReason.InstructionLimit) {
            streams.err().printf("xipkit: instruction limit reached: %d instructions, %s s virtual time%n",
                    result.instructions(), time);
            return ExitStatus.LIMIT;
        }
        if (result.stop() instanceof StopReason.TimeLimit) {
            streams.err().printf("xipkit: time limit reached: %s s virtual time, %d instructions%n",
                    time, result.instructions());
            return ExitStatus.LIMIT;
        }
        streams.err().println("xipkit: " + result.faultReport());
        return ExitStatus.FAULT;
    }

    private static String seconds(long picos) {
        return BigDecimal.valueOf(picos).movePointLeft(12).stripTrailingZeros().toPlainString();
    }

    /** A positive count. */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                long n = Long.parseLong(value.replace("_", ""));
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("expected a positive whole number, got '" + value + "'");
        }
    }

    /** Seconds of virtual time (decimal fraction allowed) as picoseconds. */
    static final class VirtualSeconds implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                BigDecimal picos = new BigDecimal(value).multiply(BigDecimal.valueOf(Clock.PICOS_PER_SECOND));
                if (picos.signum() > 0 && picos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
                    return picos.longValue();
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("expected a positive number of seconds such as 0.5, got '" + value + "'");
        }
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
}
