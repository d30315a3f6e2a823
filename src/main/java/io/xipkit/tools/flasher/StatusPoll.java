package io.xipkit.tools.flasher;

import io.xipkit.tools.target.DebugTarget;
import java.util.function.BooleanSupplier;

/**
 * Waits for a flash operation the way a debugger polls a status bit: reads, lets the board's
 * time pass until its next event, reads again; fails after a bound of virtual time.
 */
final class StatusPoll {
    private StatusPoll() {}

    /** Polls {@code done} with the board's time passing, for at most {@code maxPicos} of virtual time. */
    static void await(DebugTarget target, BooleanSupplier done, long maxPicos, String what) {
        long start = target.nowPicos();
        while (!done.getAsBoolean()) {
            long waited = target.nowPicos() - start;
            if (waited > maxPicos) throw new FlashException(what + " did not finish within " + maxPicos / 1_000_000_000L + " ms");
            target.waitFor(Math.max(1_000_000L, maxPicos - waited));
        }
    }
}
