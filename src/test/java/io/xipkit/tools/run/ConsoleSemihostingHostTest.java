package io.xipkit.tools.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSemihostingHostTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ConsoleSemihostingHost host(String stdin) {
        return new ConsoleSemihostingHost(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)),
                new PrintStream(out, true), new PrintStream(err, true), dir,
                ConsoleSemihostingHost.DEFAULT_TIME_SECONDS, "prog.elf");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void ttModesSelectStdinStdoutStderrAndHandlesStartAtOne() {
        ConsoleSemihostingHost h = host("ab");
        int in = h.open(":tt", 0);
        int o = h.open(":tt", 4);
        int e = h.open(":tt", 8);
        assertThat(new int[] {in, o, e}).containsExactly(1, 2, 3);
        assertThat(h.write(o, ascii("out"), 3)).isZero();
        assertThat(h.write(e, ascii("err"), 3)).isZero();
        byte[] buf = new byte[4];
        assertThat(h.read(in, buf, 4)).isEqualTo(2);
        assertThat(out.toString()).isEqualTo("out");
        assertThat(err.toString()).isEqualTo("err");
    }

    @Test
    void consoleOnRedirectedStreamsIsNoTerminalAndHasLengthZeroLikeAPipeUnderQemu() {
        ConsoleSemihostingHost h = host("");
        int in = h.open(":tt", 0);
        int o = h.open(":tt", 4);
        int e = h.open(":tt", 8);
        assertThat(new int[] {h.isTty(in), h.isTty(o), h.isTty(e)}).containsExactly(0, 0, 0);
        assertThat(new long[] {h.length(in), h.length(o), h.length(e)}).containsExactly(0, 0, 0);
    }

    @Test
    void consoleAnswersIsTtyAndLengthFromTheHostStreams() {
        HostConsole terminalOutFileErr = new HostConsole() {
            @Override
            public boolean isTerminal(int fd) {
                return fd == 1;
            }

            @Override
            public long length(int fd) {
                return fd == 2 ? 123 : 0;
            }
        };
        ConsoleSemihostingHost h = new ConsoleSemihostingHost(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true), new PrintStream(err, true), dir,
                ConsoleSemihostingHost.DEFAULT_TIME_SECONDS, "prog.elf", terminalOutFileErr);
        int in = h.open(":tt", 0);
        int o = h.open(":tt", 4);
        int e = h.open(":tt", 8);
        assertThat(new int[] {h.isTty(in), h.isTty(o), h.isTty(e)}).containsExactly(0, 1, 0);
        assertThat(h.length(e)).isEqualTo(123);
        assertThat(h.length(o)).isZero();
    }

    @Test
    void closedHandlesAreReusedLowestFirst() {
        ConsoleSemihostingHost h = host("");
        h.open(":tt", 0);
        int two = h.open(":tt", 4);
        h.open(":tt", 8);
        assertThat(h.close(two)).isZero();
        assertThat(h.open(":tt", 4)).isEqualTo(two);
        assertThat(h.close(99)).isEqualTo(-1);
        assertThat(h.errno()).isEqualTo(ConsoleSemihostingHost.EBADF);
    }

    @Test
    void filesLiveInTheWorkingDirectory() throws Exception {
        ConsoleSemihostingHost h = host("");
        int w = h.open("data.txt", 4);
        assertThat(h.write(w, ascii("hello file"), 10)).isZero();
        assertThat(h.close(w)).isZero();
        assertThat(Files.readString(dir.resolve("data.txt"))).isEqualTo("hello file");
        int r = h.open("data.txt", 1);
        assertThat(h.length(r)).isEqualTo(10);
        assertThat(h.seek(r, 6)).isZero();
        byte[] buf = new byte[8];
        assertThat(h.read(r, buf, 8)).isEqualTo(4);
        assertThat(new String(buf, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("file");
        assertThat(h.isTty(r)).isZero();
        int a = h.open("data.txt", 8);
        h.write(a, ascii("!"), 1);
        h.closeAll();
        assertThat(Files.readString(dir.resolve("data.txt"))).isEqualTo("hello file!");
        assertThat(h.rename("data.txt", "moved.txt")).isZero();
        assertThat(h.remove("moved.txt")).isZero();
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void openingAMissingFileForReadingFailsWithEnoent() {
        ConsoleSemihostingHost h = host("");
        assertThat(h.open("absent", 0)).isEqualTo(-1);
        assertThat(h.errno()).isEqualTo(ConsoleSemihostingHost.ENOENT);
    }

    @Test
    void timeIsPinnedAndCommandLineIsWhatWasGiven() {
        ConsoleSemihostingHost h = host("");
        assertThat(h.timeSeconds()).isEqualTo(1_767_225_600L);
        assertThat(h.commandLine()).isEqualTo("prog.elf");
    }

    @Test
    void readcReadsTheConsoleAndReportsEndOfInput() {
        ConsoleSemihostingHost h = host("x");
        assertThat(h.readc()).isEqualTo('x');
        assertThat(h.readc()).isEqualTo(-1);
    }

    @Test
    void semihostingFeaturesFileOffersExtendedExitAndSeparateStderrLikeQemu() {
        ConsoleSemihostingHost h = host("");
        int f = h.open(":semihosting-features", 1);
        assertThat(f).isPositive();
        assertThat(h.length(f)).isEqualTo(5);
        byte[] buf = new byte[8];
        assertThat(h.read(f, buf, 8)).isEqualTo(5);
        assertThat(new String(buf, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("SHFB");
        assertThat(buf[4]).isEqualTo((byte) 0x03);
        assertThat(h.seek(f, 4)).isZero();
        assertThat(h.read(f, buf, 8)).isEqualTo(1);
        assertThat(h.open(":semihosting-features", 4)).isEqualTo(-1);
    }
}
