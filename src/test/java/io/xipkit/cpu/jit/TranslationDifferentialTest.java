package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.run.BadInputException;
import io.xipkit.tools.run.ImageLoading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 19 item 2: every program of the corpus (firmware/elf/generic-m7: faults, exceptions, IT
 * blocks, SysTick interrupts, FP, DSP, semihosting, the compute benchmark) runs the same with
 * translated blocks as interpreted — registers, counts and virtual time after every slice of an
 * odd-sized instruction budget, RAM and output at the end.
 */
class TranslationDifferentialTest {
    private static final Path ELF_DIR = Path.of("firmware", "elf", "generic-m7");
    /** Enough for every corpus program to finish; the longer benchmarks are compared over their first part. */
    private static final long MAX_INSTRUCTIONS = 3_000_000;

    @TestFactory
    Stream<DynamicTest> everyCorpusProgramRunsIdenticallyWithTranslation() throws IOException {
        List<Path> elfs;
        try (Stream<Path> files = Files.list(ELF_DIR)) {
            elfs = files.filter(p -> p.toString().endsWith(".elf")).sorted().toList();
        }
        assertThat(elfs).isNotEmpty();
        return elfs.stream().map(elf -> DynamicTest.dynamicTest(elf.getFileName().toString(), () -> compare(elf)));
    }

    private static void compare(Path elf) {
        TwinBoards twins = new TwinBoards(b -> {
            try {
                ImageLoading.loadOnto(b, elf, OptionalLong.empty());
            } catch (BadInputException e) {
                throw new UncheckedIOException(new IOException(e.getMessage()));
            }
            b.reset();
        });
        twins.runCompared(MAX_INSTRUCTIONS, 99_991, 1, 7, 31_337, 2);
        assertThat(twins.translator.blocksTranslated()).as("blocks translated for %s", elf).isPositive();
    }
}
