package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlgoCommandTest {
    static final String FLM = "firmware/elf/flashalgo/W25Q128JV_STM32H750.FLM";

    record Out(int status, String out, String err) {}

    static Out run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Out(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** `algo test` ends with the chips' model warnings as `xipkit flash` does (--warnings, summary by default). */
    @Test
    void selfTestPrintsTheChipsModelWarningsAsFlashDoes() {
        Out bad = run("algo", "test", "--board", "stm32h750-w25q128", "firmware/elf/flashalgo/broken-no-wip-wait.FLM");
        assertThat(bad.status()).isEqualTo(3);
        assertThat(bad.err()).contains("xipkit: model warnings (").containsPattern(
                "\\n\\s+\\d+  0\\.\\d{9}  qspi-flash1 W25Q128JV  0x240[0-9a-f]{5}\\s+instruction 6h while busy \\(until \\d+ ps\\): ignored");
        Out off = run("algo", "test", "--warnings", "off", "--board", "stm32h750-w25q128", "firmware/elf/flashalgo/broken-no-wip-wait.FLM");
        assertThat(off.err()).doesNotContain("model warnings");
        Out good = run("algo", "test", "--board", "stm32h750-w25q128", FLM);
        assertThat(good.status()).as(good.err()).isZero();
        assertThat(good.err()).as("our algorithm makes no mistake a chip would ignore").doesNotContain("model warnings");
    }

    @Test
    void infoShowsFormatDeviceSectorsFunctionsAndRamFootprint() {
        Out o = run("algo", "info", FLM);
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("w25q128jv_stm32h750: CMSIS FLM", "device     W25Q128JV_STM32H750-W25Q128 (type 5)",
                "flash      0x90000000..0x91000000 (16 MiB), page 256 bytes, erased 0xFF", "sectors    4096 x 4 KiB from 0x90000000",
                "timeouts   program page 100 ms, erase sector 1000 ms", "returns    0 on success",
                "functions  Init +0x1, UnInit +0x5, EraseSector +0x9", "position independent", "RAM        ");
    }

    @Test
    void convertedYamlReadsBackToTheSameInfo(@TempDir Path dir) throws Exception {
        Out c = run("algo", "convert", FLM, "--to", "probe-rs");
        assertThat(c.status()).isZero();
        Path yaml = dir.resolve("algo.yaml");
        Files.writeString(yaml, c.out());
        Out back = run("algo", "info", yaml + "#w25q128jv_stm32h750");
        Out orig = run("algo", "info", FLM);
        // Same lines apart from the format and the device type, which probe-rs does not keep.
        assertThat(back.out().lines().skip(2).toList()).isEqualTo(orig.out().lines().skip(2).toList());
        assertThat(back.out()).startsWith("w25q128jv_stm32h750: probe-rs target description");
    }

    @Test
    void badFilesAndFormatsAreOneLineAndStatusTwo() {
        Out missing = run("algo", "info", "no-such.FLM");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("xipkit: no-such.FLM: file not found" + System.lineSeparator());
        Out format = run("algo", "convert", FLM, "--to", "keil");
        assertThat(format.status()).isEqualTo(2);
        assertThat(format.err()).startsWith("xipkit: algo convert: unknown format 'keil'");
    }

    @Test
    void anStldrConvertsToAProbeRsEntryWithCmsisShimsAtItsLinkAddress() {
        Out st = run("algo", "convert", "firmware/elf/flashalgo/W25Q128JV_STM32H750.stldr", "--to", "probe-rs");
        assertThat(st.status()).as(st.err()).isZero();
        assertThat(st.out()).startsWith("flash_algorithms:\n- name: 'w25q128jv_stm32h750'")
                .contains("\n  load_address: 0x24000004\n", "\n  pc_program_page: 0x", "\n  pc_erase_sector: 0x");
    }

    @Test
    void convertWithABoardWritesATargetDescriptionThatAlgoReadsBack(@TempDir Path dir) throws Exception {
        Out c = run("algo", "convert", FLM, "--to", "probe-rs", "--board", "stm32h750-w25q128");
        assertThat(c.status()).as(c.err()).isZero();
        assertThat(c.out()).startsWith("name: 'xipkit stm32h750-w25q128'\ngenerated_from_pack: false\nvariants:\n")
                .contains("  memory_map:\n  - !Ram\n    name: 'itcm'\n", "  - !Nvm\n    name: 'qspi-flash'\n",
                        "  flash_algorithms:\n  - 'w25q128jv_stm32h750'\nflash_algorithms:\n- name: 'w25q128jv_stm32h750'\n");
        Path yaml = dir.resolve("target.yaml");
        Files.writeString(yaml, c.out());
        Out back = run("algo", "info", yaml.toString());
        assertThat(back.out().lines().skip(2).toList()).isEqualTo(run("algo", "info", FLM).out().lines().skip(2).toList());
    }

    @Test
    void convertForABoardWithoutThatFlashIsBadInput() {
        Out c = run("algo", "convert", FLM, "--to", "probe-rs", "--board", "nucleo-l476rg");
        assertThat(c.status()).isEqualTo(2);
        assertThat(c.err()).isEqualTo("xipkit: w25q128jv_stm32h750 programs 0x90000000..0x91000000, which is not all memory of nucleo-l476rg"
                + System.lineSeparator());
        Out unknown = run("algo", "convert", FLM, "--to", "probe-rs", "--board", "no-such-board");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("xipkit: ");
    }
}
