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
        // ceil(delta * kHz / 10^9), split at whole milliseconds (10^9 ps) so the product cannot overflow for any
        // instant: a cap here would put every target more than a few seconds past the base at the
        // cap, behind the current cycle once the run is that far, and the run loop would come back
        // after every instruction (and a sleeping core would never reach its wake-up event).
        long millis = delta / 1_000_000_000L;
        long rest = delta % 1_000_000_000L;
        long c = baseCycles + millis * clockKhz + (rest * clockKhz + 999_999_999L) / 1_000_000_000L;
        return Math.max(c, cycles);
    }
}
