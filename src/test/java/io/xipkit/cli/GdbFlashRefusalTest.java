package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
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
    private static String frame(String payload) {
        int sum = 0;
        for (char c : payload.toCharArray()) sum += c;
        return "$" + payload + String.format("#%02x", sum & 0xFF);
    }

    private static String exchange(OutputStream out, InputStream in, String payload) throws Exception {
        out.write(frame(payload).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '$') if (c < 0) throw new AssertionError("connection closed");
        while ((c = in.read()) != '#') b.append((char) c);
        in.read();
        in.read();
        return b.toString();
    }

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
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port)) {
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            assertThat(exchange(out, in, "QStartNoAckMode")).isEqualTo("OK");
            assertThat(exchange(out, in, "vFlashWrite:90000000:ABCDEFGH")).isEqualTo("OK");
            assertThat(exchange(out, in, "vFlashDone")).isEqualTo("OK");
            before = snapshot(state);
            assertThat(before).containsKey("qspi-flash1.flash");

            assertThat(exchange(out, in, "vFlashErase:90000000,1000")).isEqualTo("OK");
            assertThat(exchange(out, in, "vFlashWrite:90000000:abcdefgh")).isEqualTo("OK");
            assertThat(exchange(out, in, "vFlashWrite:24000000:abcdefgh")).as("AXI SRAM is no flash").isEqualTo("E03");
            assertThat(exchange(out, in, "vFlashDone")).isEqualTo("OK");
            assertThat(exchange(out, in, "vFlashErase:24000000,1000")).isEqualTo("E03");
            assertThat(exchange(out, in, "M90000000,4:00000000")).as("plain writes never reach flash").isEqualTo("E03");
            assertThat(exchange(out, in, "qRcmd," + hex("quit"))).isNotEmpty();
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
