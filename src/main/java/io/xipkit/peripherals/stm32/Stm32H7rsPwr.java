package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * Power control of the STM32H7R/S (RM0477 chapter "Power control (PWR)") at 0x5802_4800; offsets
 * and bits as in ST's CMSIS header stm32h7s3xx.h (PWR_TypeDef, PWR_* bit definitions).
 *
 * <p>What a vendor clock set-up waits for: PWR_SR1.ACTVOSRDY after the supply configuration, and
 * PWR_CSR4.VOSRDY after choosing the voltage scale in CSR4.VOS (1: scale 0, the high range a
 * 600 MHz CPU clock needs; 0: scale 1, as out of reset; ST's HAL PWR_REGULATOR_VOLTAGE_SCALE0/1).
 * Regulators settle in zero virtual time, so both ready flags read 1 and SR1.ACTVOS mirrors VOS.
 * PWR_CSR2 holds the XSPI port supply controls (EN_XSPIM1/2: the XSPIM port I/Os are in use;
 * XSPICAP1/2); they are stored and reported ({@link #xspimPortEnabled}) but gate nothing: the
 * model's memories answer on their port whatever its supply state.
 */
public final class Stm32H7rsPwr implements RegisterMapped, Resettable, io.xipkit.bus.QuietReads {
    public static final int BASE = 0x5802_4800;
    public static final int SIZE = 0x400;

    private final RegisterBlock regs;
    private final Field vos, enXspim1, enXspim2;

    public Stm32H7rsPwr() {
        regs = RegisterBlock.builder("PWR", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                .register(0x00, "CR1", r -> r
                        .bit("SVOS", 0, Access.RW)
                        .bit("PVDE", 4, Access.RW)
                        .field("PLS", 5, 3, Access.RW)
                        .bit("DBP", 8, Access.RW)
                        .bit("FLPS", 9, Access.RW)
                        .bit("BOOSTE", 11, Access.RW)
                        .bit("AVDREADY", 12, Access.RW)
                        .bit("AVDEN", 13, Access.RW)
                        .field("ALS", 14, 2, Access.RW))
                .register(0x04, "SR1", r -> r
                        .bit("ACTVOS", 0, Access.RO, f -> f.reads(this::vosValue))
                        .bit("ACTVOSRDY", 1, Access.RO, f -> f.reads(() -> 1))
                        .bit("PVDO", 4, Access.RO)
                        .bit("AVDO", 13, Access.RO))
                .register(0x08, "CSR1", r -> r
                        .bit("BREN", 0, Access.RW)
                        .bit("MONEN", 4, Access.RW)
                        .bit("BRRDY", 16, Access.RO, f -> f.reads(this::backupRegulatorOn)))
                .register(0x0C, "CSR2", r -> r
                        .bit("BYPASS", 0, Access.RW)
                        .bit("LDOEN", 1, Access.RW)
                        .bit("SDEN", 2, Access.RW)
                        .bit("SMPSEXTHP", 3, Access.RW)
                        .bit("SDHILEVEL", 4, Access.RW)
                        .bit("VBE", 8, Access.RW)
                        .bit("VBRS", 9, Access.RW)
                        .field("XSPICAP1", 10, 2, Access.RW)
                        .field("XSPICAP2", 12, 2, Access.RW)
                        .bit("EN_XSPIM1", 14, Access.RW)
                        .bit("EN_XSPIM2", 15, Access.RW)
                        .bit("SDEXTRDY", 16, Access.RO, f -> f.reads(() -> 1))
                        .bit("USB33DEN", 24, Access.RW)
                        .bit("USBREGEN", 25, Access.RW)
                        .bit("USB33RDY", 26, Access.RO)
                        .bit("USBHSREGEN", 27, Access.RW))
                .register(0x10, "CSR3", r -> r.bit("PDDS", 0, Access.RW).bit("CSSF", 1, Access.WO)
                        .bit("STOPF", 8, Access.RO).bit("SBF", 9, Access.RO))
                .register(0x14, "CSR4", r -> r
                        .bit("VOS", 0, Access.RW)
                        .bit("VOSRDY", 1, Access.RO, f -> f.reads(() -> 1)))
                .register(0x20, "WKUPCR")
                .register(0x24, "WKUPFR")
                .register(0x28, "WKUPEPR")
                .register(0x2C, "UCPDR")
                .build();
        vos = regs.field("CSR4", "VOS");
        enXspim1 = regs.field("CSR2", "EN_XSPIM1");
        enXspim2 = regs.field("CSR2", "EN_XSPIM2");
    }

    private int vosValue() {
        return vos.get();
    }

    /** The backup regulator is ready the instant it is enabled. */
    private int backupRegulatorOn() {
        return regs.field("CSR1", "BREN").get();
    }

    @Override
    public RegisterBlock registers() {
        return regs;
    }

    @Override
    public void reset() {
        regs.reset();
    }

    /**
     * Every read is quiet ({@link io.xipkit.bus.QuietReads}): SR1.ACTVOSRDY, CSR4.VOSRDY and
     * CSR2.SDEXTRDY read a constant 1 (the regulators settle in zero virtual time), SR1.ACTVOS
     * mirrors CSR4.VOS and CSR1.BRRDY follows BREN, so values change only on a register write or a
     * reset; no read clears or changes anything.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        return true;
    }

    /** CSR4.VOS = 1: voltage scale 0, the range for the highest clocks. */
    public boolean highVoltageScale() {
        return vos.isSet();
    }

    /** PWR_CSR2.EN_XSPIMn: software declared XSPIM port {@code port}'s I/O supply in use. */
    public boolean xspimPortEnabled(int port) {
        if (port != 1 && port != 2) throw new IllegalArgumentException("no XSPIM port " + port);
        return (port == 1 ? enXspim1 : enXspim2).isSet();
    }
}
