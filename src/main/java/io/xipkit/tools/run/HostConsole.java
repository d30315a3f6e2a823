package io.xipkit.tools.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the host knows about the streams behind the semihosting console, for SYS_ISTTY and
 * SYS_FLEN on a {@code ":tt"} handle. QEMU (semihosting/syscalls.c, host_isatty / host_flen)
 * answers them with isatty() and fstat().st_size of its own standard stream: 1 only on a
 * terminal, and the size of the file standard output is redirected to (0 for a pipe, a
 * terminal or /dev/null). A stream is named by its POSIX descriptor number 0, 1 or 2.
 */
public interface HostConsole {
    /** Whether descriptor {@code fd} is a terminal. */
    boolean isTerminal(int fd);

    /** What fstat reports as the size of descriptor {@code fd}. */
    long length(int fd);

    /** Streams that are not the process's own, such as a test's byte buffers: like a pipe. */
    HostConsole PIPE = new HostConsole() {
        @Override
        public boolean isTerminal(int fd) {
            return false;
        }

        @Override
        public long length(int fd) {
            return 0;
        }
    };

    /**
     * The answers for the given streams: the process's descriptors where a stream is the
     * process's own standard stream (System.in/out/err), a pipe otherwise.
     */
    static HostConsole of(InputStream in, PrintStream out, PrintStream err) {
        boolean[] own = {in == System.in, out == System.out, err == System.err};
        return new HostConsole() {
            @Override
            public boolean isTerminal(int fd) {
                return own[fd] && processTerminal(fd);
            }

            @Override
            public long length(int fd) {
                return own[fd] ? processLength(fd) : 0;
            }
        };
    }

    /** Whether the process's descriptor is a terminal, seen through Linux's /proc/self/fd. */
    private static boolean processTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(fd))).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            // No /proc: the JDK knows whether stdin and stdout are both a terminal.
            return fd != 2 && System.console() != null;
        }
    }

    /** fstat's size of the process's descriptor: a regular file's length, else 0. */
    private static long processLength(int fd) {
        Path link = Path.of("/proc/self/fd", Integer.toString(fd));
        try {
            return Files.isRegularFile(link) ? Files.size(link) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
