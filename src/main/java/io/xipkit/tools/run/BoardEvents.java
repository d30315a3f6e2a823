package io.xipkit.tools.run;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Board event lines ({@code [board] LED LD1 (PE3) on at 1.000 ms}) with a limit on how many
 * reach the terminal. Firmware that blinks an LED forever would otherwise write megabytes: in
 * {@link EventsMode#SUMMARY} the first {@link #SHOWN_IN_FULL} events of each kind are shown,
 * then only the 2^k-th ones (20th, 40th, 80th...), each saying how many were left out, and
 * {@link #summary()} counts them all at the end. The limit counts events, not host time, so the
 * same run always prints the same lines.
 */
final class BoardEvents {
    static final int SHOWN_IN_FULL = 10;

    private final PrintStream out;
    private final EventsMode mode;
    /** Per kind: [events seen, events shown]. */
    private final Map<String, long[]> counts = new LinkedHashMap<>();

    BoardEvents(PrintStream out, EventsMode mode) {
        this.out = out;
        this.mode = mode;
    }

    void event(String line) {
        if (mode == EventsMode.OFF) return;
        if (mode == EventsMode.ALL) {
            out.println("[board] " + line);
            return;
        }
        long[] c = counts.computeIfAbsent(kind(line), k -> new long[2]);
        long n = ++c[0];
        if (n <= SHOWN_IN_FULL) {
            c[1]++;
            out.println("[board] " + line);
        } else if (isBackOffPoint(n)) {
            long hidden = n - c[1] - 1;
            c[1]++;
            out.println("[board] " + line + "  (event " + n + " of its kind; " + hidden + " not shown, --events=all shows every one)");
        }
    }

    /** 20, 40, 80, ...: SHOWN_IN_FULL times a power of two. */
    private static boolean isBackOffPoint(long n) {
        if (n % SHOWN_IN_FULL != 0) return false;
        long m = n / SHOWN_IN_FULL;
        return (m & (m - 1)) == 0;
    }

    /** The first two words ("LED LD1"): what changed, without the new state and time. */
    static String kind(String line) {
        int first = line.indexOf(' ');
        if (first < 0) return line;
        int second = line.indexOf(' ', first + 1);
        return second < 0 ? line : line.substring(0, second);
    }

    /** One line counting the events not shown, or null when every event was shown. */
    String summary() {
        StringBuilder b = new StringBuilder();
        long hidden = 0;
        for (var e : counts.entrySet()) {
            long[] c = e.getValue();
            hidden += c[0] - c[1];
            if (b.length() > 0) b.append(", ");
            b.append(e.getKey()).append(' ').append(c[0]).append(" (").append(c[1]).append(" shown)");
        }
        if (hidden == 0) return null;
        return "board events: " + b + "; --events=all shows every one, --events=off none";
    }
}
