package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The USART of the STM32H7 (RM0433 rev 8 chapter 48 / RM0399 chapter 50, with the 16-entry FIFOs
 * and PRESC) and of the STM32L4 (RM0351 rev 9 chapter 40), in asynchronous mode.
 *
 * <p>Transmit: a TDR write moves into the shift register (or the TX FIFO) and each frame leaves the
 * pin one frame time later in virtual time — start bit + 7/8/9 bits (M1:M0, parity included) +
 * 0.5/1/1.5/2 stop bits (CR2.STOP) at the baud rate given by BRR, OVER8, PRESC and the kernel
 * clock — when the {@link SerialLink} hears the byte with its completion time. TXE/TXFNF, TXFE and
 * TC follow as on silicon (TC once the last stop bit is out and nothing is queued).
 *
 * <p>Receive with flow control: the host offers a byte only when {@link #canAccept()} is true (the
 * receive buffer or RX FIFO has room and no frame is arriving), and is told through
 * {@link #onReceiveReady(Runnable)} when room frees up, so a console fed from a pipe never overruns.
 * A byte given with {@link #receive(int)} arrives one frame time later; arriving with the buffer
 * full it sets ORE and is lost. IDLE sets after one idle frame following a reception.
 *
 * <p>Not modelled: synchronous/SPI, smartcard, IrDA, LIN, RS-485 driver enable, auto baud rate,
 * wake-up from Stop, hardware CTS/RTS pins, receiver timeout, noise/framing/parity errors.
 */
public final class Stm32Usart implements RegisterMapped, Resettable, io.xipkit.bus.QuietReads {
    public static final int SIZE = 0x400;
    private static final int FIFO_DEPTH = 16;     // RM0433 48.4.1 "USART FIFOs": 16 entries each way

    /** Which reference manual's register set. */
    public enum Variant {
        /** STM32H7: FIFO mode (FIFOEN), PRESC, TXFNF/RXFNE naming (RM0433 48.8). */
        H7,
        /** STM32L4x5/L4x6: no FIFO, no PRESC (RM0351 40.8). */
        L4
    }

    // ISR bits (RM0433 48.8.10 / RM0351 40.8.8).
    private static final int ISR_ORE = 1 << 3, ISR_IDLE = 1 << 4, ISR_RXNE = 1 << 5, ISR_TC = 1 << 6, ISR_TXE = 1 << 7;
    private static final int ISR_TXFE = 1 << 23, ISR_RXFF = 1 << 24, ISR_RXFT = 1 << 26, ISR_TXFT = 1 << 27;
    // CR1 bits (RM0433 48.8.1 / RM0351 40.8.1).
    private static final int CR1_UE = 1, CR1_RE = 1 << 2, CR1_TE = 1 << 3, CR1_IDLEIE = 1 << 4, CR1_RXNEIE = 1 << 5;
    private static final int CR1_TCIE = 1 << 6, CR1_TXEIE = 1 << 7, CR1_PCE = 1 << 10, CR1_M0 = 1 << 12;
    private static final int CR1_OVER8 = 1 << 15, CR1_M1 = 1 << 28, CR1_FIFOEN = 1 << 29;
    private static final int CR1_TXFEIE = 1 << 30, CR1_RXFFIE = 1 << 31;
    // CR3 bits.
    private static final int CR3_EIE = 1, CR3_OVRDIS = 1 << 12, CR3_TXFTIE = 1 << 23, CR3_RXFTIE = 1 << 28;
    private static final int[] PRESC_DIVIDERS = {1, 2, 4, 6, 8, 10, 12, 16, 32, 64, 128, 256};

    private final String name;
    private final Variant variant;
    private final Clock clock;
    private final Scheduler scheduler;
    private final LongSupplier kernelClockHz;
    private final IrqLine irq;
    private final SerialLink link;
    private final RegisterBlock regs;
    private final Register cr1, cr2, cr3, brr, rdr, tdr, presc;
    private final Field tc, idle, ore;

    private final int[] txFifo = new int[FIFO_DEPTH];
    private int txHead, txCount;
    private final int[] rxFifo = new int[FIFO_DEPTH];
    private int rxHead, rxCount;

    private boolean shifting;           // a frame is on the TX line
    private int shiftData;
    private long txEndPicos;            // when the frame on the TX line ends
    private long lineFreePicos;         // earliest start of the next TX frame
    private Scheduler.Handle txEvent;
    private final Scheduler.Event txDone = this::txFrameDone;

    private boolean rxInFlight;         // a frame is arriving
    private int rxData;
    private long rxEndPicos;
    private Scheduler.Handle rxEvent;
    private final Scheduler.Event rxDone = this::rxFrameDone;
    private Scheduler.Handle idleEvent;
    private final Scheduler.Event idleDetected = this::idleLineDetected;

    private boolean irqLevel;
    private Runnable receiveReady = () -> {};

    /**
     * @param name          instance name for register dumps and messages, e.g. "USART3"
     * @param variant       H7 or L4 register set
     * @param clock         virtual time
     * @param scheduler     where frame completions are scheduled
     * @param kernelClockHz the USART kernel clock, read at each frame start so the baud rate follows
     *                      RCC (e.g. {@link Stm32H7Rcc#usartKernelClock(int)})
     * @param irq           the USART global interrupt (level: asserted while an enabled flag is set)
     * @param link          the host side of the TX line
     */
    public Stm32Usart(String name, Variant variant, Clock clock, Scheduler scheduler, LongSupplier kernelClockHz,
                      IrqLine irq, SerialLink link) {
        this.name = Objects.requireNonNull(name);
        this.variant = Objects.requireNonNull(variant);
        this.clock = Objects.requireNonNull(clock);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.kernelClockHz = Objects.requireNonNull(kernelClockHz);
        this.irq = Objects.requireNonNull(irq);
        this.link = Objects.requireNonNull(link);
        boolean h7 = variant == Variant.H7;

        RegisterBlock.Builder b = RegisterBlock.builder(name, SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // RM0433 48.8.1 / RM0351 40.8.1 USART_CR1, reset 0.
                .register(0x00, "CR1", r -> {
                    r.bit("UE", 0, Access.RW).bit("UESM", 1, Access.RW).bit("RE", 2, Access.RW).bit("TE", 3, Access.RW)
                            .bit("IDLEIE", 4, Access.RW).bit(h7 ? "RXFNEIE" : "RXNEIE", 5, Access.RW)
                            .bit("TCIE", 6, Access.RW).bit(h7 ? "TXFNFIE" : "TXEIE", 7, Access.RW)
                            .bit("PEIE", 8, Access.RW).bit("PS", 9, Access.RW).bit("PCE", 10, Access.RW)
                            .bit("WAKE", 11, Access.RW).bit("M0", 12, Access.RW).bit("MME", 13, Access.RW)
                            .bit("CMIE", 14, Access.RW).bit("OVER8", 15, Access.RW).field("DEDT", 16, 5, Access.RW)
                            .field("DEAT", 21, 5, Access.RW).bit("RTOIE", 26, Access.RW).bit("EOBIE", 27, Access.RW)
                            .bit("M1", 28, Access.RW);
                    if (h7) r.bit("FIFOEN", 29, Access.RW).bit("TXFEIE", 30, Access.RW).bit("RXFFIE", 31, Access.RW);
                    r.afterWrite(this::controlWritten);
                })
                // RM0433 48.8.2 / RM0351 40.8.2 USART_CR2, reset 0.
                .register(0x04, "CR2", r -> {
                    if (h7) r.bit("SLVEN", 0, Access.RW).bit("DIS_NSS", 3, Access.RW);
                    r.bit("ADDM7", 4, Access.RW).bit("LBDL", 5, Access.RW).bit("LBDIE", 6, Access.RW)
                            .bit("LBCL", 8, Access.RW).bit("CPHA", 9, Access.RW).bit("CPOL", 10, Access.RW)
                            .bit("CLKEN", 11, Access.RW).field("STOP", 12, 2, Access.RW).bit("LINEN", 14, Access.RW)
                            .bit("SWAP", 15, Access.RW).bit("RXINV", 16, Access.RW).bit("TXINV", 17, Access.RW)
                            .bit("DATAINV", 18, Access.RW).bit("MSBFIRST", 19, Access.RW).bit("ABREN", 20, Access.RW)
                            .field("ABRMOD", 21, 2, Access.RW).bit("RTOEN", 23, Access.RW).field("ADD", 24, 8, Access.RW);
                })
                // RM0433 48.8.3 / RM0351 40.8.3 USART_CR3, reset 0.
                .register(0x08, "CR3", r -> {
                    r.bit("EIE", 0, Access.RW).bit("IREN", 1, Access.RW).bit("IRLP", 2, Access.RW)
                            .bit("HDSEL", 3, Access.RW).bit("NACK", 4, Access.RW).bit("SCEN", 5, Access.RW)
                            .bit("DMAR", 6, Access.RW).bit("DMAT", 7, Access.RW).bit("RTSE", 8, Access.RW)
                            .bit("CTSE", 9, Access.RW).bit("CTSIE", 10, Access.RW).bit("ONEBIT", 11, Access.RW)
                            .bit("OVRDIS", 12, Access.RW).bit("DDRE", 13, Access.RW).bit("DEM", 14, Access.RW)
                            .bit("DEP", 15, Access.RW).field("SCARCNT", 17, 3, Access.RW).field("WUS", 20, 2, Access.RW)
                            .bit("WUFIE", 22, Access.RW);
                    if (h7) {
                        r.bit("TXFTIE", 23, Access.RW).bit("TCBGTIE", 24, Access.RW).field("RXFTCFG", 25, 3, Access.RW)
                                .bit("RXFTIE", 28, Access.RW).field("TXFTCFG", 29, 3, Access.RW);
                    } else {
                        r.bit("UCESM", 23, Access.RW).bit("TCBGTIE", 24, Access.RW);
                    }
                    r.afterWrite(v -> updateIrq());
                })
                // RM0433 48.8.4 / RM0351 40.8.4 USART_BRR, reset 0.
                .register(0x0C, "BRR", r -> r.field("BRR", 0, 16, Access.RW))
                // RM0433 48.8.5 / RM0351 40.8.5 USART_GTPR, reset 0.
                .register(0x10, "GTPR", r -> r.field("PSC", 0, 8, Access.RW).field("GT", 8, 8, Access.RW))
                // RM0433 48.8.6 / RM0351 40.8.6 USART_RTOR, reset 0 (receiver timeout not modelled).
                .register(0x14, "RTOR", r -> r.field("RTO", 0, 24, Access.RW).field("BLEN", 24, 8, Access.RW))
                // RM0433 48.8.7 / RM0351 40.8.7 USART_RQR, write-only requests.
                .register(0x18, "RQR", r -> r.bit("ABRRQ", 0, Access.WO).bit("SBKRQ", 1, Access.WO)
                        .bit("MMRQ", 2, Access.WO).bit("RXFRQ", 3, Access.WO).bit("TXFRQ", 4, Access.WO)
                        .afterWrite(this::requestWritten))
                // RM0433 48.8.10 USART_ISR (FIFO mode), reset 0x0080_00C0; RM0351 40.8.8, reset
                // 0x0200_00C0. Data-path flags are computed from the buffers.
                .register(0x1C, "ISR", r -> {
                    r.reset(h7 ? 0x0080_00C0 : 0x0200_00C0)
                            .bit("PE", 0, Access.RO).bit("FE", 1, Access.RO).bit("NE", 2, Access.RO)
                            .bit("ORE", 3, Access.RO).bit("IDLE", 4, Access.RO)
                            .bit(h7 ? "RXFNE" : "RXNE", 5, Access.RO, f -> f.reads(() -> rxCount > 0 ? 1 : 0))
                            .bit("TC", 6, Access.RO)
                            .bit(h7 ? "TXFNF" : "TXE", 7, Access.RO, f -> f.reads(() -> txCount < txCapacity() ? 1 : 0))
                            .bit("LBDF", 8, Access.RO).bit("CTSIF", 9, Access.RO).bit("CTS", 10, Access.RO)
                            .bit("RTOF", 11, Access.RO).bit("EOBF", 12, Access.RO);
                    if (h7) r.bit("UDR", 13, Access.RO);
                    r.bit("ABRE", 14, Access.RO).bit("ABRF", 15, Access.RO)
                            .bit("BUSY", 16, Access.RO, f -> f.reads(() -> rxInFlight ? 1 : 0))
                            .bit("CMF", 17, Access.RO).bit("SBKF", 18, Access.RO).bit("RWU", 19, Access.RO)
                            .bit("WUF", 20, Access.RO)
                            .bit("TEACK", 21, Access.RO, f -> f.reads(() -> enabled(CR1_TE) ? 1 : 0))
                            .bit("REACK", 22, Access.RO, f -> f.reads(() -> enabled(CR1_RE) ? 1 : 0));
                    if (h7) {
                        r.bit("TXFE", 23, Access.RO, f -> f.reads(() -> txCount == 0 ? 1 : 0))
                                .bit("RXFF", 24, Access.RO, f -> f.reads(() -> rxCount == FIFO_DEPTH ? 1 : 0))
                                .bit("TCBGT", 25, Access.RO)
                                .bit("RXFT", 26, Access.RO, f -> f.reads(() -> rxThresholdReached() ? 1 : 0))
                                .bit("TXFT", 27, Access.RO, f -> f.reads(() -> txThresholdReached() ? 1 : 0));
                    } else {
                        r.bit("TCBGT", 25, Access.RO);
                    }
                })
                // RM0433 48.8.11 / RM0351 40.8.9 USART_ICR: write 1 to clear the matching ISR flag.
                .register(0x20, "ICR", r -> {
                    r.bit("PECF", 0, Access.WO).bit("FECF", 1, Access.WO).bit(h7 ? "NECF" : "NCF", 2, Access.WO)
                            .bit("ORECF", 3, Access.WO).bit("IDLECF", 4, Access.WO);
                    if (h7) r.bit("TXFECF", 5, Access.WO);
                    r.bit("TCCF", 6, Access.WO).bit("TCBGTCF", 7, Access.WO).bit("LBDCF", 8, Access.WO)
                            .bit("CTSCF", 9, Access.WO).bit("RTOCF", 11, Access.WO).bit("EOBCF", 12, Access.WO);
                    if (h7) r.bit("UDRCF", 13, Access.WO);
                    r.bit("CMCF", 17, Access.WO).bit("WUCF", 20, Access.WO).afterWrite(this::clearFlags);
                })
                // RM0433 48.8.12 / RM0351 40.8.10 USART_RDR: a read takes the next received frame.
                .register(0x24, "RDR", r -> r.field("RDR", 0, 9, Access.RO).beforeRead(this::popReceived))
                // RM0433 48.8.13 / RM0351 40.8.11 USART_TDR.
                .register(0x28, "TDR", r -> r.field("TDR", 0, 9, Access.RW).afterWrite(this::dataWritten));
        if (h7) {
            // RM0433 48.8.14 USART_PRESC, reset 0 (kernel clock / 1).
            b.register(0x2C, "PRESC", r -> r.field("PRESCALER", 0, 4, Access.RW));
        }
        regs = b.build();
        cr1 = regs.register("CR1");
        cr2 = regs.register("CR2");
        cr3 = regs.register("CR3");
        brr = regs.register("BRR");
        rdr = regs.register("RDR");
        tdr = regs.register("TDR");
        presc = h7 ? regs.register("PRESC") : null;
        tc = regs.field("ISR", "TC");
        idle = regs.field("ISR", "IDLE");
        ore = regs.field("ISR", "ORE");
    }

    // ---------------------------------------------------------------- configuration

    private boolean enabled(int cr1Bit) {
        int v = cr1.get();
        return (v & CR1_UE) != 0 && (v & cr1Bit) != 0;
    }

    private boolean fifoMode() {
        return variant == Variant.H7 && (cr1.get() & CR1_FIFOEN) != 0;
    }

    private int txCapacity() {
        return fifoMode() ? FIFO_DEPTH : 1;
    }

    private int rxCapacity() {
        return fifoMode() ? FIFO_DEPTH : 1;
    }

    /** RXFTCFG/TXFTCFG (RM0433 48.8.3): 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO, or full/empty. */
    private static int thresholdEntries(int cfg) {
        return switch (cfg) {
            case 0 -> 2;
            case 1 -> 4;
            case 2 -> 8;
            case 3 -> 12;
            case 4 -> 14;
            default -> 16;
        };
    }

    private boolean rxThresholdReached() {
        return fifoMode() && rxCount >= thresholdEntries(cr3.get() >>> 25 & 7);
    }

    /** TXFT: the TX FIFO has at least the configured number of free entries. */
    private boolean txThresholdReached() {
        return fifoMode() && FIFO_DEPTH - txCount >= thresholdEntries(cr3.get() >>> 29 & 7);
    }

    /** Word length M1:M0 (RM0433 48.8.1): 00 = 8, 01 = 9, 10 = 7 bits, parity included. */
    private int wordBits() {
        int v = cr1.get();
        return (v & CR1_M1) != 0 ? 7 : (v & CR1_M0) != 0 ? 9 : 8;
    }

    private int dataMask() {
        int bits = wordBits() - ((cr1.get() & CR1_PCE) != 0 ? 1 : 0);
        return (1 << bits) - 1;
    }

    /**
     * Duration of one frame in picoseconds at the current configuration: (start + word + stop bits)
     * × USARTDIV × prescaler / kernel clock, with USARTDIV from BRR (OVER8: BRR[2:0] holds
     * USARTDIV[3:1], RM0433 48.5.7 "USART baud rate generation"). A stopped kernel clock or a zero
     * BRR gives 0 (the model then does not stall).
     */
    public long framePicos() {
        long kernel = kernelClockHz.getAsLong();
        int v = cr1.get();
        boolean over8 = (v & CR1_OVER8) != 0;
        int b = brr.get() & 0xFFFF;
        long usartdiv = over8 ? (b & 0xFFF0) | (b & 7) << 1 : b;
        if (kernel <= 0 || usartdiv == 0) return 0;
        int stopHalfBits = switch (cr2.get() >>> 12 & 3) {
            case 0 -> 2;   // 1 stop bit
            case 1 -> 1;   // 0.5
            case 2 -> 4;   // 2
            default -> 3;  // 1.5
        };
        long halfBits = 2L * (1 + wordBits()) + stopHalfBits;
        int prescCode = presc == null ? 0 : presc.get() & 0xF;
        long prescaler = PRESC_DIVIDERS[Math.min(prescCode, PRESC_DIVIDERS.length - 1)];
        long numerator = halfBits * usartdiv * prescaler;             // < 2^29
        long denominator = 2L * kernel * (over8 ? 2 : 1);
        // numerator × 10^12 / denominator without overflow, exact to the picosecond.
        long q = numerator * 1_000_000L;
        long whole = q / denominator, rest = q % denominator;
        return whole * 1_000_000L + rest * 1_000_000L / denominator;
    }

    private void controlWritten(int written) {
        if ((cr1.get() & CR1_UE) == 0) {
            disable();
        } else {
            startTransmitIfIdle(clock.nowPicos());
            if (canAccept()) receiveReady.run();
        }
        updateIrq();
    }

    /**
     * UE = 0 (RM0433 48.8.1): current operations are discarded, the FIFOs flushed and the status
     * flags return to their reset values; the configuration stays.
     */
    private void disable() {
        scheduler.cancel(txEvent);
        scheduler.cancel(rxEvent);
        scheduler.cancel(idleEvent);
        shifting = false;
        rxInFlight = false;
        txCount = 0;
        rxCount = 0;
        Register isr = regs.register("ISR");
        isr.set(isr.resetValue());
    }

    private void requestWritten(int written) {
        if ((written & 1 << 3) != 0) rxCount = 0;                     // RXFRQ: discard received data
        if ((written & 1 << 4) != 0) txCount = 0;                     // TXFRQ: flush TX FIFO / set TXE
        updateIrq();
        if ((written & 1 << 3) != 0 && canAccept()) receiveReady.run();
    }

    private void clearFlags(int written) {
        if ((written & 1 << 3) != 0) ore.set(0);
        if ((written & 1 << 4) != 0) idle.set(0);
        if ((written & 1 << 6) != 0) tc.set(0);
        Register isr = regs.register("ISR");
        // Flags this model never sets but stores (PE, FE, NE, LBDF, CTSIF, RTOF, EOBF, UDR, CMF, WUF, TCBGT).
        int other = written & (0x7 | 1 << 8 | 1 << 9 | 1 << 11 | 1 << 12 | 1 << 13 | 1 << 17 | 1 << 20);
        isr.set(isr.get() & ~other);
        if ((written & 1 << 7) != 0) isr.set(isr.get() & ~(1 << 25));
        updateIrq();
    }

    // ---------------------------------------------------------------- transmit

    private void dataWritten(int written) {
        if ((cr1.get() & CR1_UE) == 0) return;
        int data = tdr.get() & 0x1FF;
        if (txCount < txCapacity()) {
            txFifo[(txHead + txCount) % FIFO_DEPTH] = data;
            txCount++;
        } else if (!fifoMode()) {
            txFifo[txHead] = data;                                   // TDR overwritten while full
        }                                                            // FIFO full: the write is lost
        tc.set(0);                                                   // RM0433 48.8.10: TC cleared by a TDR write
        startTransmitIfIdle(clock.nowPicos());
        updateIrq();
    }

    private void startTransmitIfIdle(long now) {
        if (shifting || txCount == 0 || !enabled(CR1_TE)) return;
        shiftData = txFifo[txHead];
        txHead = (txHead + 1) % FIFO_DEPTH;
        txCount--;
        shifting = true;
        long start = Math.max(now, lineFreePicos);
        txEndPicos = start + framePicos();
        txEvent = scheduler.schedule(txEndPicos, txDone);
    }

    private void txFrameDone(long nowPicos) {
        shifting = false;
        lineFreePicos = txEndPicos;
        link.transmitted(shiftData & dataMask(), txEndPicos);
        if (txCount > 0 && enabled(CR1_TE)) {
            startTransmitIfIdle(txEndPicos);                         // queued data follows back to back
        } else if (txCount == 0) {
            tc.set(1);
        }
        updateIrq();
    }

    // ---------------------------------------------------------------- receive

    /**
     * Whether the host may deliver the next byte now: the receiver is enabled, no frame is
     * arriving, and RDR (or the RX FIFO) has room.
     */
    public boolean canAccept() {
        return enabled(CR1_RE) && !rxInFlight && rxCount < rxCapacity();
    }

    /** {@code listener} runs whenever {@link #canAccept()} may have become true. */
    public void onReceiveReady(Runnable listener) {
        this.receiveReady = Objects.requireNonNull(listener);
    }

    /**
     * The host puts one frame on the RX line now; it completes one frame time later. Ignored
     * while the receiver is disabled (nobody listens to the line).
     *
     * @throws IllegalStateException if a frame is still arriving (check {@link #canAccept()})
     */
    public void receive(int data) {
        if (!enabled(CR1_RE)) return;
        if (rxInFlight) throw new IllegalStateException(name + ": a frame is still arriving on RX; wait for canAccept()");
        rxInFlight = true;
        rxData = data & dataMask();
        scheduler.cancel(idleEvent);
        rxEndPicos = clock.nowPicos() + framePicos();
        rxEvent = scheduler.schedule(rxEndPicos, rxDone);
    }

    private void rxFrameDone(long nowPicos) {
        rxInFlight = false;
        if (rxCount < rxCapacity()) {
            rxFifo[(rxHead + rxCount) % FIFO_DEPTH] = rxData;
            rxCount++;
        } else if ((cr3.get() & CR3_OVRDIS) != 0) {
            rxFifo[(rxHead + rxCount - 1) % FIFO_DEPTH] = rxData;   // overrun detection off: overwrite
        } else {
            ore.set(1);                                              // RM0433 48.5.9: overrun, new data lost
        }
        // IDLE: a whole frame time of idle line after the last reception (RM0433 48.8.10).
        idleEvent = scheduler.schedule(rxEndPicos + framePicos(), idleDetected);
        updateIrq();
        if (canAccept()) receiveReady.run();
    }

    private void idleLineDetected(long nowPicos) {
        idle.set(1);
        updateIrq();
    }

    private void popReceived() {
        if (rxCount == 0) return;                                    // RDR keeps its last value
        rdr.set(rxFifo[rxHead]);
        rxHead = (rxHead + 1) % FIFO_DEPTH;
        rxCount--;
        updateIrq();
        if (canAccept()) receiveReady.run();
    }

    // ---------------------------------------------------------------- interrupt

    private void updateIrq() {
        int c1 = cr1.get(), c3 = cr3.get();
        boolean txe = txCount < txCapacity();
        boolean level = (c1 & CR1_TXEIE) != 0 && txe
                || (c1 & CR1_TCIE) != 0 && tc.isSet()
                || (c1 & CR1_RXNEIE) != 0 && (rxCount > 0 || ore.isSet())
                || (c1 & CR1_IDLEIE) != 0 && idle.isSet()
                || (c3 & CR3_EIE) != 0 && fifoMode() && ore.isSet();
        if (variant == Variant.H7) {
            level |= (c1 & CR1_TXFEIE) != 0 && txCount == 0
                    || (c1 & CR1_RXFFIE) != 0 && rxCount == FIFO_DEPTH
                    || (c3 & CR3_TXFTIE) != 0 && txThresholdReached()
                    || (c3 & CR3_RXFTIE) != 0 && rxThresholdReached();
        }
        level &= (c1 & CR1_UE) != 0;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    /** Whether the interrupt output is asserted. */
    public boolean irqAsserted() {
        return irqLevel;
    }

    public String name() {
        return name;
    }

    public RegisterBlock registers() {
        return regs;
    }

    /**
     * Every register but RDR reads quietly ({@link io.xipkit.bus.QuietReads}): the flags follow
     * the FIFOs and frames, which change only on bus writes (TDR, ICR, CR1) and in this block's
     * events (a frame sent or received; the console feeder offers host bytes from events too).
     * RDR pops the receive FIFO.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        return offset + size <= 0x24 || offset >= 0x28;
    }

    @Override
    public void reset() {
        disable();
        regs.reset();
        txHead = rxHead = 0;
        lineFreePicos = 0;
        updateIrq();
    }
}
