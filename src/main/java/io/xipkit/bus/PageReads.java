package io.xipkit.bus;

import java.util.Arrays;

/**
 * Which 4 KiB pages of one flash storage a run has read or changed, and in which epoch first: the
 * read tracker a campaign attaches to a storage's {@link PageStamps} for a reference reboot
 * ({@link PageStamps#trackReads}). A reboot is a function of the flash alone, so a reboot on another
 * flash runs exactly as the reference one up to the first epoch in which it touches a page where
 * the two flashes differ.
 *
 * <p>Every model that reads a storage's bytes on behalf of the firmware marks them here: the flash
 * windows' bus reads (the bus withholds its array fast paths from them while tracking,
 * {@link SystemBus#withholdReadOnlyFastPaths}), the dual-flash window's interleaved copy, a NOR chip's
 * data output, an operation's start (a program's result depends on what it programs over), the boot
 * logic reading a bank; every change marks itself through {@link PageStamps#touch}. The epoch is
 * the caller's clock (a slice of virtual time, say), set between runs of the core.
 */
public final class PageReads {
    /** {@link #firstEpoch} of a page never read. */
    public static final int NEVER = Integer.MAX_VALUE;

    private final int[] first;
    private int epoch;

    public PageReads(int pages) {
        first = new int[pages];
        Arrays.fill(first, NEVER);
    }

    /** Reads and changes from now on belong to {@code epoch} (not below the current one). */
    public void epoch(int epoch) {
        if (epoch < this.epoch) throw new IllegalArgumentException("epochs only advance: " + epoch + " after " + this.epoch);
        this.epoch = epoch;
    }

    /** Marks the pages of storage offsets {@code [addr, addr + len)} as read in the current epoch. */
    public void read(long addr, long len) {
        if (len <= 0) return;
        int last = (int) Math.min(first.length - 1, (addr + len - 1) >>> PageStamps.PAGE_SHIFT);
        int e = epoch;
        for (int p = (int) Math.max(0, addr >>> PageStamps.PAGE_SHIFT); p <= last; p++) if (first[p] > e) first[p] = e;
    }

    /** The epoch page {@code page} was first read or changed in, or {@link #NEVER}. */
    public int firstEpoch(int page) {
        return first[page];
    }

    public int pages() {
        return first.length;
    }
}
