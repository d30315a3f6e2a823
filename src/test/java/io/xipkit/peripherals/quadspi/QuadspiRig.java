package io.xipkit.peripherals.quadspi;

import io.xipkit.bus.SystemBus;
import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * A QUADSPI on a system bus with real NOR chips, a manual clock and a scheduler, driven the way
 * firmware drives the registers (HAL-like sequences), advancing virtual time while it waits.
 */
final class QuadspiRig {
    static final int CR = 0x00, DCR = 0x04, SR = 0x08, FCR = 0x0C, DLR = 0x10, CCR = 0x14, AR = 0x18, ABR = 0x1C,
            DR = 0x20, PSMKR = 0x24, PSMAR = 0x28, PIR = 0x2C, LPTR = 0x30;
    static final int EN = 1, ABORT = 1 << 1, TCEN = 1 << 3, DFM = 1 << 6, FSEL = 1 << 7;
    static final int TEIE = 1 << 16, TCIE = 1 << 17, FTIE = 1 << 18, SMIE = 1 << 19, TOIE = 1 << 20, APMS = 1 << 22, PMM = 1 << 23;
    static final int TEF = 1, TCF = 2, FTF = 4, SMF = 8, TOF = 16, BUSY = 32;
    static final int REGS = 0x5200_5000;
    static final int WINDOW = 0x9000_0000;
    static final long NS = 1_000;

    final ManualClock clock = new ManualClock();
    final Scheduler scheduler = new Scheduler();
    final SystemBus bus = new SystemBus();
    final NorChip chip1, chip2;
    final RecordingStorage storage1, storage2;
    final Stm32Quadspi q;
    long kernelHz = 200_000_000;
    boolean irq;
    long irqRaisedAt = -1;
    final List<String> codeChanges = new ArrayList<>();

    /** A NOR storage that records what the model reported as changed. */
    static final class RecordingStorage extends ArrayNorStorage {
        final List<long[]> changes = new ArrayList<>();

        RecordingStorage(long size) {
            super(size);
        }

        @Override
        protected void written(long addr, long len) {
            changes.add(new long[] {addr, len});
        }
    }

    private QuadspiRig(NorPart part1, NorPart part2, boolean dualBoard) {
        storage1 = new RecordingStorage(part1.sizeBytes());
        chip1 = new NorChip(part1, storage1, clock, 1);
        if (part2 != null) {
            storage2 = new RecordingStorage(part2.sizeBytes());
            chip2 = new NorChip(part2, storage2, clock, 2);
        } else {
            storage2 = null;
            chip2 = null;
        }
        q = new Stm32Quadspi(clock, scheduler, () -> kernelHz, level -> {
            if (level && !irq) irqRaisedAt = clock.nowPicos();
            irq = level;
        }, new QuadspiFlash(chip1, storage1), chip2 == null ? null : new QuadspiFlash(chip2, storage2), dualBoard);
        bus.mapPeripheral("quadspi", REGS & 0xFFFF_FFFFL, Stm32Quadspi.REGISTERS_SIZE, q);
        bus.map(WINDOW & 0xFFFF_FFFFL, q.window());
        bus.addCodeChangeListener((a, n) -> codeChanges.add(Integer.toHexString(a) + "+" + Integer.toHexString(n)));
    }

    static QuadspiRig single(String part) {
        return new QuadspiRig(NorCatalog.standard().part(part), null, false);
    }

    /** Two dies of an MT25TL01G twin-quad package on BK1 and BK2, wired for dual-flash mode. */
    static QuadspiRig dualMt25tl01g() {
        NorCatalog cat = NorCatalog.standard();
        NorPart die = cat.diePart(cat.part("MT25TL01G"));
        return new QuadspiRig(die, die, true);
    }

    // ---------------------------------------------------------------- time

    void runUntil(long t) {
        runUntil(clock, scheduler, t);
    }

    /** Runs the scheduler's events due up to {@code t}, moving the clock from one to the next. */
    static void runUntil(ManualClock clock, Scheduler scheduler, long t) {
        for (;;) {
            long d = scheduler.nextDeadline();
            if (d > t) break;
            clock.setPicos(Math.max(d, clock.nowPicos()));
            scheduler.runDue(clock.nowPicos());
        }
        if (t > clock.nowPicos()) clock.setPicos(t);
    }

    void runFor(long picos) {
        runUntil(clock.nowPicos() + picos);
    }

    long now() {
        return clock.nowPicos();
    }

    // ---------------------------------------------------------------- registers

    int rd(int reg) {
        return bus.read32(REGS + reg);
    }

    void wr(int reg, int v) {
        bus.write32(REGS + reg, v);
    }

    int sr() {
        return rd(SR);
    }

    int flevel() {
        return (sr() >>> 8) & 0x3F;
    }

    /** HAL_QSPI_Init-like: FSIZE, CSHT, prescaler, FIFO threshold, enable. */
    void init(int prescaler, int fsize, int crExtra) {
        wr(DCR, fsize << 16 | 1 << 8);
        wr(CR, prescaler << 24 | 3 << 8 | crExtra | EN);
    }

    void waitWhile(int srMask, int value, long maxPicos) {
        long limit = now() + maxPicos;
        while ((sr() & srMask) == value) {
            if (now() > limit) throw new AssertionError("timed out waiting on SR " + Integer.toHexString(srMask));
            runFor(10 * NS);
        }
    }

    void waitNotBusy() {
        waitWhile(BUSY, BUSY, 10_000_000_000L);
    }

    /** Runs a command without data (WREN, erase with address...). */
    void command(Ccr c, long address) {
        wr(FCR, 0x1B);
        wr(CCR, c.fmode(0).value());
        if (c.hasAddress()) wr(AR, (int) address);
        waitWhile(TCF, 0, 1_000_000_000L);
        wr(FCR, TCF);
        waitNotBusy();
    }

    byte[] indirectRead(Ccr c, long address, int len) {
        byte[] out = new byte[len];
        wr(FCR, 0x1B);
        wr(DLR, len - 1);
        wr(CCR, c.fmode(1).value());
        if (c.hasAddress()) wr(AR, (int) address);
        int got = 0;
        long limit = now() + 10_000_000_000L;
        while (got < len) {
            if (flevel() > 0) out[got++] = (byte) bus.read8(REGS + DR);
            else runFor(10 * NS);
            if (now() > limit) throw new AssertionError("indirect read stuck at " + got + " of " + len);
        }
        waitWhile(TCF, 0, 1_000_000_000L);
        wr(FCR, TCF);
        return out;
    }

    void indirectWrite(Ccr c, long address, byte[] data) {
        wr(FCR, 0x1B);
        wr(DLR, data.length - 1);
        wr(CCR, c.fmode(0).value());
        if (c.hasAddress()) wr(AR, (int) address);
        for (byte b : data) {
            waitWhile(FTF, 0, 1_000_000_000L);
            bus.write8(REGS + DR, b);
        }
        waitWhile(TCF, 0, 1_000_000_000L);
        wr(FCR, TCF);
        waitNotBusy();
    }

    /** HAL_QSPI_AutoPolling with APMS: polls RDSR (1 line) until (status & mask) == match on every memory. */
    void autoPoll(int opcode, int statusBytes, int mask, int match, long maxPicos) {
        wr(FCR, 0x1B);
        wr(PSMKR, mask);
        wr(PSMAR, match);
        wr(PIR, 0x10);
        wr(DLR, statusBytes - 1);
        wr(CR, rd(CR) | APMS);
        wr(CCR, new Ccr().instr(opcode, 1).data(1).fmode(2).value());
        waitWhile(SMF, 0, maxPicos);
        wr(FCR, SMF);
        waitNotBusy();
        wr(CR, rd(CR) & ~APMS);
    }

    void abort() {
        wr(CR, rd(CR) | ABORT);
    }

    void memoryMapped(Ccr c, int alternate) {
        wr(ABR, alternate);
        wr(CCR, c.fmode(3).value());
    }

    /** QUADSPI_CCR built field by field (RM0433 §23.6.6). */
    static final class Ccr {
        int v;

        private static int mode(int lines) {
            return switch (lines) {
                case 0 -> 0;
                case 1 -> 1;
                case 2 -> 2;
                case 4 -> 3;
                default -> throw new IllegalArgumentException("lines " + lines);
            };
        }

        Ccr instr(int op, int lines) {
            v = (v & ~0x3FF) | op | mode(lines) << 8;
            return this;
        }

        Ccr addr(int bytes, int lines) {
            v = (v & ~(0xF << 10)) | mode(lines) << 10 | (bytes - 1) << 12;
            return this;
        }

        Ccr alt(int bytes, int lines) {
            v = (v & ~(0xF << 14)) | mode(lines) << 14 | (bytes - 1) << 16;
            return this;
        }

        Ccr dummy(int cycles) {
            v = (v & ~(0x1F << 18)) | cycles << 18;
            return this;
        }

        Ccr data(int lines) {
            v = (v & ~(3 << 24)) | mode(lines) << 24;
            return this;
        }

        Ccr fmode(int m) {
            Ccr c = new Ccr();
            c.v = (v & ~(3 << 26)) | m << 26;
            return c;
        }

        Ccr sioo() {
            v |= 1 << 28;
            return this;
        }

        Ccr ddr() {
            v |= 1 << 31;
            return this;
        }

        boolean hasAddress() {
            return ((v >>> 10) & 3) != 0;
        }

        int value() {
            return v;
        }
    }

    // W25Q128JV / MT25Q commands used by the tests (datasheet instruction tables).
    static Ccr wren() {
        return new Ccr().instr(0x06, 1);
    }

    static Ccr jedecId() {
        return new Ccr().instr(0x9F, 1).data(1);
    }

    static Ccr quadOutputRead() {
        return new Ccr().instr(0x6B, 1).addr(3, 1).dummy(8).data(4);
    }

    static Ccr pageProgram() {
        return new Ccr().instr(0x02, 1).addr(3, 1).data(1);
    }

    static Ccr sectorErase() {
        return new Ccr().instr(0x20, 1).addr(3, 1);
    }

    static byte[] pattern(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) b[i] = (byte) (i * 7 + seed + (i >>> 8) * 13);
        return b;
    }

    void fill(NorChip chip, int seed) {
        byte[] a = chip.storage().array();
        for (int i = 0; i < a.length; i++) a[i] = (byte) (i * 31 + seed + (i >>> 9));
    }
}
