package io.xipkit.cli;

import static io.xipkit.cli.MainTest.xipkit;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.MainTest.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code run} shows the model warnings at exit on standard error (issue 10, "model warnings are
 * visible"): a firmware that sends a command in a protocol the chip is not in gets the
 * de-duplicated summary with its count, first virtual time, chip, PC and function; firmware
 * without such mistakes gets nothing; {@code --warnings} chooses summary, all or off.
 */
class RunWarningsTest {
    private static final String WRONG = "firmware/elf/stm32h7/stm32h750-w25q128-pitfall_wrong_protocol.elf";
    private static final String MESSAGE = "instruction 5h sent as 1 byte(s) on 4 lines while the part is in SPI mode: ignored";

    @Test
    void aCommandInTheWrongProtocolEndsTheRunWithTheWarningSummary() {
        Outcome o = xipkit("run", "--board", "stm32h750-w25q128", "--events=off", WRONG);
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("pitfall: status read on 4 lines while the chip is in SPI mode: 0xff",
                "pitfall: status read on 1 line: 0x00");
        List<String> lines = o.err().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("xipkit: model warnings (1 distinct, 1 in all;");
        assertThat(lines.get(1)).containsSubsequence("count", "first (s)", "source", "pc / function", "message");
        // count, first virtual time, the chip, the PC of the DR read in qspi_read, the message
        assertThat(lines.get(2)).matches("\\s+1  0\\.0000\\d{5}  qspi-flash1 W25Q128JV  0x[0-9a-f]{8} qspi_read\\+0x[0-9a-f]+  "
                + java.util.regex.Pattern.quote(MESSAGE));
    }

    @Test
    void withAllEachReportIsPrintedAsItHappensAndOffPrintsNothing() {
        Outcome all = xipkit("run", "--board", "stm32h750-w25q128", "--events=off", "--warnings=all", WRONG);
        assertThat(all.err().lines().filter(l -> l.startsWith("xipkit: warning at 0.0000")).toList()).singleElement()
                .asString().contains("qspi-flash1 W25Q128JV, 0x", " qspi_read+0x", MESSAGE);
        assertThat(all.err()).contains("xipkit: model warnings (1 distinct, 1 in all;");

        Outcome off = xipkit("run", "--board", "stm32h750-w25q128", "--events=off", "--warnings=off", WRONG);
        assertThat(off.status()).isZero();
        assertThat(off.err()).isEmpty();
    }

    @Test
    void firmwareWithoutMistakesPrintsNoWarnings() {
        // ST's BSP order on the MT25TL01G (resets in QPI then SPI) and the XIP boot chain of both boards.
        Outcome h757 = xipkit("run", "--board", "stm32h757-mt25tl01g", "--events=off", "--max-time", "0.2",
                "firmware/elf/stm32h7/stm32h757-mt25tl01g-bootloader.elf", "firmware/elf/stm32h7/stm32h757-mt25tl01g-app.elf");
        assertThat(h757.err()).doesNotContain("warning");
        Outcome h750 = xipkit("run", "--board", "stm32h750-w25q128", "--events=off", "--max-time", "0.2",
                "firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf", "firmware/elf/stm32h7/stm32h750-w25q128-app.elf");
        assertThat(h750.err()).doesNotContain("warning");
        assertThat(h750.out()).isNotEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"run", "gdb", "flash", "campaign"})
    void everyCommandThatRunsFirmwareTakesTheWarningsOption(String command) {
        Outcome help = xipkit(command, "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("--warnings=MODE").contains("summary", "all", "off");
    }

    @Test
    void anUnknownWarningsModeIsBadInput() {
        Outcome o = xipkit("run", "--board", "stm32h750-w25q128", "--warnings=loud", WRONG);
        assertThat(o.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(o.err()).contains("expected summary, all or off, got 'loud'");
    }
}
