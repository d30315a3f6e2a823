package io.xipkit.tools.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.MainTest;
import org.junit.jupiter.api.Test;

/**
 * The NUCLEO-H7S3L8 boot chain on the virtual board: our bootloader in internal flash switches the
 * MX25UW25645G to octal DTR, maps XSPI2 at 0x70000000 and starts the blinky linked there.
 */
class NucleoH7s3l8BootChainTest {
    private static final String ELF = "firmware/elf/nucleo-h7s3l8/";

    @Test
    void theBootloaderStartsBlinkyFromTheOctalWindowAndLd1Blinks() {
        MainTest.Outcome run = MainTest.xipkit("run", "--board", "nucleo-h7s3l8", "--max-time", "1",
                ELF + "bootloader.elf", ELF + "blinky.elf");
        assertThat(run.out()).as(run.err()).contains(
                "bootloader: octal DTR, memory-mapped at 0x70000000\n",
                "bootloader: jumping to 0x7000",
                "blinky: running from 0x70000000\n",
                "blinky: done\n");
        assertThat(run.err().lines().filter(l -> l.startsWith("[board] LED LD1-green (PD10) on"))).hasSize(3);
        assertThat(run.err().lines().filter(l -> l.startsWith("[board] LED LD1-green (PD10) off"))).hasSize(3);
    }

    @Test
    void withAnErasedExternalFlashTheBootloaderSaysSoInsteadOfJumping() {
        MainTest.Outcome run = MainTest.xipkit("run", "--board", "nucleo-h7s3l8", "--max-time", "1",
                ELF + "bootloader.elf");
        assertThat(run.out()).as(run.err())
                .contains("bootloader: external flash is empty (erased vector table at 0x70000000): nothing to boot\n")
                .doesNotContain("jumping");
        assertThat(run.err()).doesNotContain("[board] LED");
    }
}
