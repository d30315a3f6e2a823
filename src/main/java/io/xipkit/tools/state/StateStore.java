package io.xipkit.tools.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Where a {@link FlashStateFile} writes its bytes. Writes are positional {@code write(2)} calls,
 * not stores into a memory mapping: both land in the kernel's page cache at once (so a killed JVM
 * loses nothing), but a write into a sparse file on a full file system fails with an
 * {@link IOException} (ENOSPC) that the run can report, where a store into a mapping would raise
 * SIGBUS (an {@code InternalError} at an arbitrary later instruction).
 */
public interface StateStore extends AutoCloseable {
    /** Writes {@code length} bytes of {@code bytes} from {@code from} at {@code position} of the file. */
    void write(long position, byte[] bytes, int from, int length) throws IOException;

    /** Writes what the kernel holds of the file to the disk ({@code fdatasync}). */
    void force() throws IOException;

    @Override
    void close() throws IOException;

    /** Opens the store of a state file that exists and has its final length. */
    @FunctionalInterface
    interface Opener {
        StateStore open(Path file, FileChannel channel) throws IOException;
    }

    /** The file itself, through its channel. */
    Opener FILE = (file, channel) -> new StateStore() {
        @Override
        public void write(long position, byte[] bytes, int from, int length) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(bytes, from, length);
            while (b.hasRemaining()) channel.write(b, position + b.position() - from);
        }

        @Override
        public void force() throws IOException {
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    };
}
