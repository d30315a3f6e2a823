package io.xipkit.tools.state;

import io.xipkit.bus.NonVolatileMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A board's persistent state under {@code --state DIR}: one {@link FlashStateFile} per flash
 * memory of the board ({@code DIR/<name>.flash}: internal flash banks with their option bytes,
 * every external chip), each written through operation by operation, so a run stopped in any way
 * leaves the directory as the board's flash was (see FlashStateFile for the guarantee), and the
 * file {@code DIR/board} naming the board the flash belongs to. One run at a time: {@code DIR/lock}
 * is locked while the directory is open.
 *
 * <p>Everything that can be wrong with the directory (not a directory, not writable, another
 * board's) is found when it is opened, before the board runs, as an {@link IOException} whose
 * message a user can act on; the messages say "it" for the directory, which the caller names.
 */
public final class StateDirectory implements AutoCloseable {
    /** The file naming the board; its content is one line, the board id. */
    public static final String BOARD_FILE = "board";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private final Path dir;
    private final Map<String, FlashStateFile> files = new LinkedHashMap<>();
    /** Held while the directory is in use: two runs writing the same flash would interleave. */
    private final FileChannel lockChannel;
    private final java.nio.channels.FileLock lock;
    private final StateStore.Opener stores;

    /**
     * Opens (creating it if needed) the state directory of board {@code boardId}.
     *
     * @throws IOException the path is not a directory, cannot be created or written, holds the
     *                     state of another board, or is in use by another run
     */
    public StateDirectory(Path dir, String boardId) throws IOException {
        this(dir, boardId, StateStore.FILE);
    }

    /** The same, with the flash files written through {@code stores} (tests: a file system that fills up). */
    public StateDirectory(Path dir, String boardId, StateStore.Opener stores) throws IOException {
        this.dir = dir;
        this.stores = stores;
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IOException("it is not a directory");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("it cannot be created (" + reason(e) + ")");
        }
        Path marker = dir.resolve(BOARD_FILE);
        if (Files.exists(marker)) {
            String owner = Files.readString(marker, StandardCharsets.UTF_8).strip();
            if (!owner.equals(boardId)) {
                throw new IOException("it holds the flash of board " + owner + ", not " + boardId
                        + "; give another directory (or delete this one)");
            }
            if (!Files.isWritable(dir) || !Files.isWritable(marker)) throw new IOException("it cannot be written (permission denied)");
        } else {
            writeAtomically(marker, boardId + "\n");
        }
        // The lock is the operating system's (fcntl): it goes away with the process, however it ends.
        lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            l = null; // held by this JVM: another board of this process uses the directory
        }
        if (l == null) {
            lockChannel.close();
            throw new IOException("it is in use by another xipkit run; give another directory");
        }
        lock = l;
    }

    public Path path() {
        return dir;
    }

    /** Writes {@code text} to a temporary file, forces it, renames it over {@code target}. */
    private static void writeAtomically(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("it cannot be written (" + reason(e) + ")");
        }
        forceDirectory(dir);
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Forces a directory's entries (a rename, a new file) to disk where the platform allows it. */
    static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; the rename itself is still atomic there.
        }
    }

    /** The persistent memory called {@code name}; opened once, then shared. */
    public NonVolatileMemory open(String name, long size) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("bad state name: " + name);
        FlashStateFile f = files.get(name);
        if (f != null) {
            if (f.size() != size) {
                throw new UncheckedIOException(new IOException("state " + name + " opened with two sizes"));
            }
            return f;
        }
        try {
            f = FlashStateFile.open(dir.resolve(name + ".flash"), size, stores);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put(name, f);
        return f;
    }

    /**
     * Forces every memory to disk (see FlashStateFile: what survives a process crash is already
     * there; this is for a host power loss).
     */
    public void forceAll() {
        for (FlashStateFile f : files.values()) f.force();
    }

    /** Forces every memory to disk and lets another run use the directory. */
    @Override
    public void close() {
        try {
            forceAll();
        } finally {
            for (FlashStateFile f : files.values()) f.close();
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The channel is closed either way; the lock goes with it.
        }
    }
}
