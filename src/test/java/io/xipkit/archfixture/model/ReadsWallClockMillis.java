package io.xipkit.archfixture.model;

/** Planted: a model reading the host clock in milliseconds. */
public final class ReadsWallClockMillis {
    public long now() {
        return System.currentTimeMillis();
    }
}
