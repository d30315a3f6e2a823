package io.xipkit.cpu;

/**
 * Skips the iterations of a loop that polls a quiet register (issue 19, "cheap waiting"): firmware
 * spinning on {@code while (!(QUADSPI->SR & SMF)) { if (HAL_GetTick() - start > timeout) ... }}
 * executes the same instructions on the same values until the next scheduled event, so the core
 * may advance the instruction count and virtual time by whole iterations instead of executing them.
 *
 * <p>The proof, each time: a quiet read ({@link QuietReadListener}) returned the same value as the
 * previous read of that address, so the core stops at the next instruction boundary and runs one
 * iteration itself, instruction by instruction exactly as the run loop would, accepting only
 * <ul>
 * <li>register-only instructions ({@link BlockRole#PURE}, IT) and branches that stay in Thumb state
 *     and are no exception return, and
 * <li>loads into R0–R14 whose address is aligned, plain for the memory path (no PPB, MPU check,
 *     modelled cache or watchpoint) and quiet for the bus (memory on the fast path, or a register
 *     its peripheral declares quiet, {@code io.xipkit.bus.QuietReads});
 * </ul>
 * no store, no system instruction. When the PC is back where the iteration started and every
 * register and flag equals its value there, the state is a fixed point: nothing the loop reads can
 * change before the next scheduled event (the service checkpoint, which also bounds the
 * instruction and time budgets), so the next iterations would repeat this one exactly. The core
 * then adds k whole iterations (k × length instructions and cycles, one cycle per instruction as
 * the run loop counts) with k the most that end at or before the checkpoint; the run loop executes
 * the rest of the last iteration (at least one instruction: after a service the run loop executes one
 * before it compares with the checkpoint again) and serves the event at the very instruction boundary it would
 * have without the skip, so interrupts are taken at the same boundary.
 *
 * <p>A candidate that is no fixed point (a counter in the loop, a FIFO read) backs off: the next
 * candidates for that address are ignored, twice as many after each failure.
 *
 * <p>A loop that reads only memory ({@code while ((HAL_GetTick() - start) < delay) {}}, a flag an
 * interrupt handler sets) makes no quiet peripheral read to name it a candidate. For those, the
 * core also tries a proof after a service that leaves a long way to the next checkpoint
 * ({@link #worthTrying}): the tick or flag changes only in a handler, which runs after an event,
 * so a fixed point found there holds until then. The iteration tried is executed for real either
 * way, so a failed try costs a few interpreted instructions; tries back off per PC (slot) and, after
 * failures in a row, globally, so code that is no such loop pays almost nothing. No try is made
 * while a debugger has halting debug enabled: it may write RAM while the core runs (OpenOCD filling
 * the FIFO its flash algorithm polls), which no event announces.
 */
final class PollingLoop implements QuietReadListener {
    /** Longest iteration tried (instructions): HAL's flag wait with its tick check is about 15. */
    static final int MAX_ITERATION = 64;
    private static final int SLOTS = 8;
    private static final int MAX_BACKOFF = 1 << 12;

    private final Core core;
    private final MemoryPath memory;
    /** Per slot (address bits 2..4): the last quiet read's address and value, and candidates still to ignore. */
    private final int[] address = new int[SLOTS];
    private final int[] value = new int[SLOTS];
    private final boolean[] seen = new boolean[SLOTS];
    private final int[] ignore = new int[SLOTS];
    private final int[] backoff = new int[SLOTS];
    private int armedSlot;
    /** A candidate waits for the next instruction boundary. */
    private boolean armed;
    /** Inside {@link #atBoundary}: the loads of the iteration being proven are no new candidates. */
    private boolean proving;
    private boolean enabled = true;
    /** A try after a service is worth it only with room for this many cycles to skip. */
    static final int TRY_GAP = 1024;
    private static final int TRY_SLOTS = 64, MAX_GLOBAL_BACKOFF = 1 << 8;
    private final int[] tryPc = new int[TRY_SLOTS], tryIgnore = new int[TRY_SLOTS], tryBackoff = new int[TRY_SLOTS];
    /** Services left to pass before the next try, and how many the next failure makes it. */
    private int globalIgnore, globalBackoff;
    private final int[] before = new int[16];
    /** Iterations skipped and instructions they stood for since reset (for benchmarks and tests). */
    private long skips, skippedInstructions;

    PollingLoop(Core core, MemoryPath memory) {
        this.core = core;
        this.memory = memory;
    }

    @Override
    public void quietRead(int a, int v) {
        if (proving || !enabled) return;
        int slot = (a >>> 2) & (SLOTS - 1);
        if (seen[slot] && address[slot] == a && value[slot] == v) {
            if (ignore[slot] > 0) {
                ignore[slot]--;
            } else if (!armed) {
                armed = true;
                armedSlot = slot;
                core.requestService();
            }
            return;
        }
        seen[slot] = true;
        address[slot] = a;
        value[slot] = v;
    }

    /** Whether a candidate waits for {@link #atBoundary}. */
    boolean armed() {
        return armed;
    }

    void setEnabled(boolean on) {
        enabled = on;
        armed = false;
    }

    boolean enabled() {
        return enabled;
    }

    long skips() {
        return skips;
    }

    long skippedInstructions() {
        return skippedInstructions;
    }

    /**
     * At an instruction boundary with the service done (events run, exceptions taken, checkpoint
     * set): proves the loop is at a fixed point by running one iteration, then skips iterations.
     */
    void atBoundary(Op[][] decoded) {
        armed = false;
        int slot = armedSlot;
        int length = prove(decoded);
        if (length < 0) {
            backoff[slot] = Math.min(MAX_BACKOFF, Math.max(1, backoff[slot] * 2));
            ignore[slot] = backoff[slot];
            return;
        }
        if (length == 0) return;          // no verdict: the checkpoint came first
        backoff[slot] = 0;
        skip(length);
    }

    /** Skips whole iterations of {@code length} instructions, as many as end before the checkpoint. */
    private void skip(int length) {
        // The run loop executes one instruction after a service before it compares with the
        // checkpoint again: leave at least that one, or the event would be served a boundary late.
        long k = (core.serviceCheckpoint() - 1 - core.cycles) / length;
        if (k <= 0) return;
        core.cycles += k * length;
        core.instructions += k * length;
        skips += k;
        skippedInstructions += k * length;
    }

    /**
     * After a service with at least {@link #TRY_GAP} cycles to the checkpoint and no candidate
     * armed: whether to try a proof at this PC now (the back-offs allow it).
     */
    boolean worthTrying(long room) {
        if (!enabled || room < TRY_GAP) return false;
        if (globalIgnore > 0) {
            globalIgnore--;
            return false;
        }
        int slot = (core.pc >>> 1) & (TRY_SLOTS - 1);
        if (tryPc[slot] == core.pc && tryIgnore[slot] > 0) {
            tryIgnore[slot]--;
            return false;
        }
        return true;
    }

    /** The try {@link #worthTrying} allowed: one iteration proven from here, and the skip if it is a fixed point. */
    void tryHere(Op[][] decoded) {
        int pc = core.pc;
        int slot = (pc >>> 1) & (TRY_SLOTS - 1);
        int length = prove(decoded);
        if (length < 0) {
            if (tryPc[slot] != pc) {
                tryPc[slot] = pc;
                tryBackoff[slot] = 0;
            }
            tryBackoff[slot] = Math.min(MAX_BACKOFF, Math.max(1, tryBackoff[slot] * 2));
            tryIgnore[slot] = tryBackoff[slot];
            globalBackoff = Math.min(MAX_GLOBAL_BACKOFF, Math.max(1, globalBackoff * 2));
            globalIgnore = globalBackoff;
            return;
        }
        if (length == 0) return;
        tryBackoff[slot] = 0;
        tryIgnore[slot] = 0;
        globalBackoff = 0;
        skip(length);
    }

    /** {@link #proveOneIteration} with the quiet reads it makes taken as no new candidates. */
    private int prove(Op[][] decoded) {
        proving = true;
        try {
            return proveOneIteration(decoded);
        } finally {
            proving = false;
        }
    }

    /** One iteration from here: its length when it ends in the state it started from, 0 for no verdict, -1 if it is no fixed point. */
    private int proveOneIteration(Op[][] decoded) {
        final int[] r = core.r;
        System.arraycopy(r, 0, before, 0, 15);
        final int startPc = core.pc;
        final boolean n = core.n, z = core.z, c = core.c, v = core.v, q = core.q;
        final int ge = core.ge, it = core.itState;
        for (int count = 1; count <= MAX_ITERATION; count++) {
            if (core.cycles + 2 > core.serviceCheckpoint()) return 0;   // see atBoundary: one left for the run loop
            int pc = core.pc;
            Op[] page = decoded[pc >>> DecodeCache.PAGE_SHIFT];
            Op op = page == null ? null : page[(pc & 0xFFFF) >>> 1];
            if (op == null) return -1;
            r[15] = pc + 4;
            if (!harmless(op)) return -1;
            step(op);
            if (core.pc == startPc) {
                for (int i = 0; i < 15; i++) if (r[i] != before[i]) return -1;
                boolean same = core.n == n && core.z == z && core.c == c && core.v == v && core.q == q
                        && core.ge == ge && core.itState == it;
                return same ? count : -1;
            }
        }
        return -1;
    }

    /** One instruction as {@link Core#run} executes it (the op was checked: it cannot fault). */
    private void step(Op op) {
        Core k = core;
        k.nextPc = k.pc + op.size;
        int it = k.itState;
        k.curIt = it;
        if (it == 0) {
            op.exec(k);
        } else {
            k.itState = BlockRole.advance(it);
            if (k.conditionPassed(it >>> 4)) op.exec(k);
        }
        k.pc = k.nextPc;
        k.cycles++;
        k.instructions++;
    }

    /** Whether {@code op}, with the registers as they are, changes nothing but registers, flags and the PC. */
    private boolean harmless(Op op) {
        final int[] r = core.r;
        BlockRole role = BlockRole.of(op);
        if (role == BlockRole.PURE || role == BlockRole.IF_THEN) return true;
        if (op instanceof ControlOps.Jump || op instanceof ControlOps.CondBranch || op instanceof ControlOps.CompareBranch) {
            return true;
        }
        if (op instanceof ControlOps.Branch b) return !b.toItself;
        if (op instanceof ControlOps.BranchExchange b) {
            int target = r[b.rm];
            return (target & 1) != 0 && (target >>> 28) != 0xF;   // stays in Thumb state, no EXC_RETURN
        }
        if (op instanceof MemoryOps.LoadWordImm l) return quiet(r[l.rn] + l.offset, 4);
        if (op instanceof MemoryOps.SingleImm l) {
            return l.load && l.rt != 15 && quiet(l.index ? r[l.rn] + l.offset : r[l.rn], bytes(l.kind));
        }
        if (op instanceof MemoryOps.SingleReg l) {
            return l.load && l.rt != 15 && quiet(r[l.rn] + (r[l.rm] << l.shift), bytes(l.kind));
        }
        if (op instanceof MemoryOps.LoadLiteral l) return l.rt != 15 && quiet(l.address, bytes(l.kind));
        return false;
    }

    private static int bytes(int kind) {
        return kind == MemoryOps.WORD ? 4 : kind == MemoryOps.BYTE || kind == MemoryOps.SBYTE ? 1 : 2;
    }

    private boolean quiet(int a, int size) {
        return (a & (size - 1)) == 0 && memory.plainRead(a) && core.bus.quietRead(a, size);
    }
}
