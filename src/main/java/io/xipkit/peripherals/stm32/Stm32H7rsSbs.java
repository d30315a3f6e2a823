package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * The part of the STM32H7R/S system configuration block (SBS, RM0477 chapter "System
 * configuration, boot and security (SBS)") at 0x5800_0400 that an XSPI set-up touches: the I/O
 * compensation cells and the high-speed-at-low-voltage switches in SBS_CCCSR (offset 0x110;
 * COMP_EN 0, XSPI1_COMP_EN 2, XSPI2_COMP_EN 4, COMP_RDY 8, XSPI1_COMP_RDY 9, XSPI2_COMP_RDY 10,
 * IOHSLV 16, XSPI1_IOHSLV 17, XSPI2_IOHSLV 18: ST's CMSIS header stm32h7s3xx.h). A cell is
 * ready the instant it is enabled. IOHSLV for an XSPI port only takes effect when the matching
 * option byte (FLASH_OBW1SR.XSPIn_HSLV) allows it: {@link #xspiHighSpeedLowVoltage} says whether
 * both are set. The other SBS registers read 0 and ignore writes.
 */
public final class Stm32H7rsSbs implements RegisterMapped, Resettable {
    public static final int BASE = 0x5800_0400;
    public static final int SIZE = 0x400;

    private final RegisterBlock regs;
    private final Field xspi1Hslv, xspi2Hslv;
    private final Stm32H7rsFlashInterface flash;

    public Stm32H7rsSbs(Stm32H7rsFlashInterface flash) {
        this.flash = flash;
        regs = RegisterBlock.builder("SBS", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                .register(0x110, "CCCSR", r -> r
                        .bit("COMP_EN", 0, Access.RW)
                        .bit("COMP_CODESEL", 1, Access.RW)
                        .bit("XSPI1_COMP_EN", 2, Access.RW)
                        .bit("XSPI1_COMP_CODESEL", 3, Access.RW)
                        .bit("XSPI2_COMP_EN", 4, Access.RW)
                        .bit("XSPI2_COMP_CODESEL", 5, Access.RW)
                        .bit("COMP_RDY", 8, Access.RO, f -> f.reads(() -> ready("COMP_EN")))
                        .bit("XSPI1_COMP_RDY", 9, Access.RO, f -> f.reads(() -> ready("XSPI1_COMP_EN")))
                        .bit("XSPI2_COMP_RDY", 10, Access.RO, f -> f.reads(() -> ready("XSPI2_COMP_EN")))
                        .bit("IOHSLV", 16, Access.RW)
                        .bit("XSPI1_IOHSLV", 17, Access.RW)
                        .bit("XSPI2_IOHSLV", 18, Access.RW))
                .build();
        xspi1Hslv = regs.field("CCCSR", "XSPI1_IOHSLV");
        xspi2Hslv = regs.field("CCCSR", "XSPI2_IOHSLV");
    }

    /** A compensation cell is ready the instant it is enabled. */
    private int ready(String enable) {
        return regs.field("CCCSR", enable).get();
    }

    @Override
    public RegisterBlock registers() {
        return regs;
    }

    @Override
    public void reset() {
        regs.reset();
    }

    /** XSPI{@code port}'s I/Os run in high-speed-at-low-voltage mode: SBS_CCCSR and the option byte both say so. */
    public boolean xspiHighSpeedLowVoltage(int port) {
        if (port != 1 && port != 2) throw new IllegalArgumentException("no XSPI port " + port);
        int ob = port == 1 ? Stm32H7rsFlashInterface.OB_XSPI1_HSLV : Stm32H7rsFlashInterface.OB_XSPI2_HSLV;
        return (port == 1 ? xspi1Hslv : xspi2Hslv).isSet() && (flash.optionWord1() & ob) != 0;
    }
}
