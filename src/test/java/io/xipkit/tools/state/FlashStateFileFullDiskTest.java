package io.xipkit.tools.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full file system under a state file: the write that does not fit is a StateWriteException
 * naming the file and the kernel's reason, and the file keeps every change before it, uncorrupted
 * (it opens again and holds exactly those changes).
 */
class FlashStateFileFullDiskTest {
    @TempDir
    Path dir;

    @Test
    void theChangeThatDoesNotFitFailsAndTheFileKeepsEveryChangeBeforeIt() throws IOException {
        Path p = dir.resolve("flash-bank1.flash");
        FillingFileSystem fs = new FillingFileSystem(Long.MAX_VALUE);
        FlashStateFile f = FlashStateFile.open(p, 128 << 10, fs);
        f.array()[0x10] = 0x11;
        f.arrayChanged(0x10, 1);
        f.registerImage()[0] = 0x42;
        f.metadataChanged();
        long changes = f.changesPersisted();
        byte[] before = f.array().clone();

        FillingFileSystem full = new FillingFileSystem(0);
        FlashStateFile g = FlashStateFile.open(p, 128 << 10, full);
        Arrays.fill(g.array(), 0x8000, 0x9000, (byte) 0);
        assertThatThrownBy(() -> g.arrayChanged(0x8000, 0x1000)).isInstanceOf(StateWriteException.class)
                .hasMessage("cannot write flash-bank1.flash (No space left on device)");
        g.registerImage()[0] = 0x43;
        assertThatThrownBy(g::metadataChanged).isInstanceOf(StateWriteException.class)
                .hasMessage("cannot write flash-bank1.flash (No space left on device)");

        FlashStateFile again = FlashStateFile.open(p, 128 << 10);
        assertThat(again.array()).isEqualTo(before);
        assertThat(again.registerImage()[0]).isEqualTo((byte) 0x42);
        assertThat(again.changesPersisted()).isEqualTo(changes);
    }

    @Test
    void aChangeCutByTheFullDiskHalfWayIsNotCounted() throws IOException {
        Path p = dir.resolve("chip.flash");
        // One write fits: the array bytes of the change; its counter update does not.
        FlashStateFile f = FlashStateFile.open(p, 64 << 10, new FillingFileSystem(1));
        f.array()[0] = 0x5A;
        assertThatThrownBy(() -> f.arrayChanged(0, 1)).isInstanceOf(StateWriteException.class);
        FlashStateFile again = FlashStateFile.open(p, 64 << 10);
        assertThat(again.changesPersisted()).isZero(); // never counts a change the file may not hold whole
        assertThat(again.array()[0]).isEqualTo((byte) 0x5A); // at most the change in flight, as a power cut
    }
}
