package io.xipkit.time;

/**
 * Virtual time as seen by a model. One board has one clock; it advances only as the simulated
 * CPU executes (or as a test advances it), never with the host's wall clock, so every run of the
 * same program is reproducible.
 */
@FunctionalInterface
public interface Clock {
    /** Virtual picoseconds since power-on of the board. */
    long nowPicos();

    long PICOS_PER_NANO = 1_000L;
    long PICOS_PER_MICRO = 1_000_000L;
    long PICOS_PER_MILLI = 1_000_000_000L;
    long PICOS_PER_SECOND = 1_000_000_000_000L;
}
