package io.xipkit.tools.campaign;

import io.xipkit.cpu.StopReason;

/**
 * A rebooted board's run for the invariant, one slice of virtual time at a time
 * ({@link ScenarioBoard#SLICE}, counted from where the last slice stopped): it ends at
 * {@code invariant.within}, when the core stops by itself, or when the outcome cannot change any
 * more (a must-not pattern appeared, or every must pattern matched and there are no must-not
 * patterns to watch for) or {@code after-must} has passed since every must pattern matched. Its
 * state is two values, so a run forked from a snapshot taken between two slices goes on exactly as
 * the run it was taken from ({@link ForkedReboots}).
 */
final class InvariantRun {
    private final Scenario.Invariant inv;
    private long mustSeenAt = -1;
    private StopReason stop;
    private boolean over;

    InvariantRun(Scenario.Invariant inv) {
        this.inv = inv;
    }

    /** This run's state, to go on from in a copy of the board. */
    InvariantRun copy() {
        InvariantRun c = new InvariantRun(inv);
        c.mustSeenAt = mustSeenAt;
        c.stop = stop;
        c.over = over;
        return c;
    }

    /** Runs the next slice; whether the run is over (then nothing more runs). */
    boolean slice(ScenarioBoard b) {
        if (over || b.now() >= inv.withinPicos()) return over = true;
        stop = b.board.core().run(Long.MAX_VALUE, Math.min(inv.withinPicos(), b.now() + ScenarioBoard.SLICE));
        if (!(stop instanceof StopReason.TimeLimit) || decided(b)) over = true;
        return over;
    }

    /** Runs slices to the end: what the last one stopped on (null when none ran). */
    StopReason toEnd(ScenarioBoard b) {
        while (!slice(b)) {
            // next slice
        }
        return stop;
    }

    StopReason stop() {
        return stop;
    }

    private boolean decided(ScenarioBoard b) {
        String out = b.output();
        if (inv.mustNot().stream().anyMatch(p -> p.matcher(out).find())) return true;
        if (mustSeenAt < 0 && inv.must().stream().allMatch(p -> p.matcher(out).find())) mustSeenAt = b.now();
        if (mustSeenAt < 0) return false;
        return inv.mustNot().isEmpty() || inv.afterMustPicos() >= 0 && b.now() >= mustSeenAt + inv.afterMustPicos();
    }
}
