package io.xipkit.tools.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.MainTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The board's console UART on a loopback TCP port: output reaches the client, its bytes reach the UART. */
class TcpConsoleTest {
    @Test
    void consoleOnATcpPortCarriesBothDirections() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CompletableFuture<MainTest.Outcome> run = CompletableFuture.supplyAsync(() -> MainTest.xipkit("run",
                "--board", "nucleo-l476rg", "--max-time", "0.3", "--console-port", String.valueOf(port),
                "firmware/elf/nucleo-l476rg/app-v1.elf"));
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (Socket client = connect(port)) {
            client.setSoTimeout(60_000);
            InputStream in = client.getInputStream();
            readUntil(in, got, "ready");
            // The update protocol starts with a little-endian length: the firmware answers at once.
            client.getOutputStream().write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(8).array());
            client.getOutputStream().flush();
            readUntil(in, got, "send 8 bytes");
        }
        MainTest.Outcome outcome = run.get(120, TimeUnit.SECONDS);
        assertThat(got.toString(StandardCharsets.ISO_8859_1)).contains("app v1 running from bank 1").contains("erasing bank 2");
        assertThat(outcome.out()).doesNotContain("app v1"); // the console is on the socket, not stdout
        assertThat(outcome.err()).contains("console on 127.0.0.1:" + port);
    }

    private static Socket connect(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(50);
            }
        }
    }

    private static void readUntil(InputStream in, ByteArrayOutputStream got, String text) throws Exception {
        while (!got.toString(StandardCharsets.ISO_8859_1).contains(text)) {
            int b = in.read();
            if (b < 0) break;
            got.write(b);
        }
        assertThat(got.toString(StandardCharsets.ISO_8859_1)).contains(text);
    }
}
