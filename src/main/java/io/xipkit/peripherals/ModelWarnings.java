package io.xipkit.peripherals;

import io.xipkit.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * A board's record of model warnings: things firmware did that the modelled parts would ignore,
 * garble or treat as undefined (a command in a protocol the chip is not in, SSHIFT with DDR...).
 * One per board, owned by it (no shared state); peripherals and chips report here, the tools
 * layer shows it. Warnings are de-duplicated by source and key: each keeps its count, the
 * virtual instant and the PC of its first occurrence, and the message it was first reported with.
 *
 * <p>It lives in the peripherals layer because that is the lowest layer that reports warnings
 * (the QUADSPI/XSPI engine); the chips of the devices layer report through it too. The PC comes
 * from a supplier the host gives ({@link #readPcFrom}: the tools layer that runs the core passes
 * the address of the executing instruction); the models never look at the core themselves.
 */
public final class ModelWarnings {
    /** PC of a warning raised where no instruction is executing (a record without a core). */
    public static final long NO_PC = -1;
    /** Distinct warnings kept; further distinct ones are only counted ({@link #droppedDistinct()}). */
    static final int MAX_DISTINCT = 1000;

    /**
     * One de-duplicated warning.
     *
     * @param source     the chip or peripheral that reported it ("QUADSPI", "qspi-flash1 MT25QL512ABB")
     * @param key        what makes two reports the same warning
     * @param message    the first report's text
     * @param count      how many times it was reported
     * @param firstPicos virtual time of the first report
     * @param pc         address of the instruction whose access caused the first report, or {@link #NO_PC}
     */
    public record Warning(String source, String key, String message, long count, long firstPicos, long pc) {}

    /** Sees every report as it happens (the tools layer prints them with {@code --warnings=all}). */
    @FunctionalInterface
    public interface Listener {
        void reported(String source, String message, long picos, long pc);
    }

    private final Clock clock;
    private IntSupplier pc;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long droppedDistinct;
    private long total;
    private Listener listener;

    private static final class Entry {
        final String source, key, message;
        final long firstPicos, pc;
        long count;

        Entry(String source, String key, String message, long firstPicos, long pc) {
            this.source = source;
            this.key = key;
            this.message = message;
            this.firstPicos = firstPicos;
            this.pc = pc;
        }
    }

    /**
     * @param clock the board's virtual time
     * @param pc    address of the instruction executing now (the core's), read at each report
     */
    public ModelWarnings(Clock clock, IntSupplier pc) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pc = pc;
    }

    /** A record with no core behind it (a peripheral or chip on its own, in tests): no PC. */
    public ModelWarnings(Clock clock) {
        this(clock, null);
    }

    /** From now on each report records the address {@code pc} gives (the core's executing instruction). */
    public void readPcFrom(IntSupplier pc) {
        this.pc = pc;
    }

    /**
     * The address of the instruction executing now, as the host attributes accesses (see
     * {@link #readPcFrom}), or {@link #NO_PC}: models that keep their own record of who did what
     * (the QUADSPI mode log) take it from here.
     */
    public long pcNow() {
        return pc == null ? NO_PC : pc.getAsInt() & 0xFFFF_FFFFL;
    }

    /** Reports a warning whose text is also its de-duplication key. */
    public void warn(String source, String message) {
        warn(source, message, message);
    }

    /**
     * Reports a warning. {@code key} says which reports are the same warning (a message that
     * names an address can use a key without it, so a loop is one warning with a count).
     */
    public void warn(String source, String key, String message) {
        long now = clock.nowPicos();
        long at = pcNow();
        total++;
        String k = source + '\0' + key;
        Entry e = entries.get(k);
        if (e == null) {
            if (entries.size() >= MAX_DISTINCT) {
                droppedDistinct++;
            } else {
                e = new Entry(source, key, message, now, at);
                entries.put(k, e);
            }
        }
        if (e != null) e.count++;
        if (listener != null) listener.reported(source, message, now, at);
    }

    /** Every report from now on also goes to {@code l} (null: none). */
    public void listen(Listener l) {
        this.listener = l;
    }

    /** The de-duplicated warnings, in the order they were first reported. */
    public List<Warning> warnings() {
        List<Warning> out = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) out.add(new Warning(e.source, e.key, e.message, e.count, e.firstPicos, e.pc));
        return out;
    }

    /** Reports of every warning, duplicates included. */
    public long total() {
        return total;
    }

    /** Reports of distinct warnings beyond {@value #MAX_DISTINCT}, which are counted but not kept. */
    public long droppedDistinct() {
        return droppedDistinct;
    }

    public boolean isEmpty() {
        return total == 0;
    }
}
