package io.xipkit.archfixture.model;

import java.time.LocalDateTime;

/** Planted: a model reading the host calendar clock. */
public final class ReadsWallClockLocalDateTime {
    public int hour() {
        return LocalDateTime.now().getHour();
    }
}
