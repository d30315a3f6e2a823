package io.xipkit.devices.nor;

import io.xipkit.devices.nor.NorChip.Protocol;
import io.xipkit.devices.nor.NorPart.Kind;
import io.xipkit.time.Clock;

/**
 * What the part does at chip-select rising edge and over virtual time: programs, erases and
 * non-volatile register writes with their busy periods, suspend/resume, mode switches, software
 * reset, power loss (planned or immediate) with the partial state it leaves, power-up.
 *
 * <p>Nothing is scheduled: an operation gets its end instant from the catalog timing, and every
 * entry point of the chip first {@link #settle() settles} against the clock, committing what has
 * ended. Content changes are committed at the end because the part ignores reads while busy.
 */
final class NorOperationEngine {
    /** A running or suspended program, erase or register write. */
    private static final class Op {
        final long index;
        final Kind kind;
        final String name;
        final int opcode;
        final long addr;
        final long len;
        final byte[] data; // program: page image (FFh = untouched)
        long start;
        long end;
        double progressAtSuspend;
        long remaining;

        Op(long index, Kind kind, String name, int opcode, long addr, long len, byte[] data, long start, long end) {
            this.index = index;
            this.kind = kind;
            this.name = name;
            this.opcode = opcode;
            this.addr = addr;
            this.len = len;
            this.data = data;
            this.start = start;
            this.end = end;
        }
    }

    private final NorPart part;
    private final long size;
    private final long sizeMask;
    private final Clock clock;
    private final NorModeState state;
    private final NorRegisters regs;
    private final NorProtection protection;
    private final NorCommandSet commands;
    private final ContinuousReadRule xip;
    private final NorTiming timing;
    private final NorCellArray cells;
    private final NorJournal journal;

    private long busyUntil;
    private io.xipkit.bus.FlashOperationObserver observer = io.xipkit.bus.FlashOperationObserver.NONE;
    private Op op;        // running program/erase/register write
    private Op suspended; // suspended program/erase

    // Power cut plan.
    private long cutAt = Long.MAX_VALUE;
    private long cutOpIndex = -1;
    private double cutFraction;

    NorOperationEngine(NorPart part, Clock clock, NorModeState state, NorRegisters regs, NorCommandSet commands,
                       ContinuousReadRule xip, NorTiming timing, NorCellArray cells, NorJournal journal) {
        this.part = part;
        this.size = part.sizeBytes();
        this.sizeMask = size - 1;
        this.clock = clock;
        this.state = state;
        this.regs = regs;
        this.protection = new NorProtection(part, regs);
        this.commands = commands;
        this.xip = xip;
        this.timing = timing;
        this.cells = cells;
        this.journal = journal;
    }

    void setOperationObserver(io.xipkit.bus.FlashOperationObserver observer) {
        this.observer = observer == null ? io.xipkit.bus.FlashOperationObserver.NONE : observer;
    }

    /** Tells the observer of a program or erase before it changes the cells (it commits at its end). */
    private void observe(io.xipkit.bus.FlashOperation.Kind kind, long addr, long len, byte[] result, long now, long end) {
        // What an operation leaves depends on what it programs over (or erases: the wear): a read.
        if (kind != io.xipkit.bus.FlashOperation.Kind.REGISTER) io.xipkit.bus.PageStamps.read(cells.stamps(), addr, len);
        observer.starting(new io.xipkit.bus.FlashOperation(kind, addr, len, now, end, result));
    }

    // ------------------------------------------------------------------ queries

    boolean busy() {
        return clock.nowPicos() < busyUntil;
    }

    long busyUntil() {
        return busyUntil;
    }

    /** The first instant at which time alone can change the status: busy end, operation end, armed power cut. */
    long statusStableUntil() {
        long t = cutAt;
        if (busy()) t = Math.min(t, busyUntil);
        if (op != null) t = Math.min(t, op.end);
        return t;
    }

    boolean hasSuspended() {
        return suspended != null;
    }

    /** Whether a suspended erase covers any of [addr, addr + len): reads there are undefined on the part. */
    boolean inSuspendedErase(long addr, long len) {
        return suspended != null && (suspended.kind == Kind.ERASE || suspended.kind == Kind.CHIP_ERASE)
                && addr < suspended.addr + suspended.len && addr + len > suspended.addr;
    }

    /** Writes the computed status bits into the register file. */
    void refreshStatus() {
        regs.refreshStatus(busy(), state.wel, suspended == null ? null : suspended.kind, state.addr4, state.protectionError);
    }

    // ------------------------------------------------------------------ time and power

    /** Commits what virtual time has completed; applies an armed power cut. */
    void settle() {
        long now = clock.nowPicos();
        long horizon = Math.min(now, cutAt);
        if (op != null && op.end <= horizon) complete(op);
        if (state.powered && now >= cutAt) {
            long t = cutAt;
            cutAt = Long.MAX_VALUE;
            cut(t);
        }
        if (busyUntil != 0 && now >= busyUntil && op == null) {
            busyUntil = 0;
            state.generation++;
        }
    }

    void powerCut() {
        if (state.powered) cut(clock.nowPicos());
    }

    void armPowerCutAt(long picos) {
        cutAt = picos;
        cutOpIndex = -1;
    }

    void armPowerCutDuringOperation(long index, double fraction) {
        if (fraction < 0 || fraction > 1) throw new IllegalArgumentException("fraction must be within [0, 1]");
        cutOpIndex = index;
        cutFraction = fraction;
        cutAt = Long.MAX_VALUE;
    }

    void powerOn() {
        if (state.powered) return;
        state.powered = true;
        powerUpState();
        state.generation++;
        journal.log("POWER_ON", -1, -1, 0, clock.nowPicos(), clock.nowPicos(), "ok");
    }

    void powerUpState() {
        volatileReset();
        state.deepPowerDown = false;
    }

    /** What a power cycle or software reset returns to: volatile bits from their non-volatile copies. */
    private void volatileReset() {
        regs.resetVolatile();
        state.wel = false;
        state.volatileWel = false;
        state.resetEnabled = false;
        state.protectionError = false;
        state.protocol = Protocol.SPI;
        state.addr4 = part.addressing().equals("4") || part.powerUp4Byte()
                // Micron NVCR bit 0: 0 selects 4-byte addressing at power-up and reset.
                || (part.switchableAddressing() && regs.addrNv3Byte != null && regs.addrNv3Byte.get() == 0);
        state.xipCmd = null;
        state.protocol = regs.protocolSelected(state.protocol);
        state.xipCmd = xip.powerUpCommand(commands, state.protocol, regs.dtrProtocol());
    }

    private void complete(Op o) {
        switch (o.kind) {
            case PROGRAM -> cells.program(o.addr, o.data);
            case ERASE, CHIP_ERASE -> cells.erase(o.addr, o.len);
            default -> { }
        }
        state.wel = false;
        op = null;
        busyUntil = 0;
        state.generation++;
    }

    private void cut(long t) {
        if (op != null && t < op.end) abortPartially(op, t);
        else if (op != null) complete(op);
        if (suspended != null) abortPartially(suspended, -1);
        op = null;
        suspended = null;
        state.powered = false;
        journal.counters.powerCuts++;
        volatileReset();
        busyUntil = 0;
        state.generation++;
        journal.log("POWER_CUT", -1, -1, 0, t, t, "ok");
    }

    /**
     * State an interrupted operation leaves (at {@code t}, or at its suspension if {@code t < 0}):
     * the share of its change that lands grows with the fraction of the operation that ran.
     */
    private void abortPartially(Op o, long t) {
        double f = t < 0 ? o.progressAtSuspend : (double) (t - o.start) / Math.max(1, o.end - o.start);
        f = Math.max(0, Math.min(1, f));
        switch (o.kind) {
            case PROGRAM -> cells.programPartially(o.addr, o.data, f);
            case ERASE, CHIP_ERASE -> cells.erasePartially(o.addr, o.len, f);
            default -> { }
        }
        journal.log("ABORTED " + o.name, o.opcode, o.addr, o.len, o.start, t < 0 ? o.start : t,
                String.format("interrupted at %.3f of its duration", f));
    }

    private void armCutIfPlanned(Op o) {
        if (o.index == cutOpIndex) {
            cutAt = o.start + Math.round(cutFraction * (o.end - o.start));
            cutOpIndex = -1;
        }
    }

    // ------------------------------------------------------------------ execution at CS rising edge

    /** Runs the command a completed transaction carried. */
    void execute(NorPhaseDecoder tx) {
        long now = clock.nowPicos();
        NorCommand c = tx.command();
        switch (c.kind) {
            case READ -> {
                journal.counters.reads++;
                journal.log(c.spec.name(), c.opcode, tx.address() & sizeMask, tx.dataLength(), tx.startPicos(), now,
                        state.xipCmd != null ? "ok, continuous-read mode" : "ok");
            }
            case READ_SFDP, READ_ID, READ_REGISTER -> {
                journal.counters.reads++;
                if (c.kind != Kind.READ_REGISTER) journal.log(c.spec.name(), c.opcode, tx.address(), tx.dataLength(), tx.startPicos(), now, "ok");
            }
            case WRITE_ENABLE -> state.wel = true;
            case VOLATILE_WRITE_ENABLE -> state.volatileWel = true;
            case WRITE_DISABLE -> {
                state.wel = false;
                state.volatileWel = false;
            }
            case WRITE_REGISTER -> writeRegisters(c, tx, now);
            case PROGRAM -> startProgram(c, tx, now);
            case ERASE -> startErase(c, tx, now, (tx.address() & sizeMask) & ~(c.spec.eraseSize() - 1), c.spec.eraseSize(), Kind.ERASE);
            case CHIP_ERASE -> startErase(c, tx, now, 0, size, Kind.CHIP_ERASE);
            case ENTER_QPI, EXIT_QPI -> {
                if (c.spec.wel() && !requireWel(c, tx)) return;
                state.protocol = c.kind == Kind.ENTER_QPI ? Protocol.QPI : Protocol.SPI;
                if (regs.qpiN != null) { // Micron: 35h/F5h write EVCR bit 7; bit 6 may still select dual
                    regs.qpiN.set(c.kind == Kind.ENTER_QPI ? 0 : 1);
                    state.protocol = regs.protocolSelected(state.protocol);
                }
                state.generation++;
                journal.log(c.spec.name(), c.opcode, -1, 0, now, now, "ok, now " + state.protocol);
            }
            case ENTER_4B, EXIT_4B -> {
                if (c.spec.wel() && !requireWel(c, tx)) return;
                state.addr4 = c.kind == Kind.ENTER_4B;
                if (c.spec.wel()) state.wel = false;
                state.generation++;
                journal.log(c.spec.name(), c.opcode, -1, 0, now, now, "ok");
            }
            case RESET_ENABLE -> state.resetEnabled = true;
            case RESET -> softReset(c, now);
            case DEEP_POWER_DOWN -> {
                state.deepPowerDown = true;
                state.xipCmd = null;
                state.generation++;
                journal.log(c.spec.name(), c.opcode, -1, 0, now, now + timing.duration("deepPowerDown"), "ok");
            }
            case RELEASE_POWER_DOWN -> {
                if (state.deepPowerDown) {
                    state.deepPowerDown = false;
                    busyUntil = now + timing.duration("releasePowerDown");
                    state.generation++;
                    journal.log(c.spec.name(), c.opcode, -1, 0, now, busyUntil, "ok");
                }
            }
            case SUSPEND -> suspend(c, now);
            case RESUME -> resume(c, now);
            case CLEAR_FLAGS -> {
                state.protectionError = false;
                journal.log(c.spec.name(), c.opcode, -1, 0, now, now, "ok");
            }
            case MODE_RESET -> {
                if (state.xipCmd != null) state.generation++;
                state.xipCmd = null;
            }
        }
    }

    private boolean requireWel(NorCommand c, NorPhaseDecoder tx) {
        if (state.wel) return true;
        ignoredLogged(c, tx, "WEL=0: ignored");
        return false;
    }

    private void ignoredLogged(NorCommand c, NorPhaseDecoder tx, String why) {
        long now = clock.nowPicos();
        journal.counters.ignoredCommands++;
        journal.warn(c.label() + ": " + why);
        journal.log(c.spec.name(), c.opcode, tx.parsed() ? tx.address() : -1, tx.dataLength(), now, now, why);
    }

    private void writeRegisters(NorCommand c, NorPhaseDecoder tx, long now) {
        // Set Read Parameters (C0h) writes a volatile register without write enable (Winbond/GigaDevice QPI parts).
        boolean vol = state.volatileWel || c.spec.noWriteEnable();
        state.volatileWel = false;
        if (!state.wel && !vol && !c.spec.nonVolatileWithoutWriteEnable()) {
            ignoredLogged(c, tx, "WEL=0: ignored");
            return;
        }
        long dataLen = tx.dataLength();
        if (dataLen == 0) {
            ignoredLogged(c, tx, "no data: ignored");
            return;
        }
        boolean anyNv = false;
        int b = 0;
        int[] targets = tx.targetRegisters();
        if (targets.length == 0) {
            ignoredLogged(c, tx, String.format("no register at address %Xh: ignored", tx.address()));
            return;
        }
        byte[] data = tx.registerData();
        for (int r : targets) {
            int bytes = regs.spec(r).bytes();
            if (b + bytes > dataLen) break; // the part latches only complete registers
            long v = 0;
            for (int i = 0; i < bytes; i++) v |= (long) (data[b + i] & 0xFF) << (8 * i);
            b += bytes;
            anyNv |= regs.latch(r, v, vol);
        }
        journal.counters.registerWrites++;
        state.protocol = regs.protocolSelected(state.protocol);
        state.generation++;
        if (anyNv) {
            // The non-volatile image is stored now; tell the observer first so it can keep the old one.
            observe(io.xipkit.bus.FlashOperation.Kind.REGISTER, 0, io.xipkit.bus.NonVolatileMemory.REGISTER_IMAGE_BYTES, null,
                    now, now + timing.duration("writeStatus"));
            regs.save();
            long end = now + timing.duration("writeStatus");
            op = new Op(journal.nextIndex(), Kind.WRITE_REGISTER, c.spec.name(), c.opcode, -1, dataLen, null, now, end);
            busyUntil = end;
            journal.log(c.spec.name(), c.opcode, -1, dataLen, now, end, "ok");
            armCutIfPlanned(op);
        } else {
            if (!vol) state.wel = false;
            journal.log(c.spec.name(), c.opcode, -1, dataLen, now, now, "ok (volatile)");
        }
    }

    private void startProgram(NorCommand c, NorPhaseDecoder tx, long now) {
        if (!state.wel) {
            ignoredLogged(c, tx, "WEL=0: ignored");
            return;
        }
        long dataLen = tx.dataLength();
        if (dataLen == 0) {
            ignoredLogged(c, tx, "no data: ignored");
            state.wel = false;
            return;
        }
        byte[] pageBuf = tx.pageImage();
        long page = (tx.address() & sizeMask) & ~(long) (pageBuf.length - 1);
        if (protection.covers(page, pageBuf.length) || inSuspendedRegion(page, pageBuf.length)) {
            protectionFailure(c, page, dataLen);
            return;
        }
        long end = now + timing.program((int) Math.min(dataLen, pageBuf.length));
        observe(io.xipkit.bus.FlashOperation.Kind.PROGRAM, page, pageBuf.length,
                io.xipkit.bus.FlashOperation.programmed(cells.array(), page, pageBuf), now, end);
        op = new Op(journal.nextIndex(), Kind.PROGRAM, c.spec.name(), c.opcode, page, pageBuf.length, pageBuf.clone(), now, end);
        busyUntil = end;
        journal.counters.programs++;
        journal.counters.bytesProgrammed += Math.min(dataLen, pageBuf.length);
        state.generation++;
        journal.log(c.spec.name(), c.opcode, tx.address() & sizeMask, dataLen, now, end, "started");
        armCutIfPlanned(op);
    }

    private boolean inSuspendedRegion(long addr, long len) {
        return suspended != null && addr < suspended.addr + suspended.len && addr + len > suspended.addr;
    }

    private void startErase(NorCommand c, NorPhaseDecoder tx, long now, long addr, long len, Kind kind) {
        if (!state.wel) {
            ignoredLogged(c, tx, "WEL=0: ignored");
            return;
        }
        if (suspended != null) {
            ignoredLogged(c, tx, "erase while an operation is suspended: ignored");
            return;
        }
        boolean prot = kind == Kind.CHIP_ERASE ? protection.any() : protection.covers(addr, len);
        if (prot) {
            protectionFailure(c, addr, tx.dataLength());
            return;
        }
        String t = kind == Kind.CHIP_ERASE ? "chipErase" : timing.eraseTiming(len);
        long end = now + timing.duration(t);
        observe(io.xipkit.bus.FlashOperation.Kind.ERASE, addr, len, io.xipkit.bus.FlashOperation.erased(len), now, end);
        op = new Op(journal.nextIndex(), kind, c.spec.name(), c.opcode, addr, len, null, now, end);
        busyUntil = end;
        journal.counters.erases++;
        journal.counters.bytesErased += len;
        state.generation++;
        journal.log(c.spec.name(), c.opcode, addr, len, now, end, "started");
        armCutIfPlanned(op);
    }

    private void protectionFailure(NorCommand c, long addr, long dataLen) {
        if (regs.protErr != null) { // Micron: flag status bit 1 set, WEL cleared
            state.protectionError = true;
            state.wel = false;
        }
        journal.counters.ignoredCommands++;
        journal.warn(c.label() + " in a protected region",
                String.format("%s (%sh) at %Xh: protected region, ignored", c.spec.name(), c.spec.op(), addr));
        long now = clock.nowPicos();
        journal.log(c.spec.name(), c.opcode, addr, dataLen, now, now, "protected: ignored");
    }

    private void suspend(NorCommand c, long now) {
        if (op == null || now >= busyUntil || (op.kind != Kind.PROGRAM && op.kind != Kind.ERASE)) {
            long t = clock.nowPicos();
            journal.log(c.spec.name(), c.opcode, -1, 0, t, t, "nothing to suspend: ignored");
            return;
        }
        long latency = timing.duration("suspend");
        long stopAt = Math.min(op.end, now + latency);
        op.progressAtSuspend = (double) (stopAt - op.start) / Math.max(1, op.end - op.start);
        op.remaining = op.end - stopAt;
        busyUntil = stopAt;
        if (op.remaining <= 0) return; // finishes within the latency: nothing left to suspend
        suspended = op;
        op = null;
        journal.counters.suspends++;
        state.generation++;
        journal.log(c.spec.name(), c.opcode, suspended.addr, suspended.len, now, stopAt, "suspended " + suspended.name);
    }

    private void resume(NorCommand c, long now) {
        if (suspended == null) return;
        op = suspended;
        suspended = null;
        // Progress is kept: the remaining time runs from now.
        long done = (long) (op.progressAtSuspend * (op.end - op.start));
        long total = op.end - op.start;
        op.start = now - done;
        op.end = now + op.remaining;
        if (op.end - op.start != total) op.start = op.end - total;
        busyUntil = op.end;
        state.generation++;
        journal.log(c.spec.name(), c.opcode, op.addr, op.len, now, op.end, "resumed " + op.name);
    }

    private void softReset(NorCommand c, long now) {
        // Micron gives the recovery per what the reset interrupts (tSHSL3: an idle part recovers
        // sooner than one whose program or erase is aborted); an entry with "resetIdle" states the
        // idle figure, the others take "reset" either way (Winbond tRST: no command for 30 us).
        boolean idle = (op == null || now >= op.end) && suspended == null;
        if (op != null && now < op.end) abortPartially(op, now);
        if (suspended != null) abortPartially(suspended, -1);
        op = null;
        suspended = null;
        volatileReset();
        busyUntil = now + timing.duration(idle && part.timings().containsKey("resetIdle") ? "resetIdle" : "reset");
        state.generation++;
        journal.log(c.spec.name(), c.opcode, -1, 0, now, busyUntil, "ok");
    }
}
