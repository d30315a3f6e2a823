package io.xipkit.peripherals.stm32;

/**
 * The host side of a USART's transmit line. The model calls it once per frame, when the last stop
 * bit has left the pin; the host tools turn it into console output. Implementations must not block.
 */
@FunctionalInterface
public interface SerialLink {
    /**
     * @param data           the data bits of the frame (7, 8 or 9 bits, right-aligned; parity removed)
     * @param completedPicos virtual time at which the frame's last stop bit ended
     */
    void transmitted(int data, long completedPicos);

    SerialLink NONE = (data, completedPicos) -> {};
}
