package io.xipkit.cli;

import io.xipkit.tools.bench.CpuBenchmark;
import io.xipkit.tools.run.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xipkit bench}: CPU speed on a compute-bound ELF, in MIPS, beside QEMU's wall time for the
 * same ELF measured in the same run (docs/PERFORMANCE.md quotes these figures).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure CPU speed (MIPS) on an ELF and compare with QEMU (mps2-an500) on the same ELF.")
final class BenchCommand implements Callable<Integer> {
    private final Streams streams;

    @Option(names = "--board", defaultValue = "generic-m7", paramLabel = "ID", description = "Board (default: ${DEFAULT-VALUE}).")
    String board;

    @Option(names = "--repeat", defaultValue = "3", paramLabel = "N", description = "In-process runs; the best counts (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--qemu", description = "Also time qemu-system-arm on the same ELF, as many times.")
    boolean qemu;

    @Mixin
    TranslationOption translation;

    @Option(names = "--baseline", paramLabel = "ELF", description = "Also measure this program in the same run (on --baseline-board) and print the ratio of the MIPS, e.g. the HAL polling benchmark against firmware/elf/generic-m7/bench-compute.elf.")
    Path baseline;

    @Option(names = "--baseline-board", defaultValue = "generic-m7", paramLabel = "ID", description = "Board of the --baseline program (default: ${DEFAULT-VALUE}).")
    String baselineBoard;

    @Mixin
    LimitOptions limits;

    @Parameters(arity = "0..1", paramLabel = "ELF", description = "Program to run (default: firmware/elf/generic-m7/bench-compute.elf).")
    Path elf;

    BenchCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws Exception {
        Path program = elf != null ? elf : Path.of("firmware/elf/generic-m7/bench-compute.elf");
        if (!Files.isRegularFile(program)) {
            streams.err().println("xipkit: benchmark program not found: " + program);
            return ExitStatus.BAD_INPUT;
        }
        if (baseline != null && !Files.isRegularFile(baseline)) {
            streams.err().println("xipkit: baseline program not found: " + baseline);
            return ExitStatus.BAD_INPUT;
        }
        if (repeat < 1) {
            streams.err().println("xipkit: --repeat must be at least 1");
            return ExitStatus.BAD_INPUT;
        }
        // The hook stays until the report is out: a signal's shutdown waits for it.
        try (Interruption interruption = Interruption.install()) {
            return measure(program, interruption);
        }
    }

    private int measure(Path program, Interruption interruption) throws Exception {
        StringBuilder output = new StringBuilder();
        CpuBenchmark.Runs runs;
        var out = streams.out();
        out.printf("program: %s on %s%n", program, board);
        out.flush();
        try {
            runs = CpuBenchmark.runInProcess(board, program, repeat, output, limits.instructions(), limits.picos(),
                    interruption.request(), translation.translate());
        } catch (BadInputException e) {
            streams.err().println("xipkit: " + Main.firstLine(e.getMessage()));
            return ExitStatus.BAD_INPUT;
        }
        List<CpuBenchmark.Sample> samples = runs.samples();
        boolean interrupted = Interruption.REASON.equals(runs.stoppedBy());
        if (runs.stoppedBy() != null && !interrupted) out.printf("(each run ended at %s, not by the program)%n", runs.stoppedBy());
        for (int i = 0; i < samples.size(); i++) {
            var s = samples.get(i);
            out.printf("  run %d: %,d instruction%s in %.3f s = %.1f MIPS%n", i + 1, s.instructions(), s.instructions() == 1 ? "" : "s",
                    s.hostNanos() / 1e9, s.mips());
        }
        var best = samples.stream().min((a, b) -> Long.compare(a.hostNanos(), b.hostNanos())).orElseThrow();
        if (!interrupted) out.printf("best: %.3f s, %.1f MIPS%n", best.hostNanos() / 1e9, best.mips());
        if (interrupted) {
            out.flush();
            streams.err().printf("xipkit: %s during run %d: %s in all%n", Interruption.REASON, samples.size(),
                    RunCommand.instructions(samples.stream().mapToLong(CpuBenchmark.Sample::instructions).sum()));
            streams.err().flush();
            return Interruption.STATUS;
        }
        if (baseline != null) {
            CpuBenchmark.Runs base;
            try {
                base = CpuBenchmark.runInProcess(baselineBoard, baseline, repeat, new StringBuilder(), Long.MAX_VALUE,
                        Long.MAX_VALUE, interruption.request(), translation.translate());
            } catch (BadInputException e) {
                streams.err().println("xipkit: --baseline: " + Main.firstLine(e.getMessage()));
                return ExitStatus.BAD_INPUT;
            }
            var bestBase = base.samples().stream().min((a, b) -> Long.compare(a.hostNanos(), b.hostNanos())).orElseThrow();
            out.printf("baseline %s on %s: best %.3f s, %.1f MIPS; %s / baseline = %.0f%%%n", baseline, baselineBoard,
                    bestBase.hostNanos() / 1e9, bestBase.mips(), program.getFileName(), 100 * best.mips() / bestBase.mips());
        }
        if (qemu && runs.stoppedBy() != null) {
            streams.err().println("xipkit: --qemu compares whole runs; the program did not exit within the limits, so qemu is not timed");
            return ExitStatus.BAD_INPUT;
        }
        if (qemu) {
            List<Long> q;
            try {
                q = CpuBenchmark.runQemu(program, repeat);
            } catch (java.io.IOException e) { // qemu missing or stuck: the host's to fix, not a bug
                streams.err().println("xipkit: --qemu: " + Main.firstLine(e.getMessage()));
                return ExitStatus.BAD_INPUT;
            }
            long bestQ = q.stream().mapToLong(Long::longValue).min().orElseThrow();
            for (int i = 0; i < q.size(); i++) out.printf("  qemu run %d: %.3f s wall%n", i + 1, q.get(i) / 1e9);
            out.printf("qemu best: %.3f s wall (process start included); xipkit in-process / qemu = %.2fx%n",
                    bestQ / 1e9, best.hostNanos() / (double) bestQ);
        }
        return 0;
    }
}
