package io.xipkit.peripherals.stm32;

import io.xipkit.cpu.Bus;
import io.xipkit.peripherals.DmaRequest;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;
import java.util.function.LongSupplier;

/**
 * The STM32H7 master DMA controller (RM0433 Rev 8 chapter 14 "MDMA controller (MDMA)"; the same
 * block is RM0399 chapter 15): 16 channels at 0x5200_0000, one interrupt (NVIC line 122, CMSIS
 * {@code MDMA_IRQn}), hardware requests from up to 64 trigger inputs (CTBR.TSEL) or software
 * requests (CCR.SWRQ), buffer / block / repeated-block / whole-channel (linked-list) transfers
 * ({@link MdmaChannel}).
 *
 * <p>Timing: one buffer transfer (TLEN+1 bytes at most, RM0433 §14.3.7) is the unit the arbiter
 * hands out (§14.3.8: requests are re-arbitrated after each buffer, highest CCR.PL first, then the
 * lower channel number). A buffer takes one MDMA clock (HCLK) per bus beat — each source read,
 * destination write, link-structure word and mask write — and moves its data through the system
 * bus when its time has elapsed, so DR of a peripheral and memory-mapped windows behave as for a
 * CPU access at that instant. Everything runs on the board's {@link Scheduler}: deterministic, no
 * threads.
 *
 * <p>Modelling limits: both master ports (AXI and the TCM AHB port, CTBR.SBUS/DBUS) reach the whole
 * system bus; bursts (SBURST/DBURST) and BWM do not change timing; one buffer is in flight at a
 * time (the RM's two FIFOs let a read phase overlap another channel's write phase).
 */
public final class Stm32Mdma implements RegisterMapped, Resettable {
    /** RM0433 Table 8 "Register boundary addresses": MDMA at 0x5200_0000..0x5200_0FFF (AHB3). */
    public static final long BASE = 0x5200_0000L;
    public static final int SIZE = 0x1000;
    /** CMSIS stm32h743xx.h / stm32h747xx.h {@code MDMA_IRQn}. */
    public static final int IRQ_NUMBER = 122;
    public static final int CHANNELS = 16;
    /** CTBR.TSEL is 6 bits (RM0433 §14.5.12). */
    static final int TRIGGERS = 64;

    /** Told about bytes the MDMA wrote, so decoded instructions and cache models can follow. */
    @FunctionalInterface
    public interface MemoryWritten {
        void written(int address, int length, long atPicos);

        MemoryWritten NONE = (address, length, atPicos) -> {};
    }

    private final RegisterBlock regs;
    final Bus bus;
    final Clock clock;
    private final Scheduler scheduler;
    private final LongSupplier clockHz;
    private final IrqLine irq;
    final MemoryWritten memoryWritten;
    final MdmaChannel[] channels = new MdmaChannel[CHANNELS];
    private final boolean[] triggerLevel = new boolean[TRIGGERS];
    private final Runnable[] triggerRefresh = new Runnable[TRIGGERS];
    private final Trigger[] triggers = new Trigger[TRIGGERS];

    /** The channel whose buffer transfer is running, or null. */
    private MdmaChannel inFlight;
    private Scheduler.Handle event;
    private boolean irqLevel;
    private final Scheduler.Event arbitrate = this::arbitrate;
    private final Scheduler.Event bufferDone = this::bufferDone;

    /**
     * @param bus     the system bus the MDMA masters (reads and writes of every transfer)
     * @param clockHz the MDMA clock (mdma_hclk: HCLK of the D1 domain, RM0433 §14.3.2)
     * @param irq     the MDMA global interrupt
     */
    public Stm32Mdma(Bus bus, Clock clock, Scheduler scheduler, LongSupplier clockHz, IrqLine irq, MemoryWritten memoryWritten) {
        this.bus = bus;
        this.clock = clock;
        this.scheduler = scheduler;
        this.clockHz = clockHz;
        this.irq = irq;
        this.memoryWritten = memoryWritten;
        RegisterBlock.Builder b = RegisterBlock.builder("MDMA", SIZE)
                // Reserved offsets of the 4 KiB slot read 0 and ignore writes.
                .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // §14.5.1 MDMA_GISR0: GIFx = channel x has an enabled flag set.
                .register(0x00, "GISR0", r -> r.field("GIF", 0, CHANNELS, Access.RO, f -> f.reads(this::globalFlags)));
        for (int n = 0; n < CHANNELS; n++) {
            MdmaChannel ch = new MdmaChannel(this, n);
            channels[n] = ch;
            ch.declare(b, 0x40 + 0x40 * n);
        }
        regs = b.build();
        for (MdmaChannel ch : channels) ch.bind(regs);
    }

    @Override
    public RegisterBlock registers() {
        return regs;
    }

    /**
     * Trigger input {@code tsel} (CTBR.TSEL; the MDMA request table of RM0433 §14.3, as numbered in
     * ST's HAL: 22 QUADSPI FIFO threshold, 23 QUADSPI transfer complete) as a peripheral's request output.
     * {@code refresh} is run when a channel starts listening, so the peripheral brings its level
     * up to date and schedules its changes from then on.
     */
    public DmaRequest trigger(int tsel, Runnable refresh) {
        if (tsel < 0 || tsel >= TRIGGERS) throw new IllegalArgumentException("MDMA trigger " + tsel + " is not 0..63");
        triggerRefresh[tsel] = refresh;
        if (triggers[tsel] == null) triggers[tsel] = new Trigger(tsel);
        return triggers[tsel];
    }

    /** The level of trigger input {@code tsel} as last driven. */
    boolean triggerLevel(int tsel) {
        return triggerLevel[tsel];
    }

    /** A channel started listening to {@code tsel}: let its source bring the level up to date. */
    void listening(int tsel) {
        Runnable r = triggerRefresh[tsel];
        if (r != null) r.run();
    }

    private final class Trigger implements DmaRequest {
        private final int tsel;

        Trigger(int tsel) {
            this.tsel = tsel;
        }

        @Override
        public void set(boolean active) {
            triggerLevel[tsel] = active;
            if (!active) return;
            boolean any = false;
            for (MdmaChannel ch : channels) {
                if (ch != inFlight && ch.hardwareRequested(tsel)) any = true;
            }
            if (any) kick();
        }

        @Override
        public boolean watched() {
            for (MdmaChannel ch : channels) {
                if (ch.listensTo(tsel)) return true;
            }
            return false;
        }
    }

    // ================================================================================================
    // Arbitration and buffer transfers in virtual time (§14.3.7, §14.3.8)
    // ================================================================================================

    /** A request became active: arbitrate at the current instant unless a buffer is running. */
    void kick() {
        if (inFlight != null || event != null) return;
        event = scheduler.schedule(clock.nowPicos(), arbitrate);
    }

    private void arbitrate(long now) {
        event = null;
        if (inFlight != null) return;
        MdmaChannel best = null;
        for (MdmaChannel ch : channels) {
            if (ch.ready() && (best == null || ch.priority() > best.priority())) best = ch;
        }
        if (best == null) return;
        inFlight = best;
        long beats = best.beatsOfNextBuffer();
        event = scheduler.schedule(clock.nowPicos() + picos(beats), bufferDone);
    }

    private void bufferDone(long now) {
        event = null;
        MdmaChannel ch = inFlight;
        ch.runBuffer();
        inFlight = null;
        updateIrq();
        arbitrate(now);
    }

    private long picos(long beats) {
        long hz = clockHz.getAsLong();
        if (hz <= 0) throw new IllegalStateException("MDMA clock is " + hz + " Hz: the board wired no clock");
        return Math.max(1, beats) * Clock.PICOS_PER_SECOND / hz;
    }

    boolean inFlight(MdmaChannel ch) {
        return inFlight == ch;
    }

    // ================================================================================================
    // Interrupt (§14.4)
    // ================================================================================================

    private int globalFlags() {
        int v = 0;
        for (MdmaChannel ch : channels) {
            if (ch.interruptPending()) v |= 1 << ch.index;
        }
        return v;
    }

    /** §14.4: the interrupt output is active while any channel has a flag set whose enable is set. */
    void updateIrq() {
        boolean level = globalFlags() != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    @Override
    public void reset() {
        if (event != null) scheduler.cancel(event);
        event = null;
        inFlight = null;
        regs.reset();
        for (MdmaChannel ch : channels) ch.reset();
        updateIrq();
    }

    /** Channel {@code n} (for tests and tools). */
    public MdmaChannel channel(int n) {
        return channels[n];
    }
}
