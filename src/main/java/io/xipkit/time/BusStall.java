package io.xipkit.time;

/**
 * Where a model that answers a bus access later than at once (an external memory read through a
 * memory-mapped window) says when the data is there: the accessing core waits until then in
 * virtual time. A board wires it to its core; models without a core use {@link #NONE}.
 */
@FunctionalInterface
public interface BusStall {
    /** The access in progress completes at virtual time {@code picos} (no effect if that is not later than now). */
    void until(long picos);

    BusStall NONE = picos -> {};
}
