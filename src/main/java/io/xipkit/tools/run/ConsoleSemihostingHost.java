package io.xipkit.tools.run;

import io.xipkit.cpu.SemihostingHost;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Semihosting on the host: the console ({@code ":tt"}) is the given input and output streams,
 * other names are files relative to a working directory.
 *
 * <p>Conventions follow the Arm "Semihosting for AArch32 and AArch64" specification, section
 * 5.5 SYS_OPEN: modes 0–3 ("r", "rb", "r+", "r+b") open {@code :tt} as standard input, 4–7
 * ("w"...) as standard output, 8–11 ("a"...) as standard error. Handles are small integers
 * from 1, lowest free first (as QEMU allocates them), so a program sees the same handle values.
 * Error numbers are the newlib/Linux errno values (ENOENT 2, EBADF 9, EACCES 13, EINVAL 22).
 *
 * <p>SYS_TIME answers a fixed instant unless the caller gives another, so runs are reproducible.
 */
public final class ConsoleSemihostingHost implements SemihostingHost {
    /** 2026-01-01T00:00:00Z: the default answer to SYS_TIME. */
    public static final long DEFAULT_TIME_SECONDS = 1_767_225_600L;

    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EACCES = 13;
    static final int EINVAL = 22;

    private static final String[] FILE_MODES = {"r", "r", "rw", "rw", "w", "w", "w+", "w+", "a", "a", "a+", "a+"};

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Path workDir;
    private final long timeSeconds;
    private final String commandLine;
    private final HostConsole console;
    private final List<Object> handles = new ArrayList<>();
    private int errno;

    /** The console streams, in POSIX descriptor order (ordinal = descriptor number). */
    private enum Console { STDIN, STDOUT, STDERR }

    /**
     * The magic file ":semihosting-features" (Arm semihosting specification, 5.5.1 "Semihosting
     * extensions"): "SHFB" then one feature byte, bit 0 SH_EXT_EXIT_EXTENDED, bit 1
     * SH_EXT_STDOUT_STDERR. newlib reads it to decide whether exit(n) may pass n through
     * SYS_EXIT_EXTENDED; without it every non-zero exit status would become 1. QEMU offers both.
     */
    static final byte[] FEATURES = {0x53, 0x48, 0x46, 0x42, 0x03};

    /** An open in-memory read-only file and its position. */
    private static final class MemoryFile {
        final byte[] content;
        int position;

        MemoryFile(byte[] content) {
            this.content = content;
        }
    }

    /** An open host file and whether writes append. */
    private record HostFile(RandomAccessFile file, boolean append, boolean readable, boolean writable) {}

    public ConsoleSemihostingHost(InputStream in, PrintStream out, PrintStream err, Path workDir,
                                  long timeSeconds, String commandLine) {
        this(in, out, err, workDir, timeSeconds, commandLine, HostConsole.of(in, out, err));
    }

    /** With explicit answers for SYS_ISTTY and SYS_FLEN on the console streams. */
    public ConsoleSemihostingHost(InputStream in, PrintStream out, PrintStream err, Path workDir,
                                  long timeSeconds, String commandLine, HostConsole console) {
        this.console = console;
        this.in = in;
        this.out = out;
        this.err = err;
        this.workDir = workDir;
        this.timeSeconds = timeSeconds;
        this.commandLine = commandLine;
        handles.add(null); // handle 0 is never returned
    }

    private int allocate(Object h) {
        for (int i = 1; i < handles.size(); i++) {
            if (handles.get(i) == null) {
                handles.set(i, h);
                return i;
            }
        }
        handles.add(h);
        return handles.size() - 1;
    }

    private Object handle(int h) {
        return h > 0 && h < handles.size() ? handles.get(h) : null;
    }

    private int fail(int e) {
        errno = e;
        return -1;
    }

    @Override
    public int open(String name, int mode) {
        if (mode < 0 || mode > 11) return fail(EINVAL);
        if (name.equals(":tt")) {
            return allocate(mode < 4 ? Console.STDIN : mode < 8 ? Console.STDOUT : Console.STDERR);
        }
        if (name.equals(":semihosting-features")) {
            return mode <= 1 ? allocate(new MemoryFile(FEATURES)) : fail(EACCES);
        }
        Path path;
        try {
            path = workDir.resolve(name);
        } catch (InvalidPathException e) {
            return fail(ENOENT);
        }
        String m = FILE_MODES[mode];
        try {
            if (m.startsWith("r") && !Files.exists(path)) return fail(ENOENT);
            RandomAccessFile f = new RandomAccessFile(path.toFile(), m.equals("r") ? "r" : "rw");
            if (m.startsWith("w")) f.setLength(0);
            boolean append = m.startsWith("a");
            if (append) f.seek(f.length());
            return allocate(new HostFile(f, append, !m.equals("w") && !m.equals("a"), !m.equals("r")));
        } catch (FileNotFoundException e) {
            return fail(Files.exists(path) ? EACCES : ENOENT);
        } catch (IOException e) {
            return fail(EIO);
        }
    }

    @Override
    public int close(int handle) {
        Object h = handle(handle);
        if (h == null) return fail(EBADF);
        handles.set(handle, null);
        if (h instanceof HostFile f) {
            try {
                f.file().close();
            } catch (IOException e) {
                return fail(EIO);
            }
        }
        return 0;
    }

    @Override
    public int write(int handle, byte[] data, int length) {
        Object h = handle(handle);
        if (h == Console.STDOUT || h == Console.STDERR) {
            PrintStream s = h == Console.STDOUT ? out : err;
            s.write(data, 0, length);
            s.flush();
            return 0;
        }
        if (h instanceof HostFile f && f.writable()) {
            try {
                if (f.append()) f.file().seek(f.file().length());
                f.file().write(data, 0, length);
                return 0;
            } catch (IOException e) {
                errno = EIO;
                return length;
            }
        }
        errno = EBADF;
        return length;
    }

    @Override
    public int read(int handle, byte[] buffer, int length) {
        Object h = handle(handle);
        try {
            if (h == Console.STDIN) {
                out.flush();
                int n = in.read(buffer, 0, length);
                return Math.max(n, 0);
            }
            if (h instanceof HostFile f && f.readable()) {
                int n = f.file().read(buffer, 0, length);
                return Math.max(n, 0);
            }
            if (h instanceof MemoryFile f) {
                int n = Math.max(0, Math.min(length, f.content.length - f.position));
                System.arraycopy(f.content, f.position, buffer, 0, n);
                f.position += n;
                return n;
            }
        } catch (IOException e) {
            return fail(EIO);
        }
        return fail(EBADF);
    }

    @Override
    public int readc() {
        try {
            out.flush();
            return in.read();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public int isTty(int handle) {
        Object h = handle(handle);
        // As QEMU: isatty() of the host stream, so a redirected console is not a terminal.
        if (h instanceof Console c) return console.isTerminal(c.ordinal()) ? 1 : 0;
        if (h == null) errno = EBADF;
        return 0;
    }

    @Override
    public int seek(int handle, long position) {
        Object h = handle(handle);
        if (h instanceof MemoryFile f && position >= 0 && position <= f.content.length) {
            f.position = (int) position;
            return 0;
        }
        if (h instanceof HostFile f) {
            try {
                f.file().seek(position);
                return 0;
            } catch (IOException e) {
                return fail(EINVAL);
            }
        }
        return fail(h == null ? EBADF : EINVAL);
    }

    @Override
    public long length(int handle) {
        Object h = handle(handle);
        if (h instanceof MemoryFile f) return f.content.length;
        if (h instanceof Console c) {
            // As QEMU: fstat() of the host stream, so newlib's fstat(1) succeeds (size 0 for a pipe).
            return console.length(c.ordinal());
        }
        if (h instanceof HostFile f) {
            try {
                return f.file().length();
            } catch (IOException e) {
                return fail(EIO);
            }
        }
        return fail(h == null ? EBADF : EINVAL);
    }

    @Override
    public int remove(String name) {
        return pathOperation(() -> Files.delete(workDir.resolve(name)));
    }

    @Override
    public int rename(String from, String to) {
        return pathOperation(() -> Files.move(workDir.resolve(from), workDir.resolve(to), StandardCopyOption.REPLACE_EXISTING));
    }

    /** A file system change on the guest's behalf: 0, or -1 with errno ENOENT (no such file) or EACCES (anything else). */
    private int pathOperation(PathOperation operation) {
        try {
            operation.run();
            return 0;
        } catch (NoSuchFileException e) {
            return fail(ENOENT);
        } catch (IOException | InvalidPathException e) {
            return fail(EACCES);
        }
    }

    @FunctionalInterface
    private interface PathOperation {
        void run() throws IOException;
    }

    @Override
    public long timeSeconds() {
        return timeSeconds;
    }

    @Override
    public String commandLine() {
        return commandLine;
    }

    @Override
    public int errno() {
        return errno;
    }

    /** Closes every file still open (the console streams belong to the caller and stay open). */
    public void closeAll() {
        for (int i = 1; i < handles.size(); i++) {
            if (handles.get(i) instanceof HostFile f) {
                try {
                    f.file().close();
                } catch (IOException ignored) {
                    // Nothing useful to do: the run is over.
                }
            }
            handles.set(i, null);
        }
        out.flush();
        err.flush();
    }
}
