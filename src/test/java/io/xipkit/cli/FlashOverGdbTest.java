package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xipkit flash --gdb} drives a target through the remote protocol only, with the same
 * algorithm runner and flasher as in process: against {@code xipkit gdb} the flash ends up byte
 * for byte as an in-process {@code xipkit flash} leaves it.
 */
class FlashOverGdbTest {
    static final String BOARD = "stm32h750-w25q128";
    static final String ALGO = "firmware/elf/flashalgo/W25Q128JV_STM32H750.FLM";

    @Test
    void flashingThroughXipkitGdbLeavesTheSameFlashAsFlashingInProcess(@TempDir Path dir) throws Exception {
        byte[] first = new byte[96 * 1024];
        new Random(21).nextBytes(first);
        byte[] second = new byte[10_000];
        new Random(22).nextBytes(second);
        Path a = dir.resolve("a.bin"), b = dir.resolve("b.bin");
        Files.write(a, first);
        Files.write(b, second);
        // The second image overlaps sectors the first wrote: smart mode reads back, erases and restores.
        String[] images = {a + "@0x90000000", b + "@0x90011234"};

        Path local = dir.resolve("local");
        for (String img : images) {
            AlgoCommandTest.Out f = AlgoCommandTest.run("flash", "--board", BOARD, "--state", local.toString(), "--algorithm", ALGO, img);
            assertThat(f.status()).as(f.err()).isZero();
        }

        Path remote = dir.resolve("remote");
        String lastOut;
        try (GdbServerProcess server = new GdbServerProcess("--board", BOARD, "--state", remote.toString())) {
            AlgoCommandTest.Out f = null;
            for (String img : images) {
                f = AlgoCommandTest.run("flash", "--board", BOARD, "--gdb", "127.0.0.1:" + server.port, "--algorithm", ALGO, img);
                assertThat(f.status()).as(f.err()).isZero();
            }
            lastOut = f.out();
            server.gdb(null, "monitor quit");
            assertThat(server.awaitExit()).isZero();
        }
        assertThat(lastOut).contains("3 sector(s) erased and programmed", "(host) for");
        byte[] mine = Files.readAllBytes(local.resolve("qspi-flash1.flash"));
        byte[] theirs = Files.readAllBytes(remote.resolve("qspi-flash1.flash"));
        assertThat(theirs.length).isEqualTo(mine.length);
        assertThat(java.util.Arrays.mismatch(theirs, mine)).as("first differing byte of the flash files").isEqualTo(-1);
        assertThat(java.util.Arrays.copyOfRange(theirs, 0, first.length)).isNotEqualTo(new byte[first.length]);
    }

    @Test
    void aBadGdbAddressOrAStateDirectoryBesideItIsBadInput(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("x.bin");
        Files.write(img, new byte[16]);
        AlgoCommandTest.Out f = AlgoCommandTest.run("flash", "--board", BOARD, "--gdb", "nowhere", "--algorithm", ALGO, img + "@0x90000000");
        assertThat(f.status()).isEqualTo(2);
        assertThat(f.err()).isEqualTo("xipkit: --gdb nowhere: expected HOST:PORT\n");
        AlgoCommandTest.Out g = AlgoCommandTest.run("flash", "--board", BOARD, "--gdb", "127.0.0.1:1", "--state", dir.toString(), img + "@0x90000000");
        assertThat(g.status()).isEqualTo(2);
        assertThat(g.err()).contains("--state and --gdb exclude each other");
    }

    @Test
    void aGdbServerThatRefusesWritesIsOneXipkitLineAndExitThreeNotAnInternalError(@TempDir Path dir) throws Exception {
        Path img = dir.resolve("x.bin");
        Files.write(img, new byte[256]);
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var server = io.xipkit.tools.target.ScriptedGdbServer.serveAsync(listener, false, true);
            AlgoCommandTest.Out f = AlgoCommandTest.run("flash", "--board", BOARD, "--gdb", "127.0.0.1:" + listener.getLocalPort(),
                    "--algorithm", ALGO, img + "@0x90000000");
            assertThat(f.status()).as(f.err()).isEqualTo(3);
            assertThat(f.err()).startsWith("xipkit: --gdb 127.0.0.1:" + listener.getLocalPort() + ": ").contains("refused to write")
                    .doesNotContain("internal error").hasLineCount(1);
            server.join();
        }
    }
}
