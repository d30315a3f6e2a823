package io.xipkit.tools.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file system that fills up, without root or a small tmpfs: state-file writes reach the real
 * file until {@code budget} of them have been made; every write after that goes to {@code /dev/full},
 * whose driver answers every write with ENOSPC, so the error the state file sees is the kernel's
 * own "No space left on device", as on a full disk.
 */
public final class FillingFileSystem implements StateStore.Opener {
    private long budget;
    private long writes;

    public FillingFileSystem(long budget) {
        this.budget = budget;
    }

    /** Writes that reached the files so far. */
    public long writes() {
        return writes;
    }

    @Override
    public StateStore open(Path file, FileChannel channel) throws IOException {
        StateStore real = StateStore.FILE.open(file, channel);
        FileChannel full = FileChannel.open(Path.of("/dev/full"), StandardOpenOption.WRITE);
        return new StateStore() {
            @Override
            public void write(long position, byte[] bytes, int from, int length) throws IOException {
                if (budget > 0) {
                    budget--;
                    writes++;
                    real.write(position, bytes, from, length);
                } else {
                    full.write(ByteBuffer.wrap(bytes, from, length), position);
                }
            }

            @Override
            public void force() throws IOException {
                real.force();
            }

            @Override
            public void close() throws IOException {
                full.close();
                real.close();
            }
        };
    }
}
