package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.devices.nor.NorChip;
import io.xipkit.tools.run.RunRequest;
import io.xipkit.tools.run.RunResult;
import io.xipkit.tools.run.Runner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The HAL-style polling benchmark (firmware/stm32h7/halpoll: 64 KB block erases through QUADSPI
 * indirect mode, waited for by spinning on QUADSPI_SR with a SysTick tick timeout) runs the same
 * with the polling-loop skip ({@link PollingLoop}) as with every iteration executed: instruction
 * count, virtual time, registers, RAM, console and the chip's counters, translated and interpreted.
 */
class HalPollingFirmwareTest {
    static final Path ELF = Path.of("firmware/elf/stm32h7/stm32h750-w25q128-halpoll.elf");

    /** What a run leaves: everything the firmware or an observer could see, and the skipped instructions. */
    record Outcome(List<Object> seen, long skipped) {}

    static Outcome run(Path elf, boolean skip, boolean translation, long maxPicos) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true);
        List<Object> seen = new ArrayList<>();
        long[] skipped = new long[1];
        Runner runner = new Runner(new ByteArrayInputStream(new byte[0]), ps, ps, Path.of("").toAbsolutePath())
                .translation(translation).pollingLoopSkip(skip)
                .afterRun((board, memories, endPicos, symbols) -> {
                    Core core = board.core();
                    seen.addAll(CoreObservation.of(core));
                    seen.add(Arrays.hashCode(board.bus().peekBytes(0x2000_0000L, 128 * 1024)));   // DTCM: .data, .bss, stack
                    seen.add(Arrays.hashCode(board.bus().peekBytes(0x2400_0000L, 512 * 1024)));   // AXI SRAM
                    board.models().values().stream().filter(NorChip.class::isInstance)
                            .forEach(chip -> seen.add(((NorChip) chip).counters().toString()));
                    skipped[0] = core.pollingLoopSkips()[1];
                });
        RunResult result = runner.run(new RunRequest("stm32h750-w25q128", List.of(elf), OptionalLong.empty(),
                Long.MAX_VALUE, maxPicos, false, "test"));
        seen.add(result.stop().toString());
        seen.add(out.toString());
        return new Outcome(seen, skipped[0]);
    }

    @Test
    void theBenchmarkSeesTheSameWithTheSkipAsWithEveryIterationExecuted() throws Exception {
        Outcome without = run(ELF, false, true, Long.MAX_VALUE);
        Outcome with = run(ELF, true, true, Long.MAX_VALUE);
        assertThat(without.skipped()).isZero();
        assertThat(with.skipped()).as("instructions skipped").isGreaterThan(100_000_000L);
        assertThat(with.seen()).containsExactlyElementsOf(without.seen());
        Outcome interpreted = run(ELF, true, false, Long.MAX_VALUE);
        assertThat(interpreted.skipped()).as("instructions skipped by the interpreter").isGreaterThan(100_000_000L);
        assertThat(interpreted.seen()).as("--no-jit with the skip").containsExactlyElementsOf(without.seen());
    }
}
