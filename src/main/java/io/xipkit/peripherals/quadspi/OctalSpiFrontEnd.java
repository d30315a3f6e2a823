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
 * The register layout the STM32 OCTOSPI (RM0455 chapter 24 "Octo-SPI interface (OCTOSPI)") and its
 * successor XSPI (RM0477 "Extended-SPI interface (XSPI)") share, on {@link SpiControllerEngine}: CR with FMODE in bits
 * 29:28, DCR1..DCR4, SR/FCR at 0x20, DLR/AR/DR at 0x40/0x48/0x50, the polling registers at
 * 0x80..0x90, the command split over CCR (0x100: per phase a 3-bit mode, a DTR bit and a size;
 * DQSE), TCR (0x108: DCYC, DHQC, SSHIFT) and IR (0x110), ABR, LPTR, the wrap (WP*) and write (W*)
 * command registers and HLCR. The two blocks differ in the bits a front-end adds: the FIFO depth
 * (FTHRES/FLEVEL widths), bit 6/7 of CR (OCTOSPI dual-quad DQM and FSEL, XSPI dual-memory DMM),
 * SIOO (CCR bit 31, OCTOSPI only), XSPI's CSSEL/NOPREF/MSEL and OCTOSPI's identification register.
 * Offsets and field positions agree with ST's SVDs for the STM32H7A3/B3 (OCTOSPI1) and the
 * STM32H7R/S (XSPI1) as published by stm32-rs, and with the CMSIS device headers' masks.
 *
 * <p>Wrapped reads: a cache line fill reaches the window as one wrapping burst; when DCR2.WRAPSIZE
 * equals its length the block sends the wrap command (WPCCR/WPTCR/WPIR/WPABR) once, otherwise it
 * splits the burst into linear reads ({@link MemoryMappedMode#wrappingRead}). DQS: an 8D read
 * without CCR.DQSE from a memory that sends a data strobe captures the wrong bytes and is reported
 * ({@link FlashLines}, {@link SpiControllerEngine}).
 *
 * <p>Modelling limits: DCR1.MTYP/CKMODE/FRCK/DLYBYP, DCR3.MAXTRAN/CSBOUND, DCR4.REFRESH,
 * TCR.DHQC/SSHIFT, CR.DMAEN and HLCR are stored and read back but have no effect: CS# is not split
 * at CSBOUND, no refresh or MAXTRAN release happens, and the delay block is not modelled (with
 * DQSE set the strobe-sampled data is exact). A window write in memory-mapped mode sends the write command (WCCR/WTCR/WIR/
 * WABR) with the access's bytes, completing at once in virtual time; with no data phase in WCCR
 * (its reset state) it is a bus error, as on QUADSPI: our choice, the RMs do not say what the
 * block does then.
 */
abstract class OctalSpiFrontEnd extends SpiControllerEngine {
    private final RegisterBlock regs;
    private final Register cr, dcr2, ccr, tcr, ir, wccr, wtcr, wir, wabr, wpccr, wptcr, wpir, wpabr;
    private final boolean hasSioo;

    /** What differs between the blocks; see the class comment. */
    record Variant(int fifoBytes, int fthresBits, int flevelBits, boolean sioo, String dualField, String selectField) {
    }

    OctalSpiFrontEnd(String name, Clock clock, Scheduler scheduler, LongSupplier kernelClockHz, IrqLine irq,
                     QuadspiFlash flash1, QuadspiFlash flash2, long windowSize, Variant v, int registersSize) {
        super(name, clock, scheduler, kernelClockHz, irq, flash1, flash2, false, windowSize, v.fifoBytes());
        this.hasSioo = v.sioo();
        this.regs = buildRegisters(name, registersSize, v);
        this.cr = regs.register("CR");
        this.ccr = regs.register("CCR");
        this.tcr = regs.register("TCR");
        this.ir = regs.register("IR");
        this.wccr = regs.register("WCCR");
        this.wtcr = regs.register("WTCR");
        this.wir = regs.register("WIR");
        this.wabr = regs.register("WABR");
        this.dcr2 = regs.register("DCR2");
        this.wpccr = regs.register("WPCCR");
        this.wptcr = regs.register("WPTCR");
        this.wpir = regs.register("WPIR");
        this.wpabr = regs.register("WPABR");
        bind(regs, new Wiring(regs.field("CR", "EN"), regs.field("CR", "ABORT"), regs.field("CR", "TCEN"),
                regs.field("CR", v.dualField()), v.selectField() == null ? null : regs.field("CR", v.selectField()),
                regs.field("CR", "FTHRES"),
                regs.field("CR", "TEIE"), regs.field("CR", "TCIE"), regs.field("CR", "FTIE"),
                regs.field("CR", "SMIE"), regs.field("CR", "TOIE"), regs.field("CR", "APMS"),
                regs.field("CR", "PMM"), regs.field("DCR2", "PRESCALER"), regs.field("DCR1", "CSHT"),
                regs.field("DCR1", "DEVSIZE"), regs.field("SR", "TEF"), regs.field("SR", "TCF"),
                regs.field("SR", "SMF"), regs.field("SR", "TOF"), regs.register("ABR"), regs.register("DR"),
                regs.register("PSMKR"), regs.register("PSMAR"), regs.register("PIR"), regs.register("LPTR"), 0x50));
    }

    /**
     * The block's own CR fields besides the shared ones. Called while the constructor builds the
     * register block: it may use the engine's helpers ({@link #guarded}) but no field of the subclass.
     */
    protected abstract void controlExtras(RegisterBlock.RegisterSpec cr);

    /** The block's own registers beyond HLCR; called like {@link #controlExtras}. */
    protected abstract void extraRegisters(RegisterBlock.Builder b);

    @Override
    public final RegisterBlock registers() {
        return regs;
    }

    // RM0477 XSPI_TCR / RM0455 OCTOSPI_TCR: SSHIFT (bit 30) must stay 0 with a DTR data phase; DHQC
    // (bit 28) acts in DTR only. CommandRules warns when either is set where it does nothing useful.
    @Override
    protected final io.xipkit.regs.Field sampleShiftField() {
        return regs.field("TCR", "SSHIFT");
    }

    @Override
    protected final io.xipkit.regs.Field ddrHoldField() {
        return regs.field("TCR", "DHQC");
    }

    @Override
    protected final SpiCommand command() {
        return XspiCommand.decode(cr.get(), ccr.get(), tcr.get(), ir.get(), hasSioo);
    }

    /**
     * Memory-mapped writes (RM0455 "OCTOSPI main features" and RM0477 table "XSPI implementation":
     * read and write support in memory-mapped mode): WCCR gives the phases like CCR, WTCR.DCYC the dummy cycles,
     * WIR the instruction and WABR the alternate bytes.
     */
    @Override
    protected final SpiCommand writeCommand() {
        return XspiCommand.decode(MEMORY_MAPPED << 28, wccr.get(), wtcr.get(), wir.get(), false);
    }

    @Override
    protected final int writeAlternate() {
        return wabr.get();
    }

    /**
     * DCR2.WRAPSIZE (bits 18:16): 000 the memory takes no wrapped reads, 010/011/100/101 wraps of
     * 16/32/64/128 bytes, the rest reserved (taken as none). The values are the ones ST's HAL
     * defines for OSPI_InitTypeDef.WrapSize (HAL_OSPI_WRAP_NOT_SUPPORTED, _16_BYTES = WRAPSIZE_1,
     * _32_BYTES = WRAPSIZE_0|1, _64_BYTES = WRAPSIZE_2, _128_BYTES = WRAPSIZE_0|2, stm32h7xx_hal_ospi.h).
     */
    @Override
    protected final int wrapBytes() {
        int code = (dcr2.get() >>> 16) & 7;
        return code >= 2 && code <= 5 ? 16 << (code - 2) : 0;
    }

    /**
     * The wrap command registers (WPCCR 0x140, WPTCR 0x148, WPIR 0x150, WPABR 0x160; ST's HAL
     * writes them for HAL_OSPI_OPTYPE_WRAP_CFG): the read the block sends for a wrapping burst of
     * WRAPSIZE bytes in memory-mapped mode (RM0456 §28.2 OCTOSPI main features: "Support
     * wrapped-type access to memory in read direction"; the same block as RM0455's).
     */
    @Override
    protected final SpiCommand wrapCommand() {
        return XspiCommand.decode(MEMORY_MAPPED << 28, wpccr.get(), wptcr.get(), wpir.get(), false);
    }

    @Override
    protected final int wrapAlternate() {
        return wpabr.get();
    }

    /** CR.FMODE (bits 29:28). */
    @Override
    protected final int fmode() {
        return (cr.get() >>> 28) & 3;
    }

    @Override
    protected final String sizeFieldName() {
        return "DCR1.DEVSIZE";
    }

    // Every reset value is 0 (RM0455 §24.7, RM0477 "XSPI register map"; the SVDs' reset values).
    private RegisterBlock buildRegisters(String name, int size, Variant v) {
        RegisterBlock.Builder b = RegisterBlock.builder(name, size)
                .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // CR: FMODE and the fields the RMs mark "can be modified only when BUSY = 0" are guarded.
                .register(0x00, "CR", r -> {
                    interruptAndPollingFields(enableAndAbortFields(r)
                            .bit("DMAEN", 2, Access.RW)
                            .bit("TCEN", 3, Access.RW, guarded("CR", "TCEN", null))
                            .bit(v.dualField(), 6, Access.RW, guarded("CR", v.dualField(), this::bankConfigChanged))
                            .field("FTHRES", 8, v.fthresBits(), Access.RW))
                            .field("FMODE", 28, 2, Access.RW, guarded("CR", "FMODE", null));
                    controlExtras(r);
                    r.afterWrite(val -> {
                        afterControlWrite();
                        afterModeWrite(val); // FMODE lives here: entering or leaving memory-mapped mode
                    });
                })
                // DCR1: DEVSIZE (bytes = 2^(DEVSIZE+1)), CSHT (CS# high >= CSHT+1 cycles), MTYP.
                .register(0x08, "DCR1", r -> r
                        .bit("CKMODE", 0, Access.RW, guarded("DCR1", "CKMODE", null))
                        .bit("FRCK", 1, Access.RW, guarded("DCR1", "FRCK", null))
                        .bit("DLYBYP", 3, Access.RW, guarded("DCR1", "DLYBYP", null))
                        .field("CSHT", 8, 6, Access.RW, guarded("DCR1", "CSHT", null))
                        .field("DEVSIZE", 16, 5, Access.RW, guarded("DCR1", "DEVSIZE", this::mmConfigChanged))
                        .field("MTYP", 24, 3, Access.RW, guarded("DCR1", "MTYP", null)))
                // DCR2: CLK = kernel clock / (PRESCALER + 1); WRAPSIZE.
                .register(0x0C, "DCR2", r -> r
                        .field("PRESCALER", 0, 8, Access.RW, guarded("DCR2", "PRESCALER", null))
                        .field("WRAPSIZE", 16, 3, Access.RW, guarded("DCR2", "WRAPSIZE", this::mmConfigChanged)))
                // DCR3: MAXTRAN, CSBOUND.
                .register(0x10, "DCR3", r -> r
                        .field("MAXTRAN", 0, 8, Access.RW, guarded("DCR3", "MAXTRAN", null))
                        .field("CSBOUND", 16, 5, Access.RW, guarded("DCR3", "CSBOUND", null)))
                // DCR4: REFRESH.
                .register(0x14, "DCR4", r -> r
                        .field("REFRESH", 0, 32, Access.RW, guarded("DCR4", "REFRESH", null)))
                .register(0x20, "SR", r -> statusFields(r, v.flevelBits()))
                .register(0x24, "FCR", this::flagClearFields)
                .register(0x40, "DLR", this::dataLengthFields)
                .register(0x48, "AR", this::addressFields)
                .register(0x50, "DR", this::dataFields)
                .register(0x80, "PSMKR", r -> r.field("MASK", 0, 32, Access.RW, guarded("PSMKR", "MASK", null)))
                .register(0x88, "PSMAR", r -> r.field("MATCH", 0, 32, Access.RW, guarded("PSMAR", "MATCH", null)))
                .register(0x90, "PIR", r -> r.field("INTERVAL", 0, 16, Access.RW, guarded("PIR", "INTERVAL", null)))
                // SIOO counts commands from the last CCR write; CR (FMODE), TCR and IR writes keep its state.
                .register(0x100, "CCR", r -> commandConfiguration(r, "CCR", v.sioo()).afterWrite(this::afterCommandWrite))
                .register(0x108, "TCR", r -> timingConfiguration(r, "TCR").afterWrite(this::afterModeWrite))
                // IR: a command that needs neither address nor data from software starts at this write.
                .register(0x110, "IR", r -> r
                        .field("INSTRUCTION", 0, 32, Access.RW, f -> f.onWrite((was, now) -> {
                            instructionWritten();
                            refuseCommand("IR", "INSTRUCTION", was);
                        }))
                        .afterWrite(this::afterModeWrite))
                .register(0x120, "ABR", r -> r
                        .field("ALTERNATE", 0, 32, Access.RW, guarded("ABR", "ALTERNATE", this::mmConfigChanged)))
                .register(0x130, "LPTR", r -> r.field("TIMEOUT", 0, 16, Access.RW, guarded("LPTR", "TIMEOUT", null)))
                // Wrap command (WPCCR/WPTCR/WPIR/WPABR) and write command (WCCR/WTCR/WIR/WABR) registers:
                // the same layouts as CCR/TCR/IR/ABR without SIOO (see the class comment).
                .register(0x140, "WPCCR", r -> commandConfiguration(r, "WPCCR", false))
                .register(0x148, "WPTCR", r -> timingConfiguration(r, "WPTCR"))
                .register(0x150, "WPIR", r -> r.field("INSTRUCTION", 0, 32, Access.RW, guarded("WPIR", "INSTRUCTION", null)))
                .register(0x160, "WPABR", r -> r.field("ALTERNATE", 0, 32, Access.RW, guarded("WPABR", "ALTERNATE", null)))
                .register(0x180, "WCCR", r -> commandConfiguration(r, "WCCR", false))
                .register(0x188, "WTCR", r -> r.field("DCYC", 0, 5, Access.RW, guarded("WTCR", "DCYC", null)))
                .register(0x190, "WIR", r -> r.field("INSTRUCTION", 0, 32, Access.RW, guarded("WIR", "INSTRUCTION", null)))
                .register(0x1A0, "WABR", r -> r.field("ALTERNATE", 0, 32, Access.RW, guarded("WABR", "ALTERNATE", null)))
                // HLCR (HyperBus latency): LM, WZL, TACC, TRWR.
                .register(0x200, "HLCR", r -> r
                        .bit("LM", 0, Access.RW, guarded("HLCR", "LM", null))
                        .bit("WZL", 1, Access.RW, guarded("HLCR", "WZL", null))
                        .field("TACC", 8, 8, Access.RW, guarded("HLCR", "TACC", null))
                        .field("TRWR", 16, 8, Access.RW, guarded("HLCR", "TRWR", null)));
        extraRegisters(b);
        return b.build();
    }

    /** CCR layout (also WPCCR, WCCR): per phase a 3-bit mode, a DTR bit and a size; DQSE; SIOO where the block has it. */
    private RegisterBlock.RegisterSpec commandConfiguration(RegisterBlock.RegisterSpec r, String reg, boolean sioo) {
        r.field("IMODE", 0, 3, Access.RW, guarded(reg, "IMODE", null))
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
        if (sioo) r.bit("SIOO", 31, Access.RW, guarded(reg, "SIOO", null));
        return r;
    }

    /** TCR layout (also WPTCR): DCYC, DHQC, SSHIFT. */
    private RegisterBlock.RegisterSpec timingConfiguration(RegisterBlock.RegisterSpec r, String reg) {
        return r.field("DCYC", 0, 5, Access.RW, guarded(reg, "DCYC", null))
                .bit("DHQC", 28, Access.RW, guarded(reg, "DHQC", null))
                .bit("SSHIFT", 30, Access.RW, guarded(reg, "SSHIFT", null));
    }
}
