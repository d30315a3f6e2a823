package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlashCommandTest {
    static final String APP = "firmware/elf/stm32h7/stm32h750-w25q128-app.elf";
    static final String BOOT = "firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf";

    @Test
    void bootloaderAndAppFlashedThroughTheReferenceAlgorithmsBootFromTheStateDirectory(@TempDir Path st) {
        AlgoCommandTest.Out f = AlgoCommandTest.run("flash", "--board", "stm32h750-w25q128", "--state", st.toString(), BOOT, APP);
        assertThat(f.status()).as(f.err()).isZero();
        assertThat(f.out()).contains("18 blank sector(s) programmed", "datasheet bound for w25q128jv_stm32h750: ", "device time", "host time");
        assertThat(f.err()).contains("flash: 100%");
        // No image on the command line: the board boots what the state directory holds.
        AlgoCommandTest.Out run = AlgoCommandTest.run("run", "--board", "stm32h750-w25q128", "--state", st.toString(), "--max-time", "1");
        assertThat(run.out()).contains("boot: memory-mapped at 0x90000000", "app: running from 0x9");
        AlgoCommandTest.Out again = AlgoCommandTest.run("flash", "--board", "stm32h750-w25q128", "--state", st.toString(), APP);
        assertThat(again.out()).contains("0 sector(s) erased and programmed, 0 blank sector(s) programmed, 17 unchanged (skipped)");
        AlgoCommandTest.Out qspiOnly = AlgoCommandTest.run("flash", "--board", "stm32h750-w25q128", "--state", st.toString(), "--no-smart", APP);
        assertThat(qspiOnly.out()).contains("17 blank sector(s) programmed").containsPattern("efficiency \\d+\\.\\d% of the datasheet bound");
    }

    @Test
    void theDualFlashBoardAndTheL476BootWhatTheirReferenceAlgorithmsWrote(@TempDir Path st) {
        Path h757 = st.resolve("h757"), l476 = st.resolve("l476");
        AlgoCommandTest.Out f = AlgoCommandTest.run("flash", "--board", "stm32h757-mt25tl01g", "--state", h757.toString(),
                "firmware/elf/stm32h7/stm32h757-mt25tl01g-bootloader.elf", "firmware/elf/stm32h7/stm32h757-mt25tl01g-app.elf");
        assertThat(f.status()).as(f.err()).isZero();
        AlgoCommandTest.Out run = AlgoCommandTest.run("run", "--board", "stm32h757-mt25tl01g", "--state", h757.toString(), "--max-time", "1");
        assertThat(run.out()).contains("boot: memory-mapped at 0x90000000", "app: running from 0x9");
        AlgoCommandTest.Out g = AlgoCommandTest.run("flash", "--board", "nucleo-l476rg", "--state", l476.toString(), "firmware/elf/nucleo-l476rg/app-v1.elf");
        assertThat(g.status()).as(g.err()).isZero();
        AlgoCommandTest.Out l = AlgoCommandTest.run("run", "--board", "nucleo-l476rg", "--state", l476.toString(), "--max-time", "0.2");
        assertThat(l.out()).contains("app v1 running from bank 1");
    }

    @Test
    void aFailingAlgorithmExitsThreeAndNeverLeavesTheNewImageAsIfItHadWorked(@TempDir Path st) throws Exception {
        byte[] a = new byte[8192], b = new byte[8192];
        new Random(1).nextBytes(a);
        new Random(2).nextBytes(b);
        Path fa = st.resolve("a.bin"), fb = st.resolve("b.bin");
        Files.write(fa, a);
        Files.write(fb, b);
        Path state = st.resolve("state");
        AlgoCommandTest.Out good = AlgoCommandTest.run("flash", "--board", "stm32h750-w25q128", "--state", state.toString(), fa + "@0x90000000");
        assertThat(good.status()).isZero();
        assertThat(good.err()).as("our algorithm makes no mistake a chip would ignore").doesNotContain("model warnings");
        byte[] before = Files.readAllBytes(state.resolve("qspi-flash1.flash"));
        AlgoCommandTest.Out bad = AlgoCommandTest.run("flash", "--board", "stm32h750-w25q128", "--state", state.toString(),
                "--algorithm", "firmware/elf/flashalgo/broken-no-wip-wait.FLM", fb + "@0x90000000");
        assertThat(bad.status()).isEqualTo(3);
        assertThat(bad.err()).contains("xipkit: verify failed: b.bin: 0x9000").contains("does not wait for the chip to finish");
        // The chip ignored the commands sent while it was busy: flash ends with the model-warning summary.
        assertThat(bad.err()).contains("xipkit: model warnings (").containsPattern(
                "\\n\\s+\\d+  0\\.\\d{9}  qspi-flash1 W25Q128JV  0x240[0-9a-f]{5}\\s+instruction 6h while busy \\(until \\d+ ps\\): ignored");
        // The state directory keeps every chip operation that completed, as the chip does: what the
        // broken algorithm managed to do stays (consistently partial, the file reopens), but it is
        // never the new image, and the run said it failed.
        byte[] after = Files.readAllBytes(state.resolve("qspi-flash1.flash"));
        int header = 4096;   // tools.state.FlashStateFile: 4 KiB header, then the array
        assertThat(after).hasSameSizeAs(before);
        assertThat(java.util.Arrays.copyOfRange(after, header, header + b.length)).isNotEqualTo(b);
        assertThat(AlgoCommandTest.run("flash", "--board", "stm32h750-w25q128", "--state", state.toString(),
                fb + "@0x90000000").status()).as("a good algorithm programs over the partial state").isZero();
    }

    @Test
    void addressesNoAlgorithmCoversAreBadInput(@TempDir Path st) {
        AlgoCommandTest.Out o = AlgoCommandTest.run("flash", "--board", "stm32h750-w25q128", "--state", st.toString(),
                "--algorithm", "firmware/elf/flashalgo/W25Q128JV_STM32H750.FLM", BOOT);
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).startsWith("xipkit: 0x08000000 is not in any flash memory (algorithms: w25q128jv_stm32h750 0x90000000..0x91000000)");
        AlgoCommandTest.Out none = AlgoCommandTest.run("flash", "--board", "generic-m7", "--state", st.toString(), APP);
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("has no reference flash algorithm yet");
    }

    @Test
    void algoTestRunsTheSelfTestOnTheBoard() {
        AlgoCommandTest.Out o = AlgoCommandTest.run("algo", "test", "--board", "stm32h757-mt25tl01g", "firmware/elf/flashalgo/MT25TL01G_STM32H757.stldr");
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("erase sector 0x90000000 (8192 bytes): ", "(datasheet typ 50 ms)", "verify first page: match",
                "read back through the memory-mapped window: match", "erase again: blank", "PASS");
    }
}
