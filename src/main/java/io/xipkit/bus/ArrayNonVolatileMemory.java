package io.xipkit.bus;

import java.util.Arrays;

/** Non-volatile memory held only in the JVM: a board run without a state directory. */
public class ArrayNonVolatileMemory implements NonVolatileMemory {
    private final byte[] array;
    private final byte[] registers = new byte[REGISTER_IMAGE_BYTES];
    private final int[] eraseCounts;

    public ArrayNonVolatileMemory(long size) {
        if (size <= 0 || size > Integer.MAX_VALUE - 8 || size % WEAR_UNIT != 0) {
            throw new IllegalArgumentException("flash size must be a positive multiple of 4 KiB below 2 GiB: " + size);
        }
        array = new byte[(int) size];
        Arrays.fill(array, (byte) 0xFF);
        eraseCounts = new int[(int) (size / WEAR_UNIT)];
    }

    @Override
    public long size() {
        return array.length;
    }

    @Override
    public byte[] array() {
        return array;
    }

    @Override
    public byte[] registerImage() {
        return registers;
    }

    @Override
    public int[] eraseCounts() {
        return eraseCounts;
    }

    @Override
    public void arrayChanged(long addr, long len) {}

    @Override
    public void metadataChanged() {}
}
