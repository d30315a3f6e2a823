package io.xipkit.tools.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.MainTest;
import org.junit.jupiter.api.Test;

/**
 * The STM32H7B3I-DK boot chain on the virtual board: the bootloader (shared with the NUCLEO-H7S3L8,
 * firmware/octal-xip) in internal flash switches the MX25LM51245G to octal DTR over OCTOSPI1, maps
 * it at 0x90000000 and starts the blinky linked there.
 */
class Stm32h7b3iDkBootChainTest {
    private static final String ELF = "firmware/elf/stm32h7b3i-dk/";

    @Test
    void theBootloaderStartsBlinkyFromTheOctospiWindowAndLd1Blinks() {
        MainTest.Outcome run = MainTest.xipkit("run", "--board", "stm32h7b3i-dk", "--max-time", "1",
                ELF + "bootloader.elf", ELF + "blinky.elf");
        assertThat(run.out()).as(run.err()).contains(
                "bootloader: OCTOSPI1 + MX25LM51245G\n",
                "bootloader: octal DTR, memory-mapped at 0x90000000\n",
                "bootloader: jumping to 0x9000",
                "blinky: running from 0x90000000\n",
                "blinky: done\n");
        assertThat(run.err().lines().filter(l -> l.startsWith("[board] LED LD1-red (PG11) on"))).hasSize(3);
        assertThat(run.err().lines().filter(l -> l.startsWith("[board] LED LD1-red (PG11) off"))).hasSize(3);
    }

    @Test
    void withAnErasedExternalFlashTheBootloaderSaysSoInsteadOfJumping() {
        MainTest.Outcome run = MainTest.xipkit("run", "--board", "stm32h7b3i-dk", "--max-time", "1",
                ELF + "bootloader.elf");
        assertThat(run.out()).as(run.err())
                .contains("bootloader: external flash is empty (erased vector table at 0x90000000): nothing to boot\n")
                .doesNotContain("jumping");
        assertThat(run.err()).doesNotContain("[board] LED");
    }
}
