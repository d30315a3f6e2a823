package io.xipkit.peripherals;

/**
 * A peripheral's interrupt request output. The board connects it to an NVIC input; a peripheral
 * drives it level-sensitive, as STM32 peripherals do (the line stays asserted while an enabled
 * flag is set).
 */
@FunctionalInterface
public interface IrqLine {
    void set(boolean asserted);

    IrqLine NONE = asserted -> {};
}
