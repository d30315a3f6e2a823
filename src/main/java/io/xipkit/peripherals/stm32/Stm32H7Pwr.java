package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import java.util.Objects;

/**
 * Power control of the STM32H742/743/750/753 (RM0433 rev 8, chapter 6 "PWR") and of the
 * STM32H745/747/755/757 (RM0399 rev 4, chapter 7), at 0x5802_4800.
 *
 * <p>What vendor start-up code waits for: the supply configuration in PWR_CR3 is written once
 * after power-on (HAL_PWREx_ConfigSupply), then ACTVOSRDY in PWR_CSR1 must be 1; a voltage-scaling
 * change in PWR_D3CR is followed by a wait for VOSRDY. Regulators settle in zero virtual time, so
 * VOSRDY reads 1 and ACTVOSRDY reads 1 unless software wrote an invalid supply combination (then it
 * stays 0 until power-off, as on silicon). ACTVOS mirrors D3CR.VOS.
 */
public final class Stm32H7Pwr implements RegisterMapped, Resettable, io.xipkit.bus.QuietReads {
    /** Base address on AHB4 (RM0433 table 8). */
    public static final int BASE = 0x5802_4800;
    public static final int SIZE = 0x400;

    private final Stm32H7Rcc.Variant variant;
    private final RegisterBlock regs;
    private final Register cr2, cr3;
    private final Field vos, bren, usb33den;
    private boolean supplyLocked;
    private boolean supplyValid = true;

    public Stm32H7Pwr(Stm32H7Rcc.Variant variant) {
        this.variant = Objects.requireNonNull(variant);
        boolean dual = variant == Stm32H7Rcc.Variant.RM0399_DUAL_CORE_CM7;
        RegisterBlock.Builder b = RegisterBlock.builder("PWR", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // RM0433 6.8.1 PWR_CR1, reset 0xF000_C000 (SVOS = scale 5; bits 31:28 reserved, read 1).
                .register(0x00, "CR1", r -> r.reset(0xF000_C000)
                        .bit("LPDS", 0, Access.RW)
                        .bit("PVDE", 4, Access.RW)
                        .field("PLS", 5, 3, Access.RW)
                        .bit("DBP", 8, Access.RW)
                        .bit("FLPS", 9, Access.RW)
                        .field("SVOS", 14, 2, Access.RW)
                        .bit("AVDEN", 16, Access.RW)
                        .field("ALS", 17, 2, Access.RW)
                        .field("RESERVED", 28, 4, Access.RO))
                // RM0433 6.8.2 PWR_CSR1, reset 0x0000_4000; status computed (see class comment).
                .register(0x04, "CSR1", r -> r.reset(0x0000_4000)
                        .bit("PVDO", 4, Access.RO)
                        .bit("ACTVOSRDY", 13, Access.RO, f -> f.reads(() -> supplyValid ? 1 : 0))
                        .field("ACTVOS", 14, 2, Access.RO, f -> f.reads(this::currentVos))
                        .bit("AVDO", 16, Access.RO))
                // RM0433 6.8.3 PWR_CR2 (backup domain; reset only by a backup-domain reset).
                .register(0x08, "CR2", r -> r
                        .bit("BREN", 0, Access.RW)
                        .bit("MONEN", 4, Access.RW)
                        .bit("BRRDY", 16, Access.RO, f -> f.reads(this::backupRegulatorOn))
                        .bit("VBATL", 20, Access.RO)
                        .bit("VBATH", 21, Access.RO)
                        .bit("TEMPL", 22, Access.RO)
                        .bit("TEMPH", 23, Access.RO))
                // RM0433 6.8.4 PWR_CR3, reset 0x0000_0006 (LDOEN + SCUEN); RM0399 7.8.4, reset
                // 0x0000_0006 (LDOEN + SDEN). Reset by power-on only; supply bits written once.
                .register(0x0C, "CR3", r -> {
                    r.reset(0x0000_0006).bit("BYPASS", 0, Access.RW).bit("LDOEN", 1, Access.RW);
                    if (dual) {
                        r.bit("SDEN", 2, Access.RW).bit("SDEXTHP", 3, Access.RW).field("SDLEVEL", 4, 2, Access.RW)
                                .bit("SDEXTRDY", 16, Access.RO);
                    } else {
                        r.bit("SCUEN", 2, Access.RW);
                    }
                    r.bit("VBE", 8, Access.RW).bit("VBRS", 9, Access.RW)
                            .bit("USB33DEN", 24, Access.RW).bit("USBREGEN", 25, Access.RW)
                            .bit("USB33RDY", 26, Access.RO, f -> f.reads(this::usbRegulatorReady))
                            .afterWrite(this::supplyWritten);
                })
                // RM0433 6.8.5 PWR_CPUCR (RM0399: PWR_CPU1CR at 0x10, PWR_CPU2CR at 0x14).
                .register(0x10, dual ? "CPU1CR" : "CPUCR", r -> cpuControl(r, dual));
        if (dual) b.register(0x14, "CPU2CR", r -> cpuControl(r, true));
        b
                // RM0433 6.8.6 PWR_D3CR, reset 0x0000_4000 (VOS = scale 3); VOSRDY reads 1: the
                // regulator reaches every level at once in this model.
                // RM0455 names it SRDCR (SmartRun domain), same bits (stm32h7b3xx.h PWR_SRDCR VOS 15:14, VOSRDY 13).
                .register(0x18, variant == Stm32H7Rcc.Variant.RM0455_CD_SRD ? "SRDCR" : "D3CR", r -> r.reset(0x0000_4000)
                        .bit("VOSRDY", 13, Access.RO, f -> f.reads(() -> 1))
                        .field("VOS", 14, 2, Access.RW))
                // RM0433 6.8.7-6.8.9 wake-up pin registers.
                .register(0x20, "WKUPCR", r -> r.field("WKUPC", 0, 6, Access.WO))
                .register(0x24, "WKUPFR", r -> r.field("WKUPF", 0, 6, Access.RO))
                .register(0x28, "WKUPEPR", r -> r
                        .field("WKUPEN", 0, 6, Access.RW)
                        .field("WKUPP", 8, 6, Access.RW)
                        .field("WKUPPUPD", 16, 12, Access.RW));
        regs = b.build();
        cr2 = regs.register("CR2");
        cr3 = regs.register("CR3");
        vos = regs.field(variant == Stm32H7Rcc.Variant.RM0455_CD_SRD ? "SRDCR" : "D3CR", "VOS");
        bren = regs.field("CR2", "BREN");
        usb33den = regs.field("CR3", "USB33DEN");
    }

    private static void cpuControl(RegisterBlock.RegisterSpec r, boolean dual) {
        r.bit("PDDS_D1", 0, Access.RW).bit("PDDS_D2", 1, Access.RW).bit("PDDS_D3", 2, Access.RW);
        if (dual) r.bit("HOLD2F", 4, Access.RO);
        r.bit("STOPF", 5, Access.RO).bit("SBF", 6, Access.RO).bit("SBF_D1", 7, Access.RO)
                .bit("SBF_D2", 8, Access.RO).bit("CSSF", 9, Access.WO);
        if (dual) r.bit("HOLD2", 10, Access.RW);
        r.bit("RUN_D3", 11, Access.RW);
    }

    private int currentVos() {
        return vos.get();
    }

    private int backupRegulatorOn() {
        return bren.get();
    }

    private int usbRegulatorReady() {
        return usb33den.get();
    }

    /**
     * The supply-configuration bits (low byte) take effect once per power-on (RM0433 6.8.4 SCUEN,
     * RM0399 7.4.1 "the lower byte is written once"); later writes leave them as they are.
     */
    private void supplyWritten(int written) {
        int supplyMask = variant == Stm32H7Rcc.Variant.RM0399_DUAL_CORE_CM7 ? 0x3F : 0x07;
        int value = cr3.get();
        if (supplyLocked) {
            cr3.set(value & ~supplyMask | lockedSupply & supplyMask);
            return;
        }
        supplyLocked = true;
        lockedSupply = value & supplyMask;
        boolean bypass = (value & 1) != 0, ldo = (value & 2) != 0;
        boolean smps = variant == Stm32H7Rcc.Variant.RM0399_DUAL_CORE_CM7 && (value & 4) != 0;
        // Bypass with a regulator still enabled is not a supply configuration (RM0433 table 31, RM0399 table 32).
        supplyValid = !(bypass && (ldo || smps));
    }

    private int lockedSupply;

    /** Whether software has already written the once-per-power-on supply configuration. */
    public boolean supplyConfigured() {
        return supplyLocked;
    }

    public RegisterBlock registers() {
        return regs;
    }

    /**
     * Every read is quiet ({@link io.xipkit.bus.QuietReads}): the flags start-up code waits for
     * (CSR1.ACTVOSRDY, D3CR.VOSRDY; CR2.BRRDY, CR3.USB33RDY) and CSR1.ACTVOS are computed from the
     * register state (the supply written once in CR3, D3CR.VOS, the enables), not from virtual time,
     * since the regulators settle in zero time here (RM0433 6.8.2, 6.8.6); they change only on a
     * register write or a reset. No read clears or changes anything.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        return true;
    }

    /** Power-on: everything, including the write-once supply configuration, returns to reset. */
    public void powerOn() {
        regs.reset();
        supplyLocked = false;
        supplyValid = true;
    }

    /** System reset: CR3 (power-on reset only) and CR2 (backup domain) keep their contents. */
    @Override
    public void reset() {
        int keep2 = cr2.get(), keep3 = cr3.get();
        regs.reset();
        cr2.set(keep2);
        cr3.set(keep3);
    }
}
