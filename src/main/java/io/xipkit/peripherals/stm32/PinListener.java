package io.xipkit.peripherals.stm32;

/**
 * Observes a GPIO port's output pins: called once per pin whose driven output level changes (an ODR,
 * BSRR or BRR write, or a pin switched into output mode with a new level). The board uses it to show
 * LEDs; it runs on the simulation thread and must not block.
 */
@FunctionalInterface
public interface PinListener {
    /**
     * @param port  port letter, 'A'..'K'
     * @param pin   pin number 0..15
     * @param level the new output level
     * @param atPicos virtual time of the change
     */
    void pinChanged(char port, int pin, boolean level, long atPicos);

    PinListener NONE = (port, pin, level, atPicos) -> {};
}
