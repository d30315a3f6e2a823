package io.xipkit.tools.state;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.devices.nor.NorStorage;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A flash chip's persistent state in a host file, so a board keeps its flash between runs.
 *
 * <p><b>Format</b> (big-endian): magic {@code XIPKNOR1}, array size (long), block size (int,
 * 4096), the 64-byte non-volatile register image, the erase counter of every 4 KiB unit (ints),
 * the number of stored blocks, then each block that is not fully erased as (index int, 4096
 * bytes), and a CRC-32 of everything before it (long). Erased blocks are not stored: a fresh or
 * mostly empty part costs a few bytes, and anything absent reads FFh.
 *
 * <p><b>Crash safety</b>: the file is never modified in place. {@link #flush()} writes a complete
 * new snapshot to a temporary file in the same directory, forces it to disk
 * ({@code FileChannel.force}), atomically renames it over the old file ({@code ATOMIC_MOVE}, a
 * POSIX {@code rename}), then forces the directory. A crash before the rename leaves the old
 * snapshot; after it, the new one. A stale temporary file is ignored and deleted by the next
 * flush. The checksum additionally turns a file damaged by other means (a disk error, a copy cut
 * short) into a clear error instead of silently wrong contents.
 *
 * <p>What is durable is the last {@code flush()}: the runner flushes at exit and at its
 * checkpoints; changes after the last flush are lost in a host crash, like data still in a write
 * buffer, but the file always holds one consistent earlier state.
 */
public final class FlashStateFile extends ArrayNonVolatileMemory implements NorStorage {
    private static final byte[] MAGIC = {'X', 'I', 'P', 'K', 'N', 'O', 'R', '1'};
    private static final int BLOCK = WEAR_UNIT;

    private final Path path;
    private boolean dirty;

    private FlashStateFile(Path path, long size) {
        super(size); // erased array, zero register image and counters; load() then fills them
        this.path = path;
    }

    /** Opens the state at {@code path}, or a fresh erased part if the file does not exist yet. */
    public static FlashStateFile open(Path path, long size) throws IOException {
        FlashStateFile f = new FlashStateFile(path, size);
        if (Files.exists(path)) f.load();
        else f.dirty = true;
        return f;
    }

    public Path path() {
        return path;
    }

    public boolean isDirty() {
        return dirty;
    }

    private void load() throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream raw = Files.newInputStream(path);
             CheckedInputStream cin = new CheckedInputStream(new java.io.BufferedInputStream(raw, 1 << 16), crc);
             DataInputStream in = new DataInputStream(cin)) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) throw corrupt("not a xipkit flash state file");
            long size = in.readLong();
            if (size != array().length) {
                throw new IOException("flash state file " + path + " holds " + size + " bytes, the part has " + array().length);
            }
            if (in.readInt() != BLOCK) throw corrupt("unsupported block size");
            in.readFully(registerImage());
            int units = in.readInt();
            if (units != eraseCounts().length) throw corrupt("erase counter table has the wrong length");
            for (int i = 0; i < units; i++) eraseCounts()[i] = in.readInt();
            int blocks = in.readInt();
            if (blocks < 0 || blocks > units) throw corrupt("bad block count");
            for (int i = 0; i < blocks; i++) {
                int idx = in.readInt();
                if (idx < 0 || idx >= units) throw corrupt("block index out of range");
                in.readFully(array(), idx * BLOCK, BLOCK);
            }
            long expected = crc.getValue();
            long stored = in.readLong();
            if (stored != expected) throw corrupt("checksum mismatch");
        } catch (java.io.EOFException e) {
            throw corrupt("truncated");
        }
    }

    private IOException corrupt(String why) {
        return new IOException("flash state file " + path + " is corrupt (" + why + ")");
    }

    /** Writes a new snapshot if anything changed since the last one (see class comment). */
    public void flush() throws IOException {
        if (!dirty) return;
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream raw = Channels.newOutputStream(ch);
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
            out.write(MAGIC);
            out.writeLong(array().length);
            out.writeInt(BLOCK);
            out.write(registerImage());
            out.writeInt(eraseCounts().length);
            ByteBuffer counts = ByteBuffer.allocate(eraseCounts().length * 4);
            counts.asIntBuffer().put(eraseCounts());
            out.write(counts.array());
            int used = 0;
            for (int b = 0; b < eraseCounts().length; b++) if (!erased(b)) used++;
            out.writeInt(used);
            for (int b = 0; b < eraseCounts().length; b++) {
                if (erased(b)) continue;
                out.writeInt(b);
                out.write(array(), b * BLOCK, BLOCK);
            }
            out.flush();
            long sum = crc.getValue();
            ByteBuffer trailer = ByteBuffer.allocate(8).putLong(sum).flip();
            while (trailer.hasRemaining()) ch.write(trailer);
            ch.force(true);
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + dir + " cannot rename atomically; flash state needs it", e);
        }
        forceDirectory(dir);
        dirty = false;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; the rename itself is still atomic there.
        }
    }

    private boolean erased(int block) {
        int from = block * BLOCK;
        byte[] a = array();
        for (int i = from; i < from + BLOCK; i++) if (a[i] != (byte) 0xFF) return false;
        return true;
    }

    @Override
    public void arrayChanged(long addr, long len) {
        dirty = true;
    }

    @Override
    public void metadataChanged() {
        dirty = true;
    }
}
