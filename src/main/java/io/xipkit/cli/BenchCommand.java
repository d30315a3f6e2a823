package io.xipkit.cli;

import io.xipkit.tools.bench.CpuBenchmark;
import io.xipkit.tools.run.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
        if (repeat < 1) {
            streams.err().println("xipkit: --repeat must be at least 1");
            return ExitStatus.BAD_INPUT;
        }
        StringBuilder output = new StringBuilder();
        List<CpuBenchmark.Sample> samples;
        try {
            samples = CpuBenchmark.runInProcess(board, program, repeat, output);
        } catch (BadInputException e) {
            streams.err().println("xipkit: " + Main.firstLine(e.getMessage()));
            return ExitStatus.BAD_INPUT;
        }
        var out = streams.out();
        out.printf("program: %s on %s%n", program, board);
        for (int i = 0; i < samples.size(); i++) {
            var s = samples.get(i);
            out.printf("  run %d: %,d instructions in %.3f s = %.1f MIPS%n", i + 1, s.instructions(),
                    s.hostNanos() / 1e9, s.mips());
        }
        var best = samples.stream().min((a, b) -> Long.compare(a.hostNanos(), b.hostNanos())).orElseThrow();
        out.printf("best: %.3f s, %.1f MIPS%n", best.hostNanos() / 1e9, best.mips());
        if (qemu) {
            List<Long> q = CpuBenchmark.runQemu(program, repeat);
            long bestQ = q.stream().mapToLong(Long::longValue).min().orElseThrow();
            for (int i = 0; i < q.size(); i++) out.printf("  qemu run %d: %.3f s wall%n", i + 1, q.get(i) / 1e9);
            out.printf("qemu best: %.3f s wall (process start included); xipkit in-process / qemu = %.2fx%n",
                    bestQ / 1e9, best.hostNanos() / (double) bestQ);
        }
        return 0;
    }
}
