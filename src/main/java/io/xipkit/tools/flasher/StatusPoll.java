package io.xipkit.tools.flasher;

import io.xipkit.tools.target.DebugTarget;
import java.util.function.BooleanSupplier;

/**
 * Waits for a flash operation the way a debugger polls a status bit: reads, lets the board's
 * time pass, reads again; fails after a bound of virtual time. The first wait is the operation's
 * expected time, then the poll repeats every {@code stepPicos}; each wait also ends early at the
 * board's next scheduled event, so a controller that schedules its completion is seen at once.
 * The device time a load reports is therefore exact for scheduled completions and at most one
 * step late for a chip's busy time.
 */
final class StatusPoll {
    private StatusPoll() {}

    static void await(DebugTarget target, BooleanSupplier done, long firstPicos, long stepPicos, long maxPicos, String what) {
        long start = target.nowPicos();
        long wait = Math.max(1, firstPicos);
        while (!done.getAsBoolean()) {
            long waited = target.nowPicos() - start;
            if (waited > maxPicos) throw new FlashException(what + " did not finish within " + maxPicos / 1_000_000_000L + " ms");
            target.waitFor(wait);
            wait = Math.max(1, stepPicos);
        }
    }

    /** A poll for something the controller completes by itself (scheduled): 1 µs steps. */
    static void await(DebugTarget target, BooleanSupplier done, long maxPicos, String what) {
        await(target, done, MICROSECOND, MICROSECOND, maxPicos, what);
    }

    static final long MICROSECOND = 1_000_000L;
}
