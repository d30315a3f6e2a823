package io.xipkit.tools.campaign;

import io.xipkit.bus.FlashOperation;

/** One cut of a campaign: the {@code operation}-th flash operation of the uncut run, cut at {@code position}. */
public record CutPoint(int id, int operation, String memory, FlashOperation op, CutPosition position) {
    /** The virtual instant of the cut. */
    public long instantPicos() {
        return op.startPicos() + Math.round((op.endPicos() - op.startPicos()) * position.fraction);
    }
}
