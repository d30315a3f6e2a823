package io.xipkit.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A run's timeline names the firmware function behind each chip busy span (the chip's log keeps
 * the PC the core was at when it took the command) and behind each controller mode (the register
 * write that set it); the report symbolises the PCs from the ELF.
 */
class BoardReportCallersTest {
    @Test
    void eachChipBusySpanAndTheCallersTableNameTheFirmwareFunctionThatStartedTheOperation() throws Exception {
        String e = "firmware/elf/stm32h7/stm32h750-w25q128-";
        List<Path> files = List.of(Path.of(e + "bootloader.elf"), Path.of(e + "flash_loop.elf"));
        AtomicReference<String> html = new AtomicReference<>();
        var sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        new io.xipkit.tools.run.Runner(java.io.InputStream.nullInputStream(), sink, sink, Path.of("").toAbsolutePath())
                .afterRun((b, memories, end, symbols) -> html.set(BoardReport.html("callers", List.of(), BoardReport.activity(b, end, symbols))))
                .run(new io.xipkit.tools.run.RunRequest("stm32h750-w25q128", files, java.util.OptionalLong.empty(),
                        Long.MAX_VALUE, 100_000_000_000L, false, ""));
        String page = html.get();
        Matcher busy = Pattern.compile("<rect class=\"busy\"[^>]*><title>([^<]*)</title>").matcher(page);
        int spans = 0;
        while (busy.find()) {
            spans++;
            assertThat(busy.group(1)).as("a busy span's title").containsPattern(", from [A-Za-z_]\\w*( |$)");
        }
        assertThat(spans).isPositive();
        // The controller's mode spans name the function whose register write set the mode.
        Matcher mode = Pattern.compile("<rect class=\"mode\"[^>]*><title>(memory-mapped|indirect write)[^<]*, set by ([A-Za-z_]\\w*)</title>").matcher(page);
        assertThat(mode.find()).as("a memory-mapped or indirect-write span names who set it").isTrue();
        // flash_loop's nor_erase_4k/nor_program end their transfers in qspi.c's wait_complete: the
        // chip takes the command at chip select's rise, while the core waits there for TCF.
        assertThat(page).contains("<table class=\"callers\">", "<td>qspi-flash1</td><td><code>wait_complete</code></td>");
    }
}
