package io.xipkit.bus;

/**
 * Which 4 KiB pages of a flash array changed, and in what order: each change stamps its pages
 * with a counter. Whoever keeps a derived copy of the array (the dual-flash interleaved shadow of
 * the memory-mapped window, a campaign's torn copy, a board snapshot) remembers the counter it
 * last saw and brings only the pages stamped after it up to date, so keeping a copy costs what
 * changed rather than the size of the chip.
 */
public final class PageStamps {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE = 1 << PAGE_SHIFT;

    private final long[] stamps;
    private long version;
    /** A copy derived from the array that is worth keeping beyond the model that made it ({@link #derived}). */
    private Object derived;
    /** The read tracker attached by a caller, or null (the usual case: then reads cost one null test). */
    private PageReads reads;

    public PageStamps(long size) {
        stamps = new long[(int) ((size + PAGE - 1) >>> PAGE_SHIFT)];
    }

    /** Stamps the pages of {@code [addr, addr+len)}. */
    public void touch(long addr, long len) {
        if (len <= 0) return;
        if (reads != null) reads.read(addr, len); // a change counts as a read: what follows depends on it
        long v = ++version;
        int last = (int) Math.min(stamps.length - 1, (addr + len - 1) >>> PAGE_SHIFT);
        for (int p = (int) (addr >>> PAGE_SHIFT); p <= last; p++) stamps[p] = v;
    }

    /** The counter after the last change: {@link #changedSince} of it is false for every page. */
    public long version() {
        return version;
    }

    public int pages() {
        return stamps.length;
    }

    /** Whether page {@code page} changed after the counter was {@code version}. */
    public boolean changedSince(int page, long version) {
        return stamps[page] > version;
    }

    /**
     * The derived copy kept with these stamps, or a new one from {@code make}: a board powered on
     * again on the same memories (a campaign's reboot) finds the dual-flash shadow of the previous
     * one and brings it up to date page by page instead of interleaving two whole dies again.
     */
    public <T> T derived(Class<T> type, java.util.function.Supplier<T> make) {
        if (!type.isInstance(derived)) derived = make.get();
        return type.cast(derived);
    }

    /** Attaches {@code tracker} (or detaches with null): reads and changes of the storage are marked in it. */
    public void trackReads(PageReads tracker) {
        if (tracker != null && tracker.pages() != stamps.length) throw new IllegalArgumentException("tracker of another size");
        reads = tracker;
    }

    /** A model read storage offsets {@code [addr, addr + len)} for the firmware: marked in the tracker if one is attached. */
    public void read(long addr, long len) {
        PageReads r = reads;
        if (r != null) r.read(addr, len);
    }

    /** The same for a storage that may have no stamps. */
    public static void read(PageStamps stamps, long addr, long len) {
        if (stamps != null) stamps.read(addr, len);
    }

    /** The derived copy kept with these stamps ({@link #derived}), or null. */
    public Object derivedCopy() {
        return derived;
    }
}
