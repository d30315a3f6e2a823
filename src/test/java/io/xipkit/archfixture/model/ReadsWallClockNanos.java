package io.xipkit.archfixture.model;

/** Planted: a model reading the host's monotonic clock. */
public final class ReadsWallClockNanos {
    public long now() {
        return System.nanoTime();
    }
}
