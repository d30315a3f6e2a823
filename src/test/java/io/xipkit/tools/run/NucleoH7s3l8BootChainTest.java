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

    /**
     * bench_xip (docs/PERFORMANCE.md, octal XIP speed) is the H750's compute benchmark linked at
     * 0x70000000: started by the bootloader it runs from the octal window and prints the checksums
     * the QUADSPI copy prints.
     */
    @Test
    void theComputeBenchmarkRunsFromTheOctalWindowWithTheQuadspiCopysChecksums() {
        MainTest.Outcome run = MainTest.xipkit("run", "--board", "nucleo-h7s3l8", ELF + "bootloader.elf", ELF + "bench_xip.elf");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("bench: running from 0x7000", "bench-compute rounds=640 checksum=0x51556a11\n");
    }

    /**
     * Expected figures, from the MX25UW25645G catalog entry (datasheet "Erase and Programming
     * Performance", typical values: tSE 25 ms per 4 KB, tPP 150 us per 256-byte page) and the
     * clocks flash-test sets up (h7s3.h: CPU 600 MHz from PLL1; XSPI2 kernel clock PLL2 S = 200 MHz,
     * DCR2 prescaler 4, so CLK = 50 MHz, 20 ns; 8D-8D-8D: one clock per 16-bit instruction, two per
     * 4-byte address, two bytes per data clock):
     * <ul>
     * <li>erase4k_ms: 25 (tSE);
     * <li>program_mbps: 256 B / (150 us + WREN and PP4B headers and 128 data clocks, ~2.6 us + ~2.6 us
     *     of polling and command set-up) = 1.68 MB/s;
     * <li>read_mbps: the bus bound of the memory-mapped 8DTRD read of 4 KB in one transaction,
     *     4096 B / ((1 instruction + 2 address + 20 dummy + 2048 data clocks) x 20 ns) = 4096 B /
     *     41.42 us = 98.9 MB/s: the CPU's word loop at 600 MHz asks faster than the bus delivers,
     *     so the reads wait for the controller (MappedReadTiming) and the bus sets the figure.
     * </ul>
     * Each within 10%.
     */
    @Test
    void flashTestReportsEraseProgramAndReadFiguresWithinTenPercentOfTheDatasheet() {
        MainTest.Outcome run = MainTest.xipkit("run", "--board", "nucleo-h7s3l8", "--max-time", "5", ELF + "flash-test.elf");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "flash-test: erase4k_ms=([0-9.]+) program_mbps=([0-9.]+) read_mbps=([0-9.]+) errors=([0-9]+)\n$")
                .matcher(run.out());
        assertThat(m.find()).as(run.out() + run.err()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(25.0, org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(Double.parseDouble(m.group(2))).isCloseTo(1.68, org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(Double.parseDouble(m.group(3))).isCloseTo(98.9, org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(m.group(4)).isEqualTo("0");
    }

    /**
     * Memory-mapped reads stall the core (Core#stallUntil, counted straight into the cycle count):
     * interpreted and translated code see the same cycle counts, so flash-test prints the same
     * figures (read from DWT_CYCCNT) either way.
     */
    @Test
    void windowReadStallsCountTheSameCyclesInterpretedAndTranslated() {
        MainTest.Outcome translated = MainTest.xipkit("run", "--board", "nucleo-h7s3l8", "--max-time", "5", "--jit",
                ELF + "flash-test.elf");
        MainTest.Outcome interpreted = MainTest.xipkit("run", "--board", "nucleo-h7s3l8", "--max-time", "5", "--no-jit",
                ELF + "flash-test.elf");
        assertThat(translated.out()).as(translated.err()).contains("flash-test: erase4k_ms=");
        assertThat(interpreted.out()).isEqualTo(translated.out());
    }
}
