package io.xipkit.tools.flashalgo;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.flasher.FlashReport;
import org.junit.jupiter.api.Test;

/**
 * The NUCLEO-H7S3L8's reference algorithm (firmware/flashalgo/xspi_mx25uw_h7s3.c over the board's
 * octal flash library) in its three formats, run on the board as a probe runs it: the MX25UW25645G
 * behind XSPI2 is erased and programmed in octal DTR and reads back through the window at
 * 0x70000000. Each flash after the first starts with Init finding the chip in DTR-OPI, where the
 * previous one left it (the reset in every mode).
 */
class NucleoH7s3l8AlgorithmTest {
    static final long XSPI2 = 0x7000_0000L;

    @Test
    void everyFormatProgramsErasesAndReprogramsTheOctalFlash() throws Exception {
        for (String format : new String[] {"FLM", "stldr", "yaml"}) {
            String name = "MX25UW25645G_NUCLEO_H7S3L8." + format;
            AlgorithmRunnerTest.Rig rig = AlgorithmRunnerTest.Rig.open("nucleo-h7s3l8", name);
            assertThat(rig.runner().algorithm().flash().start()).isEqualTo(XSPI2);
            byte[] first = AlgorithmRunnerTest.random(40_000, 2);
            rig.flash(XSPI2 + 0x3000, first);
            assertThat(rig.window(XSPI2 + 0x3000, first.length)).as(name).isEqualTo(first);
            byte[] second = AlgorithmRunnerTest.random(10_000, 3);
            FlashReport r = rig.flash(XSPI2 + 0x5000, second);
            assertThat(r.blocksErased()).as(name).isPositive();
            assertThat(rig.window(XSPI2 + 0x5000, second.length)).as(name).isEqualTo(second);
            assertThat(rig.window(XSPI2 + 0x3000, 0x2000)).as(name + ": bytes outside the new data are restored")
                    .isEqualTo(java.util.Arrays.copyOf(first, 0x2000));
        }
    }

    @Test
    void aSectorEraseTakesTheChipsTypicalTimeInOctalDtr() throws Exception {
        AlgorithmRunnerTest.Rig rig = AlgorithmRunnerTest.Rig.open("nucleo-h7s3l8", "MX25UW25645G_NUCLEO_H7S3L8.FLM");
        rig.runner().init(AlgorithmRunner.Phase.ERASE);
        AlgorithmRunner.Call erase = rig.runner().eraseSector(XSPI2 + 0x1_2345);
        // tSE typ 25 ms (catalog entry, MX25UW25645G "Erase and Programming Performance"), plus commands and polling.
        assertThat(erase.picos()).isBetween(25_000_000_000L, 26_000_000_000L);
        assertThat(rig.window(XSPI2 + 0x1_2000, 16)).containsOnly((byte) 0xFF);
    }

    /** `xipkit flash --board nucleo-h7s3l8` picks the board's algorithm; the bootloader then runs what it wrote. */
    @Test
    void flashWithoutAnAlgorithmUsesTheBoardsOwnAndTheBootloaderRunsTheBlinky(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String st = dir.resolve("st").toString();
        var f = io.xipkit.cli.MainTest.xipkit("flash", "--board", "nucleo-h7s3l8", "--state", st, "firmware/elf/nucleo-h7s3l8/blinky.elf");
        assertThat(f.status()).as(f.err()).isZero();
        assertThat(f.out()).contains("MX25UW25645G");
        var r = io.xipkit.cli.MainTest.xipkit("run", "--board", "nucleo-h7s3l8", "--state", st, "--max-time", "0.2", "--events", "off",
                "firmware/elf/nucleo-h7s3l8/bootloader.elf");
        assertThat(r.out()).as(r.err()).contains("blinky: running from 0x70000000");
    }
}
