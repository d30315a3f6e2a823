package io.xipkit.cpu;

import java.nio.charset.StandardCharsets;

/**
 * Decodes semihosting calls (BKPT 0xAB, operation in R0, parameter block address in R1) into
 * host requests. Operation numbers: Arm "Semihosting for AArch32 and AArch64", section 5.
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

    /** ADP_Stopped_ApplicationExit: the reason code for a normal exit (spec 5.17). */
    public static final int ADP_STOPPED_APPLICATION_EXIT = 0x20026;

    private final SemihostingHost host;
    /** Heap base, heap limit, stack base, stack limit reported by SYS_HEAPINFO (0 = let the C library choose). */
    private final int[] heapInfo;

    public Semihosting(SemihostingHost host, int[] heapInfo) {
        this.host = host;
        this.heapInfo = heapInfo.clone();
    }

    /** Performs one call and returns the value for R0. */
    public int call(Core c, int op, int arg) {
        switch (op) {
            case SYS_OPEN: {
                String name = readString(c, c.read32(arg), c.read32(arg + 8));
                return host.open(name, c.read32(arg + 4));
            }
            case SYS_CLOSE:
                return host.close(c.read32(arg));
            case SYS_WRITEC: {
                byte[] b = {(byte) c.read8(arg)};
                host.write(1, b, 1);
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
                host.write(1, b, b.length);
                return 0;
            }
            case SYS_WRITE: {
                int handle = c.read32(arg);
                int addr = c.read32(arg + 4);
                int len = c.read32(arg + 8);
                byte[] b = new byte[len];
                for (int i = 0; i < len; i++) b[i] = (byte) c.read8(addr + i);
                return host.write(handle, b, len);
            }
            case SYS_READ: {
                int handle = c.read32(arg);
                int addr = c.read32(arg + 4);
                int len = c.read32(arg + 8);
                byte[] b = new byte[len];
                int got = host.read(handle, b, len);
                if (got < 0) return len;
                for (int i = 0; i < got; i++) c.write8(addr + i, b[i]);
                return len - got;
            }
            case SYS_READC:
                return host.readc();
            case SYS_ISERROR:
                return c.read32(arg) < 0 ? 1 : 0;
            case SYS_ISTTY:
                return host.isTty(c.read32(arg));
            case SYS_SEEK:
                return host.seek(c.read32(arg), c.read32(arg + 4) & 0xFFFFFFFFL);
            case SYS_FLEN:
                return (int) host.length(c.read32(arg));
            case SYS_REMOVE:
                return host.remove(readString(c, c.read32(arg), c.read32(arg + 4)));
            case SYS_RENAME:
                return host.rename(readString(c, c.read32(arg), c.read32(arg + 4)),
                        readString(c, c.read32(arg + 8), c.read32(arg + 12)));
            case SYS_CLOCK:
                // Centiseconds of virtual time since reset.
                return (int) (c.nowPicos() / 10_000_000_000L);
            case SYS_TIME:
                return (int) host.timeSeconds();
            case SYS_ERRNO:
                return host.errno();
            case SYS_GET_CMDLINE: {
                int buf = c.read32(arg);
                int size = c.read32(arg + 4);
                byte[] cmd = host.commandLine().getBytes(StandardCharsets.UTF_8);
                if (cmd.length + 1 > size) return -1;
                for (int i = 0; i < cmd.length; i++) c.write8(buf + i, cmd[i]);
                c.write8(buf + cmd.length, 0);
                c.write32(arg + 4, cmd.length);
                return 0;
            }
            case SYS_HEAPINFO: {
                int block = c.read32(arg);
                for (int i = 0; i < 4; i++) c.write32(block + 4 * i, heapInfo[i]);
                return 0;
            }
            case SYS_EXIT: {
                // AArch32: R1 holds the reason code itself, not a parameter block.
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
                long ticks = c.cycles;
                c.write32(arg, (int) ticks);
                c.write32(arg + 4, (int) (ticks >>> 32));
                return 0;
            }
            case SYS_TICKFREQ:
                return (int) c.clockHz();
            default:
                return -1;
        }
    }

    private static String readString(Core c, int address, int length) {
        byte[] b = new byte[Math.max(0, length)];
        for (int i = 0; i < b.length; i++) b[i] = (byte) c.read8(address + i);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
