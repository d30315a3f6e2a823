package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * Power control of the STM32L475/476/486 (RM0351 rev 9, chapter 5 "PWR") at 0x4000_7000. The
 * regulator changes range and mode in zero virtual time: SR2.VOSF reads 0 (no transition pending),
 * REGLPS reads 1 (low-power regulator ready) and REGLPF follows CR1.LPR.
 *
 * <p>Offsets and bit positions checked against ST's stm32l476xx.h (PWR_TypeDef, PWR_* bits) and reset
 * values against ST's STM32L476 SVD v1.8 (CR1 0x200, CR3 0x8000, all others 0); docs/FACTS-STM32L4.md.
 */
public final class Stm32L4Pwr implements RegisterMapped, Resettable, io.xipkit.bus.QuietReads {
    /** Base address on APB1 (RM0351 table 1). */
    public static final int BASE = 0x4000_7000;
    public static final int SIZE = 0x400;

    private final RegisterBlock regs;
    private final Field lpr, vos;

    public Stm32L4Pwr() {
        RegisterBlock.Builder b = RegisterBlock.builder("PWR", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // RM0351 5.4.1 PWR_CR1, reset 0x0000_0200 (VOS = range 1).
                .register(0x00, "CR1", r -> r.reset(0x0000_0200)
                        .field("LPMS", 0, 3, Access.RW)
                        .bit("DBP", 8, Access.RW)
                        .field("VOS", 9, 2, Access.RW)
                        .bit("LPR", 14, Access.RW))
                // RM0351 5.4.2 PWR_CR2, reset 0.
                .register(0x04, "CR2", r -> r
                        .bit("PVDE", 0, Access.RW)
                        .field("PLS", 1, 3, Access.RW)
                        .field("PVME", 4, 4, Access.RW)
                        .bit("IOSV", 9, Access.RW)
                        .bit("USV", 10, Access.RW))
                // RM0351 5.4.3 PWR_CR3, reset 0x0000_8000 (EIWUL).
                .register(0x08, "CR3", r -> r.reset(0x0000_8000)
                        .field("EWUP", 0, 5, Access.RW)
                        .bit("RRS", 8, Access.RW)
                        .bit("APC", 10, Access.RW)
                        .bit("EIWUL", 15, Access.RW))
                // RM0351 5.4.4 PWR_CR4, reset 0.
                .register(0x0C, "CR4", r -> r
                        .field("WP", 0, 5, Access.RW)
                        .bit("VBE", 8, Access.RW)
                        .bit("VBRS", 9, Access.RW))
                // RM0351 5.4.5 PWR_SR1, reset 0.
                .register(0x10, "SR1", r -> r
                        .field("WUF", 0, 5, Access.RO)
                        .bit("SBF", 8, Access.RO)
                        .bit("WUFI", 15, Access.RO))
                // RM0351 5.4.6 PWR_SR2, reset 0 (status computed, see class comment).
                .register(0x14, "SR2", r -> r
                        .bit("REGLPS", 8, Access.RO, f -> f.reads(() -> 1))
                        .bit("REGLPF", 9, Access.RO, f -> f.reads(this::lowPowerRun))
                        .bit("VOSF", 10, Access.RO, f -> f.reads(() -> 0))
                        .bit("PVDO", 11, Access.RO)
                        .field("PVMO", 12, 4, Access.RO))
                // RM0351 5.4.7 PWR_SCR: write 1 to clear SR1 flags.
                .register(0x18, "SCR", r -> r
                        .field("CWUF", 0, 5, Access.WO)
                        .bit("CSBF", 8, Access.WO)
                        .afterWrite(this::clearStatus));
        // RM0351 5.4.8-5.4.23 PWR_PUCRx / PWR_PDCRx for ports A..H, reset 0.
        String ports = "ABCDEFGH";
        for (int i = 0; i < ports.length(); i++) {
            char p = ports.charAt(i);
            b.register(0x20 + i * 8, "PUCR" + p, r -> r.field("PU", 0, 16, Access.RW));
            b.register(0x24 + i * 8, "PDCR" + p, r -> r.field("PD", 0, 16, Access.RW));
        }
        regs = b.build();
        lpr = regs.field("CR1", "LPR");
        vos = regs.field("CR1", "VOS");
    }

    private int lowPowerRun() {
        return lpr.get();
    }

    private void clearStatus(int written) {
        var sr1 = regs.register("SR1");
        sr1.set(sr1.get() & ~(written & 0x11F));
    }

    /** Voltage range from CR1.VOS: 1 (up to 80 MHz) or 2 (up to 26 MHz) (RM0351 5.1.8). */
    public int voltageRange() {
        return vos.get();
    }

    public RegisterBlock registers() {
        return regs;
    }

    @Override
    public void reset() {
        regs.reset();
    }

    /**
     * Every read is quiet ({@link io.xipkit.bus.QuietReads}): what HAL waits for in SR2 (VOSF after
     * a range change, REGLPF after entering or leaving low-power run; RM0351 5.4.6) is a constant
     * or follows CR1.LPR, since the regulator changes in zero virtual time; SR1's flags change only
     * on an SCR write or a reset. No read clears or changes anything.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        return true;
    }
}
