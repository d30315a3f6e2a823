package io.xipkit.tools.bench;

import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.run.RunRequest;
import io.xipkit.tools.run.RunResult;
import io.xipkit.tools.run.Runner;
import io.xipkit.tools.run.StopRequest;
import io.xipkit.cpu.StopReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Measures how fast the virtual CPU runs a program, and how long QEMU takes for the same ELF in
 * the same session, so the figures can be quoted as a ratio on a noisy machine.
 */
public final class CpuBenchmark {
    /** One in-process run: host nanoseconds and instructions executed. */
    public record Sample(long hostNanos, long instructions) {
        public double mips() {
            return instructions / (hostNanos / 1e3);
        }
    }

    /** Results of a benchmark: every in-process sample, and QEMU's wall times (may be empty). */
    public record Report(String elf, List<Sample> samples, List<Long> qemuNanos, String output) {
        public Sample best() {
            return samples.stream().min((a, b) -> Long.compare(a.hostNanos, b.hostNanos)).orElseThrow();
        }

        public OptionalLong bestQemuNanos() {
            return qemuNanos.stream().mapToLong(Long::longValue).min().isPresent()
                    ? OptionalLong.of(qemuNanos.stream().mapToLong(Long::longValue).min().getAsLong())
                    : OptionalLong.empty();
        }
    }

    private CpuBenchmark() {}

    /** Runs {@code elf} on {@code board} {@code repeat} times in this JVM (the first runs warm the JIT). */
    public static List<Sample> runInProcess(String board, Path elf, int repeat, StringBuilder output)
            throws BadInputException {
        return runInProcess(board, elf, repeat, output, Long.MAX_VALUE, Long.MAX_VALUE, new StopRequest()).samples();
    }

    /**
     * Samples and how the last run ended.
     *
     * @param stoppedBy why the runs ended early ({@code --max-time}, Ctrl-C), or null when the program exited
     */
    public record Runs(List<Sample> samples, String stoppedBy) {}

    /**
     * As above, each run within the limits (firmware that never exits is measured up to them);
     * a stop request ends the series after the run it interrupts.
     */
    public static Runs runInProcess(String board, Path elf, int repeat, StringBuilder output, long maxInstructions,
                                    long maxPicos, StopRequest stop) throws BadInputException {
        return runInProcess(board, elf, repeat, output, maxInstructions, maxPicos, stop, true);
    }

    /** As above; {@code translation} false interprets every instruction (--no-jit). */
    public static Runs runInProcess(String board, Path elf, int repeat, StringBuilder output, long maxInstructions,
                                    long maxPicos, StopRequest stop, boolean translation) throws BadInputException {
        List<Sample> samples = new ArrayList<>();
        String stoppedBy = null;
        for (int i = 0; i < repeat && (i == 0 || stop.reason() == null); i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true);
            Runner runner = new Runner(new ByteArrayInputStream(new byte[0]), ps, ps, Path.of("").toAbsolutePath())
                    .translation(translation).stopOn(stop);
            RunRequest request = new RunRequest(board, List.of(elf), OptionalLong.empty(), maxInstructions,
                    maxPicos, false, elf.toString());
            long t0 = System.nanoTime();
            RunResult result = runner.run(request);
            long t1 = System.nanoTime();
            if (result.stop() instanceof StopReason.InstructionLimit) {
                stoppedBy = "the --max-instructions limit";
            } else if (result.stop() instanceof StopReason.TimeLimit) {
                stoppedBy = "the --max-time limit";
            } else if (result.stop() instanceof StopReason.Requested r) {
                stoppedBy = r.why();
            } else if (result.exitStatus().isEmpty()) {
                throw new BadInputException("benchmark program did not exit normally: " + result.stop());
            }
            samples.add(new Sample(t1 - t0, result.instructions()));
            if (i == 0) output.append(out.toString());
        }
        return new Runs(samples, stoppedBy);
    }

    /** Wall time of {@code qemu-system-arm -M mps2-an500} running the same ELF, {@code repeat} times. */
    public static List<Long> runQemu(Path elf, int repeat) throws IOException, InterruptedException {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            ProcessBuilder pb = new ProcessBuilder("qemu-system-arm", "-M", "mps2-an500", "-nographic",
                    "-monitor", "none", "-serial", "none", "-semihosting", "-kernel", elf.toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            long t0 = System.nanoTime();
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IOException("qemu-system-arm not found (Debian package qemu-system-arm)");
            }
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("qemu-system-arm did not finish within 300 s");
            }
            times.add(System.nanoTime() - t0);
        }
        return times;
    }
}
