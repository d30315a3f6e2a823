package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.xspi.XspiTarget;

/**
 * Automatic status polling without the polls that cannot change anything. Once started, polls
 * run on a fixed lattice: every poll ends {@code period} after the previous one (PIR, the CS#
 * high time and the command's own clocks, all guarded while BUSY = 1, RM0433 §23.5.12). After a
 * poll that did not match, if the memories vouch that the same status read returns the same bytes
 * quietly until some instant (the end of an erase), the polls of the lattice before that instant
 * would each read the bytes just read, miss again and leave SR, DR and the interrupt as they are:
 * only the first poll at or after that instant is scheduled. The memories count the polls left
 * out as virtual time reaches them, as if they had run.
 */
final class PollSkip {
    private final SpiControllerEngine e;
    /** Off only in the tests that compare polling with and without the skip. */
    boolean enabled = true;
    static final long MAX_SKIP_PICOS = 1_000_000_000_000L;
    private boolean pending;
    private long base;
    private long period;
    private long skipped;

    PollSkip(SpiControllerEngine engine) {
        this.e = engine;
    }

    /**
     * The instant of the next poll after a quiet, unmatched poll that ended at {@code now}: {@code
     * now + period}, or the first lattice point at or after the memories' next status change (or
     * {@link #MAX_SKIP_PICOS} on, whichever is first).
     */
    long nextPoll(long now, long period) {
        pending = false;
        long next = now + period;
        if (!enabled || period <= 0) return next;
        long until = e.lines.quietRepeatUntil();
        if (until == XspiTarget.NOT_REPEATABLE || until <= next) return next;
        // Lattice points now + j·period with j >= 1 strictly before `until` all read the same bytes.
        // At most one second of virtual time per event: a status that never changes (an idle part
        // polled for a bit it will not show) keeps the deadlines near, and a 40 s erase costs 40 events.
        long k = Math.min((until - now - 1) / period, MAX_SKIP_PICOS / period);
        if (k <= 0) return next;
        this.pending = true;
        this.base = now;
        this.period = period;
        this.skipped = k;
        e.lines.repeatsQuietly(now + period, period, k);
        return now + (k + 1) * period;
    }

    /** A poll runs: the polls skipped before it are behind. */
    void polling() {
        pending = false;
    }

    /** Polling stops at {@code now} (abort, disable, reset): the skipped polls not yet due never run. */
    void stopped() {
        if (pending) e.lines.repeatsStopped();
        pending = false;
    }

    /**
     * Something outside the controller changed what the lines reach (an OCTOSPIM/XSPIM route): the
     * skipped polls still ahead must run, so the next poll goes back on the lattice just after
     * {@code now} (events due at {@code now} run before the instruction that made the change).
     * Returns that instant, or -1 when no poll was skipped.
     */
    long resume(long now) {
        if (!pending) return -1;
        long due = now <= base ? 0 : Math.min(skipped, (now - base) / period);
        stopped();
        return base + (due + 1) * period; // polls due at or before now ran before the change
    }
}
