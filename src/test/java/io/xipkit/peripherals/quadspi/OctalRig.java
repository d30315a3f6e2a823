package io.xipkit.peripherals.quadspi;

import io.xipkit.bus.SystemBus;
import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;

/**
 * A bus with one OCTOSPI or XSPI (the shared layout of {@link OctalSpiFrontEnd}) and one Macronix
 * octal NOR behind it, plus the register-level helpers the firmware's sequences need: indirect
 * reads and writes through DR, automatic polling, the SPI to DTR-OPI switch.
 */
abstract class OctalRig {
    static final int CR = 0x00, DCR1 = 0x08, DCR2 = 0x0C, DCR3 = 0x10, SR = 0x20, FCR = 0x24, DLR = 0x40,
            AR = 0x48, DR = 0x50, PSMKR = 0x80, PSMAR = 0x88, PIR = 0x90, CCR = 0x100, TCR = 0x108, IR = 0x110,
            ABR = 0x120, LPTR = 0x130, HLCR = 0x200, WCCR = 0x180, WTCR = 0x188, WIR = 0x190, WABR = 0x1A0;
    static final int TEF = 1, TCF = 2, FTF = 4, SMF = 8, TOF = 16, BUSY = 32;
    static final long NS = 1_000;

    /** Builds the controller under test around the rig's clock, scheduler, interrupt line and memory. */
    interface Controller {
        SpiControllerEngine build(ManualClock clock, Scheduler scheduler, IrqLine irq, QuadspiFlash flash);
    }

    final int regs, window, flevelMask;
    final ManualClock clock = new ManualClock();
    final Scheduler scheduler = new Scheduler();
    final SystemBus bus = new SystemBus();
    final ArrayNorStorage storage;
    final NorChip chip;
    long tcfAt = -1;
    boolean irq;
    final SpiControllerEngine x;

    /**
     * @param devsize DCR1.DEVSIZE for the part (bytes = 2^(DEVSIZE+1)); CSHT 2 cycles, CLK = kernel / 2,
     *                FTHRES 4 bytes, enabled
     */
    OctalRig(int regs, int window, String part, int devsize, int flevelBits, Controller controller) {
        this.regs = regs;
        this.window = window;
        this.flevelMask = (1 << flevelBits) - 1;
        this.storage = new ArrayNorStorage(2L << devsize);
        this.chip = new NorChip(NorCatalog.standard().part(part), storage, clock, 1);
        this.x = controller.build(clock, scheduler, level -> {
            if (level && !irq) tcfAt = clock.nowPicos();
            irq = level;
        }, new QuadspiFlash(chip, storage));
        bus.mapPeripheral(x.name(), regs & 0xFFFF_FFFFL, 0x1000, x);
        bus.map(window & 0xFFFF_FFFFL, x.window());
        wr(DCR1, devsize << 16 | 1 << 8);
        wr(DCR2, 1);
        wr(CR, 3 << 8 | 1);
    }

    int rd(int reg) {
        return bus.read32(regs + reg);
    }

    void wr(int reg, int v) {
        bus.write32(regs + reg, v);
    }

    int flevel() {
        return (rd(SR) >>> 8) & flevelMask;
    }

    void runFor(long picos) {
        long t = clock.nowPicos() + picos;
        for (;;) {
            long d = scheduler.nextDeadline();
            if (d > t) break;
            clock.setPicos(Math.max(d, clock.nowPicos()));
            scheduler.runDue(clock.nowPicos());
        }
        if (t > clock.nowPicos()) clock.setPicos(t);
    }

    void waitFor(int mask) {
        long limit = clock.nowPicos() + 5_000_000_000_000L;
        while ((rd(SR) & mask) == 0) {
            if (clock.nowPicos() > limit) throw new AssertionError("timed out on SR " + mask);
            runFor(100 * NS);
        }
        wr(FCR, mask);
    }

    /** CCR for a phase set: modes are line counts (0 = none), {@code dtr} on every present phase. */
    static int ccr(int iLines, int iBytes, int aLines, int aBytes, int dLines, boolean dtr, boolean dqse) {
        return mode(iLines) | (dtr ? 1 << 3 : 0) | (iBytes - 1) << 4
                | mode(aLines) << 8 | (dtr && aLines > 0 ? 1 << 11 : 0) | (Math.max(aBytes, 1) - 1) << 12
                | mode(dLines) << 24 | (dtr && dLines > 0 ? 1 << 27 : 0) | (dqse ? 1 << 29 : 0);
    }

    static int mode(int lines) {
        return switch (lines) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 2;
            case 4 -> 3;
            case 8 -> 4;
            default -> throw new IllegalArgumentException();
        };
    }

    void setMode(int fmode) {
        wr(CR, (rd(CR) & ~(3 << 28)) | fmode << 28);
    }

    byte[] read(int ccr, int dummy, int instr, long addr, int len) {
        wr(FCR, 0x1B);
        setMode(1);
        wr(DLR, len - 1);
        wr(CCR, ccr);
        wr(TCR, dummy);
        wr(IR, instr);
        if (((ccr >>> 8) & 7) != 0) wr(AR, (int) addr);
        return drain(len);
    }

    /** Reads {@code len} bytes from DR as the FIFO fills, then waits for TCF. */
    byte[] drain(int len) {
        byte[] out = new byte[len];
        int got = 0;
        while (got < len) {
            if (flevel() > 0) out[got++] = (byte) bus.read8(regs + DR);
            else runFor(10 * NS);
        }
        waitFor(TCF);
        return out;
    }

    void write(int ccr, int instr, long addr, byte[] data) {
        wr(FCR, 0x1B);
        setMode(0);
        wr(CCR, ccr);
        wr(TCR, 0);
        if (data.length > 0) wr(DLR, data.length - 1);
        wr(IR, instr);
        if (((ccr >>> 8) & 7) != 0) wr(AR, (int) addr);
        for (byte b : data) bus.write8(regs + DR, b);
        waitFor(TCF);
    }

    /** Automatic polling of RDSR in 8D-8D-8D (two bytes, the part repeats SR) until WIP = 0. */
    void pollWipOctalDtr() {
        wr(FCR, 0x1B);
        wr(CR, rd(CR) | 1 << 22); // APMS
        setMode(2);
        wr(PSMKR, 0x01);
        wr(PSMAR, 0x00);
        wr(PIR, 0x10);
        wr(DLR, 1);
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 4);
        wr(IR, 0x05FA);
        wr(AR, 0);
        waitFor(SMF);
        wr(CR, rd(CR) & ~(1 << 22));
    }

    void switchToDtrOpi() {
        write(ccr(1, 1, 0, 1, 0, false, false), 0x06, 0, new byte[0]);                   // WREN
        write(ccr(1, 1, 1, 4, 1, false, false), 0x72, 0x0000_0000, new byte[] {0x02}); // WRCR2 CR2_0 = DTR OPI
    }
}
