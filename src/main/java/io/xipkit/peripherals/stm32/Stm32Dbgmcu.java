package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * MCU debug component: the device identification code and the debug-freeze configuration.
 * STM32H7 (RM0433 rev 8 section 60.5.8 / RM0399 section 61.5.8) at 0x5C00_1000, readable by the
 * Cortex-M7 over AXI/AHB; STM32L4 (RM0351 rev 9 section 46.16) at 0xE004_2000 on the private
 * peripheral bus. Firmware reads IDCODE (e.g. CMSIS SystemInit on the H7 checks REV_ID to apply
 * a revision-Y workaround). Freeze bits are stored; nothing here stops timers.
 */
public final class Stm32Dbgmcu implements RegisterMapped, Resettable {
    public static final int H7_BASE = 0x5C00_1000;
    public static final int L4_BASE = 0xE004_2000;
    public static final int SIZE = 0x400;

    /** DBGMCU_IDCODE.DEV_ID: STM32H742/743/750/753 (RM0433 60.5.8) and H745/747/755/757 (RM0399 61.5.8). */
    public static final int DEV_ID_H74X_H75X = 0x450;
    /** DBGMCU_IDCODE.DEV_ID of the STM32L475/476/486 (RM0351 46.6.1). */
    public static final int DEV_ID_L47X = 0x415;
    /** STM32H7 silicon revision Y (ES0392 / RM0433 60.5.8). */
    public static final int REV_ID_H7_Y = 0x1003;
    /** STM32H7 silicon revision V, the current production revision. */
    public static final int REV_ID_H7_V = 0x2003;
    /** STM32L476 revision 4 (RM0351 46.6.1: 0x1007; ES0250). */
    public static final int REV_ID_L476_REV4 = 0x1007;

    public enum Family { H7, L4 }

    private final Family family;
    private final RegisterBlock regs;

    public Stm32Dbgmcu(Family family, int devId, int revId) {
        this.family = java.util.Objects.requireNonNull(family);
        if (devId < 0 || devId > 0xFFF) throw new IllegalArgumentException("DEV_ID must fit 12 bits, was 0x" + Integer.toHexString(devId));
        if (revId < 0 || revId > 0xFFFF) throw new IllegalArgumentException("REV_ID must fit 16 bits, was 0x" + Integer.toHexString(revId));
        int idcode = revId << 16 | devId;
        RegisterBlock.Builder b = RegisterBlock.builder("DBGMCU", SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // DBGMCU_IDCODE (RM0433 60.5.8 / RM0351 46.6.1): read-only.
                .register(0x00, "IDCODE", r -> r.reset(idcode).field("DEV_ID", 0, 12, Access.RO).field("REV_ID", 16, 16, Access.RO));
        if (family == Family.H7) {
            b
                    // RM0433 60.5.8 DBGMCU_CR.
                    .register(0x04, "CR", r -> r.bit("DBGSLEEP_D1", 0, Access.RW).bit("DBGSTOP_D1", 1, Access.RW)
                            .bit("DBGSTBY_D1", 2, Access.RW).bit("DBGSTOP_D3", 7, Access.RW).bit("DBGSTBY_D3", 8, Access.RW)
                            .bit("TRACECLKEN", 20, Access.RW).bit("D1DBGCKEN", 21, Access.RW).bit("D3DBGCKEN", 22, Access.RW)
                            .bit("TRGOEN", 28, Access.RW))
                    // RM0433 60.5.8 DBGMCU_APB3FZ1, APB1LFZ1, APB2FZ1, APB4FZ1.
                    .register(0x34, "APB3FZ1", r -> r.bit("WWDG1", 6, Access.RW))
                    .register(0x3C, "APB1LFZ1", r -> r.field("TIM2_7", 0, 6, Access.RW).bit("TIM12", 6, Access.RW)
                            .bit("TIM13", 7, Access.RW).bit("TIM14", 8, Access.RW).bit("LPTIM1", 9, Access.RW)
                            .bit("I2C1", 21, Access.RW).bit("I2C2", 22, Access.RW).bit("I2C3", 23, Access.RW))
                    .register(0x4C, "APB2FZ1", r -> r.bit("TIM1", 0, Access.RW).bit("TIM8", 1, Access.RW)
                            .bit("TIM15", 16, Access.RW).bit("TIM16", 17, Access.RW).bit("TIM17", 18, Access.RW)
                            .bit("HRTIM", 29, Access.RW))
                    .register(0x54, "APB4FZ1", r -> r.bit("I2C4", 7, Access.RW).field("LPTIM2_5", 9, 4, Access.RW)
                            .bit("RTC", 16, Access.RW).bit("IWDG1", 18, Access.RW));
        } else {
            b
                    // RM0351 46.16.2 DBGMCU_CR.
                    .register(0x04, "CR", r -> r.bit("DBG_SLEEP", 0, Access.RW).bit("DBG_STOP", 1, Access.RW)
                            .bit("DBG_STANDBY", 2, Access.RW).bit("TRACE_IOEN", 5, Access.RW).field("TRACE_MODE", 6, 2, Access.RW))
                    // RM0351 46.16.3-46.16.5 freeze registers.
                    .register(0x08, "APB1FZR1", r -> r.field("TIM2_7", 0, 6, Access.RW).bit("RTC", 10, Access.RW)
                            .bit("WWDG", 11, Access.RW).bit("IWDG", 12, Access.RW).bit("I2C1", 21, Access.RW)
                            .bit("I2C2", 22, Access.RW).bit("I2C3", 23, Access.RW).bit("CAN", 25, Access.RW)
                            .bit("LPTIM1", 31, Access.RW))
                    .register(0x0C, "APB1FZR2", r -> r.bit("LPTIM2", 5, Access.RW))
                    .register(0x10, "APB2FZR", r -> r.bit("TIM1", 11, Access.RW).bit("TIM8", 13, Access.RW)
                            .bit("TIM15", 16, Access.RW).bit("TIM16", 17, Access.RW).bit("TIM17", 18, Access.RW));
        }
        regs = b.build();
    }

    public int idcode() {
        return regs.register("IDCODE").get();
    }

    public Family family() {
        return family;
    }

    public RegisterBlock registers() {
        return regs;
    }

    /** DBGMCU is reset by power-on only (RM0433 60.5.8): a system reset keeps its configuration. */
    @Override
    public void reset() {
    }

    /** Power-on reset. */
    public void powerOn() {
        regs.reset();
    }
}
