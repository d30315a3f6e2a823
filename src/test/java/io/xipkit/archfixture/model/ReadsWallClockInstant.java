package io.xipkit.archfixture.model;

import java.time.Instant;

/** Planted: a model reading the host clock through java.time.Instant. */
public final class ReadsWallClockInstant {
    public long now() {
        return Instant.now().getEpochSecond();
    }
}
