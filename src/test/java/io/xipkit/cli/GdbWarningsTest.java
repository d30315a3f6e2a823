package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@code monitor warnings} answers the board's model warnings so far, and the server prints the summary when it stops. */
class GdbWarningsTest {
    private static final String MESSAGE = "instruction 5h sent as 1 byte(s) on 4 lines while the part is in SPI mode: ignored";

    private static String monitor(RspClient gdb, String command) throws Exception {
        String reply = gdb.exchange("qRcmd," + HexFormat.of().formatHex(command.getBytes(StandardCharsets.UTF_8)));
        return new String(HexFormat.of().parseHex(reply), StandardCharsets.UTF_8);
    }

    @Test
    void monitorWarningsShowsTheWrongProtocolCommandAndTheServerEndsWithTheSummary() throws Exception {
        String elf = GdbServerProcess.path("firmware/elf/stm32h7/stm32h750-w25q128-pitfall_wrong_protocol.elf");
        try (GdbServerProcess server = new GdbServerProcess("--board", "stm32h750-w25q128", elf);
             RspClient gdb = new RspClient(server.port)) {
            assertThat(gdb.exchange("QStartNoAckMode")).isEqualTo("OK");
            assertThat(monitor(gdb, "warnings")).isEqualTo("no model warnings\n");
            gdb.sendRaw(RspClient.frame("vCont;c"));
            assertThat(gdb.readPacket()).startsWith("W00");
            String w = monitor(gdb, "warnings");
            assertThat(w).startsWith("xipkit: model warnings (1 distinct, 1 in all;").contains("qspi-flash1 W25Q128JV", " qspi_read+0x", MESSAGE);
            assertThat(monitor(gdb, "quit")).contains("stopping");
            assertThat(server.awaitExit()).isZero();
            assertThat(server.err()).contains("xipkit: model warnings (1 distinct, 1 in all;").contains(MESSAGE);
        }
    }
}
