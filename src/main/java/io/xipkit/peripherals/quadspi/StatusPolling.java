package io.xipkit.peripherals.quadspi;

/**
 * Automatic status polling of {@link SpiControllerEngine} (RM0433 §23.3.6): the status command is
 * repeated every PIR cycles, the received bytes are compared with PSMAR under PSMKR (AND or OR
 * match, PMM) and a match sets SMF, stopping the polling when APMS = 1.
 */
final class StatusPolling {
    private final SpiControllerEngine e;
    int pollBytes;
    int lastStatus;
    boolean pollStarted;
    boolean pollFirstSend;
    final PollSkip skip;

    StatusPolling(SpiControllerEngine engine) {
        this.e = engine;
        this.skip = new PollSkip(engine);
    }

    /** One automatic-polling read (§23.3.6): the status bytes are compared with PSMAR under PSMKR. */
    void poll() {
        SpiCommand c = e.cmd;
        skip.polling();
        long warned = e.warnings.total();
        // With SIOO only the first command of the sequence carries the instruction (§23.3.13).
        boolean send = pollStarted ? c.hasInstruction() && !c.sioo() : pollFirstSend;
        pollStarted = true;
        e.openTransaction(c, send, c.hasAddress() ? e.address() : 0);
        int v = 0;
        if (pollBytes > 0) {
            e.lines.read(e.unitBuf, 0, pollBytes, c.dataFormat());
            for (int i = 0; i < pollBytes; i++) v |= (e.unitBuf[i] & 0xFF) << (8 * i);
        }
        e.lines.deselect();
        lastStatus = v;
        int width = pollBytes == 4 ? -1 : (1 << (8 * pollBytes)) - 1;
        int mask = e.psmkr.get() & width;
        int match = e.psmar.get();
        // In dual-flash mode the bytes alternate between the memories (byte 0 from flash 1), and the
        // mask and match apply to the whole received word, so one compare covers both status bytes.
        boolean hit = e.pmm.isSet()
                ? (~(v ^ match) & mask) != 0        // PMM = 1, OR: any unmasked bit matches
                : ((v ^ match) & mask) == 0;        // PMM = 0, AND: every unmasked bit matches
        long now = e.clock.nowPicos();
        if (hit) {
            e.smf.set(1);
            if (e.apms.isSet()) {
                // APMS = 1: polling stops at the first match and BUSY falls.
                e.op = SpiControllerEngine.IDLE;
                e.csFreeAt = now + e.picos(e.csht.get() + 1);
                e.flags.updateIrq();
                return;
            }
        }
        // PIR: CLK cycles between two reads (at least the CS# high time), then the next command.
        long gap = Math.max(e.pir.get() & 0xFFFF, e.csht.get() + 1);
        double next = c.headerClocks(c.hasInstruction() && !c.sioo()) + (long) (pollBytes / e.transfer.unitBytes) * c.unitClocks();
        long period = e.picos(gap + next);
        e.transfer.schedule(e.warnings.total() == warned ? skip.nextPoll(now, period) : now + period);
        e.flags.updateIrq();
    }
}
