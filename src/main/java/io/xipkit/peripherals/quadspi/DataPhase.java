package io.xipkit.peripherals.quadspi;

/**
 * The data phase of an indirect read or write in {@link SpiControllerEngine} (RM0433 §23.3.5), in
 * virtual time: units of one byte (two in dual-flash mode) move at the data rate between the
 * memories and the FIFO, and the clock stops while the FIFO is full (read) or empty (write).
 * {@code segT}/{@code segBase} mark the start of the current unstalled stretch.
 */
final class DataPhase {
    private final SpiControllerEngine e;
    double unitPicos;
    int unitBytes;
    long unitsTotal;
    long unitsDone;
    long segBase;
    long segT;
    long dataStart;

    DataPhase(SpiControllerEngine engine) {
        this.e = engine;
    }

    /** Units the data phase could have moved by {@code now} since the last stall, beyond those already moved. */
    long unitsDue(long now) {
        if (now <= segT) return 0;
        long n = segBase + (long) Math.floor((now - segT) / unitPicos + SpiControllerEngine.EPS) - unitsDone;
        return Math.max(0, n);
    }

    void stall(long now) {
        if (now > segT) {
            segT = now;
            segBase = unitsDone;
        }
    }

    void advanceRead(long now) {
        if (now < dataStart) return;
        if (unitsDone < unitsTotal) {
            // The FIFO full stops the clock (§23.3.5): no progress accrues while it stays full.
            if (e.fifo.free() < unitBytes) {
                stall(now);
                return;
            }
            long n = Math.min(Math.min(unitsDue(now), e.fifo.free() / unitBytes), unitsTotal - unitsDone);
            if (n > 0) moveIn((int) n);
            if (unitsDone < unitsTotal && e.fifo.free() < unitBytes) stall(now);
        }
        e.settleCompletion(now);
    }

    void advanceWrite(long now) {
        if (now < dataStart) return;
        if (unitsDone < unitsTotal) {
            if (e.fifo.level() < unitBytes) {
                stall(now);
                return;
            }
            long n = Math.min(Math.min(unitsDue(now), e.fifo.level() / unitBytes), unitsTotal - unitsDone);
            if (n > 0) moveOut((int) n);
            if (unitsDone < unitsTotal && e.fifo.level() < unitBytes) stall(now);
        }
        e.settleCompletion(now);
    }

    void moveIn(int units) {
        int bytes = units * unitBytes;
        e.lines.read(e.unitBuf, 0, bytes, e.cmd.dataFormat());
        e.fifo.pushAll(e.unitBuf, 0, bytes);
        unitsDone += units;
    }

    void moveOut(int units) {
        int bytes = units * unitBytes;
        e.fifo.popAll(e.unitBuf, 0, bytes);
        e.lines.write(e.unitBuf, 0, bytes, e.cmd.dataFormat());
        unitsDone += units;
    }

    /** A DR read the FIFO cannot serve: the bus waits for the next unit, which arrives now. */
    void forceIn(long now) {
        moveIn(1);
        segT = Math.max(now, dataStart);
        segBase = unitsDone;
    }

    /** A DR write to a full FIFO: the bus waits until a unit has left, which happens now. */
    void forceOut(long now) {
        moveOut(1);
        segT = Math.max(now, dataStart);
        segBase = unitsDone;
    }

    /** Instant the last data unit has moved (no stall from here on). */
    long completionTime() {
        if (unitsTotal == 0) return dataStart;
        return segT + (long) Math.ceil((unitsTotal - segBase) * unitPicos - SpiControllerEngine.EPS);
    }
}
