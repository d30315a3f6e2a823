package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.IrqLine;
import io.xipkit.regs.Access;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;
import java.util.function.LongSupplier;

/**
 * The STM32H7R/S extended-SPI interface XSPI (RM0477 chapter 27 "Extended-SPI interface (XSPI)"):
 * the register front-end of {@link SpiControllerEngine} for one memory on one port (the XSPIM I/O
 * manager routes it, RM0477 chapter 26). XSPI1 sits at 0x5200_5000 with its memory-mapped window
 * at 0x9000_0000, XSPI2 at 0x5200_A000 with its window at 0x7000_0000 (RM0477 §2.3 "Memory
 * organization", Table 6 "Register boundary addresses"); each window spans 256 Mbytes (DCR1.DEVSIZE).
 *
 * <p>Against QUADSPI: the functional mode is CR.FMODE, the command is split over CCR (modes, sizes
 * and DTR per phase, DQSE), TCR (dummy cycles) and IR (up to 32-bit instruction, octal parts use
 * 16 bits), phases go up to eight lines, DTR is chosen per phase, the FIFO holds 64 bytes
 * (SR.FLEVEL bits 14:8), and there is no SIOO. Register offsets and field positions agree with
 * ST's STM32H7R/S SVD (device STM32H7R, peripheral XSPI1, as published by stm32-rs).
 *
 * <p>Modelling limits: DCR1.MTYP/CKMODE/FRCK, DCR2.WRAPSIZE, DCR3.MAXTRAN/CSBOUND, DCR4.REFRESH,
 * TCR.DHQC/SSHIFT, CR.DMAEN/CSSEL/NOPREF/MSEL, the wrap (WP*) and write (W*) command registers and
 * HLCR are stored and read back but have no effect: wrapped reads and memory-mapped writes are not
 * modelled (a window write is a bus error, as on QUADSPI), CS# is not split at CSBOUND and no
 * refresh or MAXTRAN release happens; DQS sampling is not modelled (DQSE is stored).
 */
public final class Stm32Xspi extends SpiControllerEngine {
    public static final long XSPI1_REGISTERS_BASE = 0x5200_5000L;
    public static final long XSPI2_REGISTERS_BASE = 0x5200_A000L;
    /** XSPIM, the I/O manager (RM0477 chapter 26; register boundary addresses). */
    public static final long XSPIM_REGISTERS_BASE = 0x5200_B400L;
    public static final int REGISTERS_SIZE = 0x1000;
    public static final long XSPI1_WINDOW_BASE = 0x9000_0000L;
    public static final long XSPI2_WINDOW_BASE = 0x7000_0000L;
    /** RM0477 DCR1.DEVSIZE: "the addressable space in memory-mapped mode is limited to 256 Mbytes". */
    public static final long WINDOW_SIZE = 256L << 20;
    /** SR.FLEVEL is seven bits, 0..64 bytes. */
    private static final int FIFO_BYTES = 64;

    private final RegisterBlock regs;
    private final Register cr, ccr, tcr, ir;

    /**
     * @param name          "XSPI1" or "XSPI2"
     * @param kernelClockHz the XSPI kernel clock (RCC CCIPR1.XSPIxSEL: HCLK5, PLL2S or PLL2T), read at
     *                      the start of each command
     * @param flash         the memory on the port XSPIM routes to this controller
     */
    public Stm32Xspi(String name, Clock clock, Scheduler scheduler, LongSupplier kernelClockHz, IrqLine irq,
                     QuadspiFlash flash) {
        super(name, clock, scheduler, kernelClockHz, irq, flash, null, false, WINDOW_SIZE, FIFO_BYTES);
        this.regs = buildRegisters(name);
        this.cr = regs.register("CR");
        this.ccr = regs.register("CCR");
        this.tcr = regs.register("TCR");
        this.ir = regs.register("IR");
        bind(regs, new Wiring(regs.field("CR", "EN"), regs.field("CR", "ABORT"), regs.field("CR", "TCEN"),
                regs.field("CR", "DMM"), null, regs.field("CR", "FTHRES"),
                regs.field("CR", "TEIE"), regs.field("CR", "TCIE"), regs.field("CR", "FTIE"),
                regs.field("CR", "SMIE"), regs.field("CR", "TOIE"), regs.field("CR", "APMS"),
                regs.field("CR", "PMM"), regs.field("DCR2", "PRESCALER"), regs.field("DCR1", "CSHT"),
                regs.field("DCR1", "DEVSIZE"), regs.field("SR", "TEF"), regs.field("SR", "TCF"),
                regs.field("SR", "SMF"), regs.field("SR", "TOF"), regs.register("ABR"), regs.register("DR"),
                regs.register("PSMKR"), regs.register("PSMAR"), regs.register("PIR"), regs.register("LPTR"), 0x50));
    }

    @Override
    public RegisterBlock registers() {
        return regs;
    }

    @Override
    protected io.xipkit.regs.Field sampleShiftField() {
        return regs.field("TCR", "SSHIFT");
    }

    @Override
    protected io.xipkit.regs.Field ddrHoldField() {
        return regs.field("TCR", "DHQC");
    }

    @Override
    protected SpiCommand command() {
        return XspiCommand.decode(cr.get(), ccr.get(), tcr.get(), ir.get());
    }

    /** CR.FMODE (bits 29:28). */
    @Override
    protected int fmode() {
        return (cr.get() >>> 28) & 3;
    }

    @Override
    protected String sizeFieldName() {
        return "DCR1.DEVSIZE";
    }

    // RM0477 §27.7 "XSPI registers"; every reset value is 0 (RM0477 §27.7.x, the SVD's reset values).
    private RegisterBlock buildRegisters(String name) {
        return RegisterBlock.builder(name, REGISTERS_SIZE)
                .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // XSPI_CR: FMODE and the fields the RM marks "can be modified only when BUSY = 0" are guarded.
                .register(0x00, "CR", r -> r
                        .bit("EN", 0, Access.RW, f -> f.onChange((was, now) -> enableChanged(now != 0)))
                        .bit("ABORT", 1, Access.RW, f -> f.onWrite((was, now) -> {
                            if (now != 0) abortRequested();
                        }))
                        .bit("DMAEN", 2, Access.RW)
                        .bit("TCEN", 3, Access.RW, guarded("CR", "TCEN", null))
                        .bit("DMM", 6, Access.RW, guarded("CR", "DMM", this::bankConfigChanged))
                        .field("FTHRES", 8, 6, Access.RW)
                        .bit("TEIE", 16, Access.RW)
                        .bit("TCIE", 17, Access.RW)
                        .bit("FTIE", 18, Access.RW)
                        .bit("SMIE", 19, Access.RW)
                        .bit("TOIE", 20, Access.RW)
                        .bit("APMS", 22, Access.RW, guarded("CR", "APMS", null))
                        .bit("PMM", 23, Access.RW, guarded("CR", "PMM", null))
                        .bit("CSSEL", 24, Access.RW, guarded("CR", "CSSEL", null))
                        .bit("NOPREF", 25, Access.RW)
                        .bit("NOPREF_AXI", 26, Access.RW)
                        .field("FMODE", 28, 2, Access.RW, guarded("CR", "FMODE", null))
                        .field("MSEL", 30, 2, Access.RW, guarded("CR", "MSEL", null))
                        .afterWrite(v -> {
                            afterControlWrite();
                            afterCommandWrite(v); // FMODE lives here: entering or leaving memory-mapped mode
                        }))
                // XSPI_DCR1: DEVSIZE (bytes = 2^(DEVSIZE+1)), CSHT (CS# high >= CSHT+1 cycles), MTYP.
                .register(0x08, "DCR1", r -> r
                        .bit("CKMODE", 0, Access.RW, guarded("DCR1", "CKMODE", null))
                        .bit("FRCK", 1, Access.RW, guarded("DCR1", "FRCK", null))
                        .bit("DLYBYP", 3, Access.RW, guarded("DCR1", "DLYBYP", null))
                        .field("CSHT", 8, 6, Access.RW, guarded("DCR1", "CSHT", null))
                        .field("DEVSIZE", 16, 5, Access.RW, guarded("DCR1", "DEVSIZE", this::mmConfigChanged))
                        .field("MTYP", 24, 3, Access.RW, guarded("DCR1", "MTYP", null)))
                // XSPI_DCR2: CLK = kernel clock / (PRESCALER + 1); WRAPSIZE.
                .register(0x0C, "DCR2", r -> r
                        .field("PRESCALER", 0, 8, Access.RW, guarded("DCR2", "PRESCALER", null))
                        .field("WRAPSIZE", 16, 3, Access.RW, guarded("DCR2", "WRAPSIZE", null)))
                // XSPI_DCR3: MAXTRAN, CSBOUND.
                .register(0x10, "DCR3", r -> r
                        .field("MAXTRAN", 0, 8, Access.RW, guarded("DCR3", "MAXTRAN", null))
                        .field("CSBOUND", 16, 5, Access.RW, guarded("DCR3", "CSBOUND", null)))
                // XSPI_DCR4: REFRESH.
                .register(0x14, "DCR4", r -> r
                        .field("REFRESH", 0, 32, Access.RW, guarded("DCR4", "REFRESH", null)))
                .register(0x20, "SR", r -> statusFields(r, 7))
                .register(0x24, "FCR", this::flagClearFields)
                .register(0x40, "DLR", this::dataLengthFields)
                .register(0x48, "AR", this::addressFields)
                .register(0x50, "DR", this::dataFields)
                .register(0x80, "PSMKR", r -> r.field("MASK", 0, 32, Access.RW, guarded("PSMKR", "MASK", null)))
                .register(0x88, "PSMAR", r -> r.field("MATCH", 0, 32, Access.RW, guarded("PSMAR", "MATCH", null)))
                .register(0x90, "PIR", r -> r.field("INTERVAL", 0, 16, Access.RW, guarded("PIR", "INTERVAL", null)))
                .register(0x100, "CCR", r -> commandConfiguration(r, "CCR").afterWrite(this::afterCommandWrite))
                .register(0x108, "TCR", r -> timingConfiguration(r, "TCR").afterWrite(this::afterCommandWrite))
                // XSPI_IR: a command that needs neither address nor data from software starts at this write.
                .register(0x110, "IR", r -> r
                        .field("INSTRUCTION", 0, 32, Access.RW, f -> f.onWrite((was, now) -> {
                            instructionWritten();
                            refuse("IR", "INSTRUCTION", was);
                        }))
                        .afterWrite(this::afterCommandWrite))
                .register(0x120, "ABR", r -> r
                        .field("ALTERNATE", 0, 32, Access.RW, guarded("ABR", "ALTERNATE", this::mmConfigChanged)))
                .register(0x130, "LPTR", r -> r.field("TIMEOUT", 0, 16, Access.RW, guarded("LPTR", "TIMEOUT", null)))
                // Wrap command (WPCCR/WPTCR/WPIR/WPABR) and write command (WCCR/WTCR/WIR/WABR) registers:
                // the same layouts as CCR/TCR/IR/ABR; stored only (see the class comment).
                .register(0x140, "WPCCR", r -> commandConfiguration(r, "WPCCR"))
                .register(0x148, "WPTCR", r -> timingConfiguration(r, "WPTCR"))
                .register(0x150, "WPIR", r -> r.field("INSTRUCTION", 0, 32, Access.RW, guarded("WPIR", "INSTRUCTION", null)))
                .register(0x160, "WPABR", r -> r.field("ALTERNATE", 0, 32, Access.RW, guarded("WPABR", "ALTERNATE", null)))
                .register(0x180, "WCCR", r -> commandConfiguration(r, "WCCR"))
                .register(0x188, "WTCR", r -> r.field("DCYC", 0, 5, Access.RW, guarded("WTCR", "DCYC", null)))
                .register(0x190, "WIR", r -> r.field("INSTRUCTION", 0, 32, Access.RW, guarded("WIR", "INSTRUCTION", null)))
                .register(0x1A0, "WABR", r -> r.field("ALTERNATE", 0, 32, Access.RW, guarded("WABR", "ALTERNATE", null)))
                // XSPI_HLCR (HyperBus latency): LM, WZL, TACC, TRWR.
                .register(0x200, "HLCR", r -> r
                        .bit("LM", 0, Access.RW, guarded("HLCR", "LM", null))
                        .bit("WZL", 1, Access.RW, guarded("HLCR", "WZL", null))
                        .field("TACC", 8, 8, Access.RW, guarded("HLCR", "TACC", null))
                        .field("TRWR", 16, 8, Access.RW, guarded("HLCR", "TRWR", null)))
                .build();
    }

    /** CCR layout (also WPCCR, WCCR): per phase a 3-bit mode, a DTR bit and a size; DQSE. */
    private RegisterBlock.RegisterSpec commandConfiguration(RegisterBlock.RegisterSpec r, String reg) {
        return r.field("IMODE", 0, 3, Access.RW, guarded(reg, "IMODE", null))
                .bit("IDTR", 3, Access.RW, guarded(reg, "IDTR", null))
                .field("ISIZE", 4, 2, Access.RW, guarded(reg, "ISIZE", null))
                .field("ADMODE", 8, 3, Access.RW, guarded(reg, "ADMODE", null))
                .bit("ADDTR", 11, Access.RW, guarded(reg, "ADDTR", null))
                .field("ADSIZE", 12, 2, Access.RW, guarded(reg, "ADSIZE", null))
                .field("ABMODE", 16, 3, Access.RW, guarded(reg, "ABMODE", null))
                .bit("ABDTR", 19, Access.RW, guarded(reg, "ABDTR", null))
                .field("ABSIZE", 20, 2, Access.RW, guarded(reg, "ABSIZE", null))
                .field("DMODE", 24, 3, Access.RW, guarded(reg, "DMODE", null))
                .bit("DDTR", 27, Access.RW, guarded(reg, "DDTR", null))
                .bit("DQSE", 29, Access.RW, guarded(reg, "DQSE", null));
    }

    /** TCR layout (also WPTCR): DCYC, DHQC, SSHIFT. */
    private RegisterBlock.RegisterSpec timingConfiguration(RegisterBlock.RegisterSpec r, String reg) {
        return r.field("DCYC", 0, 5, Access.RW, guarded(reg, "DCYC", null))
                .bit("DHQC", 28, Access.RW, guarded(reg, "DHQC", null))
                .bit("SSHIFT", 30, Access.RW, guarded(reg, "SSHIFT", null));
    }
}
