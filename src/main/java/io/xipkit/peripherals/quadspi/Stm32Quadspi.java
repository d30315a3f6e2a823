package io.xipkit.peripherals.quadspi;

import io.xipkit.bus.FastPath;
import io.xipkit.bus.Peripheral;
import io.xipkit.cpu.RegisterBus;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.Resettable;
import io.xipkit.peripherals.xspi.DirectRead;
import io.xipkit.peripherals.xspi.ReadCommand;
import io.xipkit.peripherals.xspi.XspiTarget;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The STM32H7 QUADSPI controller (RM0433 Rev 8 chapter 23 "Quad-SPI interface (QUADSPI)";
 * registers at 0x5200_5000, memory-mapped window 0x9000_0000..0x9FFF_FFFF, NVIC line 92)
 * driving one or two NOR memories through {@link XspiTarget}.
 *
 * <p>Modes (CCR.FMODE): indirect write and read through the 32-byte FIFO, automatic status
 * polling, memory-mapped (see {@link QuadspiWindow}). Transfers run in virtual time: each phase
 * takes its clocks at CLK = kernel clock / (PRESCALER + 1), the FIFO fills and drains at the data
 * rate and stalls the transfer when full (read) or empty (write), and TCF/BUSY/FTF/SMF/TOF change
 * at the instants the hardware would change them, scheduled on the board's {@link Scheduler}.
 * Register state is computed lazily from virtual time whenever software looks at it.
 *
 * <p>Modelling limits: CKMODE, SSHIFT, DHHC and DMAEN are stored but have no effect (no sampling
 * skew and no DMA requests are modelled); an AHB access that would stall on the FIFO (DR read with
 * too few bytes, DR write with a full FIFO) completes at once, moving the data at that instant.
 */
public final class Stm32Quadspi implements Peripheral, Resettable {
    /** Register block base on the AHB3 bus (RM0433 Table 8 "Register boundary addresses"). */
    public static final long REGISTERS_BASE = 0x5200_5000L;
    public static final int REGISTERS_SIZE = 0x1000;
    /** Memory-mapped window (RM0433 §2.3.2 "Memory map and register boundary addresses"). */
    public static final long WINDOW_BASE = 0x9000_0000L;
    public static final long WINDOW_SIZE = 256L << 20;
    /** NVIC position of the QUADSPI global interrupt (RM0433 Rev 8 Table 145 "NVIC"). */
    public static final int IRQ_NUMBER = 92;

    private static final int IDLE = 0, WRITING = 1, READING = 2, POLLING = 3;
    private static final double EPS = 1e-6;
    /** Bytes remembered of the memory-mapped data stream, so that overlapping reads reuse it. */
    private static final int HISTORY = 64;

    private final Clock clock;
    private final Scheduler scheduler;
    private final LongSupplier kernelClockHz;
    private final IrqLine irq;
    private final FlashLines lines;
    private final QuadspiFlash bank1, bank2;
    private final boolean dualFlashBoard;
    private final QuadspiWindow window;
    private final RegisterBlock regs;
    private final DataFifo fifo = new DataFifo();

    // Field handles.
    private final Field en, tcen, dfm, fsel, fthres, teie, tcie, ftie, smie, toie, apms, pmm, prescaler;
    private final Field csht, fsize;
    private final Field tef, tcf, smf, tof;
    private final Register ccr, abr, dr, psmkr, psmar, pir, lptr;

    // Bus access in progress (DR needs to know its width and lanes).
    private int accessOffset, accessSize;
    /** A guarded field refused the current write (BUSY = 1). */
    private boolean rejected;
    private boolean instructionLaneWritten;
    /** FMODE as of the last accepted CCR write (entering or leaving memory-mapped mode). */
    private int ccrFmode;
    /** DLR.DL and AR.ADDRESS as written (DFM forces DL[0]=1 and ADDRESS[0]=0 on reads and use). */
    private int dlRaw, arRaw;

    // Command in progress (indirect or polling).
    private int op = IDLE;
    private QuadspiCommand cmd;
    private double cyclePicos;
    private double unitPicos;
    private int unitBytes;
    private long unitsTotal, unitsDone, segBase;
    private long segT, dataStart;
    private boolean runsPastEnd;
    private long genAtStart;
    private Scheduler.Handle event;
    private final Scheduler.Event progressEvent = this::onProgress;
    private long csFreeAt;
    private boolean instructionSent;
    private final byte[] unitBuf = new byte[64];
    // Status polling.
    private int pollBytes;
    private int lastStatus;

    // Memory-mapped mode.
    private boolean mmOpen;
    private long mmPos;
    private final byte[] history = new byte[HISTORY];
    private int historyLen;
    private long lastMmAccess;
    private Scheduler.Handle timeoutEvent;
    private final Scheduler.Event timeoutCheck = this::onTimeoutCheck;
    private boolean fastPathEnabled = true;
    /**
     * The window has been read since the last abort or reconfiguration. The fast path is only
     * handed to the bus from then on: real hardware holds CS# low (BUSY = 1) only after an access.
     */
    private boolean accessed;
    private FastPath fastPath;
    private long queriedGeneration = Long.MIN_VALUE;
    private int queriedConfig = -1;
    private int configVersion;
    private byte[] shadow;
    private long shadowGen1 = -1, shadowGen2 = -1;
    private boolean irqLevel;

    /**
     * @param kernelClockHz  the QUADSPI kernel clock (RCC D1CCIPR.QSPISEL: HCLK3, PLL1Q, PLL2R or
     *                       per_ck), read at the start of each command
     * @param irq            the QUADSPI global interrupt (NVIC line {@value #IRQ_NUMBER})
     * @param flash1         memory on bank 1 (BK1), or null when nothing is wired there
     * @param flash2         memory on bank 2 (BK2), or null
     * @param dualFlashBoard whether the board wires the banks for dual-flash mode: then the window's
     *                       programmer path ({@link QuadspiWindow#load}) interleaves bytes between
     *                       the memories as DFM=1 reads expect them
     */
    public Stm32Quadspi(Clock clock, Scheduler scheduler, LongSupplier kernelClockHz, IrqLine irq,
                        QuadspiFlash flash1, QuadspiFlash flash2, boolean dualFlashBoard) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.kernelClockHz = Objects.requireNonNull(kernelClockHz, "kernelClockHz");
        this.irq = irq == null ? IrqLine.NONE : irq;
        if (flash1 == null && flash2 == null) throw new IllegalArgumentException("QUADSPI needs at least one flash memory");
        if (dualFlashBoard && (flash1 == null || flash2 == null)) {
            throw new IllegalArgumentException("a dual-flash QUADSPI board needs a memory on both banks");
        }
        this.bank1 = flash1;
        this.bank2 = flash2;
        this.dualFlashBoard = dualFlashBoard;
        this.lines = new FlashLines(flash1 == null ? null : flash1.target(), flash2 == null ? null : flash2.target());
        this.regs = buildRegisters();
        en = regs.field("CR", "EN");
        tcen = regs.field("CR", "TCEN");
        dfm = regs.field("CR", "DFM");
        fsel = regs.field("CR", "FSEL");
        fthres = regs.field("CR", "FTHRES");
        teie = regs.field("CR", "TEIE");
        tcie = regs.field("CR", "TCIE");
        ftie = regs.field("CR", "FTIE");
        smie = regs.field("CR", "SMIE");
        toie = regs.field("CR", "TOIE");
        apms = regs.field("CR", "APMS");
        pmm = regs.field("CR", "PMM");
        prescaler = regs.field("CR", "PRESCALER");
        csht = regs.field("DCR", "CSHT");
        fsize = regs.field("DCR", "FSIZE");
        tef = regs.field("SR", "TEF");
        tcf = regs.field("SR", "TCF");
        smf = regs.field("SR", "SMF");
        tof = regs.field("SR", "TOF");
        ccr = regs.register("CCR");
        abr = regs.register("ABR");
        dr = regs.register("DR");
        psmkr = regs.register("PSMKR");
        psmar = regs.register("PSMAR");
        pir = regs.register("PIR");
        lptr = regs.register("LPTR");
        this.window = new QuadspiWindow(this);
    }

    /** The 256 MiB memory-mapped window, to map at {@link #WINDOW_BASE}. */
    public QuadspiWindow window() {
        return window;
    }

    public RegisterBlock registers() {
        return regs;
    }

    /**
     * Turns the memory-mapped fast path on or off (on by default). Off, every window access runs
     * a transaction on the memories, which also models the chip-select timeout exactly.
     */
    public void setFastPathEnabled(boolean enabled) {
        fastPathEnabled = enabled;
        configVersion++;
        refreshFastPath();
    }

    /**
     * Tells the controller that a memory changed other than through it (power cut or power-on
     * driven by a tool, say): the window drops its fast path and decoded instructions.
     */
    public void flashStateChanged() {
        shadowGen1 = shadowGen2 = -1;
        configVersion++;
        refreshFastPath();
        window.notifyAllChanged();
    }

    // ================================================================================================
    // Register map (RM0433 Rev 8 §23.5 "QUADSPI registers", §23.5.14 Table 200 "QUADSPI register map and
    // reset values": every reset value is 0x0000 0000). Offsets and field positions/widths agree with
    // ST's CMSIS device header stm32h743xx.h / stm32h757xx.h (cmsis_device_h7); see docs/FACTS-STM32H7.md.
    // ================================================================================================

    private RegisterBlock buildRegisters() {
        return RegisterBlock.builder("QUADSPI", REGISTERS_SIZE)
                // Reserved offsets of the 4 KiB slot read 0 and ignore writes.
                .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // §23.5.1 QUADSPI_CR. PRESCALER, PMM, APMS, TCEN, SSHIFT, DFM and FSEL can be modified only while BUSY = 0.
                .register(0x00, "CR", r -> r
                        .bit("EN", 0, Access.RW, f -> f.onChange((was, now) -> enableChanged(now != 0)))
                        .bit("ABORT", 1, Access.RW, f -> f.onWrite((was, now) -> {
                            if (now != 0) abortRequested();
                        }))
                        .bit("DMAEN", 2, Access.RW)
                        .bit("TCEN", 3, Access.RW, guarded("CR", "TCEN", null))
                        .bit("SSHIFT", 4, Access.RW, guarded("CR", "SSHIFT", null))
                        .bit("DFM", 6, Access.RW, guarded("CR", "DFM", this::bankConfigChanged))
                        .bit("FSEL", 7, Access.RW, guarded("CR", "FSEL", this::bankConfigChanged))
                        .field("FTHRES", 8, 5, Access.RW)
                        .bit("TEIE", 16, Access.RW)
                        .bit("TCIE", 17, Access.RW)
                        .bit("FTIE", 18, Access.RW)
                        .bit("SMIE", 19, Access.RW)
                        .bit("TOIE", 20, Access.RW)
                        .bit("APMS", 22, Access.RW, guarded("CR", "APMS", null))
                        .bit("PMM", 23, Access.RW, guarded("CR", "PMM", null))
                        .field("PRESCALER", 24, 8, Access.RW, guarded("CR", "PRESCALER", null))
                        .afterWrite(v -> afterControlWrite()))
                // §23.5.2 QUADSPI_DCR: FSIZE (bytes = 2^(FSIZE+1)), CSHT (CS# high >= CSHT+1 cycles), CKMODE.
                .register(0x04, "DCR", r -> r
                        .bit("CKMODE", 0, Access.RW, guarded("DCR", "CKMODE", null))
                        .field("CSHT", 8, 3, Access.RW, guarded("DCR", "CSHT", null))
                        .field("FSIZE", 16, 5, Access.RW, guarded("DCR", "FSIZE", this::mmConfigChanged)))
                // §23.5.3 QUADSPI_SR: FLEVEL is 6 bits (0..32 bytes).
                .register(0x08, "SR", r -> r
                        .beforeRead(this::sync)
                        .bit("TEF", 0, Access.RO)
                        .bit("TCF", 1, Access.RO)
                        .bit("FTF", 2, Access.RO, f -> f.reads(() -> ftf() ? 1 : 0))
                        .bit("SMF", 3, Access.RO)
                        .bit("TOF", 4, Access.RO)
                        .bit("BUSY", 5, Access.RO, f -> f.reads(() -> busyNow() ? 1 : 0))
                        .field("FLEVEL", 8, 6, Access.RO, f -> f.reads(fifo::level)))
                // §23.5.4 QUADSPI_FCR: writing 1 clears the SR flag.
                .register(0x0C, "FCR", r -> r
                        .bit("CTEF", 0, Access.WO, f -> f.onWrite((was, now) -> clearFlag(now, 0)))
                        .bit("CTCF", 1, Access.WO, f -> f.onWrite((was, now) -> clearFlag(now, 1)))
                        .bit("CSMF", 3, Access.WO, f -> f.onWrite((was, now) -> clearFlag(now, 3)))
                        .bit("CTOF", 4, Access.WO, f -> f.onWrite((was, now) -> clearFlag(now, 4))))
                // §23.5.5 QUADSPI_DLR: DL+1 bytes; all ones = up to the end of the memory; DL[0] stuck at 1 when DFM = 1.
                .register(0x10, "DLR", r -> r
                        .field("DL", 0, 32, Access.RW, f -> f
                                .reads(() -> dlRaw | (dfm.isSet() ? 1 : 0))
                                .onWrite((was, now) -> {
                                    if (refuse("DLR", "DL", was)) return;
                                    dlRaw = now;
                                })))
                // §23.5.6 QUADSPI_CCR.
                .register(0x14, "CCR", r -> r
                        .field("INSTRUCTION", 0, 8, Access.RW, f -> f.onWrite((was, now) -> {
                            instructionLaneWritten = true;
                            refuse("CCR", "INSTRUCTION", was);
                        }))
                        .field("IMODE", 8, 2, Access.RW, guarded("CCR", "IMODE", null))
                        .field("ADMODE", 10, 2, Access.RW, guarded("CCR", "ADMODE", null))
                        .field("ADSIZE", 12, 2, Access.RW, guarded("CCR", "ADSIZE", null))
                        .field("ABMODE", 14, 2, Access.RW, guarded("CCR", "ABMODE", null))
                        .field("ABSIZE", 16, 2, Access.RW, guarded("CCR", "ABSIZE", null))
                        .field("DCYC", 18, 5, Access.RW, guarded("CCR", "DCYC", null))
                        .field("DMODE", 24, 2, Access.RW, guarded("CCR", "DMODE", null))
                        .field("FMODE", 26, 2, Access.RW, guarded("CCR", "FMODE", null))
                        .bit("SIOO", 28, Access.RW, guarded("CCR", "SIOO", null))
                        .bit("DHHC", 30, Access.RW, guarded("CCR", "DHHC", null))
                        .bit("DDRM", 31, Access.RW, guarded("CCR", "DDRM", null))
                        .afterWrite(this::afterCcrWrite))
                // §23.5.7 QUADSPI_AR: ADDRESS[0] stuck at 0 when DFM = 1.
                .register(0x18, "AR", r -> r
                        .field("ADDRESS", 0, 32, Access.RW, f -> f
                                .reads(() -> arRaw & (dfm.isSet() ? ~1 : ~0))
                                .onWrite((was, now) -> {
                                    if (refuse("AR", "ADDRESS", was)) return;
                                    arRaw = now;
                                }))
                        .afterWrite(v -> afterArWrite()))
                // §23.5.8 QUADSPI_ABR.
                .register(0x1C, "ABR", r -> r
                        .field("ALTERNATE", 0, 32, Access.RW, guarded("ABR", "ALTERNATE", this::mmConfigChanged)))
                // §23.5.9 QUADSPI_DR: byte, halfword or word; each access moves that many bytes through the FIFO.
                .register(0x20, "DR", r -> r
                        .beforeRead(this::drRead)
                        .field("DATA", 0, 32, Access.RW)
                        .afterWrite(this::drWritten))
                // §23.5.10 QUADSPI_PSMKR, §23.5.11 QUADSPI_PSMAR.
                .register(0x24, "PSMKR", r -> r.field("MASK", 0, 32, Access.RW, guarded("PSMKR", "MASK", null)))
                .register(0x28, "PSMAR", r -> r.field("MATCH", 0, 32, Access.RW, guarded("PSMAR", "MATCH", null)))
                // §23.5.12 QUADSPI_PIR: CLK cycles between two reads in automatic polling mode.
                .register(0x2C, "PIR", r -> r.field("INTERVAL", 0, 16, Access.RW, guarded("PIR", "INTERVAL", null)))
                // §23.5.13 QUADSPI_LPTR: CLK cycles, after the prefetch FIFO is full, before CS# rises (TCEN = 1).
                .register(0x30, "LPTR", r -> r.field("TIMEOUT", 0, 16, Access.RW, guarded("LPTR", "TIMEOUT", null)))
                .build();
    }

    /** A field writable only while BUSY = 0 (the RM's "can be modified only when BUSY = 0"): a write while busy is ignored. */
    private Consumer<RegisterBlock.FieldSpec> guarded(String register, String field, Runnable onAcceptedChange) {
        return f -> f.onWrite((was, now) -> {
            if (refuse(register, field, was)) return;
            if (was != now && onAcceptedChange != null) onAcceptedChange.run();
        });
    }

    /** Restores the field if the controller is busy; returns whether the write was refused. */
    private boolean refuse(String register, String field, int was) {
        if (!rejected && !busy()) return false;
        rejected = true;
        regs.field(register, field).set(was);
        return true;
    }

    // ================================================================================================
    // Bus side
    // ================================================================================================

    @Override
    public int read(int offset, int size) {
        accessOffset = offset;
        accessSize = size;
        return RegisterBus.read(regs, offset, size);
    }

    @Override
    public void write(int offset, int size, int value) {
        accessOffset = offset;
        accessSize = size;
        rejected = false;
        instructionLaneWritten = false;
        RegisterBus.write(regs, offset, size, value);
    }

    @Override
    public void reset() {
        cancelEvents();
        lines.deselect();
        op = IDLE;
        mmOpen = false;
        historyLen = 0;
        fifo.clear();
        regs.reset();
        dlRaw = arRaw = 0;
        ccrFmode = 0;
        instructionSent = false;
        csFreeAt = 0;
        lastStatus = 0;
        accessed = false;
        configVersion++;
        refreshFastPath();
        window.notifyAllChanged();
        updateIrq();
    }

    // ================================================================================================
    // Register hooks
    // ================================================================================================

    private void afterControlWrite() {
        updateIrq();
    }

    private void enableChanged(boolean on) {
        if (!on) stopEverything(false);
        accessed = false;
        configVersion++;
        refreshFastPath();
        window.notifyAllChanged();
    }

    private void bankConfigChanged() {
        mmConfigChanged();
    }

    private void mmConfigChanged() {
        accessed = false;
        mmClose();
        configVersion++;
        refreshFastPath();
        window.notifyAllChanged();
    }

    private void abortRequested() {
        // §23.3.15 "QUADSPI busy bit and abort functionality": the ongoing command stops, the FIFO
        // is flushed, TCF rises once the abort is done and ABORT clears itself.
        boolean wasBusy = busy();
        stopEverything(true);
        accessed = false;
        regs.field("CR", "ABORT").set(0);
        if (wasBusy) tcf.set(1);
        configVersion++;
        refreshFastPath();
        updateIrq();
    }

    private void stopEverything(boolean flush) {
        cancelEvents();
        if (op != IDLE || mmOpen) lines.deselect();
        long gen = genAtStart;
        boolean wasTransfer = op == WRITING || op == READING;
        op = IDLE;
        mmOpen = false;
        historyLen = 0;
        if (flush) fifo.clear();
        if (wasTransfer && lines.generation() != gen) window.notifyAllChanged();
    }

    private void clearFlag(int written, int bit) {
        if (written == 0) return;
        switch (bit) {
            case 0 -> tef.set(0);
            case 1 -> tcf.set(0);
            case 3 -> smf.set(0);
            default -> tof.set(0);
        }
        updateIrq();
    }

    private void afterCcrWrite(int value) {
        if (rejected) return;
        int fmode = fmode();
        // §23.3.13: with SIOO the instruction goes out with the first command after a CCR write only.
        instructionSent = false;
        boolean mm = fmode == QuadspiCommand.MEMORY_MAPPED;
        boolean wasMm = ccrFmode == QuadspiCommand.MEMORY_MAPPED;
        ccrFmode = fmode;
        if (mm || wasMm || fastPath != null || mmOpen) mmConfigChanged();
        if (mm) return;
        // §23.3.5 indirect mode / §23.3.6 polling: a command starts at the write of INSTRUCTION
        // when it needs neither an address nor data from software.
        QuadspiCommand c = QuadspiCommand.decode(ccr.get());
        if (instructionLaneWritten && !c.hasAddress() && (fmode != QuadspiCommand.INDIRECT_WRITE || !c.hasData())) {
            start(c);
        }
    }

    private void afterArWrite() {
        if (rejected) return;
        QuadspiCommand c = QuadspiCommand.decode(ccr.get());
        if (c.fmode() == QuadspiCommand.MEMORY_MAPPED || !c.hasAddress()) return;
        // ... at the write of ADDRESS when an address is needed and software supplies no data.
        if (c.fmode() != QuadspiCommand.INDIRECT_WRITE || !c.hasData()) start(c);
    }

    private void drWritten(int value) {
        if (fmode() != QuadspiCommand.INDIRECT_WRITE) return; // DR writes only feed indirect write mode
        long now = clock.nowPicos();
        sync();
        int shift = (accessOffset - 0x20) * 8;
        for (int i = 0; i < accessSize; i++) {
            if (fifo.free() == 0 && op == WRITING) forceOut(now);
            if (fifo.free() == 0) break; // nothing drains the FIFO: the byte is lost
            fifo.push((byte) (value >>> (shift + 8 * i)));
        }
        // ... and at the first write of DATA when software supplies the data.
        if (op == IDLE) {
            QuadspiCommand c = QuadspiCommand.decode(ccr.get());
            if (c.hasData()) start(c);
        } else {
            settleCompletion(now);
            scheduleNext();
        }
        updateIrq();
    }

    private void drRead() {
        int fmode = fmode();
        if (fmode == QuadspiCommand.AUTO_POLLING) {
            // §23.3.6: the last status bytes received can be read in DR.
            dr.set(lastStatus);
            return;
        }
        if (fmode != QuadspiCommand.INDIRECT_READ) return;
        long now = clock.nowPicos();
        sync();
        while (fifo.level() < accessSize && op == READING && unitsDone < unitsTotal) forceIn(now);
        int shift = (accessOffset - 0x20) * 8;
        int v = 0;
        for (int i = 0; i < accessSize; i++) v |= fifo.pop() << (shift + 8 * i);
        dr.set(v);
        if (op == READING) {
            settleCompletion(now);
            if (op == READING) scheduleNext();
        }
        updateIrq();
    }

    // ================================================================================================
    // Indirect and polling commands
    // ================================================================================================

    private int fmode() {
        return (ccr.get() >>> 26) & 3;
    }

    /** Memory size as FSIZE describes it: 2^(FSIZE+1) bytes (§23.5.2). */
    long flashSize() {
        return 1L << (fsize.get() + 1);
    }

    private long address() {
        return (arRaw & (dfm.isSet() ? ~1 : ~0)) & 0xFFFF_FFFFL;
    }

    private long dataLength() {
        return (dlRaw | (dfm.isSet() ? 1 : 0)) & 0xFFFF_FFFFL;
    }

    private double cyclePicos() {
        long hz = kernelClockHz.getAsLong();
        if (hz <= 0) throw new IllegalStateException("QUADSPI kernel clock is " + hz + " Hz: the board wired no clock");
        return (prescaler.get() + 1) * (double) Clock.PICOS_PER_SECOND / hz;
    }

    private long picos(double cycles) {
        return (long) Math.ceil(cycles * cyclePicos - EPS);
    }

    private void start(QuadspiCommand c) {
        if (!en.isSet()) return; // §23.5.1 EN: nothing is sent while the controller is disabled
        long size = flashSize();
        long addr = c.hasAddress() ? address() : 0;
        if (c.hasAddress() && addr >= size) {
            // §23.3.14 "QUADSPI error management": an access outside FSIZE in indirect mode sets TEF.
            tef.set(1);
            updateIrq();
            return;
        }
        lines.configure(dfm.isSet(), fsel.isSet());
        cmd = c;
        cyclePicos = cyclePicos();
        long now = clock.nowPicos();
        long t0 = Math.max(now, csFreeAt);
        unitBytes = lines.dual() ? 2 : 1;
        unitPicos = c.unitClocks() * cyclePicos;
        genAtStart = lines.generation();
        boolean send = c.imode() != 0 && !(c.sioo() && instructionSent);
        if (c.imode() != 0) instructionSent = true;
        long header = c.headerClocks(send);
        if (c.fmode() == QuadspiCommand.AUTO_POLLING) {
            pollBytes = c.hasData() ? (int) Math.min(4, dataLength() + 1) : 0;
            pollFirstSend = send;
            pollStarted = false;
            op = POLLING;
            schedule(t0 + picos(header + (long) (pollBytes / unitBytes) * c.unitClocks()));
            return;
        }
        openTransaction(c, send, addr);
        dataStart = t0 + picos(header);
        long bytes = 0;
        runsPastEnd = false;
        if (c.hasData()) {
            long dl = dataLength();
            long left = size - addr;
            bytes = dl == 0xFFFF_FFFFL ? left : dl + 1;
            if (bytes > left && c.hasAddress()) {
                bytes = left;
                runsPastEnd = true;
            }
        }
        unitsTotal = bytes / unitBytes;
        unitsDone = 0;
        segBase = 0;
        segT = dataStart;
        op = c.fmode() == QuadspiCommand.INDIRECT_READ ? READING : WRITING;
        settleCompletion(now);
        if (op != IDLE) scheduleNext();
        updateIrq();
    }

    private void openTransaction(QuadspiCommand c, boolean sendInstruction, long addr) {
        lines.select();
        if (sendInstruction) lines.instruction(c.instruction(), c.instructionFormat());
        if (c.hasAddress()) lines.address(addr, c.addressBytes(), c.addressFormat());
        if (c.abmode() != 0) lines.alternate(alternateValue(c), c.alternateBytes(), c.alternateFormat());
        lines.dummy(c.dcyc());
    }

    private long alternateValue(QuadspiCommand c) {
        long v = abr.get() & 0xFFFF_FFFFL;
        return c.alternateBytes() == 4 ? v : v & ((1L << (8 * c.alternateBytes())) - 1);
    }

    /** Brings the running command up to the current virtual time. */
    private void sync() {
        long now = clock.nowPicos();
        if (op == READING) advanceRead(now);
        else if (op == WRITING) advanceWrite(now);
        if (mmOpen && timeoutDue(now)) mmTimeout();
    }

    /** Units the data phase could have moved by {@code now} since the last stall, beyond those already moved. */
    private long unitsDue(long now) {
        if (now <= segT) return 0;
        long n = segBase + (long) Math.floor((now - segT) / unitPicos + EPS) - unitsDone;
        return Math.max(0, n);
    }

    private void stall(long now) {
        if (now > segT) {
            segT = now;
            segBase = unitsDone;
        }
    }

    private void advanceRead(long now) {
        if (now < dataStart) return;
        if (unitsDone < unitsTotal) {
            // The FIFO full stops the clock (§23.3.5): no progress accrues while it stays full.
            if (fifo.free() < unitBytes) {
                stall(now);
                return;
            }
            long n = Math.min(Math.min(unitsDue(now), fifo.free() / unitBytes), unitsTotal - unitsDone);
            if (n > 0) moveIn((int) n);
            if (unitsDone < unitsTotal && fifo.free() < unitBytes) stall(now);
        }
        settleCompletion(now);
    }

    private void advanceWrite(long now) {
        if (now < dataStart) return;
        if (unitsDone < unitsTotal) {
            if (fifo.level() < unitBytes) {
                stall(now);
                return;
            }
            long n = Math.min(Math.min(unitsDue(now), fifo.level() / unitBytes), unitsTotal - unitsDone);
            if (n > 0) moveOut((int) n);
            if (unitsDone < unitsTotal && fifo.level() < unitBytes) stall(now);
        }
        settleCompletion(now);
    }

    private void moveIn(int units) {
        int bytes = units * unitBytes;
        lines.read(unitBuf, 0, bytes, cmd.dataFormat());
        fifo.pushAll(unitBuf, 0, bytes);
        unitsDone += units;
    }

    private void moveOut(int units) {
        int bytes = units * unitBytes;
        fifo.popAll(unitBuf, 0, bytes);
        lines.write(unitBuf, 0, bytes, cmd.dataFormat());
        unitsDone += units;
    }

    /** A DR read the FIFO cannot serve: the bus waits for the next unit, which arrives now. */
    private void forceIn(long now) {
        moveIn(1);
        segT = Math.max(now, dataStart);
        segBase = unitsDone;
    }

    /** A DR write to a full FIFO: the bus waits until a unit has left, which happens now. */
    private void forceOut(long now) {
        moveOut(1);
        segT = Math.max(now, dataStart);
        segBase = unitsDone;
    }

    /** Instant the last data unit has moved (no stall from here on). */
    private long completionTime() {
        if (unitsTotal == 0) return dataStart;
        return segT + (long) Math.ceil((unitsTotal - segBase) * unitPicos - EPS);
    }

    private void settleCompletion(long now) {
        if ((op != READING && op != WRITING) || unitsDone < unitsTotal) return;
        long done = completionTime();
        if (now < done) return;
        finish(done);
    }

    private void finish(long done) {
        cancel(event);
        event = null;
        lines.deselect(); // CS# rises: the memories start programs, erases and register writes now
        op = IDLE;
        csFreeAt = done + picos(csht.get() + 1);
        if (runsPastEnd) tef.set(1);
        else tcf.set(1);
        if (lines.generation() != genAtStart) {
            // The command changed a memory (program, erase, mode): code seen through the window may differ.
            shadowGen1 = shadowGen2 = -1;
            window.notifyAllChanged();
        }
        updateIrq();
    }

    private void schedule(long at) {
        cancel(event);
        event = scheduler.schedule(Math.max(at, clock.nowPicos()), progressEvent);
    }

    /** Schedules the next instant at which the running transfer changes something software can see. */
    private void scheduleNext() {
        if (op == READING || op == WRITING) {
            if (unitsDone >= unitsTotal) {
                schedule(completionTime());
                return;
            }
            long remaining = unitsTotal - unitsDone;
            long k;
            int thr = fthres.get() + 1;
            if (op == READING) {
                long space = fifo.free() / unitBytes;
                if (space == 0) {
                    cancel(event); // stalled until software reads DR
                    event = null;
                    return;
                }
                k = Math.min(space, remaining);
                if (ftie.isSet() && fifo.level() < thr) k = Math.min(k, (thr - fifo.level() + unitBytes - 1) / unitBytes);
            } else {
                long avail = fifo.level() / unitBytes;
                if (avail == 0) {
                    cancel(event); // stalled until software writes DR
                    event = null;
                    return;
                }
                k = Math.min(avail, remaining);
                if (ftie.isSet() && fifo.free() < thr) k = Math.min(k, (thr - fifo.free() + unitBytes - 1) / unitBytes);
            }
            long due = unitsDone - segBase + Math.max(1, k);
            schedule(segT + (long) Math.ceil(due * unitPicos - EPS));
        }
    }

    private void onProgress(long firedAt) {
        event = null;
        if (op == POLLING) {
            poll();
            return;
        }
        sync();
        if (op == READING || op == WRITING) scheduleNext();
        updateIrq();
    }

    /** One automatic-polling read (§23.3.6): the status bytes are compared with PSMAR under PSMKR. */
    private void poll() {
        QuadspiCommand c = cmd;
        // With SIOO only the first command of the sequence carries the instruction (§23.3.13).
        boolean send = pollStarted ? c.imode() != 0 && !c.sioo() : pollFirstSend;
        pollStarted = true;
        openTransaction(c, send, c.hasAddress() ? address() : 0);
        int v = 0;
        if (pollBytes > 0) {
            lines.read(unitBuf, 0, pollBytes, c.dataFormat());
            for (int i = 0; i < pollBytes; i++) v |= (unitBuf[i] & 0xFF) << (8 * i);
        }
        lines.deselect();
        lastStatus = v;
        int width = pollBytes == 4 ? -1 : (1 << (8 * pollBytes)) - 1;
        int mask = psmkr.get() & width;
        int match = psmar.get();
        // In dual-flash mode the bytes alternate between the memories (byte 0 from flash 1), and the
        // mask and match apply to the whole received word, so one compare covers both status bytes.
        boolean hit = pmm.isSet()
                ? (~(v ^ match) & mask) != 0        // PMM = 1, OR: any unmasked bit matches
                : ((v ^ match) & mask) == 0;        // PMM = 0, AND: every unmasked bit matches
        long now = clock.nowPicos();
        if (hit) {
            smf.set(1);
            if (apms.isSet()) {
                // APMS = 1: polling stops at the first match and BUSY falls.
                op = IDLE;
                csFreeAt = now + picos(csht.get() + 1);
                updateIrq();
                return;
            }
        }
        // PIR: CLK cycles between two reads (at least the CS# high time), then the next command.
        long gap = Math.max(pir.get() & 0xFFFF, csht.get() + 1);
        long next = c.headerClocks(c.imode() != 0 && !c.sioo()) + (long) (pollBytes / unitBytes) * c.unitClocks();
        schedule(now + picos(gap + next));
        updateIrq();
    }

    private boolean pollStarted;
    private boolean pollFirstSend;

    // ================================================================================================
    // Status
    // ================================================================================================

    private boolean busy() {
        sync();
        return busyNow();
    }

    /** §23.5.3 BUSY: an operation is running, or (indirect read) data are left in the FIFO. */
    private boolean busyNow() {
        if (op != IDLE) return true;
        int fmode = fmode();
        if (fmode == QuadspiCommand.INDIRECT_READ && fifo.level() > 0) return true;
        // Memory-mapped: CS# stays low after an access until the timeout (TCEN = 1) or an abort.
        return fmode == QuadspiCommand.MEMORY_MAPPED && (mmOpen || (fastPath != null && !tcen.isSet()));
    }

    /**
     * §23.5.3 FTF: indirect read, at least FTHRES+1 bytes in the FIFO or data left after the
     * last byte came in; indirect write, at least FTHRES+1 free bytes.
     */
    private boolean ftf() {
        int thr = fthres.get() + 1;
        return switch (fmode()) {
            case QuadspiCommand.INDIRECT_READ -> fifo.level() >= thr || (op != READING && fifo.level() > 0);
            case QuadspiCommand.INDIRECT_WRITE -> fifo.free() >= thr;
            default -> false;
        };
    }

    /** §23.4 "QUADSPI interrupts": one line, asserted while any enabled flag is set. */
    private void updateIrq() {
        boolean level = (tef.isSet() && teie.isSet()) || (tcf.isSet() && tcie.isSet())
                || (smf.isSet() && smie.isSet()) || (tof.isSet() && toie.isSet())
                || (ftie.isSet() && ftf());
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    private void cancel(Scheduler.Handle h) {
        if (h != null) scheduler.cancel(h);
    }

    private void cancelEvents() {
        cancel(event);
        event = null;
        cancel(timeoutEvent);
        timeoutEvent = null;
        pollStarted = false;
    }

    // ================================================================================================
    // Memory-mapped mode (§23.3.7)
    // ================================================================================================

    boolean memoryMapped() {
        return en.isSet() && fmode() == QuadspiCommand.MEMORY_MAPPED;
    }

    FastPath fastPath() {
        return fastPath;
    }

    /** A window read of {@code size} bytes; the caller has checked the mode and the FSIZE limit. */
    int windowRead(int offset, int size) {
        if (!accessed) {
            accessed = true;
            configVersion++;
        }
        if (lines.generation() != queriedGeneration || configVersion != queriedConfig) refreshFastPath();
        FastPath fp = fastPath;
        if (fp != null && offset + size <= fp.length()) {
            int v = 0;
            byte[] a = fp.array();
            int base = fp.arrayOffset() + offset;
            for (int i = 0; i < size; i++) v |= (a[base + i] & 0xFF) << (8 * i);
            return v;
        }
        return streamRead(offset, size);
    }

    /** Reads through a real transaction, continuing the open one when the access follows it. */
    private int streamRead(int offset, int size) {
        long now = clock.nowPicos();
        if (mmOpen && timeoutDue(now)) mmTimeout();
        long end = (long) offset + size;
        boolean continues = mmOpen && offset >= mmPos - historyLen && offset <= mmPos + DataFifo.CAPACITY;
        if (!continues) mmStart(dfm.isSet() ? offset & ~1L : offset);
        QuadspiCommand c = cmd;
        int unit = lines.dual() ? 2 : 1;
        while (mmPos < end) {
            if (c.hasData()) lines.read(unitBuf, 0, unit, c.dataFormat());
            else java.util.Arrays.fill(unitBuf, 0, unit, (byte) 0xFF);
            for (int i = 0; i < unit; i++) remember(unitBuf[i]);
            mmPos += unit;
        }
        long first = mmPos - historyLen;
        int v = 0;
        for (int i = 0; i < size; i++) v |= (history[(int) (offset + i - first)] & 0xFF) << (8 * i);
        lastMmAccess = now;
        if (tcen.isSet() && timeoutEvent == null) timeoutEvent = scheduler.schedule(now + timeoutPicos(), timeoutCheck);
        if (lines.generation() != queriedGeneration) {
            // The read changed a memory's state (entered or left continuous-read mode, ...).
            window.notifyAllChanged();
            refreshFastPath();
        } else if (configVersion != queriedConfig) {
            refreshFastPath(); // e.g. SIOO: the instruction is out, later reads omit it
        }
        return v;
    }

    private void remember(byte b) {
        if (historyLen == HISTORY) {
            System.arraycopy(history, 1, history, 0, HISTORY - 1);
            historyLen--;
        }
        history[historyLen++] = b;
    }

    private void mmStart(long addr) {
        mmClose();
        QuadspiCommand c = QuadspiCommand.decode(ccr.get());
        cmd = c;
        lines.configure(dfm.isSet(), fsel.isSet());
        boolean send = c.imode() != 0 && !(c.sioo() && instructionSent);
        if (c.imode() != 0 && !instructionSent) {
            instructionSent = true;
            if (c.sioo()) configVersion++; // later reads omit the instruction: another read command
        }
        openTransaction(c, send, addr);
        mmOpen = true;
        mmPos = addr;
        historyLen = 0;
    }

    private void mmClose() {
        if (!mmOpen) return;
        mmOpen = false;
        historyLen = 0;
        lines.deselect();
        cancel(timeoutEvent);
        timeoutEvent = null;
    }

    /** CS# rises this long after the last access: prefetch fills the FIFO, then LPTR cycles (§23.5.13). */
    private long timeoutPicos() {
        QuadspiCommand c = QuadspiCommand.decode(ccr.get());
        int unit = lines.dual() ? 2 : 1;
        return picosAt(cyclePicos(), (double) DataFifo.CAPACITY / unit * c.unitClocks() + (lptr.get() & 0xFFFF));
    }

    private static long picosAt(double cycle, double cycles) {
        return (long) Math.ceil(cycles * cycle - EPS);
    }

    private boolean timeoutDue(long now) {
        return tcen.isSet() && now >= lastMmAccess + timeoutPicos();
    }

    private void onTimeoutCheck(long firedAt) {
        timeoutEvent = null;
        if (!mmOpen || !tcen.isSet()) return;
        long now = clock.nowPicos();
        if (timeoutDue(now)) mmTimeout();
        else timeoutEvent = scheduler.schedule(lastMmAccess + timeoutPicos(), timeoutCheck);
    }

    /** §23.3.7: with TCEN = 1, CS# is released after the timeout and TOF is set. */
    private void mmTimeout() {
        mmClose();
        tof.set(1);
        updateIrq();
    }

    /** Recomputes the fast path and tells the window when it changed. */
    private void refreshFastPath() {
        FastPath now = computeFastPath();
        FastPath old = fastPath;
        boolean same = now == old || (now != null && old != null && now.array() == old.array()
                && now.arrayOffset() == old.arrayOffset() && now.length() == old.length());
        if (!same) {
            fastPath = now;
            window.fastPathChanged();
        }
    }

    private FastPath computeFastPath() {
        queriedGeneration = lines.generation();
        queriedConfig = configVersion;
        if (!fastPathEnabled || !accessed || !memoryMapped()) return null;
        QuadspiCommand c = QuadspiCommand.decode(ccr.get());
        if (c.sioo() && c.imode() != 0 && !instructionSent) return null; // the first read still carries the instruction
        boolean send = c.imode() != 0 && !(c.sioo() && instructionSent);
        ReadCommand rc = c.readCommand(abr.get() & 0xFFFF_FFFFL, send);
        if (rc == null) return null;
        mmClose(); // the memories answer the fast-path question only while deselected
        boolean dual = dfm.isSet();
        long limit = Math.min(flashSize(), WINDOW_SIZE);
        FastPath result;
        if (!dual) {
            XspiTarget t = fsel.isSet() ? lines.flash2() : lines.flash1();
            DirectRead d = FlashLines.directRead(t, rc);
            if (d == null) return null;
            result = new FastPath(d.array(), false, d.offset(), Math.min(d.size(), limit));
        } else {
            DirectRead d1 = FlashLines.directRead(lines.flash1(), rc);
            DirectRead d2 = d1 == null ? null : FlashLines.directRead(lines.flash2(), rc);
            if (d1 == null || d2 == null) return null;
            long each = Math.min(d1.size(), d2.size());
            if (2 * each > Integer.MAX_VALUE - 8) return null;
            if (shadow == null || shadow.length != 2 * each) {
                shadow = new byte[(int) (2 * each)];
                shadowGen1 = shadowGen2 = -1;
            }
            if (shadowGen1 != d1.generation() || shadowGen2 != d2.generation()) {
                interleave(d1, d2, (int) each);
                shadowGen1 = d1.generation();
                shadowGen2 = d2.generation();
            }
            result = new FastPath(shadow, false, 0, Math.min(shadow.length, limit));
        }
        queriedGeneration = lines.generation();
        FastPath old = fastPath;
        if (old != null && old.array() == result.array() && old.arrayOffset() == result.arrayOffset()
                && old.length() == result.length()) {
            return old;
        }
        return result;
    }

    private void interleave(DirectRead d1, DirectRead d2, int each) {
        byte[] a = d1.array(), b = d2.array(), s = shadow;
        int o1 = d1.offset(), o2 = d2.offset();
        for (int i = 0; i < each; i++) {
            s[2 * i] = a[o1 + i];
            s[2 * i + 1] = b[o2 + i];
        }
    }

    // ================================================================================================
    // Programmer path (used by the window)
    // ================================================================================================

    boolean dualFlashBoard() {
        return dualFlashBoard;
    }

    QuadspiFlash bank(int n) {
        return n == 1 ? bank1 : bank2;
    }

    /** Bytes the window's programmer path can reach: one memory, or both interleaved. */
    long loadableSize() {
        if (dualFlashBoard) return 2 * Math.min(bank1.memory().size(), bank2.memory().size());
        return (bank1 != null ? bank1 : bank2).memory().size();
    }

    /** After the programmer path changed the arrays behind the memories' backs. */
    void contentLoaded() {
        shadowGen1 = shadowGen2 = -1;
        configVersion++;
        if (fastPath != null) {
            fastPath = null;
            window.fastPathChanged();
        }
        refreshFastPath();
    }

    /**
     * What the controller samples on the banks' IO lines in clocks where nothing drives them
     * (a board fact: pull resistors, bus keeper); {@link UndrivenLines#PULL_UP} unless the board says.
     */
    public void setUndrivenLines(UndrivenLines undriven) {
        lines.undrivenLines(java.util.Objects.requireNonNull(undriven, "undriven"));
    }

    public UndrivenLines undrivenLines() {
        return lines.undrivenLines();
    }

    @Override
    public String toString() {
        return "QUADSPI" + (dualFlashBoard ? " (dual-flash board)" : "");
    }
}
