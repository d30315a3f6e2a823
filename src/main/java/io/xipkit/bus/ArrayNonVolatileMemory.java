package io.xipkit.bus;

import java.util.Arrays;

/**
 * Non-volatile memory held only in the JVM: a board run without a state directory. Each change
 * reported through {@link #arrayChanged} stamps its pages ({@link PageStamps}), so a copy of it can
 * be kept up to date at the cost of what changed ({@link #syncFrom}).
 */
public class ArrayNonVolatileMemory implements NonVolatileMemory {
    private final byte[] array;
    private final byte[] registers = new byte[REGISTER_IMAGE_BYTES];
    private final int[] eraseCounts;
    private final PageStamps stamps;
    /** What {@link #syncFrom} last copied: the source and both sides' counters at that moment. */
    private ArrayNonVolatileMemory syncedWith;
    private long syncedSource = -1, syncedOwn = -1;

    public ArrayNonVolatileMemory(long size) {
        if (size <= 0 || size > Integer.MAX_VALUE - 8 || size % WEAR_UNIT != 0) {
            throw new IllegalArgumentException("flash size must be a positive multiple of 4 KiB below 2 GiB: " + size);
        }
        array = new byte[(int) size];
        Arrays.fill(array, (byte) 0xFF);
        eraseCounts = new int[(int) (size / WEAR_UNIT)];
        stamps = new PageStamps(size);
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
    public PageStamps pageStamps() {
        return stamps;
    }

    /** Stamps the changed pages, then lets a subclass persist them ({@link #written}). */
    @Override
    public final void arrayChanged(long addr, long len) {
        stamps.touch(addr, len);
        written(addr, len);
    }

    /** Called after the model changed {@code array()[addr .. addr+len)} (a file-backed memory writes it through). */
    protected void written(long addr, long len) {}

    /**
     * Makes this memory a copy of {@code source} (array, register image, erase counts), copying only
     * the pages that changed on either side since the last call with the same source (all of them
     * the first time). The copy's own changes after that are stamped as usual, so it can be used,
     * changed and synchronised again: a campaign keeps one copy per worker this way. No subclass
     * hook is called (the copy is not a change the model made).
     */
    public void syncFrom(ArrayNonVolatileMemory source) {
        if (source.array.length != array.length) throw new IllegalArgumentException("copy of a memory of another size");
        PageStamps from = source.stamps;
        // The copied pages are stamped: a copy derived from this memory (a shadow) must look again.
        if (syncedWith != source) {
            System.arraycopy(source.array, 0, array, 0, array.length);
            stamps.touch(0, array.length);
        } else {
            int pages = stamps.pages();
            long own = syncedOwn;
            for (int p = 0; p < pages; p++) {
                if (!from.changedSince(p, syncedSource) && !stamps.changedSince(p, own)) continue;
                int at = p << PageStamps.PAGE_SHIFT;
                int n = Math.min(PageStamps.PAGE, array.length - at);
                System.arraycopy(source.array, at, array, at, n);
                stamps.touch(at, n);
            }
        }
        System.arraycopy(source.registers, 0, registers, 0, registers.length);
        System.arraycopy(source.eraseCounts, 0, eraseCounts, 0, eraseCounts.length);
        syncedWith = source;
        syncedSource = from.version();
        syncedOwn = stamps.version();
    }

    @Override
    public void metadataChanged() {}
}
