package io.xipkit.cpu;

/**
 * Told by the bus after each data read of a peripheral register that vouched for the read being
 * quiet (no side effect, value stable until the next scheduled event or bus write to a
 * peripheral; {@code io.xipkit.bus.QuietReads}). The core's {@link PollingLoop} uses it to notice a
 * loop polling the same register for the same value.
 */
@FunctionalInterface
public interface QuietReadListener {
    void quietRead(int address, int value);
}
