package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Ctrl-C (the 0x03 interrupt byte) stops firmware that never stops by itself, and the board can be read and resumed. */
class GdbInterruptTest {
    private static String frame(String payload) {
        int sum = 0;
        for (char c : payload.toCharArray()) sum += c;
        return "$" + payload + String.format("#%02x", sum & 0xFF);
    }

    private static String readPacket(InputStream in) throws Exception {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '$') if (c < 0) throw new AssertionError("connection closed");
        while ((c = in.read()) != '#') b.append((char) c);
        in.read();
        in.read();
        return b.toString();
    }

    @Test
    void ctrlCHaltsABlinkingLoopWithSigint() throws Exception {
        String elf = GdbServerProcess.path("firmware/elf/nucleo-l476rg/app-v1.elf");
        try (GdbServerProcess server = new GdbServerProcess("--board", "nucleo-l476rg", elf);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port)) {
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write((frame("QStartNoAckMode")).getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readPacket(in)).isEqualTo("OK");
            for (int round = 0; round < 2; round++) {
                out.write((frame("vCont;c") + "\u0003").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                assertThat(readPacket(in)).isEqualTo("T02thread:1;");
                out.write(frame("p10").getBytes(StandardCharsets.ISO_8859_1));   // xPSR: the core answers while halted
                assertThat(readPacket(in)).matches("[0-9a-f]{8}");
            }
            assertThat(server.err()).contains("[board] LED LD2 (PA5) on");
        }
    }
}
