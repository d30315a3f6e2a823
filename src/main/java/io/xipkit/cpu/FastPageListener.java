package io.xipkit.cpu;

/**
 * Told when the bus's fast-path tables ({@link Bus#copyFastPages}) changed for a range of 64 KiB pages: a mapping was added, a region's
 * array appeared or went away (a flash controller entering or leaving memory-mapped mode).
 */
@FunctionalInterface
public interface FastPageListener {
    /** Pages {@code first} to {@code last} (inclusive) may be served differently now. */
    void fastPagesChanged(int first, int last);
}
