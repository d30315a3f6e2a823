package io.xipkit.tools.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A change of the flash could not be written to its state file (a full file system, an I/O
 * error). The file still holds every change before this one, complete (see FlashStateFile); the
 * run must stop, since the board's flash and the file now differ.
 */
public final class StateWriteException extends UncheckedIOException {
    private final Path file;

    StateWriteException(Path file, IOException cause) {
        super("cannot write " + file.getFileName() + " (" + reason(cause) + ")", cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
