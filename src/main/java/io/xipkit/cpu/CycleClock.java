package io.xipkit.cpu;

/**
 * Converts the core's cycle count to virtual time in picoseconds at a clock frequency that can
 * change (RCC reconfiguration): time is kept as a base (picoseconds at a base cycle) plus the
 * cycles since, so a frequency change keeps the time reached so far.
 */
final class CycleClock {
    private long clockKhz;
    private long basePicos;
    private long baseCycles;

    CycleClock(long hz) {
        clockKhz = Math.max(1, hz / 1000);
    }

    long picosAt(long cycles) {
        return basePicos + (cycles - baseCycles) * 1_000_000_000L / clockKhz;
    }

    long hz() {
        return clockKhz * 1000;
    }

    void setHz(long hz, long cycles) {
        rebase(cycles);
        clockKhz = Math.max(1, hz / 1000);
    }

    /** Keeps the cycle delta small enough that picosAt cannot overflow. */
    void rebaseIfFar(long cycles) {
        if (cycles - baseCycles > (1L << 32)) rebase(cycles);
    }

    private void rebase(long cycles) {
        basePicos = picosAt(cycles);
        baseCycles = cycles;
    }

    /** The first cycle count, not before {@code cycles}, at which virtual time is at or after {@code picos}. */
    long cyclesAt(long picos, long cycles) {
        long delta = picos - basePicos;
        if (delta <= 0) return cycles;
        // Cap so the product cannot overflow; the run loop re-evaluates at the cap.
        long capped = Math.min(delta, 9_000_000_000_000L);
        long c = baseCycles + (capped * clockKhz + 999_999_999L) / 1_000_000_000L;
        return Math.max(c, cycles);
    }
}
