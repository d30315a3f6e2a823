package io.xipkit.time;

/** A clock advanced explicitly; used by tests and by host tools that drive a model directly. */
public final class ManualClock implements Clock {
    private long now;

    @Override
    public long nowPicos() {
        return now;
    }

    public void advancePicos(long delta) {
        if (delta < 0) throw new IllegalArgumentException("time cannot go backwards: " + delta);
        now += delta;
    }

    public void advanceNanos(long nanos) {
        advancePicos(nanos * PICOS_PER_NANO);
    }

    public void advanceMicros(long micros) {
        advancePicos(micros * PICOS_PER_MICRO);
    }

    public void setPicos(long picos) {
        if (picos < now) throw new IllegalArgumentException("time cannot go backwards");
        now = picos;
    }
}
