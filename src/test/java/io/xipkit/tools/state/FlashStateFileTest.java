package io.xipkit.tools.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.time.ManualClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlashStateFileTest {
    @TempDir
    Path dir;

    @Test
    void freshFileReadsErasedWithFactoryRegistersAndNoWear() throws IOException {
        FlashStateFile f = FlashStateFile.open(dir.resolve("flash.flash"), 16L << 20);
        assertThat(f.array()).containsOnly(0xFF);
        assertThat(f.registerImage()).containsOnly(0);
        assertThat(f.eraseCounts()).containsOnly(0);
        assertThat(f.changesPersisted()).isZero();
    }

    /** Nothing is flushed or closed: each completed operation is in the file as it completes. */
    @Test
    void everyCompletedChipOperationIsInTheFileWithoutAFlush() throws IOException {
        Path p = dir.resolve("w25.flash");
        NorPart part = NorCatalog.standard().part("W25Q128JV");
        ManualClock clock = new ManualClock();
        FlashStateFile f = FlashStateFile.open(p, part.sizeBytes());
        NorChip chip = new NorChip(part, f, clock, 0);
        cmd(chip, 0x06);
        chip.select();
        chip.instruction(0x02, PhaseFormat.S1);
        chip.address(0x123400, 3, PhaseFormat.S1);
        chip.write(new byte[] {1, 2, 3}, 0, 3, PhaseFormat.S1);
        chip.deselect();
        clock.advanceMicros(1000);
        cmd(chip, 0x06);
        chip.select();
        chip.instruction(0x01, PhaseFormat.S1);
        chip.write(new byte[] {0x08}, 0, 1, PhaseFormat.S1);
        chip.deselect();
        clock.advanceMicros(20_000);
        cmd(chip, 0x06);
        chip.select();
        chip.instruction(0x20, PhaseFormat.S1);
        chip.address(0x200000, 3, PhaseFormat.S1);
        chip.deselect();
        clock.advanceMicros(50_000);
        assertThat(chip.isBusy()).isFalse();

        FlashStateFile again = FlashStateFile.open(p, part.sizeBytes());
        NorChip chip2 = new NorChip(part, again, new ManualClock(), 0);
        assertThat(again.array()[0x123400]).isEqualTo((byte) 1);
        assertThat(again.array()[0x123402]).isEqualTo((byte) 3);
        assertThat(again.array()[0x123403]).isEqualTo((byte) 0xFF);
        assertThat(chip2.registerValue("SR1")).isEqualTo(0x08);
        assertThat(chip2.eraseCount(0x200000)).isEqualTo(1);
        assertThat(again.changesPersisted()).isEqualTo(f.changesPersisted()).isPositive();
    }

    @Test
    void theArrayIsStoredComplementedSoANeverWrittenRegionIsAHoleThatReadsErased() throws IOException {
        Path p = dir.resolve("f.flash");
        FlashStateFile f = FlashStateFile.open(p, 1 << 20);
        f.array()[5] = 0x5A;
        f.arrayChanged(5, 1);
        byte[] raw = Files.readAllBytes(p);
        assertThat(raw[FlashStateFile.HEADER + 5]).isEqualTo((byte) ~0x5A);
        assertThat(raw[FlashStateFile.HEADER + 6]).isZero();
    }

    @Test
    void aTornRegisterImageSlotFallsBackToThePreviousImage() throws IOException {
        Path p = dir.resolve("f.flash");
        FlashStateFile f = FlashStateFile.open(p, 1 << 20);
        f.registerImage()[0] = 0x11;
        f.metadataChanged(); // sequence 1, slot at 256
        f.registerImage()[0] = 0x22;
        f.metadataChanged(); // sequence 2, slot at 128
        assertThat(FlashStateFile.open(p, 1 << 20).registerImage()[0]).isEqualTo((byte) 0x22);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x33}), 128 + 16); // image changed, checksum not: torn
        }
        assertThat(FlashStateFile.open(p, 1 << 20).registerImage()[0]).isEqualTo((byte) 0x11);
    }

    @Test
    void aFileOfTheWrongLengthIsReportedNotSilentlyUsed() throws IOException {
        Path p = dir.resolve("f.flash");
        FlashStateFile.open(p, 1 << 20);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(p) - 3);
        }
        assertThatThrownBy(() -> FlashStateFile.open(p, 1 << 20)).isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void sizeMismatchIsAClearError() throws IOException {
        Path p = dir.resolve("f.flash");
        FlashStateFile.open(p, 1 << 20);
        assertThatThrownBy(() -> FlashStateFile.open(p, 2 << 20)).hasMessageContaining("holds 1048576 bytes");
    }

    @Test
    void aSnapshotOfTheOlderFormatIsNamedAsSuch() throws IOException {
        Path p = dir.resolve("f.flash");
        Files.write(p, "XIPKNOR1 and the rest of an old snapshot".getBytes());
        assertThatThrownBy(() -> FlashStateFile.open(p, 1 << 20)).hasMessageContaining("older xipkit");
    }

    /**
     * A JVM killed at any point of a stream of operations leaves every operation it reported done
     * in the file (the one in flight may be torn, as on hardware).
     */
    @Test
    void aJvmKilledAtAnyInstantKeepsEveryOperationItCompleted() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < 3; round++) {
            Path p = dir.resolve("crash" + round + ".flash");
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    StateFileCrashChild.class.getName(), p.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int lastSeen = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lastSeen = Integer.parseInt(line.substring("done ".length()));
                    if (lastSeen >= 200 * (round + 1)) break;
                }
                child.destroyForcibly(); // SIGKILL while the child keeps writing
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(lastSeen).as("child made progress").isGreaterThanOrEqualTo(200 * (round + 1));
            FlashStateFile f = FlashStateFile.open(p, StateFileCrashChild.SIZE);
            // Operation g programs 4 KiB unit (g mod 256) to the value (g / 256 + 1).
            int done = (int) f.changesPersisted();
            assertThat(done).isGreaterThanOrEqualTo(lastSeen);
            for (int g = 1; g <= done; g++) {
                if (g + 255 <= done) continue; // rewritten later, or its unit is the one in flight
                int unit = g % 256;
                for (int i = 0; i < 4096; i += 512) {
                    assertThat(f.array()[unit * 4096 + i]).as("op %d", g).isEqualTo((byte) (g / 256 + 1));
                }
            }
        }
    }

    private static void cmd(NorChip chip, int op) {
        chip.select();
        chip.instruction(op, PhaseFormat.S1);
        chip.deselect();
    }
}
