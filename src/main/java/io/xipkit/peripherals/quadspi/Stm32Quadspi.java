package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.IrqLine;
import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;
import java.util.function.LongSupplier;

/**
 * The STM32H7 QUADSPI controller (RM0433 Rev 8 chapter 23 "Quad-SPI interface (QUADSPI)";
 * registers at 0x5200_5000, memory-mapped window 0x9000_0000..0x9FFF_FFFF, NVIC line 92)
 * driving one or two NOR memories through {@link io.xipkit.peripherals.xspi.XspiTarget}: the
 * register front-end of {@link SpiControllerEngine}, which runs the modes (CCR.FMODE: indirect
 * write and read through the 32-byte FIFO, automatic status polling, memory-mapped, see
 * {@link QuadspiWindow}), flags and timing.
 *
 * <p>Modelling limits: CKMODE, SSHIFT, DHHC and DMAEN are stored but have no effect (no sampling
 * skew is modelled; the MDMA requests follow FTF and TCF whatever DMAEN says, as on the H7, see
 * {@link #connectDmaRequests}); SSHIFT with DDRM and DHHC without it are reported as
 * model warnings ({@link CommandRules}).
 */
public final class Stm32Quadspi extends SpiControllerEngine {
    /** Register block base on the AHB3 bus (RM0433 Table 8 "Register boundary addresses"). */
    public static final long REGISTERS_BASE = 0x5200_5000L;
    public static final int REGISTERS_SIZE = 0x1000;
    /** Memory-mapped window (RM0433 §2.3.2 "Memory map and register boundary addresses"). */
    public static final long WINDOW_BASE = 0x9000_0000L;
    public static final long WINDOW_SIZE = 256L << 20;
    /** NVIC position of the QUADSPI global interrupt (RM0433 Rev 8 Table 145 "NVIC"). */
    public static final int IRQ_NUMBER = 92;
    /** RM0433 §23.3.5: a 32-byte FIFO. */
    private static final int FIFO_BYTES = 32;

    private final RegisterBlock regs;
    private final io.xipkit.regs.Register ccr;

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
        super("QUADSPI", clock, scheduler, kernelClockHz, irq, flash1, flash2, dualFlashBoard, WINDOW_SIZE, FIFO_BYTES);
        this.regs = buildRegisters();
        this.ccr = regs.register("CCR");
        bind(regs, new Wiring(regs.field("CR", "EN"), regs.field("CR", "ABORT"), regs.field("CR", "TCEN"),
                regs.field("CR", "DFM"), regs.field("CR", "FSEL"), regs.field("CR", "FTHRES"),
                regs.field("CR", "TEIE"), regs.field("CR", "TCIE"), regs.field("CR", "FTIE"),
                regs.field("CR", "SMIE"), regs.field("CR", "TOIE"), regs.field("CR", "APMS"),
                regs.field("CR", "PMM"), regs.field("CR", "PRESCALER"), regs.field("DCR", "CSHT"),
                regs.field("DCR", "FSIZE"), regs.field("SR", "TEF"), regs.field("SR", "TCF"),
                regs.field("SR", "SMF"), regs.field("SR", "TOF"), regs.register("ABR"), regs.register("DR"),
                regs.register("PSMKR"), regs.register("PSMAR"), regs.register("PIR"), regs.register("LPTR"), 0x20));
    }

    @Override
    public RegisterBlock registers() {
        return regs;
    }

    @Override
    protected SpiCommand command() {
        return QuadspiCommand.decode(ccr.get());
    }

    /** CCR.FMODE (§23.5.6). */
    @Override
    protected int fmode() {
        return (ccr.get() >>> 26) & 3;
    }

    @Override
    protected String sizeFieldName() {
        return "DCR.FSIZE";
    }

    @Override
    protected io.xipkit.regs.Field sampleShiftField() {
        return regs.field("CR", "SSHIFT");
    }

    @Override
    protected io.xipkit.regs.Field ddrHoldField() {
        return regs.field("CCR", "DHHC");
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
                .register(0x00, "CR", r -> interruptAndPollingFields(enableAndAbortFields(r)
                        .bit("DMAEN", 2, Access.RW)
                        .bit("TCEN", 3, Access.RW, guarded("CR", "TCEN", null))
                        .bit("SSHIFT", 4, Access.RW, guarded("CR", "SSHIFT", null))
                        .bit("DFM", 6, Access.RW, guarded("CR", "DFM", this::bankConfigChanged))
                        .bit("FSEL", 7, Access.RW, guarded("CR", "FSEL", this::bankConfigChanged))
                        .field("FTHRES", 8, 5, Access.RW))
                        .field("PRESCALER", 24, 8, Access.RW, guarded("CR", "PRESCALER", null))
                        .afterWrite(v -> afterControlWrite()))
                // §23.5.2 QUADSPI_DCR: FSIZE (bytes = 2^(FSIZE+1)), CSHT (CS# high >= CSHT+1 cycles), CKMODE.
                .register(0x04, "DCR", r -> r
                        .bit("CKMODE", 0, Access.RW, guarded("DCR", "CKMODE", null))
                        .field("CSHT", 8, 3, Access.RW, guarded("DCR", "CSHT", null))
                        .field("FSIZE", 16, 5, Access.RW, guarded("DCR", "FSIZE", this::mmConfigChanged)))
                // §23.5.3 QUADSPI_SR: FLEVEL is 6 bits (0..32 bytes).
                .register(0x08, "SR", r -> statusFields(r, 6))
                // §23.5.4 QUADSPI_FCR: writing 1 clears the SR flag.
                .register(0x0C, "FCR", this::flagClearFields)
                // §23.5.5 QUADSPI_DLR: DL+1 bytes; all ones = up to the end of the memory; DL[0] stuck at 1 when DFM = 1.
                .register(0x10, "DLR", this::dataLengthFields)
                // §23.5.6 QUADSPI_CCR.
                .register(0x14, "CCR", r -> r
                        .field("INSTRUCTION", 0, 8, Access.RW, f -> f.onWrite((was, now) -> {
                            instructionWritten();
                            refuseCommand("CCR", "INSTRUCTION", was);
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
                        .afterWrite(this::afterCommandWrite))
                // §23.5.7 QUADSPI_AR: ADDRESS[0] stuck at 0 when DFM = 1.
                .register(0x18, "AR", this::addressFields)
                // §23.5.8 QUADSPI_ABR.
                .register(0x1C, "ABR", r -> r
                        .field("ALTERNATE", 0, 32, Access.RW, guarded("ABR", "ALTERNATE", this::mmConfigChanged)))
                // §23.5.9 QUADSPI_DR: byte, halfword or word; each access moves that many bytes through the FIFO.
                .register(0x20, "DR", this::dataFields)
                // §23.5.10 QUADSPI_PSMKR, §23.5.11 QUADSPI_PSMAR.
                .register(0x24, "PSMKR", r -> r.field("MASK", 0, 32, Access.RW, guarded("PSMKR", "MASK", null)))
                .register(0x28, "PSMAR", r -> r.field("MATCH", 0, 32, Access.RW, guarded("PSMAR", "MATCH", null)))
                // §23.5.12 QUADSPI_PIR: CLK cycles between two reads in automatic polling mode.
                .register(0x2C, "PIR", r -> r.field("INTERVAL", 0, 16, Access.RW, guarded("PIR", "INTERVAL", null)))
                // §23.5.13 QUADSPI_LPTR: CLK cycles, after the prefetch FIFO is full, before CS# rises (TCEN = 1).
                .register(0x30, "LPTR", r -> r.field("TIMEOUT", 0, 16, Access.RW, guarded("LPTR", "TIMEOUT", null)))
                .build();
    }

}
