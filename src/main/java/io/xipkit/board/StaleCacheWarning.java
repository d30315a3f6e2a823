package io.xipkit.board;

import io.xipkit.cpu.cache.DataCache;
import io.xipkit.peripherals.ModelWarnings;
import java.util.Locale;

/**
 * Reads that hit a D-cache line older than the flash behind it (a program or erase after the line
 * was filled, no DCIMVAC since: DDI 0403E B2.2.7), as one model warning with its count, the first
 * line and when its flash changed. The core returns the old bytes, as silicon does; this only says so.
 */
final class StaleCacheWarning {
    static final String SOURCE = "Cortex-M7 D-cache";

    private StaleCacheWarning() {}

    static DataCache.StaleHitListener reportingTo(ModelWarnings warnings) {
        return (line, changedAt) -> warnings.warn(SOURCE, "read hit a line older than the flash", String.format(Locale.ROOT,
                "D-cache line 0x%08x held data older than the last program or erase of that address (at %.3f ms):"
                        + " the read returned the old bytes (no DCIMVAC after the write)", line, changedAt / 1e9));
    }
}
