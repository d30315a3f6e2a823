package io.xipkit.peripherals.stm32;

import io.xipkit.bus.FastPath;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.Region;
import io.xipkit.bus.RegionContext;


/**
 * One 1 MB (H750: 128 KB) address window of the embedded flash: 0x0800_0000 or 0x0810_0000.
 * Which physical bank answers depends on the bank swap applied at the last reset (RM0433
 * section 4.3.13); the window follows through {@link #bind}.
 *
 * <p>Reads come straight from the bank's array through the bus fast path. Writes are not plain
 * stores: they feed the write buffer of the bank's register set (the fast path is read-only), so
 * the controller can count bytes, start programming and raise errors. A read while the bank is
 * busy stalls on the real part (RM0433 section 4.3.7 "read-while-write" only across banks); the
 * model answers at once with the current content.
 */
public final class H7FlashWindow implements Region {
    private static final int MAX_MAPPINGS = 4;

    private final String name;
    private final long size;
    private H7FlashBank bank;
    private byte[] array;
    private FastPath fastPath;
    private final RegionContext[] contexts = new RegionContext[MAX_MAPPINGS];
    private final long[] bases = new long[MAX_MAPPINGS];
    private int mappings;

    H7FlashWindow(String name, long size) {
        this.name = name;
        this.size = size;
    }

    /** Binds the window to the register set (and through it the physical bank) it now shows. */
    void bind(H7FlashBank bank) {
        NonVolatileMemory storage = bank.storage();
        this.bank = bank;
        this.array = storage.array();
        this.fastPath = new FastPath(array, false);
        for (int i = 0; i < mappings; i++) {
            contexts[i].fastPathChanged(this);
            contexts[i].notifyCodeChanged((int) bases[i], (int) size);
        }
    }

    /** The flash changed under [offset, offset + length): decoded instructions there are stale. */
    void contentChanged(int offset, int length) {
        for (int i = 0; i < mappings; i++) contexts[i].notifyCodeChanged((int) (bases[i] + offset), length);
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
        io.xipkit.bus.PageStamps.read(bank.storage().pageStamps(), offset, size);
        byte[] a = array;
        int v = 0;
        for (int i = size - 1; i >= 0; i--) v = v << 8 | (a[offset + i] & 0xFF);
        return v;
    }

    @Override
    public void write(int offset, int size, int value) {
        bank.busWrite(offset, size, value);
    }

    @Override
    public FastPath fastPath() {
        return fastPath;
    }

    /** Programmer path: stores bytes as a debug probe's flash loader would (erase + program). */
    @Override
    public void load(int offset, byte[] data, int from, int length) {
        System.arraycopy(data, from, array, offset, length);
        bank.storage().arrayChanged(offset, length);
        contentChanged(offset, length);
    }

    @Override
    public void peek(int offset, byte[] into, int from, int length) {
        System.arraycopy(array, offset, into, from, length);
    }

    @Override
    public void attached(RegionContext context, long base) {
        if (mappings == MAX_MAPPINGS) throw new IllegalStateException(name + " is mapped more than " + MAX_MAPPINGS + " times");
        contexts[mappings] = context;
        bases[mappings++] = base;
    }

    @Override
    public String toString() {
        return name + " (" + bank.name("") + " register set, physical bank " + (bank.physicalBank() + 1) + ")";
    }
}
