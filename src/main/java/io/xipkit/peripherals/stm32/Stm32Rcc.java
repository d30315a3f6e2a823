package io.xipkit.peripherals.stm32;

import io.xipkit.bus.Peripheral;
import io.xipkit.peripherals.Resettable;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What every STM32 RCC model offers the rest of the board: the clock tree as currently
 * configured, published to a {@link ClockListener} whenever a register write changes it, and the
 * kernel clocks of the peripherals that need one. The family models (RM0433 / RM0351) compute
 * the tree; this class keeps it and tells the listener.
 */
public abstract class Stm32Rcc implements Peripheral, Resettable {
    private final ClockListener listener;
    private ClockListener.BusClocks clocks;

    protected Stm32Rcc(ClockListener listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    /** Records the clock tree and tells the listener when it differs from the last one published. */
    protected final void publishClocks(ClockListener.BusClocks now) {
        if (!now.equals(clocks)) {
            clocks = now;
            listener.clocksChanged(now);
        }
    }

    /** The clock tree as currently configured. */
    public final ClockListener.BusClocks clocks() {
        return clocks;
    }

    public final long cpuHz() {
        return clocks.cpuHz();
    }

    /** The AHB clock (HCLK). */
    public final long hclkHz() {
        return clocks.ahbHz();
    }

    /** The kernel clock of USARTn as currently selected; IllegalArgumentException for a USART the part lacks. */
    public abstract long usartKernelHz(int usart);

    /** The kernel clock of USARTn, following later RCC changes (checked for existence now). */
    public final LongSupplier usartKernelClock(int usart) {
        usartKernelHz(usart);
        return () -> usartKernelHz(usart);
    }
}
