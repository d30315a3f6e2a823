package io.xipkit.peripherals.quadspi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.bus.SystemBus;
import io.xipkit.cpu.BusErrorException;
import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What OCTOSPI and XSPI (the shared layout of {@link OctalSpiFrontEnd}) both do with a Macronix
 * octal NOR behind them, as the boards' firmware drives them: SPI then the CR2 switch to DTR-OPI,
 * 8D-8D-8D commands with 16-bit instructions in indirect mode and automatic polling, the
 * memory-mapped window and its gating, the chip-select timeout, abort and the DEVSIZE check. A
 * subclass builds its front-end; the register helpers here serve its own tests too.
 */
abstract class OctalControllerContract {
    static final int CR = 0x00, DCR1 = 0x08, DCR2 = 0x0C, DCR3 = 0x10, SR = 0x20, FCR = 0x24, DLR = 0x40,
            AR = 0x48, DR = 0x50, PSMKR = 0x80, PSMAR = 0x88, PIR = 0x90, CCR = 0x100, TCR = 0x108, IR = 0x110,
            ABR = 0x120, LPTR = 0x130, HLCR = 0x200, WCCR = 0x180, WTCR = 0x188, WIR = 0x190, WABR = 0x1A0,
            WPCCR = 0x140, WPTCR = 0x148, WPIR = 0x150, WPABR = 0x160;
    static final int TEF = 1, TCF = 2, FTF = 4, SMF = 8, TOF = 16, BUSY = 32;
    static final long NS = 1_000;

    /** Builds the controller under test around the rig's clock, scheduler, interrupt line and memory. */
    interface Controller {
        SpiControllerEngine build(ManualClock clock, Scheduler scheduler, IrqLine irq, QuadspiFlash flash);
    }

    final int regs, window, flevelMask, fifoBytes;
    final int[] jedecId;
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
    OctalControllerContract(int regs, int window, String part, int devsize, int fifoBytes, Controller controller) {
        this.regs = regs;
        this.window = window;
        this.fifoBytes = fifoBytes;
        this.flevelMask = fifoBytes * 2 - 1;
        this.storage = new ArrayNorStorage(2L << devsize);
        this.chip = new NorChip(NorCatalog.standard().part(part), storage, clock, 1);
        this.jedecId = NorCatalog.standard().part(part).jedecIdBytes();
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
        QuadspiRig.runUntil(clock, scheduler, clock.nowPicos() + picos);
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
        startRead(ccr, dummy, instr, addr, len);
        return drain(len);
    }

    /** Starts an indirect read of {@code len} bytes and leaves the FIFO to fill. */
    void startRead(int ccr, int dummy, int instr, long addr, int len) {
        wr(FCR, 0x1B);
        setMode(1);
        wr(DLR, len - 1);
        wr(CCR, ccr);
        wr(TCR, dummy);
        wr(IR, instr);
        if (((ccr >>> 8) & 7) != 0) wr(AR, (int) addr);
    }

    /** READ4B (13h, 1-1-1, 4-byte address) of {@code len} bytes from 0: 40 header clocks, then 8 a byte. */
    void startSingleLineRead(int len) {
        startRead(ccr(1, 1, 1, 4, 1, false, false), 0, 0x13, 0, len);
    }

    /** Writes all ones to each register and expects {@code {offset, value read back}}. */
    void assertAllOnesReadBackAs(int[][] masks) {
        for (int[] m : masks) {
            wr(m[0], 0xFFFF_FFFF);
            assertThat(rd(m[0])).as(x.registers().describe(m[0])).isEqualTo(m[1]);
        }
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
        startPollingWipOctalDtr();
        waitFor(SMF);
        wr(CR, rd(CR) & ~(1 << 22));
    }

    /** Starts automatic polling (APMS: stop at the match) of RDSR in 8D-8D-8D for WIP = 0. */
    void startPollingWipOctalDtr() {
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
    }

    void switchToDtrOpi() {
        write(ccr(1, 1, 0, 1, 0, false, false), 0x06, 0, new byte[0]);                   // WREN
        write(ccr(1, 1, 1, 4, 1, false, false), 0x72, 0x0000_0000, new byte[] {0x02}); // WRCR2 CR2_0 = DTR OPI
    }

    // ------------------------------------------------------------------ shared behaviour

    @Test
    void readsTheIdInSpiThenSwitchesToDtrOpiAndReadsItWithA16BitInstruction() {
        assertThat(read(ccr(1, 1, 0, 1, 1, false, false), 0, 0x9F, 0, 3)).containsExactly(jedecId);
        switchToDtrOpi();
        // 8D-8D-8D RDID: instruction 9F60 (opcode and complement), 4 address bytes, 4 dummy cycles.
        byte[] id = read(ccr(8, 2, 8, 4, 8, true, true), 4, 0x9F60, 0, 6);
        assertThat(id[0] & 0xFF).isEqualTo(jedecId[0]);
        // The single-line command no longer reaches it: the part ignores it and the lines float high.
        assertThat(read(ccr(1, 1, 0, 1, 1, false, false), 0, 0x9F, 0, 3)).containsExactly(0xFF, 0xFF, 0xFF);
    }

    @Test
    void erasesProgramsAndReadsBackTheLastSectorInOctalDtrWithAutomaticPolling() {
        int top = (int) storage.size() - 0x1000; // 4-byte addresses up to the end of the part
        switchToDtrOpi();
        write(ccr(8, 2, 0, 1, 0, true, false), 0x06F9, 0, new byte[0]);    // WREN
        write(ccr(8, 2, 8, 4, 0, true, false), 0x21DE, top, new byte[0]);   // SE4B
        assertThat(rd(SR) & BUSY).isZero();
        pollWipOctalDtr();
        byte[] data = new byte[100];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7 + 3);
        write(ccr(8, 2, 0, 1, 0, true, false), 0x06F9, 0, new byte[0]);
        write(ccr(8, 2, 8, 4, 8, true, false), 0x12ED, top, data);         // PP4B
        pollWipOctalDtr();
        assertThat(read(ccr(8, 2, 8, 4, 8, true, true), 20, 0xEE11, top, 100)).isEqualTo(data);
        assertThat(storage.array()[top]).as("in the array").isEqualTo((byte) 3);
    }

    /**
     * The skip of automatic polling to the end of the erase ({@link PollSkip}) changes nothing
     * software or the memory's counts could see: two erases of neighbouring sectors, polled without
     * and with it, give the same SR, DR, interrupt and poll count at the same instants after the erase.
     */
    @Test
    void automaticPollingThroughAnEraseSeesTheSameWithAndWithoutTheSkipToTheEraseEnd() {
        int top = (int) storage.size() - 0x1000;
        switchToDtrOpi();
        List<List<Long>> traces = new ArrayList<>();
        for (boolean skip : new boolean[] {false, true}) {
            x.polling.skip.enabled = skip;
            write(ccr(8, 2, 0, 1, 0, true, false), 0x06F9, 0, new byte[0]);                      // WREN
            write(ccr(8, 2, 8, 4, 0, true, false), 0x21DE, skip ? top : top - 0x1000, new byte[0]); // SE4B
            long t0 = clock.nowPicos();
            long polls0 = chip.counters().transactions();
            long end = chip.busyUntilPicos() + 50_000 * NS;
            tcfAt = -1;
            wr(CR, rd(CR) | 1 << 19); // SMIE
            startPollingWipOctalDtr();
            List<Long> trace = new ArrayList<>();
            while (clock.nowPicos() < end) {
                runFor(4_567 * NS);
                trace.add(clock.nowPicos() - t0);
                trace.add((long) rd(SR));
                trace.add((long) rd(DR));
                trace.add(irq ? 1L : 0L);
                trace.add(chip.counters().transactions() - polls0);
            }
            trace.add(tcfAt - t0);
            assertThat(tcfAt).as("the match raised the interrupt").isGreaterThan(t0);
            traces.add(trace);
            wr(FCR, SMF);
            wr(CR, rd(CR) & ~(1 << 22 | 1 << 19));
        }
        assertThat(traces.get(1)).containsExactlyElementsOf(traces.get(0));
    }

    @Test
    void anOctalDtrReadMovesTwoBytesPerClockAndRaisesTcfWithItsInterrupt() {
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
            if (flevel() > 0) {
                bus.read8(regs + DR);
                got++;
            } else {
                runFor(NS);
            }
        }
        runFor(1000 * NS);
        // CLK 100 MHz: 2-byte instruction in DTR = 1 clock, 4 address bytes = 2, 20 dummy, 256 bytes = 128.
        assertThat(tcfAt - start).isEqualTo((1 + 2 + 20 + 128) * 10 * NS);
        assertThat(rd(SR) & TCF).isEqualTo(TCF);
        wr(FCR, TCF);
        assertThat(irq).as("CTCF drops the interrupt").isFalse();
    }

    @Test
    void ftfFollowsTheFifoThresholdInIndirectReadWithItsInterrupt() {
        wr(CR, (rd(CR) & ~(0x1F << 8)) | 7 << 8 | 1 << 18 /* FTIE */); // FTHRES = 7: eight bytes
        startSingleLineRead(16);
        // 40 header clocks then 8 clocks a byte at 10 ns: seven bytes after 1 us, eight after 1.04 us.
        runFor(1_030 * NS);
        assertThat(flevel()).isEqualTo(7);
        assertThat(rd(SR) & FTF).isZero();
        assertThat(irq).isFalse();
        runFor(20 * NS);
        assertThat(rd(SR) & FTF).isEqualTo(FTF);
        assertThat(irq).isTrue();
        bus.read8(regs + DR);
        assertThat(rd(SR) & FTF).as("below the threshold again").isZero();
    }


    @Test
    void aWindowReadBeyondDevsizeIsABusError() {
        wr(DCR1, 19 << 16 | 1 << 8); // 1 MiB
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(IR, 0x13);
        setMode(3);
        bus.read32(window + 0xF_FFFC);
        assertThatThrownBy(() -> bus.read32(window + 0x10_0000)).isInstanceOf(BusErrorException.class);
    }


    @Test
    void pollingInOrModeWithoutApmsSetsSmfAtTheFirstMatchAndGoesOnPolling() {
        // RDSR in SPI (05h, 1-0-1): SR = 00h. Mask WIP|WEL, match WEL = 1, WIP = 0.
        for (boolean or : new boolean[] {false, true}) {
            wr(FCR, 0x1B);
            wr(CR, (rd(CR) & ~(1 << 22 | 1 << 23)) | (or ? 1 << 23 : 0)); // APMS = 0; PMM = OR or AND
            setMode(2);
            wr(PSMKR, 0x03);
            wr(PSMAR, 0x02);
            wr(PIR, 0x10);
            wr(DLR, 0);
            wr(CCR, ccr(1, 1, 0, 1, 1, false, false));
            wr(TCR, 0);
            long polls = chip.counters().transactions();
            wr(IR, 0x05);
            runFor(5_000 * NS);
            if (or) {
                assertThat(rd(SR) & (SMF | BUSY)).as("OR: WIP = 0 matches; APMS = 0 keeps polling").isEqualTo(SMF | BUSY);
                long seen = chip.counters().transactions();
                runFor(5_000 * NS);
                assertThat(chip.counters().transactions()).as("still polling after the match").isGreaterThan(seen);
            } else {
                assertThat(rd(SR) & (SMF | BUSY)).as("AND: WEL = 0 does not match").isEqualTo(BUSY);
            }
            assertThat(chip.counters().transactions() - polls).isGreaterThan(1);
            assertThat(rd(DR) & 0xFF).as("the last status read").isZero();
            wr(CR, rd(CR) | 2); // ABORT
            runFor(1_000 * NS);
            assertThat(rd(SR) & BUSY).isZero();
        }
    }

    // ------------------------------------------------------------------ DQS sampling

    @Test
    void anOctalDtrReadWithoutDqseCapturesEachByteOneTransferLateAndWarnsToSetDqse() {
        byte[] image = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88};
        x.window().load(0x3000, image, 0, image.length);
        switchToDtrOpi();
        // Byte 0 is what the lines held before the memory drove them (pull-up), byte k the memory's k - 1.
        assertThat(read(ccr(8, 2, 8, 4, 8, true, false), 20, 0xEE11, 0x3000, 8))
                .containsExactly(0xFF, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77);
        assertThat(x.warnings().warnings()).extracting(m -> m.key()).containsExactly("DTR read without DQSE");
        assertThat(x.warnings().warnings().get(0).message()).contains("EE11h").contains("set CCR.DQSE = 1");
        // With the strobe the same read is exact, and nothing more is reported.
        assertThat(read(ccr(8, 2, 8, 4, 8, true, true), 20, 0xEE11, 0x3000, 8)).isEqualTo(image);
        assertThat(x.warnings().warnings().get(0).count()).isEqualTo(1);
    }

    @Test
    void singleRateOctalAndDtrWritesNeedNoStrobe() {
        write(ccr(1, 1, 0, 1, 0, false, false), 0x06, 0, new byte[0]);                   // WREN
        write(ccr(1, 1, 1, 4, 1, false, false), 0x72, 0x0000_0000, new byte[] {0x01}); // WRCR2 CR2_0 = STR OPI
        byte[] image = {0x5A, 0x6B, 0x7C, 0x0D};
        x.window().load(0x100, image, 0, image.length);
        // 8READ (EC13h) in STR OPI, 20 dummy cycles, no DQSE: sampled on the clock, exact.
        assertThat(read(ccr(8, 2, 8, 4, 8, false, false), 20, 0xEC13, 0x100, 4)).isEqualTo(image);
        assertThat(x.warnings().warnings()).isEmpty();
    }

    @Test
    void theWindowWithoutDqseInOctalDtrReturnsWhatTheBusWouldAndHandsNoFastPath() {
        byte[] image = new byte[64];
        for (int i = 0; i < image.length; i++) image[i] = (byte) (0x40 + i);
        x.window().load(0x4000, image, 0, image.length);
        switchToDtrOpi();
        wr(CCR, ccr(8, 2, 8, 4, 8, true, false));
        wr(TCR, 20);
        wr(IR, 0xEE11);
        setMode(3);
        assertThat(bus.read32(window + 0x4000)).isEqualTo(0x424140FF);
        assertThat(bus.read32(window + 0x4004)).as("the open transaction goes on, still one late").isEqualTo(0x46454443);
        assertThat(x.window().fastPath()).as("the array is not what the bus returns").isNull();
        assertThat(x.warnings().warnings()).extracting(m -> m.key()).containsExactly("DTR read without DQSE");
        // Setting DQSE (after leaving the mode: CCR is guarded while BUSY) makes the window exact again.
        setMode(0);
        wr(CR, rd(CR) | 2); // ABORT: end the memory-mapped transaction
        runFor(1000 * NS);
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        setMode(3);
        assertThat(bus.read32(window + 0x4000)).isEqualTo(0x43424140);
        assertThat(x.window().fastPath()).isNotNull();
    }

    // ------------------------------------------------------------------ wrapping bursts (cache line fills)

    /** 8DTRD memory-mapped with DQSE, the fast path off so that every burst reaches the controller. */
    byte[] mappedOctalDtrWithoutFastPath(int at) {
        byte[] image = new byte[96];
        for (int i = 0; i < image.length; i++) image[i] = (byte) (0x10 + i);
        x.window().load(at, image, 0, image.length);
        switchToDtrOpi();
        x.setFastPathEnabled(false);
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 20);
        wr(IR, 0xEE11);
        return image;
    }

    @Test
    void aLineFillWithoutWrapsizeIsSplitIntoTwoLinearReadsFromTheCriticalDoubleword() {
        byte[] image = mappedOctalDtrWithoutFastPath(0x2000);
        setMode(3);
        long tx = chip.counters().transactions();
        byte[] line = new byte[32];
        bus.readLine(window + 0x2000, window + 0x2014, 32, false, line, 0);
        assertThat(line).isEqualTo(java.util.Arrays.copyOfRange(image, 0, 32));
        // 0x2010..0x201F, then a new read command at 0x2000 for 0x2000..0x200F.
        assertThat(chip.counters().transactions() - tx).isEqualTo(2);
        assertThat(x.mapped.splitBursts).isEqualTo(1);
        assertThat(x.mapped.wrapCommands).isZero();
    }

    @Test
    void withWrapsizeTheLineFillIsOneWrapCommandAndAMemoryThatReadsOnLinearlyFillsTheLineFromTheNextBlock() {
        byte[] image = mappedOctalDtrWithoutFastPath(0x2000);
        wr(DCR2, rd(DCR2) | 3 << 16);          // WRAPSIZE 011: 32-byte wraps
        wr(WPCCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(WPTCR, 20);
        wr(WPIR, 0xEE11);                     // the same 8DTRD: the part was not told to wrap
        setMode(3);
        long tx = chip.counters().transactions();
        byte[] line = new byte[32];
        bus.readLine(window + 0x2000, window + 0x2010, 32, false, line, 0);
        assertThat(chip.counters().transactions() - tx).as("one command for the whole line").isEqualTo(1);
        assertThat(x.mapped.wrapCommands).isEqualTo(1);
        // The controller puts beats 3 and 4 at the line's start; the memory sent 0x2020.. there.
        assertThat(java.util.Arrays.copyOfRange(line, 16, 32)).isEqualTo(java.util.Arrays.copyOfRange(image, 16, 32));
        assertThat(java.util.Arrays.copyOfRange(line, 0, 16)).isEqualTo(java.util.Arrays.copyOfRange(image, 32, 48));
    }

    @Test
    void aWrappingBurstOfAnotherLengthThanWrapsizeIsSplit() {
        byte[] image = mappedOctalDtrWithoutFastPath(0x2000);
        wr(DCR2, rd(DCR2) | 2 << 16);          // WRAPSIZE 010: 16-byte wraps, the line is 32
        wr(WPCCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(WPIR, 0xEE11);
        setMode(3);
        byte[] line = new byte[32];
        bus.readLine(window + 0x2020, window + 0x2038, 32, false, line, 0);
        assertThat(line).isEqualTo(java.util.Arrays.copyOfRange(image, 32, 64));
        assertThat(x.mapped.splitBursts).isEqualTo(1);
        assertThat(x.mapped.wrapCommands).isZero();
    }

    @Test
    void aLineFillOutsideMemoryMappedModeIsABusErrorAtItsCriticalDoubleword() {
        assertThatThrownBy(() -> bus.readLine(window + 0x40, window + 0x5C, 32, false, new byte[32], 0))
                .isInstanceOf(BusErrorException.class).hasMessageContaining("not in memory-mapped mode")
                .satisfies(e -> assertThat(((BusErrorException) e).address()).isEqualTo(window + 0x58));
    }

    @Test
    void theWindowIsABusErrorUntilMemoryMappedThenReadsTheArrayInOctalDtr() {
        byte[] image = new byte[256];
        for (int i = 0; i < image.length; i++) image[i] = (byte) (0xA0 ^ i);
        x.window().load(0x2000, image, 0, image.length);
        assertThatThrownBy(() -> bus.read32(window + 0x2000)).isInstanceOf(BusErrorException.class)
                .hasMessageContaining(x.name() + " window read");
        switchToDtrOpi();
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 20);
        wr(IR, 0xEE11);
        setMode(3);
        assertThat(bus.read32(window + 0x2000)).isEqualTo(0xA3A2A1A0);
        assertThat(bus.read8(window + 0x20FF) & 0xFF).isEqualTo(0xA0 ^ 0xFF);
        // The chip answers 8D-8D-8D 8DTRD reads from its array: the window hands the bus its fast path.
        assertThat(x.window().fastPath()).isNotNull();
        assertThatThrownBy(() -> bus.write32(window + 0x2000, 0)).as("WCCR at reset: no write command")
                .isInstanceOf(BusErrorException.class).hasMessageContaining("no memory-mapped write command");
        // Leaving the mode closes the window again.
        setMode(0);
        assertThatThrownBy(() -> bus.read32(window)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void aMemoryMappedWriteSendsTheWccrWirCommandWithTheAccessBytesAtItsAddress() {
        int at = 0x3000;
        switchToDtrOpi();
        write(ccr(8, 2, 0, 1, 0, true, false), 0x06F9, 0, new byte[0]);    // WREN in indirect mode
        // Read command 8DTRD (EE11h, 20 dummy cycles), write command PP4B (12EDh) in 8D-8D-8D.
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 20);
        wr(IR, 0xEE11);
        wr(WCCR, ccr(8, 2, 8, 4, 8, true, false));
        wr(WTCR, 0);
        wr(WIR, 0x12ED);
        setMode(3);
        assertThat(bus.read32(window + at)).as("erased").isEqualTo(0xFFFFFFFF);
        bus.write32(window + at, 0x1234_5678);
        // The chip is programming the word (tPP); the status read in indirect mode shows it done.
        wr(CR, rd(CR) | 1 << 1);                                               // ABORT memory-mapped mode
        pollWipOctalDtr();
        assertThat(storage.array()[at] & 0xFF).as("low byte first").isEqualTo(0x78);
        assertThat(read(ccr(8, 2, 8, 4, 8, true, true), 20, 0xEE11, at, 4)).containsExactly(0x78, 0x56, 0x34, 0x12);
        // Without WREN the same write reaches the chip and changes nothing (a NOR page program needs WEL).
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 20);
        wr(IR, 0xEE11);
        setMode(3);
        bus.write32(window + at + 4, 0);
        assertThat(bus.read32(window + at + 4)).isEqualTo(0xFFFFFFFF);
    }

    @Test
    void memoryMappedWithTcenReleasesChipSelectAfterTheTimeoutAndSetsTof() {
        wr(CR, rd(CR) | 1 << 3 | 1 << 20);  // TCEN, TOIE
        wr(LPTR, 0x40);
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(TCR, 0);
        wr(IR, 0x13);                          // READ4B, 1-1-1
        setMode(3);
        x.setFastPathEnabled(false);           // every access a transaction: the timeout shows
        bus.read32(window + 0x40);
        assertThat(rd(SR) & (BUSY | TOF)).isEqualTo(BUSY);
        runFor(100_000 * NS);
        assertThat(rd(SR) & (BUSY | TOF)).isEqualTo(TOF);
        assertThat(irq).as("TOF interrupt").isTrue();
        wr(FCR, TOF);
        assertThat(rd(SR) & TOF).isZero();
        assertThat(irq).isFalse();
    }

    @Test
    void abortStopsAnIndirectReadFlushesTheFullFifoAndSetsTcf() {
        startSingleLineRead(1024);
        // CLK 100 MHz, 1 line: 40 header clocks, then 8 clocks a byte; 11 bytes after 1.3 us.
        runFor(1_300 * NS);
        assertThat(flevel()).isEqualTo(11);
        runFor(10_000 * NS);
        assertThat(flevel()).as("FIFO full").isEqualTo(fifoBytes);
        assertThat(rd(SR) & BUSY).isEqualTo(BUSY);
        wr(CR, rd(CR) | 2);
        assertThat(rd(SR) & (BUSY | TCF)).isEqualTo(TCF);
        assertThat(flevel()).isZero();
        assertThat(rd(CR) & 2).as("ABORT clears itself").isZero();
    }

    @Test
    void anIndirectAddressBeyondDevsizeSetsTefAndItsInterruptAndSendsNothing() {
        wr(DCR1, 11 << 16 | 1 << 8); // 4 KiB
        wr(CR, rd(CR) | 1 << 16);    // TEIE
        wr(FCR, 0x1B);
        setMode(1);
        wr(DLR, 3);
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(IR, 0x13);
        wr(AR, 0x1000);
        assertThat(rd(SR) & (TEF | BUSY)).isEqualTo(TEF);
        assertThat(irq).isTrue();
        wr(FCR, TEF);
        assertThat(irq).isFalse();
    }
}
