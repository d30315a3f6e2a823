package io.xipkit.cli;

import static io.xipkit.cli.MainTest.assertBadInput;
import static io.xipkit.cli.MainTest.xipkit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesAnHtmlPageFromACampaignsResults() throws Exception {
        Path json = dir.resolve("r.json"), html = dir.resolve("r.html");
        var c = xipkit("campaign", "scenarios/l476-dual-bank-update-buggy.yaml", "--only", "796", "--json", json.toString());
        assertThat(c.status()).as(c.err()).isEqualTo(CampaignCommand.CUTS_FAILED);
        var r = xipkit("report", "--campaign", json.toString(), "-o", html.toString());
        assertThat(r.status()).as(r.err()).isZero();
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("id=\"matrix\"", "id=\"cut-796\"",
                "./xipkit campaign scenarios/l476-dual-bank-update-buggy.yaml --only 796", "class=\"heatmap\"");
    }

    @Test
    void missingOrForeignResultsAreBadInput() throws Exception {
        assertBadInput(xipkit("report", "--campaign", dir.resolve("none.json").toString(), "-o", dir.resolve("x.html").toString()),
                "cannot read");
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{\"a\": 1}");
        assertBadInput(xipkit("report", "--campaign", junk.toString(), "-o", dir.resolve("x.html").toString()), "not a campaign result");
        assertBadInput(xipkit("report", "-o", dir.resolve("x.html").toString()), "--campaign");
    }

    private static final String H750 = "firmware/elf/stm32h7/stm32h750-w25q128-";

    /** The H7 erase/program loop: QUADSPI in polling and indirect write, the chip erasing and programming. */
    @Test
    void runReportDrawsTheControllerModesChipOperationsAndFlashMap() throws Exception {
        Path html = dir.resolve("run.html");
        var r = xipkit("run", "--board", "stm32h750-w25q128", "--max-time", "0.3", "--events", "off", "--report", html.toString(),
                H750 + "bootloader.elf", H750 + "flash_loop.elf");
        assertThat(r.status()).as(r.err()).isEqualTo(ExitStatus.LIMIT);
        String page = Files.readString(html);
        assertThat(page).contains("id=\"timeline\"", ">QUADSPI</text>", "qspi-flash1 W25Q128JV</text>",
                "automatic polling from ", "indirect write from ", "class=\"busy\"", "Sector Erase");
        assertThat(page).contains("class=\"flashmap\"", "Flash map: <code>qspi-flash1</code>", "Flash map: <code>flash-bank1</code>",
                "stm32h750-w25q128-bootloader.elf .text 0x08", "class=\"heatmap\"");
        assertThat(page.length()).as("a 16 MiB chip's report").isLessThan(2 * 1024 * 1024);
    }

    @Test
    void stateReportShowsWhatTheDirectoryHoldsWithTheSectionsOfTheGivenPrograms() throws Exception {
        Path st = dir.resolve("st"), html = dir.resolve("state.html");
        var r = xipkit("flash", "--board", "stm32h750-w25q128", "--state", st.toString(), H750 + "bootloader.elf", H750 + "app.elf");
        assertThat(r.status()).as(r.err()).isZero();
        var rep = xipkit("report", "--state", st.toString(), "--board", "stm32h750-w25q128", H750 + "app.elf", "-o", html.toString());
        assertThat(rep.status()).as(rep.err()).isZero();
        assertThat(rep.out()).contains("report: " + html);
        String page = Files.readString(html);
        assertThat(page).contains("xipkit flash of stm32h750-w25q128", "stm32h750-w25q128-app.elf .text 0x9000", "class=\"flashmap\"")
                .doesNotContain("id=\"timeline\"");
        assertThat(page).containsPattern("W25Q128JV\\)</h2>\n<p>16384 KiB at 0x90000000, erase unit 4 KiB: .* [1-9][0-9]* in use");
    }

    @Test
    void stateReportNeedsAStateDirectoryAndItsBoard() throws Exception {
        Path html = dir.resolve("x.html");
        assertBadInput(xipkit("report", "--state", dir.toString(), "--board", "stm32h750-w25q128", "-o", html.toString()),
                "not a state directory");
        assertBadInput(xipkit("report", "--state", dir.toString(), "-o", html.toString()), "--state needs --board");
        assertBadInput(xipkit("report", "--campaign", "r.json", "--state", dir.toString(), "-o", html.toString()),
                "either --campaign");
        Path st = dir.resolve("st");
        assertThat(xipkit("run", "--board", "generic-m7", "--state", st.toString(), "firmware/elf/examples/generic-m7-hello.elf").status()).isZero();
        assertBadInput(xipkit("report", "--state", st.toString(), "--board", "stm32h750-w25q128", "-o", html.toString()),
                "holds the flash of board generic-m7");
        assertThat(html).doesNotExist();
    }
}
