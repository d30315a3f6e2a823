package io.xipkit.peripherals.quadspi;

import io.xipkit.time.Scheduler;

/**
 * An indirect or polling command of {@link SpiControllerEngine} running in virtual time: its start
 * (phases sent, TEF outside FSIZE), progress events and completion (CS# rise, TCF), and the data
 * phase of an indirect read or write in {@link SpiControllerEngine} (RM0433 §23.3.5), in
 * virtual time: units of one byte (two in dual-flash mode) move at the data rate between the
 * memories and the FIFO, and the clock stops while the FIFO is full (read) or empty (write).
 * {@code segT}/{@code segBase} mark the start of the current unstalled stretch.
 */
final class IndirectTransfer {
    private final SpiControllerEngine e;
    double unitPicos;
    int unitBytes;
    long unitsTotal;
    long unitsDone;
    long segBase;
    long segT;
    long dataStart;
    Scheduler.Handle event;
    final Scheduler.Event progressEvent = this::onProgress;

    IndirectTransfer(SpiControllerEngine engine) {
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
        settleCompletion(now);
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
        settleCompletion(now);
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

    void start(SpiCommand c) {
        if (!e.en.isSet()) return; // §23.5.1 EN: nothing is sent while the controller is disabled
        long size = e.flashSize();
        long addr = c.hasAddress() ? e.address() : 0;
        if (c.hasAddress() && addr >= size) {
            // §23.3.14 "QUADSPI error management": an access outside FSIZE in indirect mode sets TEF.
            e.tef.set(1);
            e.flags.updateIrq();
            return;
        }
        e.lines.configure(e.dualFlash(), e.flashSelect());
        e.cmd = c;
        e.cyclePicos = e.cyclePicos();
        long now = e.clock.nowPicos();
        long t0 = Math.max(now, e.csFreeAt);
        unitBytes = e.lines.dual() ? 2 : 1;
        unitPicos = c.unitClocks() * e.cyclePicos;
        e.genAtStart = e.lines.generation();
        boolean send = c.hasInstruction() && !(c.sioo() && e.instructionSent);
        if (c.hasInstruction()) e.instructionSent = true;
        long header = c.headerClocks(send);
        if (c.fmode() == SpiControllerEngine.AUTO_POLLING) {
            e.polling.pollBytes = c.hasData() ? (int) Math.min(4, e.dataLength() + 1) : 0;
            e.polling.pollFirstSend = send;
            e.polling.pollStarted = false;
            e.op = SpiControllerEngine.POLLING;
            schedule(t0 + e.picos(header + (long) (e.polling.pollBytes / unitBytes) * c.unitClocks()));
            return;
        }
        e.openTransaction(c, send, addr);
        dataStart = t0 + e.picos(header);
        long bytes = 0;
        e.runsPastEnd = false;
        if (c.hasData()) {
            long dl = e.dataLength();
            long left = size - addr;
            bytes = dl == 0xFFFF_FFFFL ? left : dl + 1;
            if (bytes > left && c.hasAddress()) {
                bytes = left;
                e.runsPastEnd = true;
            }
        }
        unitsTotal = bytes / unitBytes;
        unitsDone = 0;
        segBase = 0;
        segT = dataStart;
        e.op = c.fmode() == SpiControllerEngine.INDIRECT_READ ? SpiControllerEngine.READING : SpiControllerEngine.WRITING;
        settleCompletion(now);
        if (e.op != SpiControllerEngine.IDLE) scheduleNext();
        e.flags.updateIrq();
    }

    void settleCompletion(long now) {
        if ((e.op != SpiControllerEngine.READING && e.op != SpiControllerEngine.WRITING) || unitsDone < unitsTotal) return;
        long done = completionTime();
        if (now < done) return;
        finish(done);
    }

    void finish(long done) {
        e.cancel(event);
        event = null;
        e.lines.deselect(); // CS# rises: the memories start programs, erases and register writes now
        e.op = SpiControllerEngine.IDLE;
        e.csFreeAt = done + e.picos(e.csht.get() + 1);
        if (e.runsPastEnd) e.tef.set(1);
        else e.tcf.set(1);
        if (e.lines.generation() != e.genAtStart) {
            // The command changed a memory (program, erase, mode): code seen through the window may differ.
            e.mapped.shadowGen1 = e.mapped.shadowGen2 = -1;
            e.window.notifyAllChanged();
        }
        e.flags.updateIrq();
    }

    void schedule(long at) {
        e.cancel(event);
        event = e.scheduler.schedule(Math.max(at, e.clock.nowPicos()), progressEvent);
    }

    /** Schedules the next instant at which the running transfer changes something software can see. */
    void scheduleNext() {
        if (e.op == SpiControllerEngine.READING || e.op == SpiControllerEngine.WRITING) {
            if (unitsDone >= unitsTotal) {
                schedule(completionTime());
                return;
            }
            long remaining = unitsTotal - unitsDone;
            long k;
            int thr = e.fthres.get() + 1;
            boolean watched = e.flags.thresholdWatched();
            if (e.op == SpiControllerEngine.READING) {
                long space = e.fifo.free() / unitBytes;
                if (space == 0) {
                    e.cancel(event); // stalled until software reads DR
                    event = null;
                    return;
                }
                k = Math.min(space, remaining);
                if (watched && e.fifo.level() < thr) k = Math.min(k, (thr - e.fifo.level() + unitBytes - 1) / unitBytes);
            } else {
                long avail = e.fifo.level() / unitBytes;
                if (avail == 0) {
                    e.cancel(event); // stalled until software writes DR
                    event = null;
                    return;
                }
                k = Math.min(avail, remaining);
                if (watched && e.fifo.free() < thr) k = Math.min(k, (thr - e.fifo.free() + unitBytes - 1) / unitBytes);
            }
            long due = unitsDone - segBase + Math.max(1, k);
            schedule(segT + (long) Math.ceil(due * unitPicos - SpiControllerEngine.EPS));
        }
    }

    void onProgress(long firedAt) {
        event = null;
        if (e.op == SpiControllerEngine.POLLING) {
            e.polling.poll();
            return;
        }
        e.sync();
        if (e.op == SpiControllerEngine.READING || e.op == SpiControllerEngine.WRITING) scheduleNext();
        e.flags.updateIrq();
    }
}
