package io.xipkit.tools.gdb;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.state.FlashStateFile;
import io.xipkit.tools.target.BoardMemoryMap;
import io.xipkit.tools.target.GdbRemoteTarget;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitor state save NAME} / {@code monitor state restore [NAME]} over the remote protocol,
 * on the NUCLEO-L476RG with a {@code --state} directory: a named state comes back after the flash
 * was erased (in the board and in the state files), and a plain restore loads what the state
 * directory's files hold (changed behind the server's back) into the board.
 */
class MonitorStateTest {
    private static final long APP = 0x0800_0000L;

    @TempDir
    Path state;

    @Test
    void aNamedFlashStateAndTheStateDirectoryRestoreIntoTheBoardThroughTheRemoteProtocol() throws Exception {
        GdbLaunch launch = GdbLaunch.start(new GdbLaunch.Request("nucleo-l476rg", List.of(Path.of("firmware/elf/nucleo-l476rg/app-v1.elf")),
                        OptionalLong.empty(), state, 0, -1, TestBoards.translation()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
            try (launch) {
                return launch.serve();
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        });
        var map = BoardMemoryMap.of(io.xipkit.TestBoards.create("nucleo-l476rg"));
        try (GdbRemoteTarget gdb = GdbRemoteTarget.connect("127.0.0.1", launch.port(), map)) {
            byte[] v1 = gdb.readMemory(APP, 16);
            assertThat(v1).isNotEqualTo(erased(16));
            assertThat(gdb.monitor("state save v1")).contains("flash state 'v1' saved");

            assertThat(gdb.monitor("flash erase 0x08000000 0x800")).isNotEmpty();
            assertThat(gdb.readMemory(APP, 16)).isEqualTo(erased(16));
            assertThat(fileBytes(0, 16)).as("the state file follows the erase").isEqualTo(erased(16));

            assertThat(gdb.monitor("state restore v1")).contains("flash state 'v1' restored (1 pages").contains("halted at the reset vector");
            assertThat(gdb.readMemory(APP, 16)).isEqualTo(v1);
            assertThat(fileBytes(0, 16)).as("the restore is written through to the state file").isEqualTo(v1);
            assertThat(gdb.monitor("state restore v2")).contains("no flash state 'v2' (saved: v1)");

            // The state file changed behind the server: a plain restore loads it into the board.
            writeFileBytes(0, new byte[] {1, 2, 3, 4});
            assertThat(gdb.readMemory(APP, 4)).isEqualTo(java.util.Arrays.copyOf(v1, 4));
            assertThat(gdb.monitor("state restore")).contains("flash restored from " + state).contains("(1 pages");
            assertThat(gdb.readMemory(APP, 4)).containsExactly(1, 2, 3, 4);
            assertThat(gdb.monitor("state bogus")).startsWith("usage: monitor state save [NAME]");
            gdb.monitor("quit");
        }
        assertThat(served.get(60, TimeUnit.SECONDS)).isNull();
    }

    private static byte[] erased(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    /** The L476's flash state file (FlashStateFile: the array from byte 4096, complemented). */
    private Path flashFile() {
        return state.resolve("flash.flash");
    }

    private byte[] fileBytes(long offset, int n) throws Exception {
        try (FileChannel ch = FileChannel.open(flashFile(), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(n);
            ch.read(b, 4096 + offset);
            byte[] out = b.array();
            for (int i = 0; i < n; i++) out[i] = (byte) ~out[i];
            return out;
        }
    }

    private void writeFileBytes(long offset, byte[] data) throws Exception {
        byte[] c = data.clone();
        for (int i = 0; i < c.length; i++) c[i] = (byte) ~c[i];
        try (FileChannel ch = FileChannel.open(flashFile(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(c), 4096 + offset);
        }
        assertThat(FlashStateFile.readCopy(flashFile(), 1 << 20).array()[0]).isEqualTo((byte) 1);
    }
}
