package io.xipkit.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.Main;
import io.xipkit.tools.image.LoadableImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The UART bootloader's AN3155 protocol, byte by byte, from a client of the board's console TCP
 * port: the replies of Get, Get Version and Get ID, ACK/NACK on complements and XOR checksums,
 * the regions it serves and refuses, writes to the external NOR that keep the bytes around them,
 * Extended Erase of external sectors, and Go. Expected bytes are from AN3155 section 3 ("Bootloader
 * command set") and the bootloader's documented choices (firmware/stm32h7/uartboot/uartboot.c).
 */
class UartBootloaderProtocolTest {
    private static final int ACK = 0x79, NACK = 0x1F;

    @Test
    void theBootloaderAnswersAn3155CommandsAndServesTheExternalFlash() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Announcement listening = new Announcement("waiting for a connection");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"run", "--board",
            H7Firmware.H750, "--max-time", "100000", "--console-port", String.valueOf(port),
            H7Firmware.elf(H7Firmware.H750, "uartboot").toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(listening, true, StandardCharsets.UTF_8)));
        listening.seen.get(120, TimeUnit.SECONDS);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(120_000);
            Link link = new Link(s.getInputStream(), s.getOutputStream());

            link.send(0x7F);
            assertThat(link.read(1)).as("ACK to 0x7F").containsExactly(ACK);
            link.send(0x00, 0x00);
            assertThat(link.read(1)).as("a command whose complement is wrong").containsExactly(NACK);

            link.send(0x00, 0xFF);
            assertThat(link.read(11)).as("Get: ACK, N = 7, version, 7 commands, ACK")
                    .containsExactly(ACK, 7, 0x31, 0x00, 0x01, 0x02, 0x11, 0x21, 0x31, 0x44, ACK);
            link.send(0x01, 0xFE);
            assertThat(link.read(5)).as("Get Version").containsExactly(ACK, 0x31, 0x00, 0x00, ACK);
            link.send(0x02, 0xFD);
            assertThat(link.read(5)).as("Get ID: PID 0x450").containsExactly(ACK, 1, 0x04, 0x50, ACK);
            link.send(0x43, 0xBC);
            assertThat(link.read(1)).as("Erase (0x43) is not offered").containsExactly(NACK);

            byte[] vectors = Arrays.copyOf(segmentAt(H7Firmware.image(H7Firmware.H750, "uartboot"), 0x0800_0000L), 16);
            assertThat(link.readMemory(0x0800_0000L, 16)).as("the embedded flash reads as the ELF").isEqualTo(vectors);
            link.send(0x31, 0xCE);
            assertThat(link.read(1)).containsExactly(ACK);
            link.sendAddress(0x0800_0000L);
            assertThat(link.read(1)).as("Write Memory to the embedded flash is refused").containsExactly(NACK);
            link.send(0x11, 0xEE);
            assertThat(link.read(1)).containsExactly(ACK);
            link.send(0x90, 0x20, 0x00, 0x00, 0x00);
            assertThat(link.read(1)).as("an address with a wrong XOR").containsExactly(NACK);

            byte[] a = new byte[16];
            for (int i = 0; i < 16; i++) a[i] = (byte) (0xA0 + i);
            assertThat(link.writeMemory(0x9020_0000L, a)).containsExactly(ACK, ACK, ACK);
            byte[] b = {0x55, 0x55, 0x55, 0x55, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
            // 0xA8.. -> 0x55 and 0xAC.. -> 0xFF need 0 -> 1: the sector is read, erased and rewritten merged
            assertThat(link.writeMemory(0x9020_0008L, b)).containsExactly(ACK, ACK, ACK);
            byte[] expect = new byte[32];
            Arrays.fill(expect, (byte) 0xFF);
            System.arraycopy(a, 0, expect, 0, 8);
            System.arraycopy(b, 0, expect, 8, 8);
            assertThat(link.readMemory(0x9020_0000L, 32)).as("bytes around the write keep their content").isEqualTo(expect);

            link.send(0x31, 0xCE);
            assertThat(link.read(1)).containsExactly(ACK);
            link.sendAddress(0x9020_0000L);
            assertThat(link.read(1)).containsExactly(ACK);
            link.send(3, 1, 2, 3, 4, 0x00);
            assertThat(link.read(1)).as("a data block with a wrong XOR").containsExactly(NACK);
            assertThat(link.readMemory(0x9020_0000L, 32)).as("and nothing written").isEqualTo(expect);

            link.send(0x44, 0xBB);
            assertThat(link.read(1)).containsExactly(ACK);
            link.send(0xFF, 0xFF, 0x00);
            assertThat(link.read(1)).as("mass erase is refused").containsExactly(NACK);
            link.send(0x44, 0xBB);
            assertThat(link.read(1)).containsExactly(ACK);
            link.send(0x00, 0x00, 0x00, 0x00, 0x00);
            assertThat(link.read(1)).as("page 0, the embedded flash, is refused").containsExactly(NACK);
            link.send(0x44, 0xBB);
            assertThat(link.read(1)).containsExactly(ACK);
            link.send(0x00, 0x00, 0x12, 0x00, 0x12);                // one page: 0x1200 = external sector 0x200
            assertThat(link.read(1)).as("erase of external sector 0x200").containsExactly(ACK);
            byte[] erased = new byte[32];
            Arrays.fill(erased, (byte) 0xFF);
            assertThat(link.readMemory(0x9020_0000L, 32)).isEqualTo(erased);

            link.send(0x21, 0xDE);
            assertThat(link.read(1)).containsExactly(ACK);
            link.sendAddress(0x9020_0000L);
            assertThat(link.read(1)).as("Go to erased flash (no vector table) is refused").containsExactly(NACK);

            byte[] app = UartBootloaderStm32flashTest.flatImage(H7Firmware.image(H7Firmware.H750, "uartboot_app"));
            for (int off = 0; off < app.length; off += 256) {
                assertThat(link.writeMemory(0x9010_0000L + off, Arrays.copyOfRange(app, off, Math.min(app.length, off + 256))))
                        .containsExactly(ACK, ACK, ACK);
            }
            link.send(0x21, 0xDE);
            assertThat(link.read(1)).containsExactly(ACK);
            link.sendAddress(0x9010_0000L);
            assertThat(link.read(1)).as("Go to the written image").containsExactly(ACK);
            String console = new String(link.in.readNBytes(34), StandardCharsets.ISO_8859_1);
            assertThat(console).isEqualTo("uartboot-app: running in place at ");
        }
        assertThat(run.get(300, TimeUnit.SECONDS)).as("the image's exit status").isEqualTo(42);
        assertThat(out.toString(StandardCharsets.UTF_8)).as("the bootloader prints nothing of its own").isEmpty();
    }

    private static byte[] segmentAt(LoadableImage image, long address) {
        return image.segments().stream().filter(s -> s.address() == address).findFirst().orElseThrow().data();
    }

    /** The client side of AN3155 (section 3): commands, addresses and data blocks with their checks. */
    private record Link(InputStream in, OutputStream out) {
        void send(int... bytes) throws IOException {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
            out.write(b);
            out.flush();
        }

        int[] read(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            assertThat(b).as("reply bytes").hasSize(n);
            int[] r = new int[n];
            for (int i = 0; i < n; i++) r[i] = b[i] & 0xFF;
            return r;
        }

        void sendAddress(long a) throws IOException {
            int b0 = (int) (a >>> 24) & 0xFF, b1 = (int) (a >>> 16) & 0xFF, b2 = (int) (a >>> 8) & 0xFF, b3 = (int) a & 0xFF;
            send(b0, b1, b2, b3, b0 ^ b1 ^ b2 ^ b3);
        }

        byte[] readMemory(long address, int n) throws IOException {
            send(0x11, 0xEE);
            assertThat(read(1)).containsExactly(ACK);
            sendAddress(address);
            assertThat(read(1)).containsExactly(ACK);
            send(n - 1, (n - 1) ^ 0xFF);
            assertThat(read(1)).containsExactly(ACK);
            return in.readNBytes(n);
        }

        /** Write Memory; the three replies (command, address, data). */
        int[] writeMemory(long address, byte[] data) throws IOException {
            int[] replies = new int[3];
            send(0x31, 0xCE);
            replies[0] = read(1)[0];
            sendAddress(address);
            replies[1] = read(1)[0];
            int x = data.length - 1;
            byte[] frame = new byte[data.length + 2];
            frame[0] = (byte) (data.length - 1);
            for (int i = 0; i < data.length; i++) {
                frame[i + 1] = data[i];
                x ^= data[i] & 0xFF;
            }
            frame[frame.length - 1] = (byte) x;
            out.write(frame);
            out.flush();
            replies[2] = read(1)[0];
            return replies;
        }
    }

    /** An error stream that completes {@link #seen} once the run has written a given text to it. */
    private static final class Announcement extends OutputStream {
        final CompletableFuture<Void> seen = new CompletableFuture<>();
        private final String text;
        private final StringBuilder buf = new StringBuilder();

        Announcement(String text) {
            this.text = text;
        }

        @Override
        public synchronized void write(int b) {
            buf.append((char) (b & 0xFF));
            if (!seen.isDone() && buf.indexOf(text) >= 0) seen.complete(null);
        }
    }
}
