package io.xipkit.devices.nor;

import io.xipkit.peripherals.ModelWarnings;
import io.xipkit.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the chip reports about itself: the bounded operation log (with the index the next entry
 * gets, which power-cut plans refer to), the bounded warning list and the running counters.
 */
final class NorJournal {
    private static final int LOG_CAPACITY = 100_000;
    private static final int WARNING_CAPACITY = 10_000;

    private final Clock clock;
    private final ArrayDeque<NorOperation> log = new ArrayDeque<>();
    private long nextIndex;
    private final ArrayDeque<ModelWarning> warnings = new ArrayDeque<>();
    final NorCounters counters = new NorCounters();
    /** The board's warning record, or null for a chip on its own. */
    private ModelWarnings sink;
    private String source;

    NorJournal(Clock clock) {
        this.clock = clock;
    }

    void warn(String message) {
        warn(message, message);
    }

    /** A warning de-duplicated by {@code key} in the board's record (a message naming an address, say). */
    void warn(String key, String message) {
        counters.warnings++;
        if (warnings.size() >= WARNING_CAPACITY) warnings.removeFirst();
        warnings.addLast(new ModelWarning(clock.nowPicos(), message));
        if (sink != null) sink.warn(source, key, message);
    }

    void reportTo(ModelWarnings sink, String source) {
        this.sink = sink;
        this.source = source;
    }

    void log(String name, int opcode, long addr, long len, long start, long end, String outcome) {
        if (log.size() >= LOG_CAPACITY) log.removeFirst();
        log.addLast(new NorOperation(nextIndex++, name, opcode, addr, len, start, end, outcome,
                sink == null ? ModelWarnings.NO_PC : sink.currentPc()));
    }

    long nextIndex() {
        return nextIndex;
    }

    List<NorOperation> operations() {
        return Collections.unmodifiableList(new ArrayList<>(log));
    }

    List<ModelWarning> warnings() {
        return Collections.unmodifiableList(new ArrayList<>(warnings));
    }
}
