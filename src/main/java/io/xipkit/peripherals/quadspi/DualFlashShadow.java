package io.xipkit.peripherals.quadspi;

import io.xipkit.bus.PageStamps;
import io.xipkit.peripherals.xspi.DirectRead;

/**
 * Keeps the interleaved image of two dies in dual-flash mode (RM0433 §23.3.2: byte 2n of the
 * window from flash 1, byte 2n+1 from flash 2) up to date. Each die's change stamps its pages
 * ({@link PageStamps}), so after a program or erase only the pages it touched are interleaved
 * again, not both whole dies (2 × 64 MiB on the MT25TL01G, which made every config write of the
 * write-while-XIP firmware cost a copy of the whole chip). It is kept with die 1's page stamps
 * ({@link PageStamps#derived}), so a board powered on again on the same dies reuses it.
 */
final class DualFlashShadow implements io.xipkit.bus.DerivedPages {
    private byte[] shadow = new byte[0];
    private byte[] array1, array2;
    private int offset1 = -1, offset2 = -1;
    private PageStamps stamps1, stamps2;
    private long seen1, seen2;

    /** The window's bytes as of the last {@link #update}. */
    byte[] shadow() {
        return shadow;
    }

    @Override
    public byte[] copyArray() {
        return shadow;
    }

    /** Brings the shadow up to date with the pages both dies stamped since the last update (nothing before the first). */
    @Override
    public void catchUp() {
        if (array1 == null || stamps1 == null || stamps2 == null) return;
        int each = shadow.length / 2;
        DirectRead d1 = new DirectRead(array1, offset1, each, 0, stamps1), d2 = new DirectRead(array2, offset2, each, 0, stamps2);
        changedPages(d1, seen1, d1, d2, each, shadow);
        changedPages(d2, seen2, d1, d2, each, shadow);
        seen1 = stamps1.version();
        seen2 = stamps2.version();
    }

    /** Brings the shadow (2 × {@code each} bytes) up to date with what the dies grant now. */
    void update(DirectRead d1, DirectRead d2, int each) {
        boolean incremental = shadow.length == 2 * each && d1.array() == array1 && d2.array() == array2 && d1.offset() == offset1 && d2.offset() == offset2
                && d1.changes() != null && d1.changes() == stamps1 && d2.changes() != null && d2.changes() == stamps2;
        if (!incremental) {
            if (shadow.length != 2 * each) shadow = new byte[2 * each];
            interleave(d1, d2, 0, each, shadow);
        } else {
            changedPages(d1, seen1, d1, d2, each, shadow);
            changedPages(d2, seen2, d1, d2, each, shadow);
        }
        array1 = d1.array();
        array2 = d2.array();
        offset1 = d1.offset();
        offset2 = d2.offset();
        stamps1 = d1.changes();
        stamps2 = d2.changes();
        seen1 = stamps1 == null ? 0 : stamps1.version();
        seen2 = stamps2 == null ? 0 : stamps2.version();
    }

    /** Interleaves again the window bytes of the pages of die {@code d} changed since {@code seen}. */
    private static void changedPages(DirectRead d, long seen, DirectRead d1, DirectRead d2, int each, byte[] shadow) {
        PageStamps stamps = d.changes();
        if (stamps.version() == seen) return;
        int pages = stamps.pages();
        for (int p = 0; p < pages; p++) {
            if (!stamps.changedSince(p, seen)) continue;
            // array page p holds die addresses [p * PAGE - offset, (p + 1) * PAGE - offset)
            long from = Math.max(0, ((long) p << PageStamps.PAGE_SHIFT) - d.offset());
            long to = Math.min(each, ((long) (p + 1) << PageStamps.PAGE_SHIFT) - d.offset());
            if (from < to) interleave(d1, d2, (int) from, (int) to, shadow);
        }
    }

    private static void interleave(DirectRead d1, DirectRead d2, int from, int to, byte[] s) {
        byte[] a = d1.array(), b = d2.array();
        int o1 = d1.offset(), o2 = d2.offset();
        for (int i = from; i < to; i++) {
            s[2 * i] = a[o1 + i];
            s[2 * i + 1] = b[o2 + i];
        }
    }
}
