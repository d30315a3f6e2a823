package io.xipkit.peripherals.stm32;

/**
 * Told by an RCC model whenever the clock tree it computes changes (a SW switch, a divider, a PLL
 * reconfiguration). The board forwards {@link BusClocks#cpuHz()} to the core's clock so virtual
 * time follows the firmware's clock set-up.
 */
@FunctionalInterface
public interface ClockListener {
    void clocksChanged(BusClocks clocks);

    ClockListener NONE = clocks -> {};

    /**
     * One snapshot of the clock tree, in hertz. {@code apb3Hz}/{@code apb4Hz} are 0 on parts without
     * those buses (STM32L4).
     *
     * @param sysclkHz the system clock selected by RCC_CFGR.SW, before any divider
     * @param cpuHz    the Cortex-M core clock (H7: sys_d1cpre_ck after D1CPRE; L4: HCLK)
     * @param ahbHz    the AHB/AXI clock HCLK
     */
    record BusClocks(long sysclkHz, long cpuHz, long ahbHz, long apb1Hz, long apb2Hz, long apb3Hz, long apb4Hz) {
    }
}
