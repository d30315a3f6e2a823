package io.xipkit.peripherals.stm32;

import io.xipkit.cpu.BusErrorException;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;

/**
 * One channel of {@link Stm32Mdma}: its registers (RM0433 Rev 8 §14.5.2-14.5.14, offsets
 * 0x40 + 0x40·x, field positions as in ST's CMSIS stm32h743xx.h) and its transfers (§14.3.4-14.3.15):
 * a request (hardware trigger CTBR.TSEL while CTCR.SWRM = 0, or CCR.SWRQ) is memorised in
 * CISR.CRQA and served one buffer (TLEN+1 bytes, the block's last buffer shorter) at a time until
 * what CTCR.TRGM asks for is done: one buffer, one block (BNDT bytes), a repeated block (BRC more
 * blocks, SAR/DAR moved by CBRUR between them) or everything up to the end of the linked list.
 * At the end of a block the next node is loaded from CLAR (CTCR, CBNDTR, CSAR, CDAR, CBRUR, CLAR,
 * CTBR, a reserved word, CMAR, CMDR: the register layout from 0x50); CLAR = 0 ends the channel
 * (CTCIF, EN cleared).
 */
public final class MdmaChannel {
    final int index;
    private final Stm32Mdma mdma;
    private final String p;

    private Register isr, esr, tcr, bndtr, sar, dar, brur, lar, tbr, mar, mdr;
    private Field en, teie, ctcie, brtie, btie, tcie, pl, bex, hex, wex;
    private Field teif, ctcif, brtif, btif, tcif;

    /** CISR.CRQA: a request is memorised and not yet completely served (§14.5.2). */
    private boolean requestActive;
    /** EN was cleared by software while a buffer ran: the channel stops after it (§14.3.14). */
    private boolean suspendAfterBuffer;
    /** BNDT as last programmed (by software or a link node): reloaded for each repeated block (§14.5.7). */
    private int bndtReload;

    MdmaChannel(Stm32Mdma mdma, int index) {
        this.mdma = mdma;
        this.index = index;
        this.p = "C" + index;
    }

    void declare(RegisterBlock.Builder b, int base) {
        java.util.function.BooleanSupplier locked = this::enabled;
        // §14.5.2 MDMA_CxISR.
        b.register(base, p + "ISR", r -> r
                .bit("TEIF", 0, Access.RO)
                .bit("CTCIF", 1, Access.RO)
                .bit("BRTIF", 2, Access.RO)
                .bit("BTIF", 3, Access.RO)
                .bit("TCIF", 4, Access.RO)
                .bit("CRQA", 16, Access.RO, f -> f.reads(() -> requestActive ? 1 : 0)));
        // §14.5.3 MDMA_CxIFCR: writing 1 clears the flag; CTEIF also clears CESR (§14.5.4).
        b.register(base + 0x04, p + "IFCR", r -> r
                .bit("CTEIF", 0, Access.WO, f -> f.onWrite((was, now) -> clear(now, 0)))
                .bit("CCTCIF", 1, Access.WO, f -> f.onWrite((was, now) -> clear(now, 1)))
                .bit("CBRTIF", 2, Access.WO, f -> f.onWrite((was, now) -> clear(now, 2)))
                .bit("CBTIF", 3, Access.WO, f -> f.onWrite((was, now) -> clear(now, 3)))
                .bit("CLTCIF", 4, Access.WO, f -> f.onWrite((was, now) -> clear(now, 4)))
                .afterWrite(v -> mdma.updateIrq()));
        // §14.5.4 MDMA_CxESR.
        b.register(base + 0x08, p + "ESR", r -> r
                .field("TEA", 0, 7, Access.RO)
                .bit("TED", 7, Access.RO)
                .bit("TELD", 8, Access.RO)
                .bit("TEMD", 9, Access.RO)
                .bit("ASE", 10, Access.RO)
                .bit("BSE", 11, Access.RO));
        // §14.5.5 MDMA_CxCR: PL and the endianness exchanges are writable only while EN = 0.
        b.register(base + 0x0C, p + "CR", r -> r
                .bit("EN", 0, Access.RW, f -> f.onChange((was, now) -> enableWritten(now != 0)))
                .bit("TEIE", 1, Access.RW)
                .bit("CTCIE", 2, Access.RW)
                .bit("BRTIE", 3, Access.RW)
                .bit("BTIE", 4, Access.RW)
                .bit("TCIE", 5, Access.RW)
                .field("PL", 6, 2, Access.RW, f -> f.ignoreWritesWhen(locked))
                .bit("BEX", 12, Access.RW, f -> f.ignoreWritesWhen(locked))
                .bit("HEX", 13, Access.RW, f -> f.ignoreWritesWhen(locked))
                .bit("WEX", 14, Access.RW, f -> f.ignoreWritesWhen(locked))
                .bit("SWRQ", 16, Access.WO, f -> f.onWrite((was, now) -> {
                    if (now != 0) softwareRequest();
                }))
                .afterWrite(v -> mdma.updateIrq()));
        // §14.5.6 MDMA_CxTCR; §14.5.7-14.5.14: every configuration register is writable only while EN = 0.
        b.register(base + 0x10, p + "TCR", r -> r.ignoreWritesWhen(locked)
                .field("SINC", 0, 2, Access.RW)
                .field("DINC", 2, 2, Access.RW)
                .field("SSIZE", 4, 2, Access.RW)
                .field("DSIZE", 6, 2, Access.RW)
                .field("SINCOS", 8, 2, Access.RW)
                .field("DINCOS", 10, 2, Access.RW)
                .field("SBURST", 12, 3, Access.RW)
                .field("DBURST", 15, 3, Access.RW)
                .field("TLEN", 18, 7, Access.RW)
                .bit("PKE", 25, Access.RW)
                .field("PAM", 26, 2, Access.RW)
                .field("TRGM", 28, 2, Access.RW)
                .bit("SWRM", 30, Access.RW)
                .bit("BWM", 31, Access.RW));
        b.register(base + 0x14, p + "BNDTR", r -> r.ignoreWritesWhen(locked)
                .field("BNDT", 0, 17, Access.RW, f -> f.onWrite((was, now) -> bndtReload = now))
                .bit("BRSUM", 18, Access.RW)
                .bit("BRDUM", 19, Access.RW)
                .field("BRC", 20, 12, Access.RW));
        b.register(base + 0x18, p + "SAR", r -> r.ignoreWritesWhen(locked).field("SAR", 0, 32, Access.RW));
        b.register(base + 0x1C, p + "DAR", r -> r.ignoreWritesWhen(locked).field("DAR", 0, 32, Access.RW));
        b.register(base + 0x20, p + "BRUR", r -> r.ignoreWritesWhen(locked)
                .field("SUV", 0, 16, Access.RW)
                .field("DUV", 16, 16, Access.RW));
        // §14.5.11: LAR[2:0] read 0 (a link structure is double-word aligned).
        b.register(base + 0x24, p + "LAR", r -> r.ignoreWritesWhen(locked).field("LAR", 3, 29, Access.RW));
        b.register(base + 0x28, p + "TBR", r -> r.ignoreWritesWhen(locked)
                .field("TSEL", 0, 6, Access.RW)
                .bit("SBUS", 16, Access.RW)
                .bit("DBUS", 17, Access.RW));
        b.register(base + 0x30, p + "MAR", r -> r.ignoreWritesWhen(locked).field("MAR", 0, 32, Access.RW));
        b.register(base + 0x34, p + "MDR", r -> r.ignoreWritesWhen(locked).field("MDR", 0, 32, Access.RW));
    }

    void bind(RegisterBlock regs) {
        isr = regs.register(p + "ISR");
        esr = regs.register(p + "ESR");
        tcr = regs.register(p + "TCR");
        bndtr = regs.register(p + "BNDTR");
        sar = regs.register(p + "SAR");
        dar = regs.register(p + "DAR");
        brur = regs.register(p + "BRUR");
        lar = regs.register(p + "LAR");
        tbr = regs.register(p + "TBR");
        mar = regs.register(p + "MAR");
        mdr = regs.register(p + "MDR");
        en = regs.field(p + "CR", "EN");
        teie = regs.field(p + "CR", "TEIE");
        ctcie = regs.field(p + "CR", "CTCIE");
        brtie = regs.field(p + "CR", "BRTIE");
        btie = regs.field(p + "CR", "BTIE");
        tcie = regs.field(p + "CR", "TCIE");
        pl = regs.field(p + "CR", "PL");
        bex = regs.field(p + "CR", "BEX");
        hex = regs.field(p + "CR", "HEX");
        wex = regs.field(p + "CR", "WEX");
        teif = regs.field(p + "ISR", "TEIF");
        ctcif = regs.field(p + "ISR", "CTCIF");
        brtif = regs.field(p + "ISR", "BRTIF");
        btif = regs.field(p + "ISR", "BTIF");
        tcif = regs.field(p + "ISR", "TCIF");
    }

    void reset() {
        requestActive = false;
        suspendAfterBuffer = false;
        bndtReload = 0;
    }

    private boolean enabled() {
        return en.isSet();
    }

    private void clear(int written, int bit) {
        if (written == 0) return;
        switch (bit) {
            case 0 -> {
                teif.set(0);
                esr.set(0);
            }
            case 1 -> ctcif.set(0);
            case 2 -> brtif.set(0);
            case 3 -> btif.set(0);
            default -> tcif.set(0);
        }
    }

    // ================================================================================================
    // Configuration views
    // ================================================================================================

    private int tcrField(int lsb, int width) {
        return (tcr.get() >>> lsb) & ((1 << width) - 1);
    }

    private boolean softwareMode() {
        return (tcr.get() & (1 << 30)) != 0;
    }

    private int trgm() {
        return tcrField(28, 2);
    }

    private int tsel() {
        return tbr.get() & 0x3F;
    }

    private int bndt() {
        return bndtr.get() & 0x1FFFF;
    }

    private int brc() {
        return bndtr.get() >>> 20;
    }

    /** Arbitration rank: CCR.PL first, then the lower channel number (§14.3.8). */
    int priority() {
        return pl.get() * 16 + (15 - index);
    }

    /** Whether an enabled channel in hardware-request mode selects trigger {@code tsel}. */
    boolean listensTo(int tsel) {
        return en.isSet() && !softwareMode() && tsel() == tsel;
    }

    /** Trigger {@code tsel} is active: memorise the request if this channel takes it; returns whether it did. */
    boolean hardwareRequested(int tsel) {
        if (!listensTo(tsel) || requestActive) return false;
        requestActive = true;
        return true;
    }

    /** Has a request memorised and data left in the block: the arbiter may give it the next buffer. */
    boolean ready() {
        return requestActive && en.isSet() && bndt() > 0 && !suspendAfterBuffer;
    }

    boolean interruptPending() {
        return (teif.isSet() && teie.isSet()) || (ctcif.isSet() && ctcie.isSet()) || (brtif.isSet() && brtie.isSet())
                || (btif.isSet() && btie.isSet()) || (tcif.isSet() && tcie.isSet());
    }

    // ================================================================================================
    // Requests and enable
    // ================================================================================================

    /** §14.5.5 SWRQ: sets CRQA when the channel is enabled; no acknowledge (mask write) follows. */
    private void softwareRequest() {
        if (!en.isSet()) return;
        requestActive = true;
        mdma.kick();
    }

    private void enableWritten(boolean on) {
        if (on) {
            suspendAfterBuffer = false;
            if (!softwareMode()) {
                int t = tsel();
                if (mdma.triggerLevel(t)) hardwareRequested(t);
                mdma.listening(t);
            }
            if (requestActive) mdma.kick();
            return;
        }
        // §14.3.14: disabling suspends the channel once the running buffer is done; CTCIF tells it.
        if (mdma.inFlight(this)) {
            suspendAfterBuffer = true;
        } else {
            requestActive = false;
            ctcif.set(1);
        }
    }

    // ================================================================================================
    // One buffer transfer (§14.3.7)
    // ================================================================================================

    /** Bus beats the next buffer takes: its source reads and destination writes, plus an acknowledge or a link load it ends with. */
    long beatsOfNextBuffer() {
        int ssize = 1 << tcrField(4, 2);
        int dsize = 1 << tcrField(6, 2);
        int bytes = Math.min(tcrField(18, 7) + 1, bndt());
        int reads = bytes / ssize;
        int writes = (tcr.get() & (1 << 25)) != 0 || ssize == dsize ? bytes / dsize : reads;
        long beats = reads + writes;
        if (bytes == bndt() && brc() == 0 && lar.get() != 0) beats += 10;
        return beats;
    }

    /** Runs the buffer the arbiter gave this channel: data, pointers, counters, flags, and what follows the block. */
    void runBuffer() {
        int s = sar.get();
        int d = dar.get();
        int ssizeCode = tcrField(4, 2);
        int dsizeCode = tcrField(6, 2);
        int ssize = 1 << ssizeCode;
        int dsize = 1 << dsizeCode;
        int bytes = Math.min(tcrField(18, 7) + 1, bndt());
        // §14.5.8/14.5.9 SAR/DAR must be aligned with SSIZE/DSIZE: else ASE (§14.3.15).
        if ((s & (ssize - 1)) != 0) {
            error(s, false, 1 << 10);
            return;
        }
        if ((d & (dsize - 1)) != 0) {
            error(d, true, 1 << 10);
            return;
        }
        MdmaDataPath path = new MdmaDataPath(ssize, dsize, (tcr.get() & (1 << 25)) != 0, tcrField(26, 2),
                bex.isSet(), hex.isSet(), wex.isSet());
        int sinc = tcrField(0, 2), dinc = tcrField(2, 2);
        int sstep = step(sinc, 1 << tcrField(8, 2));
        int dstep = step(dinc, 1 << tcrField(10, 2));
        int items = bytes / ssize;
        int lo = d, hi = d;
        try {
            for (int i = 0; i < items; i++) {
                long v = read(s, ssize);
                s += sstep;
                path.push(v);
                while (path.ready()) {
                    int a = d;
                    try {
                        write(a, dsize, path.pop());
                    } finally {
                        lo = Math.min(lo, a);
                        hi = Math.max(hi, a + dsize);
                    }
                    d += dstep;
                }
            }
        } catch (BusErrorException e) {
            if (hi > lo) mdma.memoryWritten.written(lo, hi - lo, mdma.clock.nowPicos());
            error(e.address(), e.isWrite(), 0);
            return;
        }
        if (hi > lo) mdma.memoryWritten.written(lo, hi - lo, mdma.clock.nowPicos());
        // §14.3.15: a block (or buffer) that is not a whole number of source/destination items.
        if (bytes % ssize != 0) {
            error(s, false, 1 << 11);
            return;
        }
        if (path.leftover()) {
            error(d, true, 1 << 11);
            return;
        }
        sar.set(s);
        dar.set(d);
        afterBuffer(bytes);
    }

    private static int step(int inc, int offset) {
        return switch (inc) {
            case 2 -> offset;
            case 3 -> -offset;
            default -> 0; // 00 fixed (01 is reserved)
        };
    }

    private long read(int a, int size) {
        return switch (size) {
            case 1 -> mdma.bus.read8(a);
            case 2 -> mdma.bus.read16(a);
            case 4 -> mdma.bus.read32(a) & 0xFFFF_FFFFL;
            default -> (mdma.bus.read32(a) & 0xFFFF_FFFFL) | ((long) mdma.bus.read32(a + 4) << 32);
        };
    }

    private void write(int a, int size, long v) {
        switch (size) {
            case 1 -> mdma.bus.write8(a, (int) v);
            case 2 -> mdma.bus.write16(a, (int) v);
            case 4 -> mdma.bus.write32(a, (int) v);
            default -> {
                mdma.bus.write32(a, (int) v);
                mdma.bus.write32(a + 4, (int) (v >>> 32));
            }
        }
    }

    /** Counters and flags after a buffer; the block's end moves to the next block, the next node or the channel's end. */
    private void afterBuffer(int bytes) {
        // The request being served is acknowledged with the mask of the node it was served with.
        boolean hardware = !softwareMode();
        int ackAddress = mar.get(), ackData = mdr.get();
        tcif.set(1);
        int left = bndt() - bytes;
        bndtr.set((bndtr.get() & ~0x1FFFF) | left);
        boolean requestDone = trgm() == 0;
        boolean channelDone = false;
        if (left == 0) {
            btif.set(1);
            int brc = brc();
            if (brc > 0) {
                // §14.3.11: next repetition: BNDT reloaded, SAR/DAR moved by SUV/DUV, BRC decremented.
                int v = bndtr.get();
                bndtr.set((v & 0x000C_0000) | ((brc - 1) << 20) | bndtReload);
                int suv = brur.get() & 0xFFFF, duv = brur.get() >>> 16;
                sar.set(sar.get() + ((v & (1 << 18)) != 0 ? -suv : suv));
                dar.set(dar.get() + ((v & (1 << 19)) != 0 ? -duv : duv));
                if (trgm() == 1) requestDone = true;
            } else {
                brtif.set(1);
                if (trgm() == 1 || trgm() == 2) requestDone = true;
                if (lar.get() != 0) {
                    if (!loadNode()) return;
                } else {
                    channelDone = true;
                }
            }
        }
        if (channelDone) requestDone = true;
        if (requestDone) {
            requestActive = false;
            // §14.3.7: a hardware request is acknowledged by writing CMDR to CMAR when CMAR is set.
            if (hardware && ackAddress != 0 && !acknowledge(ackAddress, ackData)) return;
        }
        if (channelDone) {
            // §14.3.13: end of the channel's data: EN cleared, CTCIF set.
            en.set(0);
            ctcif.set(1);
            return;
        }
        if (suspendAfterBuffer) {
            suspendAfterBuffer = false;
            requestActive = false;
            ctcif.set(1);
            return;
        }
        // A level request still active after this one was served is taken again (§14.3.7).
        if (!requestActive && !softwareMode()) {
            int t = tsel();
            if (mdma.triggerLevel(t)) hardwareRequested(t);
        }
    }

    private boolean acknowledge(int address, int data) {
        try {
            mdma.bus.write32(address, data);
            return true;
        } catch (BusErrorException e) {
            error(e.address(), true, 1 << 9);
            return false;
        }
    }

    /** §14.3.12: the next node (10 words at CLAR) replaces the channel's configuration. */
    private boolean loadNode() {
        int at = lar.get();
        int[] w = new int[10];
        try {
            for (int i = 0; i < 10; i++) w[i] = mdma.bus.read32(at + 4 * i);
        } catch (BusErrorException e) {
            teif.set(1);
            esr.set(1 << 8); // TELD; TEA is not set for a link data error (§14.5.4)
            stop();
            return false;
        }
        int oldTsel = tsel();
        tcr.set(w[0]);
        bndtr.set(w[1] & ~(1 << 17)); // bit 17 reserved
        bndtReload = w[1] & 0x1FFFF;
        sar.set(w[2]);
        dar.set(w[3]);
        brur.set(w[4]);
        lar.set(w[5] & ~7);
        tbr.set(w[6] & 0x0003_003F);
        mar.set(w[8]);
        mdr.set(w[9]);
        if (!softwareMode() && tsel() != oldTsel) mdma.listening(tsel());
        return true;
    }

    /** §14.3.15: TEIF, CESR (TEA = the address's 7 low bits, TED = write), EN cleared, the rest discarded. */
    private void error(int address, boolean write, int kindBit) {
        teif.set(1);
        esr.set((address & 0x7F) | (write ? 1 << 7 : 0) | kindBit);
        stop();
    }

    private void stop() {
        en.set(0);
        requestActive = false;
        suspendAfterBuffer = false;
    }
}
