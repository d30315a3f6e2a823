package io.xipkit.archfixture.model;

/** A model that breaks no rule: state in the object, time given to it. */
public final class CleanModel {
    private static final int LIMIT = 10;
    private int count;

    public int step(long virtualPicos) {
        count = Math.min(LIMIT, count + 1);
        return (int) (virtualPicos / 1000) + count;
    }
}
