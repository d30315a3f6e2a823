package io.xipkit.peripherals.quadspi;

/**
 * DR of {@link SpiControllerEngine} (RM0433 §23.5.8, RM0477 "XSPI registers", XSPI_DR): each byte, halfword or
 * word access moves that many bytes through the FIFO. In indirect write a write feeds the FIFO
 * (and starts the command at the first write when software supplies the data); in indirect read a
 * read drains it; in automatic polling a read returns the last status bytes received (§23.3.6).
 */
final class DataRegisterPort {
    private final SpiControllerEngine e;
    private final int drOffset;
    /** The bus access in progress: its offset decides which DR lanes it reaches, its size how many bytes move. */
    private int accessOffset, accessSize;

    DataRegisterPort(SpiControllerEngine engine, int drOffset) {
        this.e = engine;
        this.drOffset = drOffset;
    }

    void access(int offset, int size) {
        accessOffset = offset;
        accessSize = size;
    }

    void written(int value) {
        if (e.fmode() != SpiControllerEngine.INDIRECT_WRITE) return; // DR writes only feed indirect write mode
        long now = e.clock.nowPicos();
        e.sync();
        int shift = (accessOffset - drOffset) * 8;
        for (int i = 0; i < accessSize; i++) {
            if (e.fifo.free() == 0 && e.op == SpiControllerEngine.WRITING) e.transfer.forceOut(now);
            if (e.fifo.free() == 0) break; // nothing drains the FIFO: the byte is lost
            e.fifo.push((byte) (value >>> (shift + 8 * i)));
        }
        // ... and at the first write of DATA when software supplies the transfer.
        if (e.op == SpiControllerEngine.IDLE) {
            SpiCommand c = e.command();
            if (c.hasData()) e.transfer.start(c);
        } else {
            e.transfer.settleCompletion(now);
            e.transfer.scheduleNext();
        }
        e.flags.updateIrq();
    }

    void read() {
        int fmode = e.fmode();
        if (fmode == SpiControllerEngine.AUTO_POLLING) {
            e.dr.set(e.polling.lastStatus);
            return;
        }
        if (fmode != SpiControllerEngine.INDIRECT_READ) return;
        long now = e.clock.nowPicos();
        e.sync();
        IndirectTransfer t = e.transfer;
        while (e.fifo.level() < accessSize && e.op == SpiControllerEngine.READING && t.unitsDone < t.unitsTotal) t.forceIn(now);
        int shift = (accessOffset - drOffset) * 8;
        int v = 0;
        for (int i = 0; i < accessSize; i++) v |= e.fifo.pop() << (shift + 8 * i);
        e.dr.set(v);
        if (e.op == SpiControllerEngine.READING) {
            t.settleCompletion(now);
            if (e.op == SpiControllerEngine.READING) t.scheduleNext();
        }
        e.flags.updateIrq();
    }
}
