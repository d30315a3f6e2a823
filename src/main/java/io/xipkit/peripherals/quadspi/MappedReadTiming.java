package io.xipkit.peripherals.quadspi;

import io.xipkit.time.BusStall;

/**
 * How long a memory-mapped window read keeps the bus master waiting (RM0433 §23.3.7, RM0455
 * §25.4.12, RM0477 §27.4.12 "memory-mapped mode"): the controller starts a read command on the
 * memory (instruction, address, alternate and dummy clocks, then data) and, while the accesses
 * follow each other, keeps chip select low and goes on clocking data into its FIFO ahead of them
 * (prefetch) until the FIFO is full. A read of bytes already prefetched completes at once; one
 * that needs more waits for them to arrive at the data rate; one elsewhere in the memory (or after
 * the chip-select timeout, an abort or a reconfiguration) starts a new command and waits for its
 * header too. Every phase is clocked as {@link SpiCommand#headerClocks}/{@link SpiCommand#unitClocks}
 * say (lines, STR/DTR) at the controller's clock (kernel clock / prescaler) as it is when the
 * command starts.
 *
 * <p>This class only computes the instant the data of a read is there and hands it to the
 * {@link BusStall} (the core); what the read returns is {@link MemoryMappedMode}'s business. Its
 * transaction is its own: the functional one closes whenever the fast path serves reads, the
 * timed one runs on as the controller's would.
 */
final class MappedReadTiming {
    private final SpiControllerEngine e;
    private BusStall stall = BusStall.NONE;
    /** A timed transaction is running: chip select low, data streaming into the FIFO. */
    private boolean open;
    /** Window offset of the next byte the transaction clocks in, and when all bytes before it had arrived. */
    private long next, at;
    /** Where the last read started and ended: the FIFO holds what lies between its start and {@link #next}. */
    private long from, consumed;
    private double unitPicos;
    private int unit;
    private long lastAccess;

    MappedReadTiming(SpiControllerEngine engine) {
        this.e = engine;
    }

    void stallWith(BusStall stall) {
        this.stall = stall;
    }

    boolean active() {
        return stall != BusStall.NONE;
    }

    /** Chip select rises (abort, mode or configuration change, write, reset). */
    void close() {
        open = false;
    }

    /** A window read of {@code size} bytes at {@code offset}, at the current virtual time. */
    void read(long offset, int size) {
        if (stall == BusStall.NONE) return;
        long now = e.clock.nowPicos();
        long end = offset + size;
        if (open && e.tcen != null && e.tcen.isSet() && now >= lastAccess + e.mapped.timeoutPicos()) open = false;
        if (open) advanceTo(now);
        boolean continues = open && offset >= from && offset <= next + e.fifo.capacity();
        if (!continues) start(offset, now);
        long done = now;
        if (end > next) {
            long units = (end - next + unit - 1) / unit;
            next += units * unit;
            at += picos(units * unitPicos);   // the clock has been running since at (advanceTo)
            done = at;
        }
        from = offset;
        consumed = Math.max(end, consumed);
        lastAccess = done;
        stall.until(done);
    }

    /** The data clocked in since {@link #at}, up to a full FIFO (the clock stops there until the master reads). */
    private void advanceTo(long now) {
        if (now <= at || unitPicos <= 0) return;
        long units = (long) ((now - at) / unitPicos + SpiControllerEngine.EPS);
        long room = Math.max(0, (consumed + e.fifo.capacity() - next) / unit);
        if (units >= room) {
            next += room * unit;
            at = now;                 // stalled on a full FIFO: it resumes when the master reads
        } else {
            next += units * unit;
            at += picos(units * unitPicos);
        }
    }

    /** A new read command: its header is clocked from now, its data from the unit holding {@code offset}. */
    private void start(long offset, long now) {
        SpiCommand c = e.command();
        double cycle = e.cyclePicos();
        unit = e.dualFlash() ? 2 : 1;
        unitPicos = c.unitClocks() * cycle;
        boolean send = c.hasInstruction() && !(c.sioo() && e.instructionSent);
        open = true;
        next = e.dualFlash() ? offset & ~1L : offset;
        consumed = next;
        at = now + picos(c.headerClocks(send) * cycle);
    }

    private static long picos(double p) {
        return (long) Math.ceil(p - SpiControllerEngine.EPS);
    }
}
