package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.IrqLine;
import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;
import java.util.function.LongSupplier;

/**
 * The STM32H7R/S extended-SPI interface XSPI (RM0477 "Extended-SPI interface (XSPI)"):
 * the register front-end of {@link SpiControllerEngine} for one memory on one port (the XSPIM I/O
 * manager routes it, RM0477 "XSPI I/O manager (XSPIM)"). XSPI1 sits at 0x5200_5000 with its memory-mapped window
 * at 0x9000_0000, XSPI2 at 0x5200_A000 with its window at 0x7000_0000 (RM0477 §2.3 "Memory
 * organization", Table 6 "Register boundary addresses"); each window spans 256 Mbytes (DCR1.DEVSIZE).
 *
 * <p>Against QUADSPI: the functional mode is CR.FMODE, the command is split over CCR (modes, sizes
 * and DTR per phase, DQSE), TCR (dummy cycles) and IR (up to 32-bit instruction, octal parts use
 * 16 bits), phases go up to eight lines, DTR is chosen per phase, the FIFO holds 64 bytes
 * (SR.FLEVEL bits 14:8), and there is no SIOO. Register offsets and field positions agree with
 * ST's STM32H7R/S SVD (device STM32H7R, peripheral XSPI1, as published by stm32-rs).
 *
 * <p>RM0477 is cited by section title, not number: the reference manual's revisions number its
 * chapters differently (the XSPI chapter is section 24 in Rev 9, as users of that revision cite
 * it on ST's community forum, "STM32H7RS XSPI HyperBus 16-bit dual mode", 2026; this tree earlier
 * said chapter 27, a number no copy retrieved here confirms).
 *
 * <p>The layout it shares with OCTOSPI is in {@link OctalSpiFrontEnd} (with the modelling limits);
 * XSPI adds CR.CSSEL/NOPREF/NOPREF_AXI/MSEL, stored without effect.
 */
public final class Stm32Xspi extends OctalSpiFrontEnd {
    // The same numbers as Stm32Octospi's block on purpose (XSPI sits in OCTOSPI's slots); kept apart
    // because each cites its own part's reference manual, see the comment there.
    public static final long XSPI1_REGISTERS_BASE = 0x5200_5000L;
    public static final long XSPI2_REGISTERS_BASE = 0x5200_A000L;
    /** XSPIM, the I/O manager (RM0477 "XSPI I/O manager (XSPIM)"; register boundary addresses). */
    public static final long XSPIM_REGISTERS_BASE = 0x5200_B400L;
    public static final int REGISTERS_SIZE = 0x1000;
    public static final long XSPI1_WINDOW_BASE = 0x9000_0000L;
    public static final long XSPI2_WINDOW_BASE = 0x7000_0000L;
    /** RM0477 DCR1.DEVSIZE: "the addressable space in memory-mapped mode is limited to 256 Mbytes". */
    public static final long WINDOW_SIZE = 256L << 20;
    /** SR.FLEVEL is seven bits, 0..64 bytes; CR.FTHRES six; no SIOO; CR bit 6 is DMM (dual-memory). */
    private static final Variant XSPI = new Variant(64, 6, 7, false, "DMM", null);

    /**
     * @param name          "XSPI1" or "XSPI2"
     * @param kernelClockHz the XSPI kernel clock (RCC CCIPR1.XSPIxSEL: HCLK5, PLL2S or PLL2T), read at
     *                      the start of each command
     * @param flash         the memory on the port XSPIM routes to this controller
     */
    public Stm32Xspi(String name, Clock clock, Scheduler scheduler, LongSupplier kernelClockHz, IrqLine irq,
                     QuadspiFlash flash) {
        super(name, clock, scheduler, kernelClockHz, irq, flash, null, WINDOW_SIZE, XSPI, REGISTERS_SIZE);
    }

    // RM0477 "XSPI registers", XSPI_CR bits 24..31.
    @Override
    protected void controlExtras(RegisterBlock.RegisterSpec r) {
        r.bit("CSSEL", 24, Access.RW, guarded("CR", "CSSEL", null))
                .bit("NOPREF", 25, Access.RW)
                .bit("NOPREF_AXI", 26, Access.RW)
                .field("MSEL", 30, 2, Access.RW, guarded("CR", "MSEL", null));
    }

    @Override
    protected void extraRegisters(RegisterBlock.Builder b) {
        // XSPI has nothing beyond HLCR.
    }
}
