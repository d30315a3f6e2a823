package io.xipkit.bus;

/**
 * A register block on the bus. Offsets are relative to the block's base; sizes are 1, 2 or 4.
 * Throw {@link io.xipkit.cpu.BusErrorException} for accesses the hardware answers with an error.
 */
public interface Peripheral {
    int read(int offset, int size);

    void write(int offset, int size, int value);
}
