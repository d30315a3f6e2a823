package io.xipkit.tools.campaign;

import io.xipkit.bus.FlashOperation;
import java.util.SplittableRandom;

/**
 * One cut of a campaign: the {@code operation}-th flash operation of the uncut run, cut at
 * {@code position}; {@code tornSeed} seeds which bits of the interrupted operation landed (and,
 * for {@link CutPosition#TORN}, where in the operation the cut falls), so the cut is reproducible.
 */
public record CutPoint(int id, int operation, String memory, FlashOperation op, CutPosition position, long tornSeed) {
    /** The fraction of the operation that ran before the cut. */
    public double fraction() {
        return position == CutPosition.TORN ? new SplittableRandom(tornSeed).nextDouble() : position.fraction;
    }

    /** The virtual instant of the cut. */
    public long instantPicos() {
        return op.startPicos() + Math.round((op.endPicos() - op.startPicos()) * fraction());
    }

    /** The torn-pattern seed of a cut point: the scenario's seed, the operation and the pattern number. */
    static long seed(long scenarioSeed, int operation, int pattern) {
        return scenarioSeed * 0x9E37_79B9_7F4A_7C15L + operation + ((long) pattern << 32);
    }
}
