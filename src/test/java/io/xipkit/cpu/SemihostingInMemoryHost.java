package io.xipkit.cpu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A {@link SemihostingHost} backed by memory, for tests: files in a map, console in buffers. */
final class SemihostingInMemoryHost implements SemihostingHost {
    static final int STDIN = 0, STDOUT = 1, STDERR = 2;
    static final int ENOENT = 2, EBADF = 9;

    final Map<String, byte[]> files = new HashMap<>();
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final byte[] stdin;
    private int stdinPos;
    String commandLine = "prog arg1";
    long time = 1_700_000_000L;
    private int errno;
    private final Map<Integer, String> open = new HashMap<>();
    private final Map<Integer, Integer> pos = new HashMap<>();
    private int next = 3;

    SemihostingInMemoryHost(String stdinText) {
        this.stdin = stdinText.getBytes(StandardCharsets.ISO_8859_1);
    }

    String out() {
        return stdout.toString(StandardCharsets.ISO_8859_1);
    }

    String err() {
        return stderr.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public int open(String name, int mode) {
        if (name.equals(":tt")) return mode < 4 ? STDIN : mode < 8 ? STDOUT : STDERR;
        boolean write = mode >= 4;
        if (!write && !files.containsKey(name)) {
            errno = ENOENT;
            return -1;
        }
        if (write && mode < 8) files.put(name, new byte[0]);
        if (write) files.putIfAbsent(name, new byte[0]);
        int h = next++;
        open.put(h, name);
        pos.put(h, mode >= 8 ? files.get(name).length : 0);
        return h;
    }

    @Override
    public int close(int handle) {
        if (handle <= STDERR) return 0;
        if (open.remove(handle) == null) {
            errno = EBADF;
            return -1;
        }
        return 0;
    }

    @Override
    public int write(int handle, byte[] data, int length) {
        if (handle == STDOUT) {
            stdout.write(data, 0, length);
            return 0;
        }
        if (handle == STDERR) {
            stderr.write(data, 0, length);
            return 0;
        }
        String name = open.get(handle);
        if (name == null) {
            errno = EBADF;
            return -1;
        }
        byte[] old = files.get(name);
        int p = pos.get(handle);
        byte[] n = java.util.Arrays.copyOf(old, Math.max(old.length, p + length));
        System.arraycopy(data, 0, n, p, length);
        files.put(name, n);
        pos.put(handle, p + length);
        return 0;
    }

    @Override
    public int read(int handle, byte[] buffer, int length) {
        if (handle == STDIN) {
            int n = Math.min(length, stdin.length - stdinPos);
            System.arraycopy(stdin, stdinPos, buffer, 0, n);
            stdinPos += n;
            return n;
        }
        String name = open.get(handle);
        if (name == null) {
            errno = EBADF;
            return -1;
        }
        byte[] f = files.get(name);
        int p = pos.get(handle);
        int n = Math.max(0, Math.min(length, f.length - p));
        System.arraycopy(f, p, buffer, 0, n);
        pos.put(handle, p + n);
        return n;
    }

    @Override
    public int readc() {
        return stdinPos < stdin.length ? stdin[stdinPos++] & 0xFF : -1;
    }

    @Override
    public int isTty(int handle) {
        return handle <= STDERR ? 1 : 0;
    }

    @Override
    public int seek(int handle, long position) {
        if (!open.containsKey(handle)) {
            errno = EBADF;
            return -1;
        }
        pos.put(handle, (int) position);
        return 0;
    }

    @Override
    public long length(int handle) {
        String name = open.get(handle);
        if (name == null) {
            errno = EBADF;
            return -1;
        }
        return files.get(name).length;
    }

    @Override
    public int remove(String name) {
        if (files.remove(name) == null) {
            errno = ENOENT;
            return -1;
        }
        return 0;
    }

    @Override
    public int rename(String from, String to) {
        byte[] f = files.remove(from);
        if (f == null) {
            errno = ENOENT;
            return -1;
        }
        files.put(to, f);
        return 0;
    }

    @Override
    public long timeSeconds() {
        return time;
    }

    @Override
    public String commandLine() {
        return commandLine;
    }

    @Override
    public int errno() {
        return errno;
    }
}
