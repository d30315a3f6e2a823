package io.xipkit.tools.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.time.ManualClock;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
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
    void freshFileReadsErasedAndIsSparseOnDisk() throws IOException {
        Path p = dir.resolve("flash.bin");
        FlashStateFile f = FlashStateFile.open(p, 16L << 20);
        assertThat(f.array()).containsOnly(0xFF);
        f.flush();
        assertThat(Files.size(p)).isLessThan(32 * 1024); // header + counters, no blocks
    }

    @Test
    void chipContentsRegistersAndWearSurviveReopening() throws IOException {
        Path p = dir.resolve("w25.bin");
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
        f.flush();
        assertThat(Files.size(p)).isLessThan(40 * 1024);

        FlashStateFile again = FlashStateFile.open(p, part.sizeBytes());
        NorChip chip2 = new NorChip(part, again, new ManualClock(), 0);
        assertThat(again.array()[0x123400]).isEqualTo((byte) 1);
        assertThat(again.array()[0x123402]).isEqualTo((byte) 3);
        assertThat(chip2.registerValue("SR1")).isEqualTo(0x08);
        assertThat(chip2.eraseCount(0x200000)).isEqualTo(1);
    }

    @Test
    void damagedFileIsReportedNotSilentlyUsed() throws IOException {
        Path p = dir.resolve("f.bin");
        FlashStateFile f = FlashStateFile.open(p, 1 << 20);
        f.array()[5] = 0;
        f.arrayChanged(5, 1);
        f.flush();
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(p) - 3);
        }
        assertThatThrownBy(() -> FlashStateFile.open(p, 1 << 20)).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void sizeMismatchIsAClearError() throws IOException {
        Path p = dir.resolve("f.bin");
        FlashStateFile.open(p, 1 << 20).flush();
        assertThatThrownBy(() -> FlashStateFile.open(p, 2 << 20)).hasMessageContaining("holds 1048576 bytes");
    }

    /** A JVM killed while flushing leaves the previous or the new snapshot, never a mix. */
    @Test
    void survivesAJvmKilledMidWrite() throws Exception {
        Path p = dir.resolve("crash.bin");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < 3; round++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    StateFileCrashChild.class.getName(), p.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int lastSeen = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lastSeen = Integer.parseInt(line.substring("flushed ".length()));
                    if (lastSeen >= 3 + round) break;
                }
                Thread.sleep(7 * round + 3); // land the kill at different points of the next flush
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(lastSeen).as("child made progress").isGreaterThanOrEqualTo(3 + round);
            FlashStateFile f = FlashStateFile.open(p, 16L << 20);
            byte g = f.array()[0];
            assertThat(Byte.toUnsignedInt(g)).isGreaterThanOrEqualTo(lastSeen & 0xFF);
            for (int i = 0; i < (1 << 20); i += 4096) assertThat(f.array()[i]).isEqualTo(g);
            assertThat(f.registerImage()[1]).isEqualTo(g);
            assertThat(f.array()[1 << 20]).isEqualTo((byte) 0xFF);
            Files.deleteIfExists(p);
        }
        assertThat(new File(dir.toFile(), "crash.bin").exists()).isFalse();
    }

    private static void cmd(NorChip chip, int op) {
        chip.select();
        chip.instruction(op, PhaseFormat.S1);
        chip.deselect();
    }
}
