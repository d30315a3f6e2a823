package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** run/bench with translated blocks (--jit, or the default unless XIPKIT_JIT=off) execute exactly what --no-jit (the interpreter) does. */
class JitOptionTest {
    private static final String ELF = "firmware/elf/generic-m7/it_blocks-O2.elf";

    @Test
    void runWithJitPrintsTheSameOutputAsInterpreted() {
        MainTest.Outcome interpreted = MainTest.xipkit("run", "--board", "generic-m7", "--verbose", "--no-jit", ELF);
        MainTest.Outcome translated = MainTest.xipkit("run", "--board", "generic-m7", "--verbose", ELF);
        MainTest.Outcome explicit = MainTest.xipkit("run", "--board", "generic-m7", "--verbose", "--jit", ELF);
        assertThat(translated.status()).isEqualTo(interpreted.status());
        assertThat(explicit.out()).isEqualTo(translated.out());
        assertThat(translated.out()).isEqualTo(interpreted.out()).isNotEmpty();
        assertThat(translated.err()).isEqualTo(interpreted.err());
    }

    @Test
    void benchWithJitCountsTheSameInstructions() {
        MainTest.Outcome interpreted = MainTest.xipkit("bench", "--repeat", "1", "--no-jit", ELF);
        MainTest.Outcome translated = MainTest.xipkit("bench", "--repeat", "1", "--jit", ELF);
        assertThat(translated.status()).as(translated.err()).isZero();
        assertThat(instructions(translated.out())).isEqualTo(instructions(interpreted.out())).isNotEmpty();
    }

    private static String instructions(String benchOutput) {
        int run = benchOutput.indexOf("run 1: ");
        return benchOutput.substring(run, benchOutput.indexOf(" in ", run));
    }
}
