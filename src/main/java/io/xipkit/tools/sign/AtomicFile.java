package io.xipkit.tools.sign;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an output file whole or not at all: into a temporary file next to it, then renamed over
 * the target, so an error or a kill never leaves a half-written image where the old one was.
 */
public final class AtomicFile {
    private AtomicFile() {}

    public static void write(Path target, byte[] content) throws SignException {
        write(target, content, false);
    }

    /** As {@link #write(Path, byte[])}, readable by the owner only where the file system has POSIX permissions (keys). */
    public static void writePrivate(Path target, byte[] content) throws SignException {
        write(target, content, true);
    }

    private static void write(Path target, byte[] content, boolean ownerOnly) throws SignException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            if (ownerOnly && Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            Files.write(tmp, content);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new SignException("cannot write " + target + ": " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is what the user needs to see
                }
            }
        }
    }
}
