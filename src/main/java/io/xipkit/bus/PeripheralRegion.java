package io.xipkit.bus;

/**
 * A {@link Peripheral}'s register block as a bus region: every access calls the peripheral.
 * A record for its name and size accessors; the bus compares regions by identity only.
 */
public record PeripheralRegion(String name, long size, Peripheral peripheral) implements Region {
    public PeripheralRegion {
        if (size <= 0) throw new IllegalArgumentException(name + ": size must be positive, was " + size);
    }

    @Override
    public int read(int offset, int size) {
        return peripheral.read(offset, size);
    }

    /** Whether the read is quiet ({@link QuietReads}); false for peripherals that make no such promise. */
    public boolean quietRead(int offset, int size) {
        return peripheral instanceof QuietReads q && q.quietRead(offset, size);
    }

    @Override
    public void write(int offset, int size, int value) {
        peripheral.write(offset, size, value);
    }
}
