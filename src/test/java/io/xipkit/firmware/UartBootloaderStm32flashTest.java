package io.xipkit.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.xipkit.cli.MainTest;
import io.xipkit.tools.image.LoadableImage;
import io.xipkit.tools.state.FlashStateFile;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AN3155 UART bootloader ({@code firmware/stm32h7/uartboot}) programmed by Debian's stock
 * {@code stm32flash} over a pseudo-terminal that Debian's {@code socat} bridges to the board's
 * console TCP port: stm32flash identifies the chip, writes and verifies an image in the external
 * NOR at 0x90100000 and starts it; the image runs (its exit status ends the run), the chip holds
 * it byte for byte, and after a reset the bootloader starts it on its own.
 *
 * <p>Two facts about stm32flash 0.7 (its serial_posix.c and main.c) shape the command line: a
 * Linux pseudo-terminal does not keep PARENB, so stm32flash's check of its 8E1 settings fails
 * ("Failed to set terminal flags") unless {@code -m 8n1} is given (parity does not exist on a pty
 * anyway); and for an address outside the device's flash, RAM and system memory it writes only 4
 * bytes unless {@code -S} gives a length, so the test passes {@code -S 0x90100000:LENGTH}.
 *
 * <p>No wall-clock sleeps: socat retries its connection itself, the test waits for socat's "PTY
 * is" line, and the board sleeps in WFI between bytes, so virtual time runs ahead of the host
 * while it waits; {@code --max-time} is generous and stm32flash's own timeouts are the limit.
 */
class UartBootloaderStm32flashTest {
    private static final long APP_BASE = 0x9010_0000L;
    private static final int APP_OFFSET = 0x10_0000;
    private static final long NOR_SIZE = 16L << 20;

    @TempDir
    Path dir;

    @Test
    void stm32flashWritesVerifiesAndStartsAnImageInTheExternalFlashWhichBootsAgainAfterReset() throws Exception {
        requireTool("socat", "-V");
        requireTool("stm32flash", "-h");
        byte[] app = flatImage(H7Firmware.image(H7Firmware.H750, "uartboot_app"));
        Path appBin = Files.write(dir.resolve("app.bin"), app);
        Path state = Files.createDirectories(dir.resolve("state"));
        int port = freePort();

        CompletableFuture<MainTest.Outcome> run = CompletableFuture.supplyAsync(() -> MainTest.xipkit("run",
                "--board", H7Firmware.H750, "--max-time", "100000", "--state", state.toString(),
                "--console-port", String.valueOf(port), H7Firmware.elf(H7Firmware.H750, "uartboot").toString()));
        Path tty = dir.resolve("tty");
        Process socat = new ProcessBuilder("socat", "-d", "-d",
                "TCP:127.0.0.1:" + port + ",retry=600,interval=0.1", "PTY,link=" + tty + ",raw,echo=0").start();
        String flashLog;
        try {
            awaitPty(socat);
            Process flash = new ProcessBuilder("stm32flash", "-b", "115200", "-m", "8n1", "-w", appBin.toString(), "-v",
                    "-S", String.format("0x%08x:%d", APP_BASE, app.length), "-g", String.format("0x%08x", APP_BASE),
                    tty.toString()).redirectErrorStream(true).start();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Thread drain = drain(flash.getInputStream(), log);
            if (!flash.waitFor(300, TimeUnit.SECONDS)) {
                flash.destroyForcibly();
                fail("stm32flash did not finish within 300 s: " + log.toString(StandardCharsets.ISO_8859_1));
            }
            drain.join();
            flashLog = log.toString(StandardCharsets.ISO_8859_1);
            assertThat(flash.exitValue()).as("stm32flash exit status; its output:\n%s", flashLog).isZero();
        } finally {
            socat.destroy();
        }
        assertThat(flashLog).contains("Version      : 0x31", "Device ID    : 0x0450 (STM32H74xxx/75xxx)",
                String.format("Wrote and verified address 0x%08x (100.00%%)", APP_BASE + app.length),
                String.format("Starting execution at address 0x%08x... done.", APP_BASE));

        MainTest.Outcome first = run.get(300, TimeUnit.SECONDS);
        assertThat(first.status()).as("the started image exits with 42; stderr: %s", first.err()).isEqualTo(42);

        byte[] nor = FlashStateFile.open(state.resolve("qspi-flash1.flash"), NOR_SIZE).array();
        assertThat(Arrays.copyOfRange(nor, APP_OFFSET, APP_OFFSET + app.length)).as("the chip holds the image").isEqualTo(app);
        for (int i = 0; i < APP_OFFSET; i++) assertThat(nor[i]).as("NOR byte 0x%x below the image", i).isEqualTo((byte) 0xFF);

        // Reset: the bootloader finds the image, hears no 0x7F within its window and starts it.
        MainTest.Outcome second = MainTest.xipkit("run", "--board", H7Firmware.H750, "--max-time", "5", "--state",
                state.toString());
        assertThat(second.status()).as(second.err()).isEqualTo(42);
        assertThat(second.out()).isEqualTo(String.format(
                "uartboot-app: running in place at 0x%08x, VTOR 0x%08x, code checksum 0x%08x\n", APP_BASE, APP_BASE,
                codeChecksum(app, H7Firmware.symbol(H7Firmware.H750, "uartboot_app", "__data_load") - (int) APP_BASE)));
    }

    /** The image's loadable bytes from 0x90100000 on, gaps erased (0xFF): what stm32flash writes. */
    static byte[] flatImage(LoadableImage image) {
        List<LoadableImage.Segment> xip = image.segments().stream()
                .filter(s -> s.address() >= APP_BASE && s.size() > 0).toList();
        long end = xip.stream().mapToLong(LoadableImage.Segment::end).max().orElseThrow();
        byte[] out = new byte[(int) (end - APP_BASE)];
        Arrays.fill(out, (byte) 0xFF);
        for (LoadableImage.Segment s : xip) System.arraycopy(s.data(), 0, out, (int) (s.address() - APP_BASE), s.size());
        assertThat(out).hasSizeGreaterThan(0x400);
        return out;
    }

    /** The app's sum = sum * 31 + byte over [__vectors, __data_load), bytes past the image read erased (0xFF). */
    private static int codeChecksum(byte[] app, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) sum = sum * 31 + (i < app.length ? app[i] & 0xFF : 0xFF);
        return sum;
    }

    private static void requireTool(String tool, String versionArg) {
        try {
            Process p = new ProcessBuilder(tool, versionArg).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            fail("'" + tool + "' is not installed (Debian package " + tool + "); this test needs it: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    /** Reads socat's log until it names the pseudo-terminal (after its TCP connection is up), then drains it. */
    private static void awaitPty(Process socat) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(socat.getErrorStream(), StandardCharsets.ISO_8859_1));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = r.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.contains("PTY is ")) {
                Thread t = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // keep socat's stderr pipe from filling
                        }
                    } catch (IOException ignored) {
                        // socat was stopped
                    }
                }, "socat-log");
                t.setDaemon(true);
                t.start();
                return;
            }
        }
        fail("socat ended before opening its pseudo-terminal:\n" + seen);
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException ignored) {
                // the process ended
            }
        }, "stm32flash-log");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
