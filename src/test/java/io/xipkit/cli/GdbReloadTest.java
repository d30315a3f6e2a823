package io.xipkit.cli;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorOperation;
import io.xipkit.tools.gdb.GdbLaunch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Flash on debug restart": firmware/reload/reload.c built twice with Debian's arm-none-eabi-gcc
 * (the test fails when it is missing), the two builds differing in one function, each alone in its
 * own 4 KiB block of the W25Q128JV. gdb-multiarch loads the first build, then, in a second server
 * on the same state directory, the second; the chip's own operation log of the second server
 * holds exactly one erase, of that function's block, and page programs only inside it.
 */
class GdbReloadTest {
    private static final Path SRC = Path.of("firmware/reload").toAbsolutePath();
    /** W25Q128JV erase opcodes (datasheet 8.1.2 table): 4 KiB sector, 32 and 64 KiB blocks, chip. */
    private static final List<Integer> ERASES = List.of(0x20, 0x52, 0xD8, 0xC7, 0x60);
    /** Page program, single and quad input (8.2.13, 8.2.14). */
    private static final List<Integer> PROGRAMS = List.of(0x02, 0x32);

    @TempDir
    Path dir;

    private Path build(int variant) throws Exception {
        Path elf = dir.resolve("reload" + variant + ".elf");
        Process gcc = new ProcessBuilder("arm-none-eabi-gcc", "-mcpu=cortex-m7", "-mthumb", "-O2", "-nostdlib", "-nostartfiles",
                "-Wl,--build-id=none", "-T", SRC.resolve("reload.ld").toString(), "-DVARIANT=" + variant,
                SRC.resolve("reload.c").toString(), "-o", elf.toString()).redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor()).as("arm-none-eabi-gcc: %s", out).isZero();
        return elf;
    }

    /** One server on the state directory, gdb loading {@code elf}; returns the chip's operation log and gdb's output. */
    private record Session(List<NorOperation> log, String gdb, String err) {}

    private Session loadInOneServer(Path state, Path elf) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        GdbLaunch launch = GdbLaunch.start(new GdbLaunch.Request("stm32h750-w25q128", List.of(), OptionalLong.empty(), state, 0, -1,
                        TestBoards.translation()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()), e);
        CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
            try (launch) {
                return launch.serve();
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        });
        List<String> cmd = new ArrayList<>(List.of("gdb-multiarch", "-batch", "-nx", "-ex", "target extended-remote 127.0.0.1:" + launch.port(),
                "-ex", "load", "-ex", "monitor flash info", "-ex", "x/2wx 0x90001000", "-ex", "monitor quit", elf.toString()));
        Process gdb = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(gdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gdb.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(served.get(120, TimeUnit.SECONDS)).as("monitor quit ends the server").isNull();
        // The server's thread has ended: its board is read here only now.
        return new Session(List.copyOf(launch.board().model("qspi-flash1", NorChip.class).operationLog()), text,
                err.toString(StandardCharsets.UTF_8));
    }

    /** The first two words of scale() in the ELF, as gdb's x/2wx prints them. */
    private static String scaleWords(Path elf) throws Exception {
        for (io.xipkit.tools.image.LoadableImage.Segment s : io.xipkit.tools.image.ImageLoader.load(elf, OptionalLong.empty()).segments()) {
            if (s.address() <= 0x9000_1000L && s.end() >= 0x9000_1008L) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(s.data(), (int) (0x9000_1000L - s.address()), 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                return String.format("\t0x%08x\t0x%08x", b.getInt(), b.getInt());
            }
        }
        throw new AssertionError("no segment holds scale() in " + elf);
    }

    private static List<NorOperation> ofOpcodes(List<NorOperation> log, List<Integer> opcodes) {
        return log.stream().filter(op -> opcodes.contains(op.opcode())).toList();
    }

    @Test
    void reloadingAnElfWithOneFunctionChangedErasesAndRewritesOnlyThatFunctionsBlock() throws Exception {
        Path v1 = build(1);
        Path v2 = build(2);
        Path state = dir.resolve("state");

        Session first = loadInOneServer(state, v1);
        assertThat(first.gdb()).contains("0x90001000 <scale>:" + scaleWords(v1));
        // A blank chip: programmed without an erase.
        assertThat(ofOpcodes(first.log(), ERASES)).isEmpty();
        assertThat(ofOpcodes(first.log(), PROGRAMS)).extracting(NorOperation::address).contains(0x0L, 0x1000L, 0x2000L);

        Session second = loadInOneServer(state, v2);
        assertThat(scaleWords(v2)).isNotEqualTo(scaleWords(v1));
        assertThat(second.gdb()).contains("0x90001000 <scale>:" + scaleWords(v2));
        List<NorOperation> erases = ofOpcodes(second.log(), ERASES);
        assertThat(erases).as("erases of the reload: %s", second.log()).hasSize(1);
        assertThat(erases.get(0).opcode()).isEqualTo(0x20);
        assertThat(erases.get(0).address()).isEqualTo(0x1000L);
        assertThat(ofOpcodes(second.log(), PROGRAMS)).isNotEmpty()
                .allSatisfy(op -> assertThat(op.address()).isBetween(0x1000L, 0x1FFFL));
        assertThat(second.err()).contains("xipkit: load: 1 block(s) erased and rewritten");
        assertThat(second.gdb()).contains("last load: 1 block(s) erased and rewritten");
    }
}
