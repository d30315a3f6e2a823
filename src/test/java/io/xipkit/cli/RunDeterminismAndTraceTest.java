package io.xipkit.cli;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.run.RunRequest;
import io.xipkit.tools.run.RunResult;
import io.xipkit.tools.run.Runner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The same ELF gives the same output, instruction count and virtual time on every run; traces disassemble. */
class RunDeterminismAndTraceTest {
    private static final Path EXCEPTIONS = Path.of("firmware/elf/generic-m7/exceptions-O2.elf");

    private record Run(RunResult result, String out) {}

    private static Run run(Path elf) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        Runner runner = new Runner(new ByteArrayInputStream(new byte[0]), ps, ps, Path.of("").toAbsolutePath())
                .translation(TestBoards.translation());
        RunResult r = runner.run(new RunRequest("generic-m7", List.of(elf), OptionalLong.empty(), 100_000_000L,
                Long.MAX_VALUE, false, elf.toString()));
        return new Run(r, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sameElfGivesSameOutputInstructionCountAndVirtualTimeEveryRun() throws Exception {
        // exceptions-O2 uses SysTick interrupts in virtual time: the most timing-sensitive program.
        Run a = run(EXCEPTIONS);
        Run b = run(EXCEPTIONS);
        assertThat(a.result().exitStatus()).hasValue(17);
        assertThat(b.out()).isEqualTo(a.out());
        assertThat(b.result().instructions()).isEqualTo(a.result().instructions());
        assertThat(b.result().virtualPicos()).isEqualTo(a.result().virtualPicos());
    }

    @Test
    void traceDisassemblesEachExecutedInstructionWithSymbols() {
        MainTest.Outcome o = MainTest.xipkit("run", "--board", "generic-m7", "--trace", "--max-instructions", "40",
                EXCEPTIONS.toString());
        assertThat(o.status()).isEqualTo(4);
        String[] lines = o.err().split("\n");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(40);
        // The first instruction is the reset handler's, named by the ELF's symbol table.
        assertThat(lines[0]).matches("0x[0-9a-f]{8} <Reset_Handler>  \\S.*");
        assertThat(o.err()).doesNotContain(".inst");
    }
}
