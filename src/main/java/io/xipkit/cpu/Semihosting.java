package io.xipkit.cpu;

import java.nio.charset.StandardCharsets;

/**
 * Decodes semihosting calls (BKPT 0xAB, operation in R0, parameter block address in R1) into
 * host requests. Operation numbers and parameter blocks: Arm "Semihosting for AArch32 and
 * AArch64" (version 3), chapter 6. Behaviour that the specification leaves to the host follows
 * QEMU 7.2 (semihosting/arm-compat-semi.c) so exit codes and newlib's rdimon behave the same:
 * the ":semihosting-features" file reports SH_EXT_EXIT_EXTENDED and SH_EXT_STDOUT_STDERR.
 *
 * <p>The guest's file handles are allocated here; each maps to a host handle (from
 * {@link SemihostingHost#open}) or to the built-in features file, so the host never sees the
 * features file and handle numbers stay small and deterministic.
 */
public final class Semihosting {
    public static final int SYS_OPEN = 0x01;
    public static final int SYS_CLOSE = 0x02;
    public static final int SYS_WRITEC = 0x03;
    public static final int SYS_WRITE0 = 0x04;
    public static final int SYS_WRITE = 0x05;
    public static final int SYS_READ = 0x06;
    public static final int SYS_READC = 0x07;
    public static final int SYS_ISERROR = 0x08;
    public static final int SYS_ISTTY = 0x09;
    public static final int SYS_SEEK = 0x0A;
    public static final int SYS_FLEN = 0x0C;
    public static final int SYS_TMPNAM = 0x0D;
    public static final int SYS_REMOVE = 0x0E;
    public static final int SYS_RENAME = 0x0F;
    public static final int SYS_CLOCK = 0x10;
    public static final int SYS_TIME = 0x11;
    public static final int SYS_SYSTEM = 0x12;
    public static final int SYS_ERRNO = 0x13;
    public static final int SYS_GET_CMDLINE = 0x15;
    public static final int SYS_HEAPINFO = 0x16;
    public static final int SYS_EXIT = 0x18;
    public static final int SYS_EXIT_EXTENDED = 0x20;
    public static final int SYS_ELAPSED = 0x30;
    public static final int SYS_TICKFREQ = 0x31;

    /** ADP_Stopped_ApplicationExit: the reason code for a normal exit (spec 6.6 SYS_EXIT). */
    public static final int ADP_STOPPED_APPLICATION_EXIT = 0x20026;

    /** The magic file name of the semihosting extensions mechanism (spec 6.2.2 / "Semihosting Extensions"). */
    public static final String FEATURES_FILE = ":semihosting-features";
    /** "SHFB" magic then feature byte 0: SH_EXT_EXIT_EXTENDED (bit 0) | SH_EXT_STDOUT_STDERR (bit 1), as QEMU reports. */
    private static final byte[] FEATURES = {0x53, 0x48, 0x46, 0x42, 0x03};

    /** errno values reported to the guest (newlib numbering, which the guest's C library interprets). */
    static final int EBADF = 9, EINVAL = 22, ENOSYS = 88;

    /** Largest single transfer accepted; larger lengths are a guest bug, not a reason to allocate gigabytes. */
    private static final int MAX_TRANSFER = 16 << 20;

    private static final int FREE = 0, HOST = 1, FEATURES_KIND = 2;

    private final SemihostingHost host;
    /** Heap base, heap limit, stack base, stack limit reported by SYS_HEAPINFO (0 = let the C library choose). */
    private final int[] heapInfo;

    private int[] kind = new int[16];
    private int[] hostHandle = new int[16];
    private int[] position = new int[16];
    private int consoleHandle = -1;
    private int errno;

    public Semihosting(SemihostingHost host, int[] heapInfo) {
        this.host = host;
        this.heapInfo = heapInfo.clone();
    }

    /** Performs one call and returns the value for R0. */
    public int call(Core c, int op, int arg) {
        switch (op) {
            case SYS_OPEN: return open(c, arg);
            case SYS_CLOSE: return close(c.read32(arg));
            case SYS_WRITEC: {
                console(new byte[] {(byte) c.read8(arg)}, 1);
                return 0;
            }
            case SYS_WRITE0: {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                for (int a = arg; ; a++) {
                    int ch = c.read8(a);
                    if (ch == 0) break;
                    out.write(ch);
                }
                byte[] b = out.toByteArray();
                console(b, b.length);
                return 0;
            }
            case SYS_WRITE: return write(c, c.read32(arg), c.read32(arg + 4), c.read32(arg + 8));
            case SYS_READ: return read(c, c.read32(arg), c.read32(arg + 4), c.read32(arg + 8));
            case SYS_READC: return host.readc();
            case SYS_ISERROR: return c.read32(arg) < 0 ? 1 : 0;
            case SYS_ISTTY: {
                int h = c.read32(arg);
                if (!valid(h)) return fail(EBADF);
                return kind[h] == FEATURES_KIND ? 0 : host.isTty(hostHandle[h]);
            }
            case SYS_SEEK: return seek(c.read32(arg), c.read32(arg + 4));
            case SYS_FLEN: {
                int h = c.read32(arg);
                if (!valid(h)) return fail(EBADF);
                if (kind[h] == FEATURES_KIND) return FEATURES.length;
                long len = host.length(hostHandle[h]);
                return len < 0 ? hostFail() : (int) len;
            }
            case SYS_TMPNAM: return tmpnam(c, c.read32(arg), c.read32(arg + 4), c.read32(arg + 8));
            case SYS_REMOVE: {
                int r = host.remove(readString(c, c.read32(arg), c.read32(arg + 4)));
                return r != 0 ? hostFail() : 0;
            }
            case SYS_RENAME: {
                int r = host.rename(readString(c, c.read32(arg), c.read32(arg + 4)),
                        readString(c, c.read32(arg + 8), c.read32(arg + 12)));
                return r != 0 ? hostFail() : 0;
            }
            case SYS_CLOCK:
                // Centiseconds of virtual time since reset (spec 6.3 SYS_CLOCK).
                return (int) (c.nowPicos() / 10_000_000_000L);
            case SYS_TIME: return (int) host.timeSeconds();
            case SYS_SYSTEM:
                // Running host commands on behalf of firmware is refused.
                return fail(ENOSYS);
            case SYS_ERRNO: return errno;
            case SYS_GET_CMDLINE: return commandLine(c, arg);
            case SYS_HEAPINFO: {
                int block = c.read32(arg);
                for (int i = 0; i < 4; i++) c.write32(block + 4 * i, heapInfo[i]);
                return 0;
            }
            case SYS_EXIT: {
                // AArch32: R1 holds the reason code itself, not a parameter block; any reason other
                // than ApplicationExit is an error exit (QEMU: status 1).
                int status = arg == ADP_STOPPED_APPLICATION_EXIT ? 0 : 1;
                c.requestStop(new StopReason.Exited(status));
                return 0;
            }
            case SYS_EXIT_EXTENDED: {
                int reason = c.read32(arg);
                int subcode = c.read32(arg + 4);
                int status = reason == ADP_STOPPED_APPLICATION_EXIT ? subcode : 1;
                c.requestStop(new StopReason.Exited(status));
                return 0;
            }
            case SYS_ELAPSED: {
                // Ticks of SYS_TICKFREQ (1 GHz: nanoseconds of virtual time), like QEMU.
                long ticks = c.nowPicos() / 1000;
                c.write32(arg, (int) ticks);
                c.write32(arg + 4, (int) (ticks >>> 32));
                return 0;
            }
            case SYS_TICKFREQ: return 1_000_000_000;
            default: return fail(ENOSYS);
        }
    }

    // ---- handles ----------------------------------------------------------------------------------

    private boolean valid(int h) {
        return h > 0 && h < kind.length && kind[h] != FREE;
    }

    private int allocate(int k, int hostH) {
        for (int h = 1; ; h++) {
            if (h == kind.length) {
                kind = java.util.Arrays.copyOf(kind, h * 2);
                hostHandle = java.util.Arrays.copyOf(hostHandle, h * 2);
                position = java.util.Arrays.copyOf(position, h * 2);
            }
            if (kind[h] == FREE) {
                kind[h] = k;
                hostHandle[h] = hostH;
                position[h] = 0;
                return h;
            }
        }
    }

    private int open(Core c, int arg) {
        String name = readString(c, c.read32(arg), c.read32(arg + 8));
        int mode = c.read32(arg + 4);
        if (mode < 0 || mode > 11) return fail(EINVAL);
        if (name.equals(FEATURES_FILE)) {
            // Only readable ("r"/"rb"), as in QEMU.
            if (mode > 1) return fail(EINVAL);
            return allocate(FEATURES_KIND, -1);
        }
        int hh = host.open(name, mode);
        if (hh < 0) return hostFail();
        return allocate(HOST, hh);
    }

    private int close(int h) {
        if (!valid(h)) return fail(EBADF);
        int k = kind[h];
        kind[h] = FREE;
        if (k == HOST && host.close(hostHandle[h]) != 0) return hostFail();
        return 0;
    }

    private int write(Core c, int h, int addr, int len) {
        if (len < 0 || len > MAX_TRANSFER) return fail(EINVAL);
        if (!valid(h) || kind[h] != HOST) {
            errno = EBADF;
            return len;                       // nothing written
        }
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) b[i] = (byte) c.read8(addr + i);
        int notWritten = host.write(hostHandle[h], b, len);
        if (notWritten < 0) {
            errno = host.errno();
            return len;
        }
        return notWritten;
    }

    /** SYS_READ returns the number of bytes NOT read: 0 = all, len = end of file or error (QEMU). */
    private int read(Core c, int h, int addr, int len) {
        if (len < 0 || len > MAX_TRANSFER) return fail(EINVAL);
        if (!valid(h)) {
            errno = EBADF;
            return len;
        }
        byte[] b = new byte[len];
        int got;
        if (kind[h] == FEATURES_KIND) {
            got = Math.max(0, Math.min(len, FEATURES.length - position[h]));
            System.arraycopy(FEATURES, Math.min(position[h], FEATURES.length), b, 0, got);
            position[h] += got;
        } else {
            got = host.read(hostHandle[h], b, len);
            if (got < 0) {
                errno = host.errno();
                return len;
            }
        }
        for (int i = 0; i < got; i++) c.write8(addr + i, b[i]);
        return len - got;
    }

    private int seek(int h, int pos) {
        if (!valid(h)) return fail(EBADF);
        if (kind[h] == FEATURES_KIND) {
            if (pos < 0 || pos > FEATURES.length) return fail(EINVAL);
            position[h] = pos;
            return 0;
        }
        int r = host.seek(hostHandle[h], pos & 0xFFFFFFFFL);
        return r < 0 ? hostFail() : 0;
    }

    /** SYS_TMPNAM: a name unique per identifier (0–255), relative to the host's file directory. */
    private int tmpnam(Core c, int buf, int id, int size) {
        byte[] name = String.format("xipkit-tmp-%02x", id & 0xFF).getBytes(StandardCharsets.US_ASCII);
        if (name.length + 1 > size) return fail(EINVAL);
        for (int i = 0; i < name.length; i++) c.write8(buf + i, name[i]);
        c.write8(buf + name.length, 0);
        return 0;
    }

    private int commandLine(Core c, int arg) {
        int buf = c.read32(arg);
        int size = c.read32(arg + 4);
        byte[] cmd = host.commandLine().getBytes(StandardCharsets.UTF_8);
        if (cmd.length + 1 > size) return fail(EINVAL);
        for (int i = 0; i < cmd.length; i++) c.write8(buf + i, cmd[i]);
        c.write8(buf + cmd.length, 0);
        c.write32(arg + 4, cmd.length);
        return 0;
    }

    /** WRITEC/WRITE0 go to the debug console: the host's ":tt" opened for writing (stdout). */
    private void console(byte[] data, int length) {
        if (consoleHandle < 0) consoleHandle = host.open(":tt", 4);
        if (consoleHandle >= 0) host.write(consoleHandle, data, length);
    }

    private int fail(int e) {
        errno = e;
        return -1;
    }

    private int hostFail() {
        errno = host.errno();
        return -1;
    }

    private static String readString(Core c, int address, int length) {
        if (length < 0 || length > MAX_TRANSFER) throw new CpuFault(FaultKind.PRECISERR, address, true);
        byte[] b = new byte[length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) c.read8(address + i);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
