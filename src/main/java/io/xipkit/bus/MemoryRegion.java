package io.xipkit.bus;

import io.xipkit.cpu.ArrayViews;
import io.xipkit.cpu.BusErrorException;

/**
 * RAM or ROM backed by a byte array. The bus normally reads and writes the array directly
 * ({@link #fastPath()}); the methods here serve the cases the fast path leaves to the region:
 * accesses straddling the region's end are split by the bus, and writes to ROM.
 */
public final class MemoryRegion implements Region {

    private final String name;
    private final byte[] bytes;
    private final boolean writable;
    private final RomWritePolicy romWrites;
    private final FastPath fastPath;

    private MemoryRegion(String name, int size, boolean writable, RomWritePolicy romWrites) {
        if (size <= 0) throw new IllegalArgumentException(name + ": size must be positive, was " + size);
        this.name = name;
        this.bytes = new byte[size];
        this.writable = writable;
        this.romWrites = romWrites;
        this.fastPath = new FastPath(bytes, writable);
    }

    /** Read-write memory of {@code size} bytes, zero-filled. */
    public static MemoryRegion ram(String name, int size) {
        return new MemoryRegion(name, size, true, RomWritePolicy.IGNORE);
    }

    /** Read-only memory; bus writes are dropped or answered with an error as {@code policy} says. */
    public static MemoryRegion rom(String name, int size, RomWritePolicy policy) {
        return new MemoryRegion(name, size, false, policy);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    public boolean isWritable() {
        return writable;
    }

    @Override
    public int read(int offset, int size) {
        switch (size) {
            case 1: return bytes[offset] & 0xFF;
            case 2: return ArrayViews.getShort(bytes, offset) & 0xFFFF;
            default: return ArrayViews.getInt(bytes, offset);
        }
    }

    @Override
    public void write(int offset, int size, int value) {
        if (!writable) {
            if (romWrites == RomWritePolicy.BUS_ERROR) {
                throw new BusErrorException(offset, true, "write to read-only memory " + name);
            }
            return;
        }
        switch (size) {
            case 1: bytes[offset] = (byte) value; break;
            case 2: ArrayViews.setShort(bytes, offset, (short) value); break;
            default: ArrayViews.setInt(bytes, offset, value); break;
        }
    }

    @Override
    public FastPath fastPath() {
        return fastPath;
    }

    @Override
    public void load(int offset, byte[] data, int from, int length) {
        System.arraycopy(data, from, bytes, offset, length);
    }

    @Override
    public void peek(int offset, byte[] into, int from, int length) {
        System.arraycopy(bytes, offset, into, from, length);
    }
}
