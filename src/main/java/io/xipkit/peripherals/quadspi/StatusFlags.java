package io.xipkit.peripherals.quadspi;

/**
 * Status of {@link SpiControllerEngine} (RM0433 §23.5.3 SR, §23.4 interrupts): BUSY and FTF as
 * functions of the running operation and the FIFO, clearing the TEF/TCF/SMF/TOF flags, and the one
 * interrupt line asserted while any enabled flag is set.
 */
final class StatusFlags {
    private final SpiControllerEngine e;
    private boolean irqLevel;
    private boolean ftfRequest, tcfRequest;

    StatusFlags(SpiControllerEngine engine) {
        this.e = engine;
    }

    void clearFlag(int written, int bit) {
        if (written == 0) return;
        switch (bit) {
            case 0 -> e.tef.set(0);
            case 1 -> e.tcf.set(0);
            case 3 -> e.smf.set(0);
            default -> e.tof.set(0);
        }
        updateIrq();
    }

    boolean busy() {
        e.sync();
        return busyNow();
    }

    /** §23.5.3 BUSY: an operation is running, or (indirect read) data are left in the FIFO. */
    boolean busyNow() {
        if (e.op != SpiControllerEngine.IDLE) return true;
        int fmode = e.fmode();
        if (fmode == SpiControllerEngine.INDIRECT_READ && e.fifo.level() > 0) return true;
        // Memory-mapped: CS# stays low after an access until the timeout (TCEN = 1) or an abort.
        return fmode == SpiControllerEngine.MEMORY_MAPPED && (e.mapped.mmOpen || (e.mapped.fastPath != null && !e.tcen.isSet()));
    }

    /**
     * §23.5.3 FTF: indirect read, at least FTHRES+1 bytes in the FIFO or data left after the
     * last byte came in; indirect write, at least FTHRES+1 free bytes.
     */
    boolean ftf() {
        int thr = e.fthres.get() + 1;
        return switch (e.fmode()) {
            case SpiControllerEngine.INDIRECT_READ -> e.fifo.level() >= thr || (e.op != SpiControllerEngine.READING && e.fifo.level() > 0);
            case SpiControllerEngine.INDIRECT_WRITE -> e.fifo.free() >= thr;
            default -> false;
        };
    }

    /** §23.4 "QUADSPI interrupts": one line, asserted while any enabled flag is set. */
    void updateIrq() {
        boolean level = (e.tef.isSet() && e.teie.isSet()) || (e.tcf.isSet() && e.tcie.isSet())
                || (e.smf.isSet() && e.smie.isSet()) || (e.tof.isSet() && e.toie.isSet())
                || (e.ftie.isSet() && ftf());
        if (level != irqLevel) {
            irqLevel = level;
            e.irq.set(level);
        }
        updateRequests();
    }

    /** The DMA request outputs follow FTF and TCF (see {@link SpiControllerEngine#connectDmaRequests}). */
    void updateRequests() {
        boolean f = ftf(), t = e.tcf.isSet();
        if (f != ftfRequest) {
            ftfRequest = f;
            e.fifoThresholdRequest.set(f);
        }
        if (t != tcfRequest) {
            tcfRequest = t;
            e.transferCompleteRequest.set(t);
        }
    }

    /** Whether the instant FTF changes matters: its interrupt is enabled or a DMA channel waits for it. */
    boolean thresholdWatched() {
        return e.ftie.isSet() || e.fifoThresholdRequest.watched();
    }
}
