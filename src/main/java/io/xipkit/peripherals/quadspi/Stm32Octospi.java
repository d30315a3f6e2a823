package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.IrqLine;
import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;
import java.util.function.LongSupplier;

/**
 * The STM32H7A3/B3 Octo-SPI interface OCTOSPI (RM0455 chapter 24 "Octo-SPI interface (OCTOSPI)"):
 * the register front-end of {@link SpiControllerEngine} for the memory on the OCTOSPIM port routed
 * to it (RM0455 chapter 23, OCTOSPI I/O manager; its reset routing sends port 1 to OCTOSPI1 and port
 * 2 to OCTOSPI2). OCTOSPI1 sits at 0x5200_5000 with its memory-mapped window at 0x9000_0000,
 * OCTOSPI2 at 0x5200_A000 with its window at 0x7000_0000, OCTOSPIM at 0x5200_B400 (RM0455 §2.3
 * "Memory organization", register boundary addresses); each window spans 256 Mbytes.
 *
 * <p>Against XSPI ({@link Stm32Xspi}, the same layout in {@link OctalSpiFrontEnd}): a 32-byte FIFO
 * (SR.FLEVEL bits 13:8, CR.FTHRES bits 12:8), CR bit 6 is DQM (dual-quad) and bit 7 FSEL, CCR bit
 * 31 is SIOO (the instruction goes out with the first command after a CCR write only), and the block
 * answers its magic identification value 0xA3C5DD01 at offset 0x3FC (the register OpenOCD's
 * {@code stmqspi} driver reads to tell an OCTOSPI from a QUADSPI: src/flash/nor/stmqspi.h
 * OCTOSPI_MAGIC/OCTO_MAGIC_ID, "deleted from RM"). The hardware configuration, version and
 * identification registers at 0x3F0..0x3F8 are not modelled (reserved, read 0): we hold no source
 * for their values.
 */
public final class Stm32Octospi extends OctalSpiFrontEnd {
    // The same numbers as Stm32Xspi's block on purpose: XSPI took over OCTOSPI's slots in the H7
    // memory map. They stay two blocks because each is a fact of its own part, cited from its own
    // reference manual (RM0455 here, RM0477 there); a shared constant would make one part's map
    // follow the other's manual.
    public static final long OCTOSPI1_REGISTERS_BASE = 0x5200_5000L;
    public static final long OCTOSPI2_REGISTERS_BASE = 0x5200_A000L;
    /** OCTOSPIM, the I/O manager (RM0455 chapter 23; register boundary addresses). */
    public static final long OCTOSPIM_REGISTERS_BASE = 0x5200_B400L;
    public static final int REGISTERS_SIZE = 0x1000;
    public static final long OCTOSPI1_WINDOW_BASE = 0x9000_0000L;
    public static final long OCTOSPI2_WINDOW_BASE = 0x7000_0000L;
    /** RM0455 §2.3: each OCTOSPI bank spans 256 Mbytes of the address space. */
    public static final long WINDOW_SIZE = 256L << 20;
    /** Offset and value of the magic identification register (OpenOCD stmqspi.h). */
    public static final int MID_OFFSET = 0x3FC;
    public static final int MAGIC_ID = 0xA3C5_DD01;
    /** 32-byte FIFO: FLEVEL six bits, FTHRES five; SIOO; CR bit 6 DQM, bit 7 FSEL. */
    private static final Variant OCTOSPI = new Variant(32, 5, 6, true, "DQM", "FSEL");

    /**
     * @param name          "OCTOSPI1" or "OCTOSPI2"
     * @param kernelClockHz the OCTOSPI kernel clock (RCC CDCCIPR.OCTOSPISEL: rcc_hclk3, pll1_q_ck,
     *                      pll2_r_ck or per_ck), read at the start of each command
     * @param flash         the memory on the port OCTOSPIM routes to this controller
     */
    public Stm32Octospi(String name, Clock clock, Scheduler scheduler, LongSupplier kernelClockHz, IrqLine irq,
                        QuadspiFlash flash) {
        super(name, clock, scheduler, kernelClockHz, irq, flash, null, WINDOW_SIZE, OCTOSPI, REGISTERS_SIZE);
    }

    // RM0455 OCTOSPI_CR bit 7: FSEL selects flash 2 (ignored in dual-quad mode).
    @Override
    protected void controlExtras(RegisterBlock.RegisterSpec r) {
        r.bit("FSEL", 7, Access.RW, guarded("CR", "FSEL", this::bankConfigChanged));
    }

    @Override
    protected void extraRegisters(RegisterBlock.Builder b) {
        b.register(MID_OFFSET, "MID", r -> r.reset(MAGIC_ID).field("MID", 0, 32, Access.RO));
    }
}
