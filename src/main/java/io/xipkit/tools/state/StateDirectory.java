package io.xipkit.tools.state;

import io.xipkit.bus.NonVolatileMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A board's persistent state under {@code --state DIR}: one {@link FlashStateFile} per flash
 * memory of the board ({@code DIR/<name>.flash}: internal flash banks with their option bytes,
 * every external chip), so a board keeps its flash between runs like hardware. Each file is
 * replaced atomically on {@link #flushAll()}, so a killed JVM leaves every file as it was at the
 * last flush, never half-written (see FlashStateFile for the format and the guarantee).
 */
public final class StateDirectory {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private final Path dir;
    private final Map<String, FlashStateFile> files = new LinkedHashMap<>();

    public StateDirectory(Path dir) throws IOException {
        this.dir = dir;
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IOException("state path " + dir + " is not a directory");
        Files.createDirectories(dir);
    }

    public Path path() {
        return dir;
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
            f = FlashStateFile.open(dir.resolve(name + ".flash"), size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put(name, f);
        return f;
    }

    /** Writes every changed memory to its file (atomically, one file at a time). */
    public void flushAll() throws IOException {
        for (FlashStateFile f : files.values()) {
            if (f.isDirty()) f.flush();
        }
    }
}
