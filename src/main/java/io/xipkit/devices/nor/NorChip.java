package io.xipkit.devices.nor;

import io.xipkit.peripherals.xspi.DirectRead;
import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.peripherals.xspi.ReadCommand;
import io.xipkit.peripherals.xspi.XspiTarget;
import io.xipkit.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A SPI NOR flash part driven phase by phase, behaving as its {@link NorPart} catalog entry
 * (written from the datasheet) says. This class is the part's face to the bus and to tools; the
 * model itself is split along the part's own structure:
 * <ul>
 *   <li>{@link NorPhaseDecoder}: the transaction as the part clocks it in (instruction decoding in
 *       the current protocol, address/mode/dummy interpretation, shifted and wrapping reads);</li>
 *   <li>{@link NorCommandSet}, {@link NorCommand}, {@link ContinuousReadRule}: the compiled
 *       command table and continuous-read rule;</li>
 *   <li>{@link NorOperationEngine}: execution at chip-select rise, busy periods, suspend/resume,
 *       reset, power loss and power-up, with {@link NorTiming} and {@link NorCellArray} (what
 *       program/erase do to the cells, wear);</li>
 *   <li>{@link NorRegisters} with {@link RegisterField} handles, and {@link NorProtection};</li>
 *   <li>{@link NorModeState} (protocol, address mode, latches) and {@link NorJournal} (log,
 *       warnings, counters).</li>
 * </ul>
 *
 * <p>Time: the chip never schedules anything. Every entry point first "settles" the chip against
 * {@link Clock#nowPicos()}: an operation whose end has passed is committed then.
 *
 * <p>Randomness (power-cut partial states, RANDOM timing, wear bit errors) comes from a generator
 * seeded at construction and owned by the chip, so every run is reproducible.
 */
public final class NorChip implements XspiTarget {
    /** Bus protocol state of the part. */
    public enum Protocol { SPI, QPI, OPI, DOPI, DPI }

    private final NorPart part;
    private final NorStorage storage;
    private final long sizeMask;
    private final Clock clock;
    private final byte[] sfdp;
    private final NorModeState state = new NorModeState();
    private final NorRegisters registers;
    private final NorTiming timing;
    private final NorCellArray cells;
    private final NorJournal journal;
    private final NorOperationEngine engine;
    private final NorPhaseDecoder decoder;
    private final NorQuietRepeat quietRepeat;

    public NorChip(NorPart part, NorStorage storage, Clock clock, long seed) {
        if (storage.size() != part.sizeBytes()) {
            throw new IllegalArgumentException(part.part() + " needs " + part.sizeBytes() + " bytes of storage, got " + storage.size());
        }
        if (Long.bitCount(part.sizeBytes()) != 1) throw new IllegalArgumentException(part.part() + ": size must be a power of two");
        this.part = part;
        this.storage = storage;
        this.sizeMask = part.sizeBytes() - 1;
        this.clock = clock;
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        this.registers = new NorRegisters(part, storage);
        NorCommandSet commands = new NorCommandSet(part, registers);
        ContinuousReadRule xip = new ContinuousReadRule(part, registers);
        this.sfdp = SfdpBuilder.build(part);
        this.timing = new NorTiming(part, rng);
        this.cells = new NorCellArray(part, storage, rng);
        this.journal = new NorJournal(clock);
        this.engine = new NorOperationEngine(part, clock, state, registers, commands, xip, timing, cells, journal);
        this.decoder = new NorPhaseDecoder(part, storage, sfdp, state, registers, commands, xip, engine, journal);
        this.quietRepeat = new NorQuietRepeat(journal.counters, state);
        engine.powerUpState();
    }

    // ------------------------------------------------------------------ public API

    public NorPart part() {
        return part;
    }

    public NorStorage storage() {
        return storage;
    }

    public void setTimingMode(TimingMode mode) {
        timing.setMode(mode);
    }

    /** Past the part's endurance, each erase leaves each bit of the unit stuck at 0 with this probability. */
    public void setBitErrorRatePastEndurance(double perBit) {
        cells.setBitErrorRatePastEndurance(perBit);
    }

    public byte[] sfdp() {
        return sfdp.clone();
    }

    @Override
    public long generation() {
        return state.generation;
    }

    public boolean isPowered() {
        engine.settle();
        return state.powered;
    }

    public Protocol protocol() {
        engine.settle();
        return state.protocol;
    }

    public boolean fourByteAddressing() {
        engine.settle();
        return state.addr4;
    }

    public boolean continuousReadActive() {
        engine.settle();
        return state.xipCmd != null;
    }

    public boolean isBusy() {
        engine.settle();
        return engine.busy();
    }

    public boolean inDeepPowerDown() {
        engine.settle();
        return state.deepPowerDown;
    }

    /** Virtual instant at which the current busy period ends (0 if idle). */
    public long busyUntilPicos() {
        engine.settle();
        return engine.busy() ? engine.busyUntil() : 0;
    }

    /** Current value of a register as the part would report it. */
    public long registerValue(String name) {
        engine.settle();
        engine.refreshStatus();
        return registers.value(registers.index(name));
    }

    /** A named field of the part's registers (WEL, QE, ...) as the part would report it, or -1 when the part has none. */
    public long fieldValue(String name) {
        engine.settle();
        engine.refreshStatus();
        RegisterField f = registers.field(name);
        return f == null ? -1 : f.get();
    }

    public int eraseCount(long addr) {
        return storage.eraseCounts()[(int) ((addr & sizeMask) / NorStorage.WEAR_UNIT)];
    }

    public List<NorOperation> operationLog() {
        return journal.operations();
    }

    public List<ModelWarning> warnings() {
        return journal.warnings();
    }

    /**
     * Every warning from now on also goes to the board's record, under {@code source} (the chip's
     * name on the board); {@link #warnings()} keeps its own list.
     */
    public void reportWarningsTo(io.xipkit.peripherals.ModelWarnings sink, String source) {
        journal.reportTo(java.util.Objects.requireNonNull(sink, "sink"), java.util.Objects.requireNonNull(source, "source"));
    }

    public NorCounters counters() {
        quietRepeat.catchUp(clock.nowPicos()); // status polls a controller left out, up to now
        return journal.counters;
    }

    /** Cuts the supply now. The chip stays off until {@link #powerOn()}. */
    public void powerCut() {
        engine.settle();
        engine.powerCut();
    }

    /** Arms a cut at a virtual instant; it takes effect (at that instant) on the next access. */
    public void armPowerCutAt(long picos) {
        engine.armPowerCutAt(picos);
    }

    /**
     * Arms a cut while the operation with log index {@code index} runs, at {@code fraction}
     * (0..1) of its duration.
     */
    public void armPowerCutDuringOperation(long index, double fraction) {
        engine.armPowerCutDuringOperation(index, fraction);
    }

    /**
     * Who is told of each program, erase and non-volatile register write when it starts (power-cut
     * campaigns); program and erase change the cells only at their end, so the observer gets what
     * they will leave.
     */
    public void setOperationObserver(io.xipkit.bus.FlashOperationObserver observer) {
        engine.setOperationObserver(observer);
    }

    /** Index the next logged operation will get. */
    public long nextOperationIndex() {
        return journal.nextIndex();
    }

    public void powerOn() {
        engine.settle();
        engine.powerOn();
    }

    // ------------------------------------------------------------------ XspiTarget

    @Override
    public void select() {
        engine.settle();
        quietRepeat.catchUp(clock.nowPicos());
        quietRepeat.selecting();
        decoder.select(clock.nowPicos());
    }

    @Override
    public void instruction(int opcode, int bytes, PhaseFormat format) {
        engine.settle();
        decoder.instruction(opcode, bytes, format);
    }

    @Override
    public void address(long value, int bytes, PhaseFormat format) {
        engine.settle();
        decoder.address(value, bytes, format);
    }

    @Override
    public void alternate(long value, int bytes, PhaseFormat format) {
        address(value, bytes, format);
    }

    @Override
    public void dummy(int cycles) {
        engine.settle();
        decoder.dummy(cycles);
    }

    @Override
    public void read(byte[] dst, int off, int len, PhaseFormat format) {
        engine.settle();
        decoder.read(dst, off, len, format);
    }

    @Override
    public long maxClockHz(int opcode, boolean dtr) {
        return part.clockLimits() == null ? NO_CLOCK_LIMIT : part.clockLimits().maxHz(opcode, dtr);
    }

    /**
     * Octal DTR (8D) read data comes with the part's data strobe and is captured with it: the
     * JEDEC xSPI profile 1.0 (JESD251) 8D-8D-8D reads carry DS; ST's BSP driver for the MX25LM51245G (Drivers/BSP/Components/
     * mx25lm51245g/mx25lm51245g.c) sets DQSMode = HAL_OSPI_DQS_ENABLE for every DTR command and
     * disables it in STR; NXP reports its FlexSPI reads 8D-8D-8D incorrectly unless it
     * samples with the flash's strobe (Linux commit "spi: spi-nxp-fspi: add the support for sample
     * data from DQS pad", 2025). Single-rate and fewer-line reads are sampled on the clock.
     */
    @Override
    public boolean needsDataStrobe(PhaseFormat format) {
        return format.lines() == 8 && format.dtr();
    }

    @Override
    public boolean lastReadDriven() {
        return decoder.lastReadDriven();
    }

    @Override
    public void write(byte[] src, int off, int len, PhaseFormat format) {
        engine.settle();
        decoder.write(src, off, len, format);
    }

    @Override
    public void deselect() {
        engine.settle();
        boolean wasSelected = decoder.selected();
        NorCommand command = decoder.command();
        decoder.deselect();
        if (wasSelected) quietRepeat.deselected(command, decoder.lastReadDriven());
    }

    /**
     * A status read repeats quietly until the running operation ends, the part becomes ready or an
     * armed power cut strikes, whichever comes first: nothing else changes the part's status
     * while no other command reaches it.
     */
    @Override
    public long quietRepeatUntil() {
        engine.settle();
        return quietRepeat.lastWasQuiet() ? engine.statusStableUntil() : NOT_REPEATABLE;
    }

    @Override
    public void repeatsQuietly(long firstAt, long period, long times) {
        quietRepeat.repeats(firstAt, period, times);
    }

    @Override
    public void repeatsStopped() {
        quietRepeat.catchUp(clock.nowPicos());
        quietRepeat.repeats(0, 0, 0);
    }

    @Override
    public DirectRead directRead(ReadCommand rc) {
        engine.settle();
        return decoder.directRead(rc);
    }
}
