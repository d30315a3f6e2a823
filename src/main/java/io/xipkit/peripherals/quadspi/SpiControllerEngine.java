package io.xipkit.peripherals.quadspi;

import io.xipkit.bus.FastPath;
import io.xipkit.bus.Peripheral;
import io.xipkit.bus.QuietReads;
import io.xipkit.cpu.RegisterBus;
import io.xipkit.peripherals.DmaRequest;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.ModelWarnings;
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
 * The controller engine shared by ST's serial-memory interfaces (QUADSPI, OCTOSPI, XSPI): a
 * command sequence of instruction, address, alternate, dummy and data phases, each with its own
 * lines and rate, driving NOR memories through {@link XspiTarget}; the FIFO and indirect
 * write/read, automatic status polling, memory-mapped mode with its fast path and chip-select
 * timeout, abort, the TEF/TCF/FTF/SMF/TOF flags with their interrupt, and transfer timing in
 * virtual time. The blocks behave alike here (RM0433 §23.3, RM0455 §25.4, RM0477 "XSPI functional description" describe
 * the same modes and flags); a front-end contributes its register map, decodes its command
 * registers into a {@link SpiCommand} and binds the fields the engine reads ({@link Wiring}).
 *
 * <p>Transfers run in virtual time: each phase takes its clocks at CLK = kernel clock /
 * (PRESCALER + 1), the FIFO fills and drains at the data rate and stalls the transfer when full
 * (read) or empty (write), and the flags change at the instants the hardware would change them,
 * scheduled on the board's {@link Scheduler}. Register state is computed lazily from virtual time
 * whenever software looks at it.
 *
 * <p>Modelling limits: clock mode, sample shift, data hold and DMA enables are stored but have no
 * effect (a command sent with a combination the RM and ST's HAL rule out is reported as a model
 * warning, {@link CommandRules}); an AHB access that would stall on the FIFO completes at once, moving the data at that
 * instant.
 */
public abstract class SpiControllerEngine implements Peripheral, Resettable, QuietReads, io.xipkit.bus.StorageRewritten {
    static final int INDIRECT_WRITE = 0;
    static final int INDIRECT_READ = 1;
    static final int AUTO_POLLING = 2;
    static final int MEMORY_MAPPED = 3;

    static final int IDLE = 0, WRITING = 1, READING = 2, POLLING = 3;
    static final double EPS = 1e-6;

    /**
     * The front-end's fields the engine reads and sets. {@code dualFlash}/{@code flashSelect} may
     * be null on blocks with one memory per instance; {@code drOffset} is DR's offset.
     */
    protected record Wiring(Field en, Field abort, Field tcen, Field dualFlash, Field flashSelect,
                            Field fthres, Field teie, Field tcie, Field ftie, Field smie, Field toie,
                            Field apms, Field pmm, Field prescaler, Field csht, Field fsize,
                            Field tef, Field tcf, Field smf, Field tof,
                            Register abr, Register dr, Register psmkr, Register psmar, Register pir,
                            Register lptr, int drOffset) {
    }

    private final String name;
    final Clock clock;
    final Scheduler scheduler;
    private final ControllerModeLog modeLog;
    private final LongSupplier kernelClockHz;
    final IrqLine irq;
    final FlashLines lines;
    /** The memories on the banks/ports and which of them a command reaches. */
    final FlashBanks banks;
    final long windowSize;
    final QuadspiWindow window;
    /** Memory-mapped mode: the window's transactions, fast path and chip-select timeout. */
    final MemoryMappedMode mapped = new MemoryMappedMode(this);
    /** How long memory-mapped reads keep the bus master waiting. */
    final MappedReadTiming timing = new MappedReadTiming(this);
    /** The running indirect or polling command: start, data-phase pacing, progress events, completion. */
    final IndirectTransfer transfer = new IndirectTransfer(this);
    /** SR flags, BUSY, FTF and the interrupt line. */
    final StatusFlags flags = new StatusFlags(this);
    /** Automatic status polling (§23.3.6). */
    final StatusPolling polling = new StatusPolling(this);
    private RegisterBlock regs;
    final DataFifo fifo;
    /** Where broken configuration rules are reported: the board's record once it attaches one. */
    ModelWarnings warnings;
    private final CommandRules rules = new CommandRules(this);

    // Field handles (bound by the front-end).
    Field en, abortField, tcen, dfm, fsel, fthres, teie, tcie, ftie, smie, toie, apms, pmm, prescaler;
    Field csht, fsize;
    Field tef, tcf, smf, tof;
    Register abr, dr, psmkr, psmar, pir, lptr;
    /** DR: the bus access in progress moves bytes through the FIFO. */
    private DataRegisterPort dataPort;
    /** DMA request outputs: the FTF and TCF levels (RM0433 §14 MDMA triggers 22 and 23 on the H7). */
    DmaRequest fifoThresholdRequest = DmaRequest.NONE, transferCompleteRequest = DmaRequest.NONE;

    /** DR's offset: its reads pop the FIFO, so they are never quiet. */
    private int drOffset = -1;
    /** A guarded field refused the current write (BUSY = 1). */
    private boolean rejected;
    /** The refused write meant something: it changed a guarded field, or wrote a command register. */
    private String refusedWrite;
    private boolean instructionLaneWritten;
    /** FMODE as of the last accepted CCR write (entering or leaving memory-mapped mode). */
    private int ccrFmode;
    /** DLR.DL and AR.ADDRESS as written (DFM forces DL[0]=1 and ADDRESS[0]=0 on reads and use). */
    private int dlRaw, arRaw;

    // Command in progress (indirect or polling).
    int op = IDLE;
    SpiCommand cmd;
    double cyclePicos;
    boolean runsPastEnd;
    long genAtStart;
    long csFreeAt;
    boolean instructionSent;
    final byte[] unitBuf = new byte[64];

    /**
     * @param name           the block's name in messages ("QUADSPI", "XSPI2")
     * @param kernelClockHz  the kernel clock, read at the start of each command
     * @param irq            the block's global interrupt
     * @param flash1         memory on bank 1 / port 1, or null when nothing is wired there
     * @param flash2         memory on bank 2, or null
     * @param dualFlashBoard whether the board wires the banks for dual-flash mode: then the window's
     *                       programmer path ({@link QuadspiWindow#load}) interleaves bytes between
     *                       the memories as dual-flash reads expect them
     * @param windowSize     size of the memory-mapped window
     * @param fifoBytes      FIFO depth (a power of two)
     */
    protected SpiControllerEngine(String name, Clock clock, Scheduler scheduler, LongSupplier kernelClockHz, IrqLine irq,
                                  QuadspiFlash flash1, QuadspiFlash flash2, boolean dualFlashBoard,
                                  long windowSize, int fifoBytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.modeLog = new ControllerModeLog(clock, () -> warnings.currentPc());
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.kernelClockHz = Objects.requireNonNull(kernelClockHz, "kernelClockHz");
        this.irq = irq == null ? IrqLine.NONE : irq;
        this.banks = new FlashBanks(name, flash1, flash2, dualFlashBoard);
        this.windowSize = windowSize;
        this.fifo = new DataFifo(fifoBytes);
        this.lines = new FlashLines(flash1 == null ? null : flash1.target(), flash2 == null ? null : flash2.target());
        this.window = new QuadspiWindow(this);
        this.warnings = new ModelWarnings(clock);
        lines.onUnstrobedRead(this::unstrobedRead);
    }

    /** The command of the transaction on the lines (for reports about it). */
    private SpiCommand onLines;

    /**
     * Read data that needed the memory's data strobe was sampled without it (OCTOSPI/XSPI
     * CCR.DQSE = 0, RM0455 §24.7.19 / RM0477 XSPI_CCR bit 29): on silicon the captured bytes are
     * not the data; the model slips them one transfer ({@link FlashLines}).
     */
    private void unstrobedRead() {
        SpiCommand c = onLines;
        String instr = c == null || !c.hasInstruction() ? "no instruction" : String.format("%Xh", c.instruction());
        warnings.warn(name, "DTR read without DQSE", String.format("read (%s) in %s from a memory that sends its data with a"
                + " data strobe, with CCR.DQSE = 0: the controller samples on its own clock and the bytes it captures are"
                + " not the data (modelled one transfer late); set CCR.DQSE = 1 so the data is sampled with DQS",
                instr, c == null || !c.hasData() ? "DTR" : c.dataFormat()));
    }

    /** Reports model warnings to the board's record (until then, to a record of the controller's own). */
    public void reportWarningsTo(ModelWarnings sink) {
        this.warnings = Objects.requireNonNull(sink, "sink");
    }

    /** Where this controller reports model warnings. */
    public ModelWarnings warnings() {
        return warnings;
    }

    /** The sample-shift field (QUADSPI CR.SSHIFT, XSPI TCR.SSHIFT), or null on a block without one. */
    protected Field sampleShiftField() {
        return null;
    }

    /** The DDR data-hold field (QUADSPI CCR.DHHC, XSPI TCR.DHQC), or null on a block without one. */
    protected Field ddrHoldField() {
        return null;
    }

    /** Called once by the front-end's constructor, after it built its register block. */
    protected final void bind(RegisterBlock block, Wiring w) {
        this.regs = block;
        en = w.en();
        abortField = w.abort();
        tcen = w.tcen();
        dfm = w.dualFlash();
        fsel = w.flashSelect();
        fthres = w.fthres();
        teie = w.teie();
        tcie = w.tcie();
        ftie = w.ftie();
        smie = w.smie();
        toie = w.toie();
        apms = w.apms();
        pmm = w.pmm();
        prescaler = w.prescaler();
        csht = w.csht();
        fsize = w.fsize();
        tef = w.tef();
        tcf = w.tcf();
        smf = w.smf();
        tof = w.tof();
        abr = w.abr();
        dr = w.dr();
        psmkr = w.psmkr();
        psmar = w.psmar();
        pir = w.pir();
        lptr = w.lptr();
        dataPort = new DataRegisterPort(this, w.drOffset());
        drOffset = w.drOffset();
    }

    /** The command the front-end's registers describe now. */
    protected abstract SpiCommand command();

    /**
     * The command a memory-mapped write sends, or null on a block whose window is read-only
     * (QUADSPI, RM0433 §23.3.7). OCTOSPI and XSPI describe it in WCCR/WTCR/WIR (see
     * {@link OctalSpiFrontEnd}).
     */
    protected SpiCommand writeCommand() {
        return null;
    }

    /** The alternate bytes of a memory-mapped write (OCTOSPI/XSPI WABR). */
    protected int writeAlternate() {
        return 0;
    }

    /**
     * The length of the wrapping bursts the memory takes as one wrap read (OCTOSPI/XSPI
     * DCR2.WRAPSIZE), or 0: the block splits every wrapping burst into linear reads (QUADSPI has
     * no wrap support).
     */
    protected int wrapBytes() {
        return 0;
    }

    /** The command a wrapped read sends (OCTOSPI/XSPI WPCCR/WPTCR/WPIR), or null. */
    protected SpiCommand wrapCommand() {
        return null;
    }

    /** The alternate bytes of a wrapped read (OCTOSPI/XSPI WPABR). */
    protected int wrapAlternate() {
        return 0;
    }

    /** Functional mode now: {@link #INDIRECT_WRITE}, {@link #INDIRECT_READ}, {@link #AUTO_POLLING}, {@link #MEMORY_MAPPED}. */
    protected abstract int fmode();

    public String name() {
        return name;
    }

    /** The register field that sets the memory size, for messages ("DCR.FSIZE"). */
    protected abstract String sizeFieldName();

    long windowSize() {
        return windowSize;
    }

    boolean dualFlash() {
        return dfm != null && dfm.isSet();
    }

    boolean flashSelect() {
        return fsel != null && fsel.isSet();
    }

    /** When the functional mode changed (for the report's controller timeline). */
    public ControllerModeLog modeLog() {
        return modeLog;
    }

    /** The memory-mapped window. */
    public QuadspiWindow window() {
        return window;
    }

    public abstract RegisterBlock registers();

    /**
     * Turns the memory-mapped fast path on or off (on by default). Off, every window access runs
     * a transaction on the memories, which also models the chip-select timeout exactly.
     */
    public void setFastPathEnabled(boolean enabled) {
        mapped.setFastPathEnabled(enabled);
    }

    /**
     * Window data reads keep the reading core waiting, through {@code stall}, for the time the
     * controller takes to fetch them from the memory ({@link MappedReadTiming}). The bus then
     * calls the window for every data read instead of reading the memory's array itself.
     */
    public void stallReadsWith(io.xipkit.time.BusStall stall) {
        timing.stallWith(java.util.Objects.requireNonNull(stall));
        window.fastPathChanged();
    }

    @Override
    public void storageRewritten() {
        mapped.storageRewritten();
    }

    /**
     * Tells the controller that a memory changed other than through it (power cut or power-on
     * driven by a tool, say): the window drops its fast path and decoded instructions.
     */
    public void flashStateChanged() {
        long resumeAt = op == POLLING ? polling.skip.resume(clock.nowPicos()) : -1;
        if (resumeAt >= 0) transfer.schedule(resumeAt);
        mapped.flashStateChanged();
    }

    // ================================================================================================
    // Registers every front-end has in the same layout (RM0433 §23.5.3-5, 7, 9; RM0477 "XSPI registers": SR, FCR,
    // DLR, AR, DR): only their offsets and the width of SR.FLEVEL differ.
    // ================================================================================================

    /** CR bits 0..1 on every front-end: EN and ABORT (which clears itself). */
    protected final RegisterBlock.RegisterSpec enableAndAbortFields(RegisterBlock.RegisterSpec r) {
        return r.bit("EN", 0, Access.RW, f -> f.onChange((was, now) -> enableChanged(now != 0)))
                .bit("ABORT", 1, Access.RW, f -> f.onWrite((was, now) -> {
                    if (now != 0) abortRequested();
                }));
    }

    /** CR bits 16..23 on every front-end: TEIE, TCIE, FTIE, SMIE, TOIE, APMS, PMM. */
    protected final RegisterBlock.RegisterSpec interruptAndPollingFields(RegisterBlock.RegisterSpec r) {
        return r.bit("TEIE", 16, Access.RW)
                .bit("TCIE", 17, Access.RW)
                .bit("FTIE", 18, Access.RW)
                .bit("SMIE", 19, Access.RW)
                .bit("TOIE", 20, Access.RW)
                .bit("APMS", 22, Access.RW, guarded("CR", "APMS", null))
                .bit("PMM", 23, Access.RW, guarded("CR", "PMM", null));
    }

    /** SR: TEF, TCF, FTF, SMF, TOF, BUSY, FLEVEL (bits 8 and up). */
    protected final void statusFields(RegisterBlock.RegisterSpec r, int flevelBits) {
        r.beforeRead(this::sync)
                .bit("TEF", 0, Access.RO)
                .bit("TCF", 1, Access.RO)
                .bit("FTF", 2, Access.RO, f -> f.reads(() -> flags.ftf() ? 1 : 0))
                .bit("SMF", 3, Access.RO)
                .bit("TOF", 4, Access.RO)
                .bit("BUSY", 5, Access.RO, f -> f.reads(() -> flags.busyNow() ? 1 : 0))
                .field("FLEVEL", 8, flevelBits, Access.RO, f -> f.reads(fifo::level));
    }

    /** FCR: writing 1 clears the SR flag. */
    protected final void flagClearFields(RegisterBlock.RegisterSpec r) {
        r.bit("CTEF", 0, Access.WO, f -> f.onWrite((was, now) -> flags.clearFlag(now, 0)))
                .bit("CTCF", 1, Access.WO, f -> f.onWrite((was, now) -> flags.clearFlag(now, 1)))
                .bit("CSMF", 3, Access.WO, f -> f.onWrite((was, now) -> flags.clearFlag(now, 3)))
                .bit("CTOF", 4, Access.WO, f -> f.onWrite((was, now) -> flags.clearFlag(now, 4)));
    }

    /** DLR: DL+1 bytes; all ones = up to the end of the memory; DL[0] stuck at 1 in dual-flash mode. */
    protected final void dataLengthFields(RegisterBlock.RegisterSpec r) {
        r.field("DL", 0, 32, Access.RW, f -> f
                .reads(() -> dlRaw | (dualFlash() ? 1 : 0))
                .onWrite((was, now) -> {
                    if (refuseCommand("DLR", "DL", was)) return;
                    dlRaw = now;
                }));
    }

    /** AR: ADDRESS[0] stuck at 0 in dual-flash mode; its write may start the command. */
    protected final void addressFields(RegisterBlock.RegisterSpec r) {
        r.field("ADDRESS", 0, 32, Access.RW, f -> f
                        .reads(() -> arRaw & (dualFlash() ? ~1 : ~0))
                        .onWrite((was, now) -> {
                            if (refuseCommand("AR", "ADDRESS", was)) return;
                            arRaw = now;
                        }))
                .afterWrite(v -> afterArWrite());
    }

    /** DR: byte, halfword or word; each access moves that many bytes through the FIFO. */
    protected final void dataFields(RegisterBlock.RegisterSpec r) {
        r.beforeRead(() -> dataPort.read())
                .field("DATA", 0, 32, Access.RW)
                .afterWrite(v -> dataPort.written(v));
    }

    /** A field writable only while BUSY = 0 (the RM's "can be modified only when BUSY = 0"): a write while busy is ignored. */
    protected final Consumer<RegisterBlock.FieldSpec> guarded(String register, String field, Runnable onAcceptedChange) {
        return f -> f.onWrite((was, now) -> {
            if (refuse(register, field, was)) {
                if (was != now && refusedWrite == null) refusedWrite = register + "." + field;
                return;
            }
            if (was != now && onAcceptedChange != null) onAcceptedChange.run();
        });
    }

    /** Restores the field if the controller is busy; returns whether the write was refused. */
    protected final boolean refuse(String register, String field, int was) {
        if (!rejected && !flags.busy()) return false;
        rejected = true;
        regs.field(register, field).set(was);
        return true;
    }

    /** {@link #refuse} for a write that starts or defines a command (instruction, length, address): refused, it is always worth a warning. */
    protected final boolean refuseCommand(String register, String field, int was) {
        if (!refuse(register, field, was)) return false;
        if (refusedWrite == null) refusedWrite = register;
        return true;
    }

    // ================================================================================================
    // Bus side
    // ================================================================================================

    @Override
    public int read(int offset, int size) {
        dataPort.access(offset, size);
        return RegisterBus.read(regs, offset, size);
    }

    /**
     * Quiet ({@link QuietReads}) while idle outside memory-mapped mode, or during automatic status
     * polling: then the flags change only in this block's events (a poll, the match) or on writes.
     * Not during an indirect transfer, whose bytes move through the FIFO (FLEVEL, FTF, TCF) as
     * virtual time passes ({@link #sync}), nor in memory-mapped mode (the chip-select timeout), nor
     * for DR, whose reads pop the FIFO.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        if (offset < drOffset + 4 && offset + size > drOffset) return false;
        if (op == POLLING) return true;
        return op == IDLE && fmode() != MEMORY_MAPPED && !mapped.mmOpen;
    }

    @Override
    public void write(int offset, int size, int value) {
        dataPort.access(offset, size);
        rejected = false;
        refusedWrite = null;
        instructionLaneWritten = false;
        RegisterBus.write(regs, offset, size, value);
        if (refusedWrite != null) {
            // RM0433 23.5.1-23.5.8 (CR, DCR, DLR, CCR, AR, ABR...) and the OCTOSPI/XSPI registers of RM0455/RM0477:
            // "can be modified only when BUSY = 0"; a write while BUSY = 1 leaves the register as it was.
            warnings.warn(name, "write while BUSY", String.format("%s written while BUSY = 1 (a command or memory-mapped"
                    + " access still in progress): the write is ignored; wait for BUSY = 0 (or abort) first", refusedWrite));
        }
        flags.updateRequests();
    }

    /**
     * Wires the DMA request outputs: the FIFO threshold flag (FTF) and the transfer complete flag
     * (TCF), each active while its flag is set. On the H7 they are the MDMA's QUADSPI triggers and
     * QUADSPI_CR.DMAEN gates nothing: CMSIS stm32h743xx.h marks DMAEN "Reserved: needed for
     * software compatibility", and ST's HAL notes that setting it has "no impact on H7 HW".
     */
    public void connectDmaRequests(DmaRequest fifoThreshold, DmaRequest transferComplete) {
        fifoThresholdRequest = Objects.requireNonNull(fifoThreshold);
        transferCompleteRequest = Objects.requireNonNull(transferComplete);
    }

    /** A DMA channel started listening: bring the request levels up to date and schedule their next change. */
    public void dmaRequestsWatched() {
        sync();
        flags.updateIrq();
        if (op == READING || op == WRITING) transfer.scheduleNext();
    }

    @Override
    public void reset() {
        cancelEvents();
        lines.deselect();
        op = IDLE;
        fifo.clear();
        regs.reset();
        dlRaw = arRaw = 0;
        ccrFmode = 0;
        modeLog.enter("reset");
        instructionSent = false;
        csFreeAt = 0;
        polling.lastStatus = 0;
        mapped.reset();
        flags.updateIrq();
    }

    // ================================================================================================
    // Register hooks
    // ================================================================================================

    protected final void afterControlWrite() {
        flags.updateIrq();
    }

    protected final void enableChanged(boolean on) {
        if (!on) stopEverything(false);
        mapped.reconfigured(false);
    }

    protected final void bankConfigChanged() {
        mmConfigChanged();
    }

    protected final void mmConfigChanged() {
        mapped.reconfigured(true);
    }

    protected final void abortRequested() {
        // §23.3.15 "QUADSPI busy bit and abort functionality": the ongoing command stops, the FIFO
        // is flushed, TCF rises once the abort is done and ABORT clears itself.
        boolean wasBusy = flags.busy();
        stopEverything(true);
        modeLog.enter("aborted");
        abortField.set(0);
        if (wasBusy) tcf.set(1);
        mapped.aborted();
        flags.updateIrq();
    }

    private void stopEverything(boolean flush) {
        cancelEvents();
        if (op != IDLE || mapped.mmOpen) lines.deselect();
        long gen = genAtStart;
        boolean wasTransfer = op == WRITING || op == READING;
        op = IDLE;
        mapped.forgetStream();
        if (flush) fifo.clear();
        if (wasTransfer && lines.generation() != gen) window.notifyAllChanged();
    }

    protected final void afterCommandWrite(int value) {
        if (rejected) return;
        // §23.3.13: with SIOO the instruction goes out with the first command after a CCR write only.
        instructionSent = false;
        afterModeWrite(value);
    }

    /**
     * After a write to a command register other than the one SIOO counts from (OCTOSPI: CR with
     * FMODE, TCR, IR; RM0455 OCTOSPI_CCR.SIOO "the instruction is sent only for the first command
     * following a write to OCTOSPI_CCR"): the same checks as {@link #afterCommandWrite} with the
     * instruction-sent state kept.
     */
    protected final void afterModeWrite(int value) {
        if (rejected) return;
        int fmode = fmode();
        boolean mm = fmode == MEMORY_MAPPED;
        boolean wasMm = ccrFmode == MEMORY_MAPPED;
        ccrFmode = fmode;
        modeLog.enter(ControllerModeLog.fmodeName(fmode));
        if (mm || wasMm || mapped.fastPath != null || mapped.mmOpen) mmConfigChanged();
        if (mm) return;
        // §23.3.5 indirect mode / §23.3.6 polling: a command starts at the write of INSTRUCTION
        // when it needs neither an address nor data from software.
        SpiCommand c = command();
        if (instructionLaneWritten && !c.hasAddress() && (fmode != INDIRECT_WRITE || !c.hasData())) {
            transfer.start(c);
        }
    }

    private void afterArWrite() {
        if (rejected) return;
        SpiCommand c = command();
        if (c.fmode() == MEMORY_MAPPED || !c.hasAddress()) return;
        // ... at the write of ADDRESS when an address is needed and software supplies no transfer.
        if (c.fmode() != INDIRECT_WRITE || !c.hasData()) transfer.start(c);
    }

    // ================================================================================================
    // Indirect and polling commands
    // ================================================================================================

    /** The instruction field was written by the current bus access: the command may start (see {@link #afterCommandWrite}). */
    protected final void instructionWritten() {
        instructionLaneWritten = true;
    }

    /** Memory size as FSIZE describes it: 2^(FSIZE+1) bytes (§23.5.2). */
    long flashSize() {
        return 1L << (fsize.get() + 1);
    }

    long address() {
        return (arRaw & (dualFlash() ? ~1 : ~0)) & 0xFFFF_FFFFL;
    }

    long dataLength() {
        return (dlRaw | (dualFlash() ? 1 : 0)) & 0xFFFF_FFFFL;
    }

    long kernelClockHz() {
        return kernelClockHz.getAsLong();
    }

    /** The memory a command reaches on bank {@code n} with the current DFM/FSEL, or null. */
    QuadspiFlash bankInUse(int n) {
        return banks.inUse(n, dualFlash(), flashSelect());
    }

    double cyclePicos() {
        long hz = kernelClockHz.getAsLong();
        if (hz <= 0) throw new IllegalStateException(name + " kernel clock is " + hz + " Hz: the board wired no clock");
        return (prescaler.get() + 1) * (double) Clock.PICOS_PER_SECOND / hz;
    }

    long picos(double cycles) {
        return (long) Math.ceil(cycles * cyclePicos - EPS);
    }

    void openTransaction(SpiCommand c, boolean sendInstruction, long addr) {
        openTransaction(c, sendInstruction, addr, abr.get());
    }

    /** A transaction whose alternate bytes come from {@code alternate} (ABR, or WABR for a memory-mapped write). */
    void openTransaction(SpiCommand c, boolean sendInstruction, long addr, int alternate) {
        rules.check(c);
        onLines = c;
        lines.strobe(c.dqse());
        lines.select();
        if (sendInstruction) lines.instruction(c.instruction(), c.instructionBytes(), c.instructionFormat());
        if (c.hasAddress()) lines.address(addr, c.addressBytes(), c.addressFormat());
        if (c.hasAlternate()) lines.alternate(alternateValue(c, alternate), c.alternateBytes(), c.alternateFormat());
        lines.dummy(c.dummyCycles());
    }

    private static long alternateValue(SpiCommand c, int alternate) {
        long v = alternate & 0xFFFF_FFFFL;
        return c.alternateBytes() == 4 ? v : v & ((1L << (8 * c.alternateBytes())) - 1);
    }

    /** Brings the running command up to the current virtual time. */
    void sync() {
        long now = clock.nowPicos();
        if (op == READING) transfer.advanceRead(now);
        else if (op == WRITING) transfer.advanceWrite(now);
        if (mapped.mmOpen && mapped.timeoutDue(now)) mapped.mmTimeout();
    }

    // ================================================================================================
    // Status (flags and interrupt in StatusFlags)
    // ================================================================================================

    void cancel(Scheduler.Handle h) {
        if (h != null) scheduler.cancel(h);
    }

    private void cancelEvents() {
        polling.skip.stopped();
        cancel(transfer.event);
        transfer.event = null;
        cancel(mapped.timeoutEvent);
        mapped.timeoutEvent = null;
        polling.pollStarted = false;
    }

    // ================================================================================================
    // Memory-mapped mode (§23.3.7)
    // ================================================================================================

    boolean memoryMapped() {
        return en.isSet() && fmode() == MEMORY_MAPPED;
    }

    // ================================================================================================
    // Programmer path (used by the window)
    // ================================================================================================

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
        return name + (banks.dualFlashBoard() ? " (dual-flash board)" : "");
    }
}
