package io.xipkit.peripherals.quadspi;

import io.xipkit.bus.FastPath;
import io.xipkit.peripherals.xspi.DirectRead;
import io.xipkit.peripherals.xspi.ReadCommand;
import io.xipkit.peripherals.xspi.XspiTarget;
import io.xipkit.time.Scheduler;

/**
 * Memory-mapped mode of {@link SpiControllerEngine} (RM0433 §23.3.7): window reads through a real
 * transaction that stays open while accesses follow each other, the fast path handed to the bus
 * when a memory can answer reads straight from its array (interleaved for dual-flash), and the
 * chip-select timeout (TCEN, LPTR) that closes the transaction and sets TOF.
 */
final class MemoryMappedMode {
    private final SpiControllerEngine e;
    /** Bytes remembered of the memory-mapped data stream, so that overlapping reads reuse it. */
    private static final int HISTORY = 64;
    boolean mmOpen;
    private long mmPos;
    private final byte[] history = new byte[HISTORY];
    int historyLen;
    private long lastMmAccess;
    Scheduler.Handle timeoutEvent;
    private final Scheduler.Event timeoutCheck = this::onTimeoutCheck;
    FastPath fastPath;
    private long queriedGeneration = Long.MIN_VALUE;
    private int queriedConfig = -1;
    /** The interleaved image of the two dies in dual-flash mode, kept with die 1's page stamps when it has them. */
    private DualFlashShadow shadowOf;
    long shadowGen1 = -1, shadowGen2 = -1;
    /**
     * The dies behind {@link #fastPath}'s array (the second null unless dual-flash), to mark what
     * the controller reads from it for a campaign's read tracker ({@link io.xipkit.bus.PageReads}).
     */
    private io.xipkit.bus.PageStamps fastStamps1, fastStamps2;

    boolean fastPathEnabled = true;
    /**
     * The window has been read since the last abort or reconfiguration. The fast path is only
     * handed to the bus from then on: real hardware holds CS# low (BUSY = 1) only after an access.
     */
    boolean accessed;
    /** Bumped by every change that may change what the fast path would be. */
    int configVersion;

    MemoryMappedMode(SpiControllerEngine engine) {
        this.e = engine;
    }

    void setFastPathEnabled(boolean enabled) {
        fastPathEnabled = enabled;
        configVersion++;
        refreshFastPath();
    }

    /** A memory changed other than through the controller: forget the interleaved copy and decoded code. */
    void flashStateChanged() {
        shadowGen1 = shadowGen2 = -1;
        configVersion++;
        refreshFastPath();
        e.window.notifyAllChanged();
    }

    /** After the programmer path changed the arrays behind the memories' backs. */
    void contentLoaded() {
        shadowGen1 = shadowGen2 = -1;
        configVersion++;
        if (fastPath != null) {
            fastPath = null;
            e.window.fastPathChanged();
        }
        refreshFastPath();
    }

    /** The transaction is gone (abort, disable, reset): nothing of its stream can be reused. */
    void forgetStream() {
        mmOpen = false;
        historyLen = 0;
    }

    void reset() {
        e.timing.close();
        forgetStream();
        reconfigured(false);
    }

    /** EN, FMODE or the memory configuration changed: no access yet under the new set-up. */
    void reconfigured(boolean closeTransaction) {
        accessed = false;
        e.timing.close();
        if (closeTransaction) mmClose();
        configVersion++;
        refreshFastPath();
        e.window.notifyAllChanged();
    }

    /** ABORT: the window must be read again before the bus gets the fast path back. */
    void aborted() {
        accessed = false;
        e.timing.close();
        configVersion++;
        refreshFastPath();
    }

    /** A window read of {@code size} bytes; the caller has checked the mode and the FSIZE limit. */
    int windowRead(int offset, int size) {
        if (!accessed) {
            accessed = true;
            configVersion++;
        }
        if (e.lines.generation() != queriedGeneration || configVersion != queriedConfig) refreshFastPath();
        FastPath fp = fastPath;
        if (fp != null && offset + size <= fp.length()) {
            int v = 0;
            byte[] a = fp.array();
            int base = fp.arrayOffset() + offset;
            for (int i = 0; i < size; i++) v |= (a[base + i] & 0xFF) << (8 * i);
            fastPathRead(fp, offset, size);
            return v;
        }
        return streamRead(offset, size);
    }

    /** Marks the die pages a read of window bytes {@code [offset, offset + size)} through the fast path's array took. */
    private void fastPathRead(FastPath fp, int offset, int size) {
        if (fastStamps2 == null) {
            io.xipkit.bus.PageStamps.read(fastStamps1, fp.arrayOffset() + (long) offset, size);
        } else {
            // Byte 2n of the window is byte n of die 1, byte 2n + 1 byte n of die 2 (RM0433 23.3.2).
            long first = offset >>> 1, last = (offset + size - 1L) >>> 1;
            io.xipkit.bus.PageStamps.read(fastStamps1, first, last - first + 1);
            io.xipkit.bus.PageStamps.read(fastStamps2, first, last - first + 1);
        }
    }

    /** The storage was rewritten between two runs of the core: the interleaved image catches up with it. */
    void storageRewritten() {
        if (shadowOf != null) shadowOf.catchUp();
    }

    /** Wrapping bursts answered with one wrap command, and split into linear reads (for tests and reports). */
    long wrapCommands, splitBursts;

    /**
     * A wrapping burst of {@code bytes} bytes over the aligned block at {@code offset}, first beat
     * at {@code offset + first} (a cache line fill, {@link QuadspiWindow#readWrapping}); the
     * caller has checked the mode and the size limit. With the fast path the block comes from the
     * array. When DCR2.WRAPSIZE equals the burst's length the controller sends its wrap command
     * (WPCCR/WPTCR/WPIR/WPABR) at the first beat's address and takes {@code bytes} bytes, which the
     * memory returns wrapped inside the aligned block; the transaction ends with the burst (a
     * wrapped stream cannot go on linearly). Otherwise it splits the burst into linear reads: the
     * first beat to the block's end, then the block's start up to the first beat, each continuing
     * the open transaction when it can (RM0455/RM0477 XSPI "wrap" support; dual-quad bursts are
     * always split here, the model does not wrap across two memories).
     */
    void wrappingRead(int offset, int first, int bytes, byte[] into, int at) {
        if (!accessed) {
            accessed = true;
            configVersion++;
        }
        if (e.lines.generation() != queriedGeneration || configVersion != queriedConfig) refreshFastPath();
        FastPath fp = fastPath;
        if (fp != null && offset + bytes <= fp.length()) {
            System.arraycopy(fp.array(), fp.arrayOffset() + offset, into, at, bytes);
            fastPathRead(fp, offset, bytes);
            return;
        }
        SpiCommand w = e.wrapBytes() == bytes && !e.dualFlash() ? e.wrapCommand() : null;
        if (w == null || !w.hasAddress() || !w.hasData()) {
            splitBursts++;
            for (int k = 0; k < bytes; k += 4) {
                int o = (first + k) & (bytes - 1);
                int v = windowRead(offset + o, 4);
                for (int i = 0; i < 4; i++) into[at + o + i] = (byte) (v >>> (8 * i));
            }
            return;
        }
        wrapCommands++;
        long now = e.clock.nowPicos();
        if (mmOpen && timeoutDue(now)) mmTimeout();
        mmClose();
        e.lines.configure(false, e.flashSelect());
        e.openTransaction(w, w.hasInstruction(), offset + first, e.wrapAlternate());
        byte[] burst = new byte[bytes];
        e.lines.read(burst, 0, bytes, w.dataFormat());
        e.lines.deselect();
        for (int i = 0; i < bytes; i++) into[at + ((first + i) & (bytes - 1))] = burst[i];
        lastMmAccess = now;
        if (e.lines.generation() != queriedGeneration) {
            e.window.notifyAllChanged();
            refreshFastPath();
        }
    }

    /**
     * A window write in memory-mapped mode: one write command (the front-end's
     * {@link SpiControllerEngine#writeCommand}) carrying the access's bytes at its offset. The
     * read transaction in flight ends first (CS# rises between the two commands). Returns false,
     * sending nothing, when the block has no write command or it has no data phase.
     */
    boolean windowWrite(int offset, int size, int value) {
        SpiCommand c = e.writeCommand();
        if (c == null || !c.hasData()) return false;
        mmClose();
        e.timing.close();
        e.lines.configure(e.dualFlash(), e.flashSelect());
        e.openTransaction(c, c.hasInstruction(), offset, e.writeAlternate());
        for (int i = 0; i < size; i++) e.unitBuf[i] = (byte) (value >>> (8 * i));
        e.lines.write(e.unitBuf, 0, size, c.dataFormat());
        e.lines.deselect();
        // The memory may have changed state or content (a program started, say): the fast path and
        // the decoded instructions of the window are asked again.
        configVersion++;
        refreshFastPath();
        e.window.notifyAllChanged();
        return true;
    }

    /** Reads through a real transaction, continuing the open one when the access follows it. */
    private int streamRead(int offset, int size) {
        long now = e.clock.nowPicos();
        if (mmOpen && timeoutDue(now)) mmTimeout();
        long end = (long) offset + size;
        boolean continues = mmOpen && offset >= mmPos - historyLen && offset <= mmPos + e.fifo.capacity();
        if (!continues) mmStart(e.dualFlash() ? offset & ~1L : offset);
        SpiCommand c = e.cmd;
        int unit = e.lines.dual() ? 2 : 1;
        while (mmPos < end) {
            if (c.hasData()) e.lines.read(e.unitBuf, 0, unit, c.dataFormat());
            else java.util.Arrays.fill(e.unitBuf, 0, unit, (byte) 0xFF);
            for (int i = 0; i < unit; i++) remember(e.unitBuf[i]);
            mmPos += unit;
        }
        long first = mmPos - historyLen;
        int v = 0;
        for (int i = 0; i < size; i++) v |= (history[(int) (offset + i - first)] & 0xFF) << (8 * i);
        lastMmAccess = now;
        if (e.tcen.isSet() && timeoutEvent == null) timeoutEvent = e.scheduler.schedule(now + timeoutPicos(), timeoutCheck);
        if (e.lines.generation() != queriedGeneration) {
            // The read changed a memory's state (entered or left continuous-read mode, ...).
            e.window.notifyAllChanged();
            refreshFastPath();
        } else if (configVersion != queriedConfig) {
            refreshFastPath(); // e.g. SIOO: the instruction is out, later reads omit it
        }
        return v;
    }

    private void remember(byte b) {
        if (historyLen == HISTORY) {
            System.arraycopy(history, 1, history, 0, HISTORY - 1);
            historyLen--;
        }
        history[historyLen++] = b;
    }

    private void mmStart(long addr) {
        mmClose();
        SpiCommand c = e.command();
        e.cmd = c;
        e.lines.configure(e.dualFlash(), e.flashSelect());
        boolean send = c.hasInstruction() && !(c.sioo() && e.instructionSent);
        if (c.hasInstruction() && !e.instructionSent) {
            e.instructionSent = true;
            if (c.sioo()) configVersion++; // later reads omit the instruction: another read command
        }
        e.openTransaction(c, send, addr);
        mmOpen = true;
        mmPos = addr;
        historyLen = 0;
    }

    void mmClose() {
        if (!mmOpen) return;
        mmOpen = false;
        historyLen = 0;
        e.lines.deselect();
        e.cancel(timeoutEvent);
        timeoutEvent = null;
    }

    /** CS# rises this long after the last access: prefetch fills the FIFO, then LPTR cycles (§23.5.13). */
    long timeoutPicos() {
        SpiCommand c = e.command();
        int unit = e.lines.dual() ? 2 : 1;
        return picosAt(e.cyclePicos(), (double) e.fifo.capacity() / unit * c.unitClocks() + (e.lptr.get() & 0xFFFF));
    }

    private static long picosAt(double cycle, double cycles) {
        return (long) Math.ceil(cycles * cycle - SpiControllerEngine.EPS);
    }

    boolean timeoutDue(long now) {
        return e.tcen.isSet() && now >= lastMmAccess + timeoutPicos();
    }

    private void onTimeoutCheck(long firedAt) {
        timeoutEvent = null;
        if (!mmOpen || !e.tcen.isSet()) return;
        long now = e.clock.nowPicos();
        if (timeoutDue(now)) mmTimeout();
        else timeoutEvent = e.scheduler.schedule(lastMmAccess + timeoutPicos(), timeoutCheck);
    }

    /** §23.3.7: with TCEN = 1, CS# is released after the timeout and TOF is set. */
    void mmTimeout() {
        mmClose();
        e.tof.set(1);
        e.flags.updateIrq();
    }

    /** Recomputes the fast path and tells the window when it changed. */
    void refreshFastPath() {
        FastPath now = computeFastPath();
        FastPath old = fastPath;
        boolean same = now == old || (now != null && old != null && now.array() == old.array()
                && now.arrayOffset() == old.arrayOffset() && now.length() == old.length());
        if (!same) {
            fastPath = now;
            e.window.fastPathChanged();
        }
    }

    private FastPath computeFastPath() {
        queriedGeneration = e.lines.generation();
        queriedConfig = configVersion;
        if (!fastPathEnabled || !accessed || !e.memoryMapped()) return null;
        // With wrapped reads on, cache line fills go out as the wrap command, whose bytes the array
        // gives only if the memory wraps exactly as WRAPSIZE says: every burst goes to the controller.
        if (e.wrapBytes() != 0) return null;
        SpiCommand c = e.command();
        if (c.sioo() && c.hasInstruction() && !e.instructionSent) return null; // the first read still carries the instruction
        boolean send = c.hasInstruction() && !(c.sioo() && e.instructionSent);
        ReadCommand rc = c.readCommand(e.abr.get() & 0xFFFF_FFFFL, send);
        if (rc == null) return null;
        mmClose(); // the memories answer the fast-path question only while deselected
        e.lines.configure(e.dualFlash(), e.flashSelect());
        e.lines.strobe(c.dqse());
        if (e.lines.missesStrobe(c.dataFormat())) return null; // the bus would not return the array's bytes
        boolean dual = e.dualFlash();
        long limit = Math.min(e.flashSize(), e.windowSize);
        FastPath result;
        if (!dual) {
            XspiTarget t = e.flashSelect() ? e.lines.flash2() : e.lines.flash1();
            DirectRead d = FlashLines.directRead(t, rc);
            if (d == null) return null;
            result = new FastPath(d.array(), false, d.offset(), Math.min(d.size(), limit));
            fastStamps1 = d.changes();
            fastStamps2 = null;
        } else {
            DirectRead d1 = FlashLines.directRead(e.lines.flash1(), rc);
            DirectRead d2 = d1 == null ? null : FlashLines.directRead(e.lines.flash2(), rc);
            if (d1 == null || d2 == null) return null;
            long each = Math.min(d1.size(), d2.size());
            if (2 * each > Integer.MAX_VALUE - 8) return null;
            if (shadowOf == null || d1.changes() != null && shadowOf != d1.changes().derived(DualFlashShadow.class, DualFlashShadow::new)) {
                shadowOf = d1.changes() != null ? d1.changes().derived(DualFlashShadow.class, DualFlashShadow::new) : new DualFlashShadow();
                shadowGen1 = shadowGen2 = -1;
            }
            if (shadowGen1 != d1.generation() || shadowGen2 != d2.generation()) {
                shadowOf.update(d1, d2, (int) each);
                shadowGen1 = d1.generation();
                shadowGen2 = d2.generation();
            }
            byte[] shadow = shadowOf.shadow();
            result = new FastPath(shadow, false, 0, Math.min(shadow.length, limit));
            fastStamps1 = d1.changes();
            fastStamps2 = d2.changes();
        }
        queriedGeneration = e.lines.generation();
        FastPath old = fastPath;
        if (old != null && old.array() == result.array() && old.arrayOffset() == result.arrayOffset()
                && old.length() == result.length()) {
            return old;
        }
        return result;
    }

}
