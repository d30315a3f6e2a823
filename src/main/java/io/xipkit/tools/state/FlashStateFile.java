package io.xipkit.tools.state;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.devices.nor.NorStorage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * A flash memory's persistent state in a host file, written through operation by operation, so the
 * file always holds what the modelled flash holds.
 *
 * <p><b>Why write-through.</b> The model keeps reading and writing its plain {@code byte[]} (the
 * NOR and XIP read paths stay array reads); every completed change it reports
 * ({@link #arrayChanged}: a program, an erase, a loader write; {@link #metadataChanged}: option
 * bytes, non-volatile registers, erase counters) is written at once to the file with a positional
 * {@code write} ({@link StateStore}). A written byte is in the kernel's page cache the moment the
 * call returns, so it survives anything that happens to the JVM afterwards:
 * Ctrl-C, SIGTERM, a JVM crash or {@code kill -9} leave the file exactly as the flash was, at most
 * the change being copied at that instant is torn (each byte old or new), as an operation cut by a
 * power loss is on hardware. Only the bytes of the operation are copied, never the whole file.
 *
 * <p><b>A full file system</b> (the array is a sparse file, so a write can need a new block) makes
 * a write fail with ENOSPC: the change is reported as a {@link StateWriteException} and the run
 * stops; the file holds every change before it (the change counter is written after the change,
 * the register image goes to the other slot), so it is never corrupt, at most without the change
 * that failed. (Stores into a memory mapping of the file, the first design, turned a full disk
 * into SIGBUS, an internal error at an arbitrary later instruction.)
 *
 * <p><b>Host power loss</b> (or a kernel crash) is another matter: the page cache reaches the disk
 * when the kernel writes it back (Linux: within {@code vm.dirty_expire_centisecs}, 30 s by default)
 * or when we force it. {@link #force()} ({@code FileChannel.force}, an {@code fdatasync}) runs
 * after every change of the register image (option bytes, non-volatile configuration: rare and
 * precious), before every board reset (the runner's {@code beforeReset}) and when the run ends. After
 * a host power loss the file therefore holds at least the state of the last force, plus any later
 * operations the kernel had already written back (page by page, so not necessarily in order); the
 * layout never moves, so the file is never structurally damaged, and the register image is
 * double-buffered with a checksum (below), so it is one complete image, never a torn one.
 *
 * <p><b>Format</b> (big-endian, fixed layout, created complete and renamed into place atomically):
 * <ul>
 *   <li>0: magic {@code XIPKNOR2}; 8: array size (long); 16: erase unit (int, 4096); 20: number of
 *       units (int);</li>
 *   <li>64: changes persisted (long): incremented after each change is copied, so it never counts a
 *       change the file does not hold (the crash test's ground truth);</li>
 *   <li>128 and 256: the two register-image slots, each sequence (long), CRC-32 of sequence and image
 *       (int), 4 spare bytes, the 64-byte image. A change goes into the slot the next sequence number
 *       selects (sequence mod 2), image and checksum first, sequence last; loading takes the slot with
 *       the highest sequence whose checksum matches, so a torn slot falls back to the previous image;</li>
 *   <li>4096: the array, stored <em>complemented</em> (file byte = ~flash byte): a region never
 *       written is a hole of zeros in a sparse file and reads as erased flash, so a fresh 16 MiB chip
 *       costs no disk space, as the old snapshot format that omitted erased blocks did;</li>
 *   <li>4096 + size: the erase count of every 4 KiB unit (ints).</li>
 * </ul>
 */
public final class FlashStateFile extends ArrayNonVolatileMemory implements NorStorage {
    static final byte[] MAGIC = {'X', 'I', 'P', 'K', 'N', 'O', 'R', '2'};
    private static final byte[] OLD_MAGIC = {'X', 'I', 'P', 'K', 'N', 'O', 'R', '1'};
    static final int HEADER = 4096;
    static final int CHANGES_AT = 64;
    private static final int[] SLOTS = {128, 256};
    private static final int SLOT_IMAGE = 16;
    private static final int COPY_CHUNK = 1 << 16;

    private final Path path;
    private final FileChannel channel;
    private final StateStore store;
    private final int countsAt;
    /** What the file holds of the register image and the counters, to copy only what changed. */
    private final byte[] savedImage = new byte[REGISTER_IMAGE_BYTES];
    private final int[] savedCounts;
    private final byte[] scratch = new byte[COPY_CHUNK];
    private long imageSequence;
    private long changes;

    private FlashStateFile(Path path, long size, FileChannel channel, StateStore store) {
        super(size); // erased array, zero register image and counters; load() then fills them
        this.path = path;
        this.channel = channel;
        this.store = store;
        this.countsAt = HEADER + (int) size;
        this.savedCounts = new int[eraseCounts().length];
    }

    /**
     * Opens the state at {@code path}, creating a fresh erased part (atomically, so the file either
     * does not exist or is complete) if there is none yet.
     *
     * @throws IOException the file cannot be created, mapped or written, or is not a state file of
     *                     this size (the message says which)
     */
    public static FlashStateFile open(Path path, long size) throws IOException {
        return open(path, size, StateStore.FILE);
    }

    /** The same, writing through the store {@code opener} gives (tests: a file system that fills up). */
    static FlashStateFile open(Path path, long size, StateStore.Opener opener) throws IOException {
        long units = size / WEAR_UNIT;
        long length = HEADER + size + units * 4;
        if (length > Integer.MAX_VALUE) throw new IOException("flash of " + size + " bytes is too large for a state file");
        if (!Files.exists(path)) create(path, size, units, length);
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write " + path + " (permission denied)");
        }
        try {
            checkHeader(path, ch, size, units, length);
            FlashStateFile f = new FlashStateFile(path, size, ch, opener.open(path, ch));
            f.load();
            return f;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void create(Path path, long size, long units, long length) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(24);
            h.put(MAGIC).putLong(size).putInt(WEAR_UNIT).putInt((int) units).flip();
            while (h.hasRemaining()) ch.write(h);
            // Extending by writing the last byte leaves a hole: zeros that read as erased flash.
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), length - 1);
            ch.force(true);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write in " + dir + " (permission denied)");
        }
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + dir + " cannot rename atomically; flash state needs it", e);
        }
        StateDirectory.forceDirectory(dir);
    }

    private static void checkHeader(Path path, FileChannel ch, long size, long units, long length) throws IOException {
        java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(24);
        while (h.hasRemaining() && ch.read(h) >= 0) { /* fill */ }
        h.flip();
        byte[] magic = new byte[MAGIC.length];
        if (h.remaining() < 24) throw corrupt(path, "truncated header");
        h.get(magic);
        if (java.util.Arrays.equals(magic, OLD_MAGIC)) {
            throw new IOException(path + " is a snapshot written by an older xipkit (format XIPKNOR1); "
                    + "use a new --state directory");
        }
        if (!java.util.Arrays.equals(magic, MAGIC)) throw corrupt(path, "not a xipkit flash state file");
        long stored = h.getLong();
        if (stored != size) throw new IOException("flash state file " + path + " holds " + stored + " bytes, the part has " + size);
        if (h.getInt() != WEAR_UNIT || h.getInt() != units) throw corrupt(path, "unsupported erase unit");
        if (ch.size() != length) throw corrupt(path, "it is " + ch.size() + " bytes long, expected " + length);
    }

    private static IOException corrupt(Path path, String why) {
        return new IOException("flash state file " + path + " is corrupt (" + why + ")");
    }

    /** Reads {@code length} bytes at {@code position}: the file's length was checked, so all are there. */
    private java.nio.ByteBuffer read(long position, int length) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) throw corrupt(path, "shorter than its header says");
        }
        return b.flip();
    }

    private void load() throws IOException {
        byte[] a = array();
        for (int from = 0; from < a.length; from += COPY_CHUNK) {
            int n = Math.min(COPY_CHUNK, a.length - from);
            read(HEADER + from, n).get(a, from, n);
            for (int i = from; i < from + n; i++) a[i] = (byte) ~a[i];
        }
        int[] counts = eraseCounts();
        java.nio.ByteBuffer stored = read(countsAt, 4 * counts.length);
        for (int u = 0; u < counts.length; u++) {
            counts[u] = stored.getInt(4 * u);
            if (counts[u] < 0) throw corrupt(path, "negative erase count");
        }
        System.arraycopy(counts, 0, savedCounts, 0, counts.length);
        changes = read(CHANGES_AT, 8).getLong();
        imageSequence = -1;
        for (int slot : SLOTS) {
            java.nio.ByteBuffer slotBytes = read(slot, SLOT_IMAGE + REGISTER_IMAGE_BYTES);
            long seq = slotBytes.getLong(0);
            if (seq == 0 || seq <= imageSequence) continue;
            byte[] image = new byte[REGISTER_IMAGE_BYTES];
            slotBytes.get(SLOT_IMAGE, image);
            if (slotBytes.getInt(8) != slotChecksum(seq, image)) continue; // torn: the other slot holds the last image
            imageSequence = seq;
            System.arraycopy(image, 0, registerImage(), 0, image.length);
        }
        if (imageSequence < 0) imageSequence = 0; // never written: factory state (all zero)
        System.arraycopy(registerImage(), 0, savedImage, 0, savedImage.length);
    }

    private static int slotChecksum(long seq, byte[] image) {
        CRC32 crc = new CRC32();
        crc.update(java.nio.ByteBuffer.allocate(8).putLong(seq).array());
        crc.update(image);
        return (int) crc.getValue();
    }

    public Path path() {
        return path;
    }

    /** How many changes (array or metadata) this file has taken since it was created. */
    public long changesPersisted() {
        return changes;
    }

    /** Reads the change counter of a state file without opening it as a memory (crash tests). */
    public static long changesPersisted(java.nio.ByteBuffer fileStart) {
        return fileStart.getLong(CHANGES_AT);
    }

    @Override
    protected void written(long addr, long len) {
        byte[] a = array();
        int from = (int) addr;
        int end = (int) Math.min(a.length, addr + len);
        while (from < end) {
            int n = Math.min(COPY_CHUNK, end - from);
            for (int i = 0; i < n; i++) scratch[i] = (byte) ~a[from + i];
            write(HEADER + from, scratch, 0, n);
            from += n;
        }
        counted();
    }

    @Override
    public void metadataChanged() {
        int[] counts = eraseCounts();
        for (int u = 0; u < counts.length; u++) {
            if (counts[u] != savedCounts[u]) {
                write(countsAt + 4 * u, java.nio.ByteBuffer.allocate(4).putInt(counts[u]).array(), 0, 4);
                savedCounts[u] = counts[u];
            }
        }
        byte[] image = registerImage();
        if (!java.util.Arrays.equals(image, savedImage)) {
            long seq = imageSequence + 1;
            int slot = SLOTS[(int) (seq & 1)];
            write(slot + SLOT_IMAGE, image, 0, image.length);
            write(slot + 8, java.nio.ByteBuffer.allocate(4).putInt(slotChecksum(seq, image)).array(), 0, 4);
            write(slot, java.nio.ByteBuffer.allocate(8).putLong(seq).array(), 0, 8); // last: until here a load still takes the other slot
            imageSequence = seq;
            System.arraycopy(image, 0, savedImage, 0, image.length);
            counted();
            force(); // option bytes and non-volatile configuration: on disk before the model goes on
            return;
        }
        counted();
    }

    private void counted() {
        write(CHANGES_AT, java.nio.ByteBuffer.allocate(8).putLong(changes + 1).array(), 0, 8);
        changes++;
    }

    private void write(long position, byte[] bytes, int from, int length) {
        try {
            store.write(position, bytes, from, length);
        } catch (IOException e) {
            throw new StateWriteException(path, e);
        }
    }

    /** Writes every change made so far to the disk ({@code fdatasync}); see the class comment. */
    public void force() {
        try {
            store.force();
        } catch (IOException e) {
            throw new StateWriteException(path, e);
        }
    }

    /**
     * What the state file at {@code path} holds now, as an in-memory copy; the file is left as it is
     * ({@code monitor state restore} in gdb reads a state directory's files back this way).
     *
     * @throws IOException no such file, or not a state file of this size
     */
    public static ArrayNonVolatileMemory readCopy(Path path, long size) throws IOException {
        if (!Files.exists(path)) throw new IOException("no state file " + path);
        FlashStateFile f = open(path, size);
        try {
            ArrayNonVolatileMemory copy = new ArrayNonVolatileMemory(size);
            copy.syncFrom(f);
            return copy;
        } finally {
            f.close();
        }
    }

    /** Lets go of the file (after {@link #force()}); the memory must not change afterwards. */
    void close() {
        try {
            store.close();
            channel.close();
        } catch (IOException e) {
            // Closing a file whose every write has returned loses nothing.
        }
    }
}
