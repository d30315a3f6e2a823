package io.xipkit.bus;

/**
 * A register block that vouches for some of its reads being <em>quiet</em>: the read has no side
 * effect (no FIFO pop, no clear-on-read, no catching up with time that moves data), and the value
 * it returns changes only when one of the board's scheduled events runs or a bus write reaches a
 * peripheral. Between two such instants, reading the register again and again returns the same
 * value and changes nothing, so the core may skip a polling loop over it up to the next event
 * ({@code io.xipkit.cpu.PollingLoop}) with the firmware observing nothing different.
 *
 * <p>A block answers per access, from its current state: QUADSPI's SR is quiet while the
 * controller is idle or automatically polling (its flags then change only in events), not while
 * an indirect transfer paces bytes into the FIFO by virtual time. Answering false is always safe.
 */
public interface QuietReads {
    /** Whether a read of {@code size} bytes at {@code offset} is quiet now (see the class comment). Must not change any state. */
    boolean quietRead(int offset, int size);
}
