package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Semihosting operations as newlib's rdimon uses them, with QEMU 7.2's conventions. */
class SemihostingTest {
    private static final int BLOCK = 0x20000100, STR = 0x20000200, BUF = 0x20000400;
    private final ExceptionTestRig rig = new ExceptionTestRig(CoreVariant.CORTEX_M7);
    private final Core core = rig.core;
    private final SemihostingInMemoryHost host = new SemihostingInMemoryHost("typed\n");
    private final Semihosting sh = new Semihosting(host, new int[] {0x20010000, 0x20020000, 0x20030000, 0x20020000});

    {
        core.setSemihosting(sh);
    }

    /** BKPT 0xAB with R0 = op, R1 = arg, as the instruction does it. */
    private int call(int op, int arg) {
        core.r[0] = op;
        core.r[1] = arg;
        core.breakpoint(0xAB);
        return core.r[0];
    }

    private int block(int... words) {
        for (int i = 0; i < words.length; i++) rig.write32(BLOCK + 4 * i, words[i]);
        return BLOCK;
    }

    private int string(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) core.write8(STR + i, b[i]);
        core.write8(STR + b.length, 0);
        return b.length;
    }

    private int open(String name, int mode) {
        int len = string(name);
        return call(Semihosting.SYS_OPEN, block(STR, mode, len));
    }

    private byte[] memory(int a, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) core.read8(a + i);
        return b;
    }

    @Test
    void featuresFileReportsExitExtendedAndStdoutStderrLikeQemu() {
        int h = open(":semihosting-features", 0);
        assertThat(h).isPositive();
        assertThat(call(Semihosting.SYS_FLEN, block(h))).isEqualTo(5);
        assertThat(call(Semihosting.SYS_READ, block(h, BUF, 8))).as("bytes not read").isEqualTo(3);
        assertThat(memory(BUF, 5)).containsExactly('S', 'H', 'F', 'B', 0x03);
        assertThat(call(Semihosting.SYS_SEEK, block(h, 4))).isZero();
        assertThat(call(Semihosting.SYS_READ, block(h, BUF, 1))).isZero();
        assertThat(core.read8(BUF)).isEqualTo(3);
        assertThat(call(Semihosting.SYS_ISTTY, block(h))).isZero();
        assertThat(call(Semihosting.SYS_CLOSE, block(h))).isZero();
        assertThat(open(":semihosting-features", 4)).as("write mode refused").isEqualTo(-1);
    }

    @Test
    void consoleHandlesForStdoutAndStderrAndStdin() {
        int out = open(":tt", 4);
        int err = open(":tt", 8);
        int in = open(":tt", 0);
        string("hello");
        assertThat(call(Semihosting.SYS_WRITE, block(out, STR, 5))).isZero();
        assertThat(call(Semihosting.SYS_WRITE, block(err, STR, 3))).isZero();
        assertThat(host.out()).isEqualTo("hello");
        assertThat(host.err()).isEqualTo("hel");
        assertThat(call(Semihosting.SYS_ISTTY, block(out))).isEqualTo(1);
        assertThat(call(Semihosting.SYS_READ, block(in, BUF, 10))).isEqualTo(4);
        assertThat(new String(memory(BUF, 6), StandardCharsets.ISO_8859_1)).isEqualTo("typed\n");
    }

    @Test
    void writecWrite0AndReadc() {
        core.write8(BUF, 'A');
        call(Semihosting.SYS_WRITEC, BUF);
        string("bc\n");
        call(Semihosting.SYS_WRITE0, STR);
        assertThat(host.out()).isEqualTo("Abc\n");
        assertThat(call(Semihosting.SYS_READC, 0)).isEqualTo('t');
    }

    @Test
    void fileRoundTripSeekLengthRenameRemove() {
        int h = open("data.bin", 4);
        string("0123456789");
        assertThat(call(Semihosting.SYS_WRITE, block(h, STR, 10))).isZero();
        assertThat(call(Semihosting.SYS_CLOSE, block(h))).isZero();
        h = open("data.bin", 1);
        assertThat(call(Semihosting.SYS_FLEN, block(h))).isEqualTo(10);
        assertThat(call(Semihosting.SYS_SEEK, block(h, 6))).isZero();
        assertThat(call(Semihosting.SYS_READ, block(h, BUF, 8))).as("4 of 8 read").isEqualTo(4);
        assertThat(new String(memory(BUF, 4), StandardCharsets.ISO_8859_1)).isEqualTo("6789");
        call(Semihosting.SYS_CLOSE, block(h));

        int n1 = string("data.bin");
        byte[] to = "moved.bin\0".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < to.length; i++) core.write8(BUF + i, to[i]);
        assertThat(call(Semihosting.SYS_RENAME, block(STR, n1, BUF, 9))).isZero();
        assertThat(host.files).containsKey("moved.bin");
        int n2 = string("moved.bin");
        assertThat(call(Semihosting.SYS_REMOVE, block(STR, n2))).isZero();
        assertThat(host.files).isEmpty();
    }

    @Test
    void failedOpenSetsErrnoAndBadHandleIsEbadf() {
        assertThat(open("missing.txt", 0)).isEqualTo(-1);
        assertThat(call(Semihosting.SYS_ERRNO, 0)).isEqualTo(SemihostingInMemoryHost.ENOENT);
        assertThat(call(Semihosting.SYS_CLOSE, block(42))).isEqualTo(-1);
        assertThat(call(Semihosting.SYS_ERRNO, 0)).isEqualTo(Semihosting.EBADF);
        rig.write32(BUF, -1);
        assertThat(call(Semihosting.SYS_ISERROR, BUF)).isEqualTo(1);
    }

    @Test
    void systemIsRefused() {
        int n = string("rm -rf /");
        assertThat(call(Semihosting.SYS_SYSTEM, block(STR, n))).isEqualTo(-1);
        assertThat(call(Semihosting.SYS_ERRNO, 0)).isEqualTo(Semihosting.ENOSYS);
    }

    @Test
    void exitExtendedCarriesTheStatusAndPlainExitMapsReasons() {
        call(Semihosting.SYS_EXIT_EXTENDED, block(Semihosting.ADP_STOPPED_APPLICATION_EXIT, 3));
        assertThat(core.run(10, Long.MAX_VALUE)).isEqualTo(new StopReason.Exited(3));
        call(Semihosting.SYS_EXIT, Semihosting.ADP_STOPPED_APPLICATION_EXIT);
        assertThat(core.run(10, Long.MAX_VALUE)).isEqualTo(new StopReason.Exited(0));
        call(Semihosting.SYS_EXIT, 0x20023);                       // ADP_Stopped_RunTimeError (abort)
        assertThat(core.run(10, Long.MAX_VALUE)).isEqualTo(new StopReason.Exited(1));
    }

    @Test
    void commandLineHeapInfoAndTmpnam() {
        assertThat(call(Semihosting.SYS_GET_CMDLINE, block(BUF, 64))).isZero();
        assertThat(new String(memory(BUF, 9), StandardCharsets.ISO_8859_1)).isEqualTo("prog arg1");
        assertThat(rig.read32(BLOCK + 4)).isEqualTo(9);
        assertThat(call(Semihosting.SYS_GET_CMDLINE, block(BUF, 4))).as("buffer too small").isEqualTo(-1);

        rig.write32(0x20000300, BUF);
        assertThat(call(Semihosting.SYS_HEAPINFO, 0x20000300)).isZero();
        assertThat(rig.read32(BUF)).isEqualTo(0x20010000);
        assertThat(rig.read32(BUF + 12)).isEqualTo(0x20020000);

        assertThat(call(Semihosting.SYS_TMPNAM, block(BUF, 7, 32))).isZero();
        assertThat(new String(memory(BUF, 13), StandardCharsets.ISO_8859_1)).isEqualTo("xipkit-tmp-07");
    }

    @Test
    void clocksFollowVirtualTime() {
        core.cycles = 25_000_000;                                  // one second at 25 MHz
        assertThat(call(Semihosting.SYS_CLOCK, 0)).isEqualTo(100);
        assertThat(call(Semihosting.SYS_TICKFREQ, 0)).isEqualTo(1_000_000_000);
        assertThat(call(Semihosting.SYS_ELAPSED, BUF)).isZero();
        assertThat(rig.read32(BUF)).isEqualTo(1_000_000_000);
        assertThat(rig.read32(BUF + 4)).isZero();
        assertThat(call(Semihosting.SYS_TIME, 0)).isEqualTo(1_700_000_000);
    }
}
