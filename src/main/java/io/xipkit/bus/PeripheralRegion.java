package io.xipkit.bus;

/** A {@link Peripheral}'s register block as a bus region: every access calls the peripheral. */
public final class PeripheralRegion implements Region {
    private final String name;
    private final long size;
    private final Peripheral peripheral;

    public PeripheralRegion(String name, long size, Peripheral peripheral) {
        if (size <= 0) throw new IllegalArgumentException(name + ": size must be positive, was " + size);
        this.name = name;
        this.size = size;
        this.peripheral = peripheral;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(int offset, int size) {
        return peripheral.read(offset, size);
    }

    @Override
    public void write(int offset, int size, int value) {
        peripheral.write(offset, size, value);
    }
}
