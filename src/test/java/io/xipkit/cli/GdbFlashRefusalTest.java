package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flash write outside any flash is refused with an error, and the refused load leaves the state files as they were. */
class GdbFlashRefusalTest {
    private static Map<String, byte[]> snapshot(Path dir) throws Exception {
        Map<String, byte[]> m = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) m.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return m;
    }

    @Test
    void aLoadWithAWriteOutsideFlashIsRefusedAndChangesNoStateFile(@TempDir Path state) throws Exception {
        Map<String, byte[]> before;
        try (GdbServerProcess server = new GdbServerProcess("--board", "stm32h750-w25q128", "--state", state.toString());
             RspClient gdb = new RspClient(server.port)) {
            assertThat(gdb.exchange("QStartNoAckMode")).isEqualTo("OK");
            assertThat(gdb.exchange("vFlashWrite:90000000:ABCDEFGH")).isEqualTo("OK");
            assertThat(gdb.exchange("vFlashDone")).isEqualTo("OK");
            before = snapshot(state);
            assertThat(before).containsKey("qspi-flash1.flash");

            assertThat(gdb.exchange("vFlashErase:90000000,1000")).isEqualTo("OK");
            assertThat(gdb.exchange("vFlashWrite:90000000:abcdefgh")).isEqualTo("OK");
            assertThat(gdb.exchange("vFlashWrite:24000000:abcdefgh")).as("AXI SRAM is no flash").isEqualTo("E03");
            assertThat(gdb.exchange("vFlashDone")).isEqualTo("OK");
            assertThat(gdb.exchange("vFlashErase:24000000,1000")).isEqualTo("E03");
            assertThat(gdb.exchange("M90000000,4:00000000")).as("plain writes never reach flash").isEqualTo("E03");
            assertThat(gdb.exchange("qRcmd," + hex("quit"))).isNotEmpty();
            assertThat(server.awaitExit()).isZero();
        }
        Map<String, byte[]> after = snapshot(state);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String name : before.keySet()) assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
    }

    private static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.US_ASCII)) b.append(String.format("%02x", x));
        return b.toString();
    }
}
