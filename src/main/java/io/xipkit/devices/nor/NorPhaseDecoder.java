package io.xipkit.devices.nor;

import io.xipkit.devices.nor.NorChip.Protocol;
import io.xipkit.devices.nor.NorPart.Kind;
import io.xipkit.peripherals.xspi.DirectRead;
import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.peripherals.xspi.ReadCommand;
import java.util.Arrays;

/**
 * One transaction as the part clocks it in: the instruction decoded in the current protocol, the
 * bytes and clocks received before the data phase interpreted with the part's own expectation of
 * the command (address width, mode bits, dummy cycles), and the data phase answered or collected.
 * A controller that sends 4 address bytes to a part in 3-byte mode, or too few dummy cycles, sees
 * the data shifted as on hardware; a phase on the wrong number of lines garbles the command, which
 * is ignored with a warning. At chip-select rising edge the collected command goes to the
 * {@link NorOperationEngine}.
 */
final class NorPhaseDecoder {
    private final byte[] array;
    /** The storage's page stamps, handed out with the fast path (null when the storage does not keep them). */
    private final io.xipkit.bus.PageStamps stamps;
    private final int size;
    private final int sizeMask; // size is a power of two for every catalog part
    private final byte[] sfdp;
    private final NorModeState state;
    private final NorRegisters regs;
    private final NorCommandSet commands;
    private final ContinuousReadRule xip;
    private final NorOperationEngine engine;
    private final NorJournal journal;

    private boolean selected;
    private NorCommand cmd;
    private boolean ignored;
    private boolean continuousTx;
    private final byte[] in = new byte[16];
    private int inLen;
    private int inHalfClocks;
    private long acc;
    private int accBits;
    private boolean parsed;
    private long address;
    private long shiftBits;
    private long streamPos;
    private final byte[] pageBuf;
    private final byte[] regBuf = new byte[8];
    private long dataLen;
    private long txStart;
    private int wrapLen; // window the current read wraps in (bytes), 0 = linear
    private boolean driven = true; // whether the last read phase drove the data lines

    NorPhaseDecoder(NorPart part, NorStorage storage, byte[] sfdp, NorModeState state, NorRegisters regs,
                    NorCommandSet commands, ContinuousReadRule xip, NorOperationEngine engine, NorJournal journal) {
        this.array = storage.array();
        this.stamps = storage.pageStamps();
        this.size = array.length;
        this.sizeMask = size - 1;
        this.sfdp = sfdp;
        this.state = state;
        this.regs = regs;
        this.commands = commands;
        this.xip = xip;
        this.engine = engine;
        this.journal = journal;
        this.pageBuf = new byte[part.pageSize()];
    }

    // ------------------------------------------------------------------ what the engine reads at CS rise

    NorCommand command() {
        return cmd;
    }

    long address() {
        return address;
    }

    boolean parsed() {
        return parsed;
    }

    long dataLength() {
        return dataLen;
    }

    long startPicos() {
        return txStart;
    }

    /** The page image collected by a program (FFh = untouched bytes). */
    byte[] pageImage() {
        return pageBuf;
    }

    /** The first bytes of a register write's data phase. */
    byte[] registerData() {
        return regBuf;
    }

    /** Registers a register command acts on; for addressed registers (Macronix CR2) the one at the address. */
    int[] targetRegisters() {
        if (cmd.addr == null || cmd.regs.length == 0 || regs.spec(cmd.regs[0]).address() == null) return cmd.regs;
        for (int r : cmd.regs) if (regs.spec(r).addressValue() == address) return new int[] {r};
        return new int[0];
    }

    /** A wrong-protocol instruction too short to be one, reported only if the transaction goes on. */
    private String pendingWarning;

    boolean selected() {
        return selected;
    }

    // ------------------------------------------------------------------ phases

    void select(long now) {
        resetTx();
        if (!state.powered) return;
        selected = true;
        journal.counters.transactions++;
        txStart = now;
        if (state.xipCmd != null && !state.deepPowerDown) {
            cmd = state.xipCmd;
            continuousTx = true;
        }
    }

    void instruction(int opcode, int bytes, PhaseFormat format) {
        if (!selected || ignored) return;
        if (cmd != null) { // e.g. continuous-read mode: the part clocks these bits in as address
            feed(opcode, bytes, format);
            return;
        }
        decode(opcode, bytes, format);
    }

    void address(long value, int bytes, PhaseFormat format) {
        warnIfPending();
        if (!selected || ignored) return;
        if (cmd == null) {
            if (allOnes(value, bytes)) {
                // All ones on the lines with no instruction is the recovery sequence that ends a
                // continuous-read (0-4-4) mode (JESD216 BFPT 15th DWORD, "exit 0-4-4 mode": drive
                // FFh on the I/O lines); a part not in that mode ignores it, and firmware sends it
                // at start-up on purpose, so it is no mistake to warn about.
                ignored = true;
                journal.counters.ignoredCommands++;
                return;
            }
            ignore("address phase without instruction");
            return;
        }
        feed(value, bytes, format);
    }

    void dummy(int cycles) {
        if (cycles > 0) warnIfPending();
        if (!selected || ignored || cmd == null) return;
        inHalfClocks += 2 * cycles;
    }

    /** Whether the last read phase was driven by the part (see {@link io.xipkit.peripherals.xspi.XspiTarget#lastReadDriven()}). */
    boolean lastReadDriven() {
        return driven;
    }

    /** The part does not drive its outputs: the bytes read as pulled up unless the board says otherwise. */
    private void undriven(byte[] dst, int off, int len) {
        driven = false;
        Arrays.fill(dst, off, off + len, (byte) 0xFF);
    }

    void read(byte[] dst, int off, int len, PhaseFormat format) {
        warnIfPending();
        if (!selected || ignored || cmd == null || !checkData(format)) {
            undriven(dst, off, len);
            return;
        }
        if (!parsed) parse();
        if (ignored) {
            undriven(dst, off, len);
            return;
        }
        driven = true;
        dataLen += len;
        switch (cmd.kind) {
            case READ -> readArray(dst, off, len);
            case READ_SFDP -> readStream(sfdp, address & 0xFFFF, false, dst, off, len);
            case READ_ID, RELEASE_POWER_DOWN -> readStream(cmd.id == null ? new byte[0] : cmd.id, 0,
                    cmd.kind == Kind.RELEASE_POWER_DOWN, dst, off, len);
            case READ_REGISTER -> {
                engine.refreshStatus();
                int[] rs = targetRegisters();
                if (rs.length == 0) {
                    undriven(dst, off, len);
                    return;
                }
                readStream(regs.bytes(rs[0]), 0, true, dst, off, len);
            }
            default -> {
                journal.warn("read phase on " + cmd.label() + ", which outputs nothing");
                undriven(dst, off, len);
            }
        }
    }

    void write(byte[] src, int off, int len, PhaseFormat format) {
        warnIfPending();
        if (!selected || ignored || cmd == null || !checkData(format)) return;
        if (!parsed) parse();
        if (ignored) return;
        switch (cmd.kind) {
            case PROGRAM -> {
                for (int i = 0; i < len; i++) programByte(src[off + i]);
            }
            case WRITE_REGISTER -> {
                for (int i = 0; i < len; i++) {
                    if (dataLen < regBuf.length) regBuf[(int) dataLen] = src[off + i];
                    dataLen++;
                }
            }
            default -> journal.warn("data written to " + cmd.label() + ", which takes none: ignored");
        }
    }

    void deselect() {
        if (!selected) return;
        selected = false;
        decideContinuousRead();
        if (cmd != null && !ignored) {
            if (!parsed) parse();
            if (!ignored) engine.execute(this);
        }
        resetTx();
    }

    /** See {@link io.xipkit.peripherals.xspi.XspiTarget#directRead}. */
    DirectRead directRead(ReadCommand rc) {
        if (!state.powered || state.deepPowerDown || engine.busy() || engine.hasSuspended() || selected) return null;
        NorCommand c;
        if (rc.instructionBytes() == 0) {
            if (state.xipCmd == null) return null;
            c = state.xipCmd;
        } else {
            if (state.xipCmd != null) return null;
            c = commands.lookup(state.protocol, regs.dtrProtocol(), rc.opcode());
            if (c == null || !c.inst.equals(rc.instructionFormat()) || c.opcodeBytes != rc.instructionBytes()) return null;
        }
        if (c.kind != Kind.READ || (c.needsQuadEnable() && !regs.quadEnabled())) return null;
        if (c.wrapLength() != 0) return null; // a wrapping read is not a linear view of the array
        if (!c.addr.equals(rc.addressFormat()) || rc.addressBytes() != c.addressBytes(state.addr4) || !c.data.equals(rc.dataFormat())) return null;
        if (xip.confirmsInFirstDummyClock(c)) {
            int altClocks = 0;
            int sample = 1;
            if (rc.alternateBytes() != 0) {
                if (!rc.alternateFormat().equals(c.addr)) return null;
                altClocks = rc.alternateBytes() * 8 / rc.alternateFormat().bitsPerClock();
                sample = (int) (rc.alternate() >>> (8 * rc.alternateBytes() - c.addr.lines())) & 1;
            }
            if (xip.keeps(sample) != (rc.instructionBytes() == 0)) return null;
            if (altClocks + rc.dummyCycles() != c.dummyCycles()) return null;
            return new DirectRead(array, 0, size, state.generation, stamps);
        }
        int modeBytes = c.modeBytes();
        if (modeBytes == 0) {
            if (rc.alternateBytes() != 0) return null;
        } else {
            if (rc.alternateBytes() != modeBytes || !rc.alternateFormat().equals(c.addr)) return null;
            boolean keeps = xip.keeps((int) (rc.alternate() & 0xFF));
            if (keeps != (rc.instructionBytes() == 0)) return null; // the read would change the mode
        }
        if (rc.dummyCycles() != c.dummyCycles()) return null;
        return new DirectRead(array, 0, size, state.generation, stamps);
    }

    // ------------------------------------------------------------------ decoding

    private void decode(int opcode, int bytes, PhaseFormat format) {
        Protocol protocol = state.protocol;
        PhaseFormat expected = NorCommandSet.instructionFormat(protocol);
        int expectedBytes = NorCommandSet.opcodeBytes(protocol);
        if (!format.equals(expected) || bytes != expectedBytes) {
            String why = String.format("instruction %Xh sent as %d byte(s) on %s lines while the part is in %s mode: ignored",
                    opcode, bytes, format, protocol);
            if (bytes * 8 / format.bitsPerClock() < expectedBytes * 8 / expected.bitsPerClock()) {
                // Fewer clocks than the part needs for an instruction: if chip select rises now the
                // part has received no command at all (ST's BSP resets its chips this way in every
                // protocol, on purpose). Only when the transaction goes on does the part clock the
                // later phases in as a garbled instruction: then it is worth a warning.
                ignored = true;
                journal.counters.ignoredCommands++;
                pendingWarning = why;
                return;
            }
            ignore(why);
            return;
        }
        if (state.deepPowerDown) {
            NorCommand c = commands.lookup(protocol, regs.dtrProtocol(), opcode);
            if (c == null || c.kind != Kind.RELEASE_POWER_DOWN) {
                ignore(String.format("instruction %Xh in deep power-down: ignored", opcode));
                return;
            }
        }
        int plainOp = bytes == 2 ? (opcode >>> 8) & 0xFF : opcode & 0xFF;
        if (engine.busy() && !commands.acceptedWhileBusy(plainOp)) {
            ignore(String.format("instruction %Xh while busy: ignored", opcode),
                    String.format("instruction %Xh while busy (until %d ps): ignored", opcode, engine.busyUntil()));
            return;
        }
        NorCommand c = commands.lookup(protocol, regs.dtrProtocol(), opcode);
        if (c == null) {
            ignore(String.format("unknown instruction %Xh in %s mode: ignored", opcode, protocol));
            state.resetEnabled = false;
            return;
        }
        if (c.kind == Kind.RESET && !state.resetEnabled) {
            ignore("Reset (" + c.spec.op() + "h) not preceded by Enable Reset: ignored");
            return;
        }
        if (c.kind != Kind.RESET_ENABLE) state.resetEnabled = false;
        if (c.needsQuadEnable() && !regs.quadEnabled()) {
            ignore(c.label() + " while QE=0: ignored (IO2/IO3 are /WP and /HOLD)");
            return;
        }
        cmd = c;
    }

    private void feed(long value, int bytes, PhaseFormat format) {
        PhaseFormat expected = cmd.addr != null ? cmd.addr : cmd.inst;
        if (format.dtr() != expected.dtr()) {
            ignore(String.format("%s (%sh) expects address/mode at %s rate, got %s: command garbled, ignored",
                    cmd.spec.name(), cmd.spec.op(), expected.dtr() ? "DTR" : "STR", format.dtr() ? "DTR" : "STR"));
            return;
        }
        int cl = format.lines();
        int pl = expected.lines();
        if (cl == pl) {
            for (int i = bytes - 1; i >= 0; i--) pushBits((int) (value >>> (8 * i)) & 0xFF, 8);
        } else {
            // The part samples its own lines each clock; lines the controller does not drive float high.
            journal.warn(String.format("%s (%sh): address/mode clocked on %d line(s), part samples %d", cmd.spec.name(), cmd.spec.op(), cl, pl));
            int clocks = bytes * 8 / cl;
            for (int c = clocks - 1; c >= 0; c--) {
                int v = (int) (value >>> (c * cl)) & ((1 << cl) - 1);
                int sample = 0;
                for (int j = 0; j < pl; j++) sample |= (j < cl ? (v >>> j) & 1 : 1) << j;
                pushBits(sample, pl);
            }
        }
        inHalfClocks += bytes * 16 / format.bitsPerClock();
    }

    private void pushBits(int v, int n) {
        acc = (acc << n) | (v & ((1 << n) - 1));
        accBits += n;
        while (accBits >= 8) {
            accBits -= 8;
            if (inLen < in.length) in[inLen++] = (byte) (acc >>> accBits);
        }
        acc &= (1L << accBits) - 1;
    }

    private boolean checkData(PhaseFormat format) {
        if (cmd.data == null) {
            if (cmd.kind == Kind.READ_REGISTER || cmd.kind == Kind.READ_ID) return true;
            journal.warn(cmd.label() + " has no data phase: data ignored");
            return false;
        }
        if (!format.equals(cmd.data)) {
            ignore(String.format("%s (%sh) transfers data on %s lines, controller used %s: garbled, ignored",
                    cmd.spec.name(), cmd.spec.op(), cmd.data, format));
            return false;
        }
        return true;
    }

    /** Interprets what was clocked in before the data phase with the part's own expectation. */
    private void parse() {
        parsed = true;
        int a = cmd.addressBytes(state.addr4);
        int m = cmd.modeBytes();
        int d = cmd.dummyCycles();
        PhaseFormat af = cmd.addr != null ? cmd.addr : cmd.inst;
        int expectedHalf = (a + m) * 16 / af.bitsPerClock() + 2 * d;
        // A register write whose address bits the part ignores (Winbond 77h: 24 don't-care bits)
        // may get them as dummy clocks; only the clock count matters to the part.
        boolean dontCareAddress = cmd.kind == Kind.WRITE_REGISTER && inHalfClocks == expectedHalf
                && (cmd.regs.length == 0 || regs.spec(cmd.regs[0]).address() == null);
        if (inLen < a && cmd.kind != Kind.PROGRAM && !dontCareAddress) {
            if (cmd.kind != Kind.ERASE || inLen == 0) {
                journal.warn(String.format("%s (%sh): %d address byte(s) received, part expects %d", cmd.spec.name(), cmd.spec.op(), inLen, a));
            }
            if (cmd.kind == Kind.ERASE) {
                ignored = true;
                return;
            }
        }
        long adr = 0;
        for (int i = 0; i < a; i++) adr = (adr << 8) | (i < inLen ? in[i] & 0xFF : 0xFF);
        address = adr;
        if (cmd.kind == Kind.READ) wrapLen = cmd.wrapLength();
        if (cmd.data != null) {
            long shiftHalf = inHalfClocks - expectedHalf;
            shiftBits = shiftHalf * cmd.data.bitsPerClock() / 2;
            if (shiftBits != 0 && (cmd.kind == Kind.READ || cmd.kind == Kind.READ_SFDP)) {
                journal.warn(String.format("%s (%sh): controller clocked %d half-cycles before data, part expects %d: data shifted by %d bits",
                        cmd.spec.name(), cmd.spec.op(), inHalfClocks, expectedHalf, shiftBits));
            }
        }
        if (cmd.kind == Kind.PROGRAM) {
            // Bytes beyond the address the controller sent before the data phase are data to the part.
            int extra = inLen - a;
            if (extra < 0) {
                journal.warn(String.format("%s (%sh): %d address byte(s) received, part expects %d", cmd.spec.name(), cmd.spec.op(), inLen, a));
                ignored = true;
                return;
            }
            Arrays.fill(pageBuf, (byte) 0xFF);
            dataLen = 0;
            for (int i = a; i < inLen; i++) programByte(in[i]);
        }
    }

    /**
     * The part latches the mode bits as they are clocked in, whatever happens to the rest of the
     * transaction (a garbled data phase does not undo them).
     */
    private void decideContinuousRead() {
        if (cmd == null || cmd.kind != Kind.READ || !xip.exists()) return;
        boolean dq0 = xip.confirmsInFirstDummyClock(cmd);
        if (cmd.modeClocks == 0 && !dq0) return;
        int a = cmd.addressBytes(state.addr4);
        if (inLen < a || (!dq0 && inLen == a)) return;
        if (ignored && !continuousTx) return; // garbled before the mode bits (e.g. QE=0, wrong lines)
        int sample;
        if (dq0) { // DQ0 in the first clock after the address; undriven lines read 1
            int lines = (cmd.addr != null ? cmd.addr : cmd.inst).lines();
            sample = inLen > a ? ((in[a] & 0xFF) >>> (8 - lines)) & 1 : 1;
        } else {
            sample = in[a] & 0xFF;
        }
        NorCommand before = state.xipCmd;
        state.xipCmd = xip.keeps(sample) ? cmd : null;
        if (before != state.xipCmd) state.generation++;
    }

    private void programByte(byte b) {
        int page = pageBuf.length;
        int pos = (int) ((address + dataLen) % page);
        pageBuf[pos] = b; // later bytes overwrite earlier ones within the page (datasheet: wrap to page start)
        dataLen++;
    }

    private static boolean allOnes(long value, int bytes) {
        long mask = bytes >= 8 ? -1L : (1L << (8 * bytes)) - 1;
        return (value & mask) == mask;
    }

    private void ignore(String why) {
        ignore(why, why);
    }

    private void ignore(String key, String why) {
        ignored = true;
        journal.counters.ignoredCommands++;
        journal.warn(key, why);
    }

    // ------------------------------------------------------------------ reads

    private void readArray(byte[] dst, int off, int len) {
        journal.counters.bytesRead += len;
        if (engine.hasSuspended()) {
            long a = streamAddress(streamPos);
            if (engine.inSuspendedErase(a, len)) {
                journal.warn("read inside the region whose erase is suspended",
                        String.format("read of %Xh inside the region whose erase is suspended: data undefined on the part", a));
            }
        }
        if (shiftBits == 0) {
            // Linear: the array is one window of its own size; wrapping: the aligned L-byte window.
            int window = wrapLen == 0 ? size : wrapLen;
            int base = (int) (address & sizeMask) & ~(window - 1);
            int pos = (int) ((address + streamPos) & (window - 1));
            streamPos += len;
            int done = 0;
            while (done < len) {
                int n = Math.min(len - done, window - pos);
                io.xipkit.bus.PageStamps.read(stamps, base + pos, n);
                System.arraycopy(array, base + pos, dst, off + done, n);
                done += n;
                pos = 0;
            }
            return;
        }
        for (int i = 0; i < len; i++) {
            long bit = (streamPos + i) * 8 + shiftBits;
            dst[off + i] = (byte) ((arrayBit(bit) << 8 | arrayBit(bit + 8)) >>> (8 - (int) Math.floorMod(bit, 8L)));
        }
        streamPos += len;
    }

    /** The 8 bits of the array stream starting at the byte containing {@code bit}; before the start: 1s. */
    private int arrayBit(long bit) {
        long byteIdx = Math.floorDiv(bit, 8L);
        if (byteIdx < 0) return 0xFF;
        int at = streamAddress(byteIdx);
        io.xipkit.bus.PageStamps.read(stamps, at, 1);
        return array[at] & 0xFF;
    }

    /**
     * Array address of byte {@code idx} of the current read's stream: linear (wrapping at the end of
     * the array) or, for a wrapping read, inside the aligned window holding the start address.
     */
    private int streamAddress(long idx) {
        if (wrapLen == 0) return (int) ((address + idx) & sizeMask);
        long start = address & sizeMask;
        return (int) ((start & ~(long) (wrapLen - 1)) | ((start + idx) & (wrapLen - 1)));
    }

    private void readStream(byte[] src, long start, boolean repeat, byte[] dst, int off, int len) {
        for (int i = 0; i < len; i++) {
            long bit = (streamPos + i) * 8 + shiftBits;
            int hi = streamByte(src, start, repeat, Math.floorDiv(bit, 8L));
            int lo = streamByte(src, start, repeat, Math.floorDiv(bit, 8L) + 1);
            int sh = (int) Math.floorMod(bit, 8L);
            dst[off + i] = (byte) (((hi << 8) | lo) >>> (8 - sh));
        }
        streamPos += len;
    }

    private static int streamByte(byte[] src, long start, boolean repeat, long idx) {
        if (idx < 0 || src.length == 0) return 0xFF;
        long p = start + idx;
        if (repeat) p %= src.length;
        return p < src.length ? src[(int) p] & 0xFF : 0xFF;
    }

    /** The transaction went on past a short instruction in the wrong protocol: now it is a garbled command. */
    private void warnIfPending() {
        if (pendingWarning == null) return;
        journal.warn(pendingWarning);
        pendingWarning = null;
    }

    private void resetTx() {
        pendingWarning = null;
        selected = false;
        cmd = null;
        ignored = false;
        continuousTx = false;
        inLen = 0;
        inHalfClocks = 0;
        acc = 0;
        accBits = 0;
        parsed = false;
        address = 0;
        shiftBits = 0;
        streamPos = 0;
        dataLen = 0;
        wrapLen = 0;
    }
}
