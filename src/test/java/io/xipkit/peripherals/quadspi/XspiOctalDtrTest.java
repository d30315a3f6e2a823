package io.xipkit.peripherals.quadspi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.bus.SystemBus;
import io.xipkit.cpu.BusErrorException;
import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import org.junit.jupiter.api.Test;

/**
 * The STM32H7R/S XSPI2 front-end (RM0477 chapter 27) driving an MX25UW25645G the way the
 * NUCLEO-H7S3L8 firmware does: SPI, the CR2 switch to DTR-OPI, then 8D-8D-8D commands with 16-bit
 * instructions in indirect mode, automatic polling and through the memory-mapped window at
 * 0x7000_0000.
 */
class XspiOctalDtrTest {
    static final int CR = 0x00, DCR1 = 0x08, DCR2 = 0x0C, DCR3 = 0x10, SR = 0x20, FCR = 0x24, DLR = 0x40,
            AR = 0x48, DR = 0x50, PSMKR = 0x80, PSMAR = 0x88, PIR = 0x90, CCR = 0x100, TCR = 0x108, IR = 0x110,
            HLCR = 0x200, WCCR = 0x180;
    static final int TCF = 2, SMF = 8, BUSY = 32;
    static final int REGS = 0x5200_A000, WINDOW = 0x7000_0000;
    static final long NS = 1_000;

    final ManualClock clock = new ManualClock();
    final Scheduler scheduler = new Scheduler();
    final SystemBus bus = new SystemBus();
    final ArrayNorStorage storage = new ArrayNorStorage(32L << 20);
    final NorChip chip = new NorChip(NorCatalog.standard().part("MX25UW25645G"), storage, clock, 1);
    long tcfAt = -1;
    boolean irq;
    final Stm32Xspi x = new Stm32Xspi("XSPI2", clock, scheduler, () -> 200_000_000L, level -> {
        if (level && !irq) tcfAt = clock.nowPicos();
        irq = level;
    }, new QuadspiFlash(chip, storage));

    XspiOctalDtrTest() {
        bus.mapPeripheral("xspi2", REGS & 0xFFFF_FFFFL, Stm32Xspi.REGISTERS_SIZE, x);
        bus.map(WINDOW & 0xFFFF_FFFFL, x.window());
        // 32 MiB (DEVSIZE 24), CSHT 2 cycles, CLK = 200 MHz / 2.
        wr(DCR1, 24 << 16 | 1 << 8);
        wr(DCR2, 1);
        wr(CR, 3 << 8 | 1);
    }

    // ------------------------------------------------------------------ rig

    int rd(int reg) {
        return bus.read32(REGS + reg);
    }

    void wr(int reg, int v) {
        bus.write32(REGS + reg, v);
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

    /** XSPI_CCR for a phase set: modes are line counts (0 = none), {@code dtr} on every present phase. */
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
        byte[] out = new byte[len];
        int got = 0;
        while (got < len) {
            if (((rd(SR) >>> 8) & 0x7F) > 0) out[got++] = (byte) bus.read8(REGS + DR);
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
        for (byte b : data) bus.write8(REGS + DR, b);
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

    // ------------------------------------------------------------------ tests

    @Test
    void registersSitAtTheirRm0477OffsetsAndReadBack() {
        wr(DCR1, 3 << 24 | 24 << 16 | 2 << 8);  // MTYP = Macronix, DEVSIZE, CSHT
        wr(DCR3, 10 << 16 | 0x20);               // CSBOUND, MAXTRAN
        wr(HLCR, 6 << 8 | 1);
        wr(WCCR, ccr(8, 2, 8, 4, 8, true, true));
        assertThat(rd(DCR1)).isEqualTo(3 << 24 | 24 << 16 | 2 << 8);
        assertThat(rd(DCR3)).isEqualTo(10 << 16 | 0x20);
        assertThat(rd(HLCR)).isEqualTo(6 << 8 | 1);
        assertThat(rd(WCCR)).isEqualTo(ccr(8, 2, 8, 4, 8, true, true));
        assertThat(rd(0x04)).as("reserved offset").isZero();
    }

    @Test
    void readsTheIdInSpiThenSwitchesToDtrOpiAndReadsItWithA16BitInstruction() {
        assertThat(read(ccr(1, 1, 0, 1, 1, false, false), 0, 0x9F, 0, 3)).containsExactly(0xC2, 0x81, 0x39);
        switchToDtrOpi();
        // 8D-8D-8D RDID: instruction 9F60 (opcode and complement), 4 address bytes, 4 dummy cycles.
        byte[] id = read(ccr(8, 2, 8, 4, 8, true, true), 4, 0x9F60, 0, 6);
        assertThat(id[0] & 0xFF).isEqualTo(0xC2);
        // The single-line command no longer reaches it: the part ignores it and the lines float high.
        assertThat(read(ccr(1, 1, 0, 1, 1, false, false), 0, 0x9F, 0, 3)).containsExactly(0xFF, 0xFF, 0xFF);
    }

    @Test
    void tcrSampleShiftWithDtrAndDataHoldWithoutDtrAreModelWarnings() {
        // RM0477 XSPI_TCR: SSHIFT (bit 30) must stay 0 with a DTR data phase; DHQC (bit 28) acts in DTR only.
        read(ccr(1, 1, 0, 1, 1, false, false), 1 << 28, 0x9F, 0, 3);
        switchToDtrOpi();
        read(ccr(8, 2, 8, 4, 8, true, true), 4 | 1 << 30, 0x9F60, 0, 6);
        assertThat(x.warnings().warnings()).extracting(w -> w.source() + ": " + w.key())
                .containsExactly("XSPI2: DDR hold without DDR", "XSPI2: SSHIFT with DDR");
        assertThat(x.warnings().warnings().get(0).message()).startsWith("TCR.DHQC = 1 with a single-rate command (9Fh)");
        assertThat(x.warnings().warnings().get(1).message()).startsWith("TCR.SSHIFT = 1 with a double-rate command (9F60h)");
    }

    @Test
    void erasesProgramsAndReadsBackInOctalDtrWithAutomaticPolling() {
        switchToDtrOpi();
        write(ccr(8, 2, 0, 1, 0, true, false), 0x06F9, 0, new byte[0]);     // WREN
        write(ccr(8, 2, 8, 4, 0, true, false), 0x21DE, 0x1000, new byte[0]); // SE4B
        assertThat(rd(SR) & BUSY).isZero();
        pollWipOctalDtr();
        byte[] data = new byte[64];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7 + 3);
        write(ccr(8, 2, 0, 1, 0, true, false), 0x06F9, 0, new byte[0]);
        write(ccr(8, 2, 8, 4, 8, true, false), 0x12ED, 0x1000, data);       // PP4B
        pollWipOctalDtr();
        assertThat(read(ccr(8, 2, 8, 4, 8, true, true), 20, 0xEE11, 0x1000, 64)).isEqualTo(data);
    }

    @Test
    void anOctalDtrReadMovesTwoBytesPerClock() {
        switchToDtrOpi();
        wr(CR, rd(CR) | 1 << 17); // TCIE
        wr(FCR, 0x1B);
        setMode(1);
        wr(DLR, 255);
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 20);
        wr(IR, 0xEE11);
        tcfAt = -1;
        long start = clock.nowPicos();
        wr(AR, 0);
        // Drain the FIFO as it fills so that nothing stalls.
        int got = 0;
        while (got < 256) {
            if (((rd(SR) >>> 8) & 0x7F) > 0) {
                bus.read8(REGS + DR);
                got++;
            } else {
                runFor(NS);
            }
        }
        runFor(1000 * NS);
        // CLK 100 MHz: 2-byte instruction in DTR = 1 clock, 4 address bytes = 2, 20 dummy, 256 bytes = 128.
        assertThat(tcfAt - start).isEqualTo((1 + 2 + 20 + 128) * 10 * NS);
    }

    @Test
    void theWindowIsABusErrorUntilMemoryMappedThenReadsTheArrayInOctalDtr() {
        byte[] image = new byte[256];
        for (int i = 0; i < image.length; i++) image[i] = (byte) (0xA0 ^ i);
        x.window().load(0x2000, image, 0, image.length);
        assertThatThrownBy(() -> bus.read32(WINDOW + 0x2000)).isInstanceOf(BusErrorException.class)
                .hasMessageContaining("XSPI2 window read");
        switchToDtrOpi();
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 20);
        wr(IR, 0xEE11);
        setMode(3);
        assertThat(bus.read32(WINDOW + 0x2000)).isEqualTo(0xA3A2A1A0);
        assertThat(bus.read8(WINDOW + 0x20FF) & 0xFF).isEqualTo(0xA0 ^ 0xFF);
        // The chip answers 8D-8D-8D 8DTRD reads from its array: the window hands the bus its fast path.
        assertThat(x.window().fastPath()).isNotNull();
        assertThatThrownBy(() -> bus.write32(WINDOW + 0x2000, 0)).isInstanceOf(BusErrorException.class);
        // Abort leaves memory-mapped mode's transaction; leaving the mode closes the window again.
        setMode(0);
        assertThatThrownBy(() -> bus.read32(WINDOW)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void memoryMappedWithTcenReleasesChipSelectAfterTheTimeoutAndSetsTof() {
        wr(CR, rd(CR) | 1 << 3 | 1 << 20);  // TCEN, TOIE
        wr(0x130, 0x40);                       // LPTR
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(TCR, 0);
        wr(IR, 0x13);                          // READ4B, 1-1-1
        setMode(3);
        x.setFastPathEnabled(false);           // every access a transaction: the timeout shows
        bus.read32(WINDOW + 0x40);
        assertThat(rd(SR) & BUSY).isEqualTo(BUSY);
        assertThat(rd(SR) & 16).isZero();
        runFor(100_000 * NS);
        assertThat(rd(SR) & (BUSY | 16)).isEqualTo(16);
        assertThat(irq).as("TOF interrupt").isTrue();
        wr(FCR, 16);
        assertThat(rd(SR) & 16).isZero();
        assertThat(irq).isFalse();
    }

    @Test
    void abortStopsAnIndirectReadFlushesTheFifoAndSetsTcf() {
        wr(FCR, 0x1B);
        setMode(1);
        wr(DLR, 1023);
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(TCR, 0);
        wr(IR, 0x13);
        wr(AR, 0);
        // CLK 100 MHz, 1 line: 40 header clocks, then 8 clocks a byte; 57 bytes after 5 us.
        runFor(5_000 * NS);
        assertThat((rd(SR) >>> 8) & 0x7F).isEqualTo(57);
        runFor(5_000 * NS);
        assertThat((rd(SR) >>> 8) & 0x7F).as("FIFO full at 64 bytes").isEqualTo(64);
        wr(CR, rd(CR) | 2);
        assertThat(rd(SR) & (BUSY | TCF | 0x7F00)).isEqualTo(TCF);
        assertThat(rd(CR) & 2).as("ABORT clears itself").isZero();
    }

    @Test
    void anIndirectAddressBeyondDevsizeSetsTefAndSendsNothing() {
        wr(DCR1, 11 << 16 | 1 << 8); // 4 KiB
        wr(FCR, 0x1B);
        setMode(1);
        wr(DLR, 3);
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(IR, 0x13);
        wr(AR, 0x1000);
        assertThat(rd(SR) & (1 | BUSY)).isEqualTo(1);
    }
}
