package io.xipkit.cpu;

import io.xipkit.cpu.debug.DebugAccess;
import io.xipkit.cpu.debug.DebugAction;
import io.xipkit.cpu.debug.Fpb;
import io.xipkit.cpu.debug.HaltingDebug;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;

/**
 * An ARMv7E-M processor core (Cortex-M7 or Cortex-M4): on top of the architectural register state
 * ({@link CoreRegisters}), the fetch/decode/execute loop, reset ({@link ResetControl}), virtual time, and the system
 * around the core: exceptions, the System Control Space, the memory path ({@link MemoryPath},
 * {@link DecodeCache}) and halting debug ({@code cpu.debug}).
 *
 * <p>Speed: instructions are decoded once per address into {@link Op} objects kept in a
 * two-level table indexed by address; the loop does one table lookup, one virtual call and one
 * compare against the next "checkpoint" cycle per instruction. Everything rare (scheduled
 * events, pending exceptions, stop requests, the instruction budget) is folded into that single
 * checkpoint compare. Hot code runs as translated blocks ({@link CodeTranslator}) between the same
 * checkpoints, with the interpreter as the reference and the fallback.
 */
public final class Core extends CoreRegisters {
    // ---- configuration -------------------------------------------------------------------
    public final CoreVariant variant;
    public final Bus bus;

    // ---- system ----------------------------------------------------------------------------
    public final SystemControlSpace scs;
    public final ExceptionUnit exceptions;
    private Semihosting semihosting;

    // ---- debug (DDI 0403E part C1) ------------------------------------------------------------
    private final HaltingDebug debug;
    private final Fpb fpb;
    private final CoreDebugAccess debugAccess;
    /** Inside {@link #run}: a halt requested now waits for the next instruction boundary. */
    private boolean executing;
    /** Inside {@link #service}: scheduled events run between instructions, so they stall nothing. */
    private boolean servicing;

    // ---- memory path and decode cache ------------------------------------------------------------
    private static final int PAGE_SHIFT = DecodeCache.PAGE_SHIFT;
    private final MemoryPath memory;
    private final DecodeCache decodeCache;
    /** The decode table of the current fetch context (set by {@link MemoryPath#updateAccessContext}). */
    private Op[][] decoded;
    /**
     * For translated code's inline loads: per 64 KiB page, the array a plain aligned read in the
     * current access context is served from, or null (MPU, caches, watchpoints, peripherals, a
     * flash window out of memory-mapped mode: the ordinary way); byte {@code o} of page {@code p}
     * is {@code loadPages[p][pageIndex[p] + o]}. Set by {@link MemoryPath} ({@link #usePageTables});
     * never written by blocks. Each access context has tables of its own, the same arrays for the
     * core's life (filled again in place), which a block translated in that context holds as
     * constants.
     */
    public byte[][] loadPages;
    /** As {@link #loadPages}, for stores (also null near decoded instructions, which a store must drop). */
    public byte[][] storePages;
    /** See {@link #loadPages}. */
    public final int[] pageIndex;

    // ---- virtual time --------------------------------------------------------------------------
    public final Scheduler scheduler = new Scheduler();
    /** Cycles since reset; drives virtual time. */
    public long cycles;
    /** Instructions executed (or skipped by a failed condition) since reset. */
    public long instructions;
    private long checkpoint;
    private long instructionEnd = Long.MAX_VALUE;
    private long timeEndPicos = Long.MAX_VALUE;
    private final CycleClock time;
    private final Clock clock = this::nowPicos;

    // ---- run control -------------------------------------------------------------------------
    private StopReason stopReason;
    private StopReason pendingStop;
    /** WFI/WFE executed: sleep until an exception is pending (or an event, for WFE). */
    public boolean sleeping;
    public boolean eventRegister;
    private TraceListener trace;
    /** Translated code (null: interpret everything) and whether blocks may run until the next service. */
    private CodeTranslator translator;
    private boolean blocks;
    /** Set by a translated block returning null: the chain slot of the way it left by, or -1 ({@link TranslatedBlock}). */
    public int chainExit = -1;
    private final ResetControl resets;
    /** Skips the iterations of loops polling quiet registers (issue 19). */
    private final PollingLoop pollingLoop;

    public Core(CoreVariant variant, Bus bus, long clockHz) {
        this.variant = variant;
        this.bus = bus;
        this.time = new CycleClock(clockHz);
        boolean m7 = variant == CoreVariant.CORTEX_M7;
        this.debug = new HaltingDebug(new CoreDebugPort(this));
        this.fpb = m7 ? Fpb.cortexM7(this::debugConfigurationChanged) : Fpb.cortexM4(this::debugConfigurationChanged);
        this.debugAccess = new CoreDebugAccess(this);
        this.resets = new ResetControl(this, debugAccess);
        this.scs = new SystemControlSpace(this);
        this.exceptions = new ExceptionUnit(this);
        this.memory = new MemoryPath(this, bus, scs, new ThumbDecoder(variant), debug, fpb);
        this.decodeCache = memory.decodeCache;
        this.pageIndex = memory.pageIndex;
        debug.setTrcenaListener(() -> {
            scs.dwt().sync();
            debugConfigurationChanged();
        });
        resets.powerOnResetDebug(debug, fpb);
        bus.addCodeChangeListener((address, length) -> {
            if (length < 0) memory.memoryChangedEverywhere();
            else memory.memoryChanged(address, length);
        });
        scheduler.onDeadlineChange(this::requestService);
        this.pollingLoop = new PollingLoop(this, memory);
        bus.addQuietReadListener(pollingLoop);
    }

    // ================================================================================================
    // Reset and run
    // ================================================================================================

    /** Power-on reset: the debug components (CoreDebug, FPB, DWT, ITM) too, then {@link #reset()}. */
    public void powerOnReset() {
        resets.powerOnResetDebug(debug, fpb);
        reset();
    }

    /** System reset of the core (ARMv7-M TakeReset, DDI 0403E B1.5.5): see {@link ResetControl#coreReset}. */
    public void reset() {
        resets.coreReset();
    }

    /** Starts the core from the vector table at {@code vtor} as a part's boot logic does after reset. */
    public void bootFrom(int vtor) {
        resets.bootFrom(vtor);
    }

    /** The reset could not start (its vector table is unreadable): the run stops with {@code why}. */
    void lockup(StopReason.Lockup why) {
        stopReason = null;
        pendingStop = why;
        requestService();
    }

    /**
     * Runs until the program exits, faults unrecoverably, sleeps forever, or a budget runs out.
     *
     * @param maxInstructions instruction budget for this call (Long.MAX_VALUE for none)
     * @param maxPicos        virtual time at which to stop (Long.MAX_VALUE for none)
     */
    public StopReason run(long maxInstructions, long maxPicos) {
        stopReason = null;
        instructionEnd = maxInstructions == Long.MAX_VALUE ? Long.MAX_VALUE
                : saturatingAdd(instructions, maxInstructions);
        timeEndPicos = maxPicos;
        requestService();
        final int[] r = this.r;
        Op[][] decoded = this.decoded;
        boolean blocks = this.blocks;     // a local: the interpreter's loop pays one register test for it
        // The block last left by a way out with an empty chain slot, and that slot: filled with the
        // block found at the PC it left, unless a service (a new fetch context?) came between.
        TranslatedBlock from = null;
        int fromExit = 0;
        // Whether the run loop came to PC by a control transfer (a taken branch, a block's way out,
        // an exception) rather than by stepping on from the instruction before: only such
        // arrivals count towards a block there (CodeTranslator.blockAt). Stepping happens where a
        // checkpoint cut a block short and after a service resumed inside one; heating those
        // places would give hot code a block at nearly every instruction (EEMBC CoreMark: 517 of
        // 828 blocks), each a class for HotSpot to compile.
        boolean entry = false;
        executing = true;
        while (true) {
            if (cycles >= checkpoint) {
                from = null;
                int was = this.pc;
                if (service()) {
                    executing = false;
                    return stopReason;
                }
                if (this.pc != was) entry = true;   // an exception entered or returned
                decoded = this.decoded;   // the fetch context may have changed
                blocks = this.blocks;     // only the service (or a requestService before it) changes it
            }
            final int pc = this.pc;
            if (blocks && itState == 0) {
                TranslatedBlock b = translator.blockAt(decoded, memory.accessContext, pc, entry);
                if (b != null) {
                    if (from != null) from.link(fromExit, b);
                    from = null;
                    if (cycles + b.length <= checkpoint) {
                        try {
                            // Chained blocks run one after the other while the budget leaves room
                            // for the next one: nothing else can happen between them (no
                            // service is due, ITSTATE is 0, the fetch context is the same).
                            TranslatedBlock next;
                            while ((next = b.run(this)) != null && cycles + next.length <= checkpoint) b = next;
                            if (next == null && chainExit >= 0) {
                                from = b;
                                fromExit = chainExit;
                                chainExit = -1;   // consumed: between runs it is always -1, as in a snapshot's copy
                            }
                        } catch (CpuFault | BusErrorException f) {
                            faulted(f);   // the block left PC, ITSTATE and the counts at the faulting instruction
                        }
                        // A way out is an entry, unless the block stopped inside itself for a
                        // service (which then comes first): not told apart, so not counted.
                        entry = cycles < checkpoint;
                        continue;
                    }
                }
            }
            from = null;
            Op[] page = decoded[pc >>> PAGE_SHIFT];
            Op op;
            if (page == null || (op = page[(pc & 0xFFFF) >>> 1]) == null) op = decodeCache.decodeAt(decoded, pc);
            r[15] = pc + 4;
            nextPc = pc + op.size;
            final int it = itState;
            curIt = it;
            try {
                if (it == 0) {
                    op.exec(this);
                } else {
                    itState = (it & 7) == 0 ? 0 : (it & 0xE0) | ((it << 1) & 0x1F);
                    if (conditionPassed(it >>> 4)) op.exec(this);
                }
                this.pc = nextPc;
                cycles++;
                instructions++;
                entry = nextPc != pc + op.size;
            } catch (CpuFault | BusErrorException f) {
                itState = it;
                faulted(f);
                entry = true;
            }
            if (trace != null) trace.executed(this, pc, op);
        }
    }

    /** A synchronous fault of the instruction at {@link #pc}: it counts as executed (the handler is entered as part of it). */
    private void faulted(RuntimeException f) {
        exceptions.fault(f instanceof BusErrorException e ? new CpuFault(FaultKind.PRECISERR, e.address(), true) : (CpuFault) f);
        cycles++;
        instructions++;
    }

    /** The rare work folded into one compare per instruction. Returns true to stop the run. */
    private boolean service() {
        decodeCache.dropMpuTablesIfStale();
        memory.updateAccessContext();
        servicing = true;
        try {
            return serviceLoop();
        } finally {
            servicing = false;
            // Exception entry/return and priority changes settle here: privilege and execution
            // priority decide which MPU context (and decode table) the next instruction uses.
            memory.updateAccessContext();
        }
    }

    private boolean serviceLoop() {
        while (true) {
            if (pendingStop != null) {
                stopReason = pendingStop;
                pendingStop = null;
                checkpoint = 0;
                return true;
            }
            long now = nowPicos();
            time.rebaseIfFar(cycles);
            scheduler.runDue(now);
            // Debug state: nothing executes and time stands still (DDI 0403E C1.5).
            if (debug.atBoundary()) return halted();
            if (!thumb) {
                // EPSR.T stays 0 so PushStack saves it (B1.5.6); entering the handler sets it from the vector.
                exceptions.fault(new CpuFault(FaultKind.INVSTATE));
            }
            if (debug.needsEveryBoundary()) debug.monitorStepBoundary();
            // A fault raised by the last instruction is taken as part of it, before any budget
            // check, so a run that stops here shows the handler entered, as silicon would.
            exceptions.takePendingIfAny();
            if (pendingStop != null) continue;
            if (debug.afterExceptions()) return halted();
            if (instructions >= instructionEnd) {
                stopReason = new StopReason.InstructionLimit(instructions);
                return true;
            }
            if (now >= timeEndPicos) {
                stopReason = new StopReason.TimeLimit(now);
                return true;
            }
            if (sleeping) {
                if (exceptions.hasWakeupPending()) {
                    sleeping = false;
                    exceptions.takePendingIfAny();
                } else {
                    long deadline = Math.min(scheduler.nextDeadline(), timeEndPicos);
                    if (deadline == Long.MAX_VALUE) {
                        stopReason = new StopReason.Asleep(pc);
                        return true;
                    }
                    // Nothing executes while asleep: jump virtual time to the next event.
                    skipTo(deadline);
                    continue;
                }
            }
            long next = instructionEnd == Long.MAX_VALUE ? Long.MAX_VALUE
                    : cycles + (instructionEnd - instructions);
            long deadline = Math.min(scheduler.nextDeadline(), timeEndPicos);
            if (deadline != Long.MAX_VALUE) next = Math.min(next, time.cyclesAt(deadline, cycles));
            next = Math.min(next, cycles + (1L << 30));
            if (debug.needsEveryBoundary()) next = cycles + 1;   // single step: back after one instruction
            blocks = translator != null && trace == null && next > cycles + 1;
            checkpoint = Math.max(next, cycles + 1);
            if (pollingLoop.armed() && trace == null && !debug.needsEveryBoundary()) {
                memory.updateAccessContext();   // the context the next instruction runs in
                pollingLoop.atBoundary(decoded);
            } else if (trace == null && !debug.needsEveryBoundary() && !debug.debugEnabled()
                    && pollingLoop.worthTrying(checkpoint - cycles)) {
                // Not with halting debug enabled: a debugger writes RAM while the core runs (a
                // flash algorithm's FIFO that OpenOCD fills), which no scheduled event announces.
                memory.updateAccessContext();
                pollingLoop.tryHere(decoded);
            }
            return false;
        }
    }

    private boolean halted() {
        stopReason = new StopReason.Halted(debug.haltEvent());
        checkpoint = 0;
        return true;
    }

    /** True while {@link #run} is executing instructions (as opposed to between runs). */
    boolean executing() {
        return executing;
    }

    boolean debugAccessInProgress() {
        return debugAccess.inProgress();
    }

    /** The System Control Space (SCB, NVIC, SysTick, MPU, debug registers) of this core. */
    public SystemControlSpace systemControl() {
        return scs;
    }

    /** The halting-debug registers and state of this core (DHCSR, DCRSR, DCRDR, DEMCR, DFSR). */
    public HaltingDebug debug() {
        return debug;
    }

    /** The Flash Patch and Breakpoint unit (v2 with eight comparators on the M7, v1 6+2 on the M4). */
    public Fpb fpb() {
        return fpb;
    }

    /** What a debug probe reaches: the whole address space including the PPB (see {@link DebugAccess}). */
    public DebugAccess debugAccess() {
        return debugAccess;
    }

    /** FPB or DWT configuration, or DEMCR.TRCENA, changed: re-derive traps and gates. */
    void debugConfigurationChanged() {
        if (memory != null) memory.debugConfigurationChanged();   // null while constructing
    }

    /**
     * The access context's page tables ({@link #loadPages}, {@link #storePages}). A translated
     * block reads those of the context it was translated in as constants of its class, so when they
     * change while an instruction executes (a store enabling the MPU), the run loop serves before
     * the next instruction: the block leaves (it checks the service checkpoint after every access),
     * and the run loop goes on with the blocks of the new context.
     */
    void usePageTables(byte[][] loads, byte[][] stores) {
        if (loads == loadPages && stores == storePages) return;
        loadPages = loads;
        storePages = stores;
        // During a service no block runs, and the run loop picks blocks by context after it.
        if (!servicing) requestService();
    }

    /** The fetch context changed: the run loop uses {@code table} from the next instruction. */
    void decodeTableChanged(Op[][] table) {
        decoded = table;
    }

    /** Makes the run loop call {@link #service} before the next instruction. */
    public void requestService() {
        checkpoint = 0;
    }

    /** Stops the run after the executing instruction completes. */
    public void requestStop(StopReason reason) {
        if (pendingStop == null) pendingStop = reason;
        checkpoint = 0;
    }

    public StopReason lastStopReason() {
        return stopReason;
    }

    public void setTrace(TraceListener trace) {
        this.trace = trace;
        requestService();
    }

    /** Runs hot code through {@code translator} (null: the interpreter alone, as with --no-jit). */
    public void setTranslator(CodeTranslator translator) {
        this.translator = translator;
        decodeCache.translator = translator;
        blocks = false;
        requestService();
    }

    /** Whether hot code runs translated (a translator is set) rather than interpreted. */
    public boolean translates() {
        return translator != null;
    }

    /**
     * Whether loops polling quiet registers skip to the next scheduled event ({@link PollingLoop};
     * on by default). Off, every iteration executes: the reference the exactness tests compare with.
     */
    public void setPollingLoopSkip(boolean on) {
        pollingLoop.setEnabled(on);
    }

    /** Polling-loop iterations skipped since the core was built, and the instructions they stood for. */
    public long[] pollingLoopSkips() {
        return new long[] {pollingLoop.skips(), pollingLoop.skippedInstructions()};
    }

    /** Translated code: {@code k} more instructions executed, one cycle each as in the run loop. */
    public void count(int k) {
        cycles += k;
        instructions += k;
    }

    /**
     * Translated code's slow way of the load or store {@code op} at {@code pc}, after {@code pending}
     * instructions of its block not counted yet: the run loop's steps (counts, R15, exec). True when
     * the service is due after it: PC is then {@code next} and the block returns null (no chain
     * slot); false with the {@code pending + 1} instructions taken back out of the counts, as the
     * block goes on counting them itself. A fault leaves the counts at the faulting instruction.
     */
    public boolean execAccess(Op op, int pending, int pc, int next) {
        count(pending);
        r[15] = pc + 4;
        op.exec(this);
        count(1);
        if (cycles >= checkpoint) {
            r[15] = pc + 4;
            this.pc = next;
            nextPc = next;
            chainExit = -1;
            return true;
        }
        count(-(pending + 1));
        return false;
    }

    /** The cycle count at which the run loop serves events, exceptions and stops (read by translated blocks). */
    public long serviceCheckpoint() {
        return checkpoint;
    }

    /** Replaces what a system reset request (AIRCR.SYSRESETREQ) does; the default is {@link #reset()}. */
    public void setSystemResetHandler(Runnable handler) {
        resets.setSystemResetHandler(handler);
    }

    /** AIRCR.SYSRESETREQ: the reset happens between instructions and the run continues from the reset vector. */
    public void requestSystemReset() {
        resets.requestSystemReset();
    }

    /** The core's resets: power-on, system, local (VECTRESET) and the vector-table boot. */
    ResetControl resets() {
        return resets;
    }

    public void setSemihosting(Semihosting semihosting) {
        this.semihosting = semihosting;
    }

    public Semihosting semihosting() {
        return semihosting;
    }

    // ================================================================================================
    // Virtual time
    // ================================================================================================

    public Clock clock() {
        return clock;
    }

    /** The timed events of the board (peripherals schedule on it); they run in virtual time. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** A level-sensitive interrupt line into the NVIC (IRQn {@code irq}, DDI 0403E B3.4). */
    public void setInterruptLine(int irq, boolean asserted) {
        scs.nvic().setLevel(irq, asserted);
    }

    public long nowPicos() {
        return time.picosAt(cycles);
    }

    public long clockHz() {
        return time.hz();
    }

    /** Changes the core clock (RCC reconfiguration); time so far is kept. */
    public void setClockHz(long hz) {
        time.setHz(hz, cycles);
        requestService();
    }

    /**
     * The executing instruction waits on the bus until virtual time {@code picos} (a read served
     * by an external memory through a memory-mapped window: the data arrives then). The cycles go
     * straight into the count, so the interpreter and translated blocks, which both compare the
     * count with the service checkpoint after every access, serve events and interrupts at the
     * same instruction boundary: the one after the stalled instruction. Accesses that are not the
     * core's (a debugger's, or a scheduled event's between instructions) stall nothing.
     */
    public void stallUntil(long picos) {
        if (!executing || servicing || debugAccess.inProgress()) return;
        long target = time.cyclesAt(picos, cycles);
        if (target > cycles) cycles = target;
    }

    /** Sleep: advances virtual time to {@code picos} without executing instructions. */
    private void skipTo(long picos) {
        long target = time.cyclesAt(picos, cycles);
        if (target > cycles) cycles = target;
    }

    @Override
    void privilegeChanged() {
        memory.updateAccessContext();
    }

    // ================================================================================================
    // Program counter writes (DDI 0403E A2.3.1)
    // ================================================================================================

    /** BranchWritePC / ALUWritePC: no interworking in ARMv7-M. */
    public void branchWritePc(int address) {
        nextPc = address & ~1;
    }

    /** BXWritePC / LoadWritePC: interworking, and EXC_RETURN in Handler mode. */
    public void bxWritePc(int address) {
        if (ipsr != 0 && (address >>> 28) == 0xF) {
            exceptions.exceptionReturn(address);
            return;
        }
        if ((address & 1) == 0) {
            thumb = false;
            requestService();
        }
        nextPc = address & ~1;
    }

    // ================================================================================================
    // Memory accesses with the architecture's rules (alignment here; PPB, MPU, caches: MemoryPath)
    // ================================================================================================

    public int read8(int a) {
        return memory.read8(a);
    }

    public int read16(int a) {
        if ((a & 1) != 0 && unalignTrap) throw unaligned();
        return memory.read16(a);
    }

    public int read32(int a) {
        if ((a & 3) != 0 && unalignTrap) throw unaligned();
        return memory.read32(a);
    }

    /** Word read that must be aligned regardless of CCR (LDM, LDRD, LDREX, POP, exception frames). */
    public int read32Aligned(int a) {
        if ((a & 3) != 0) throw unaligned();
        return memory.read32(a);
    }

    public void write8(int a, int value) {
        memory.write8(a, value);
    }

    public void write16(int a, int value) {
        if ((a & 1) != 0 && unalignTrap) throw unaligned();
        memory.write16(a, value);
    }

    public void write32(int a, int value) {
        if ((a & 3) != 0 && unalignTrap) throw unaligned();
        memory.write32(a, value);
    }

    public void write32Aligned(int a, int value) {
        if ((a & 3) != 0) throw unaligned();
        memory.write32(a, value);
    }

    /**
     * The load translated code makes inline through {@link #loadPages}, as a call (for tests and
     * Java callers): the aligned item at {@code a}, {@code size} 1, 2 or 4, zero-extended, or -1
     * when nothing was read and the instruction must run the ordinary way (unaligned,
     * peripherals, MPU, caches, watchpoints: see {@link MemoryPath#tryRead}).
     */
    public long tryRead(int a, int size) {
        return memory.tryRead(a, size);
    }

    /** The store translated code makes inline through {@link #storePages}, as a call: false when nothing was written. */
    public boolean tryWrite(int a, int size, int value) {
        return memory.tryWrite(a, size, value);
    }

    /** The memory path (gates, MPU checks, caches) of this core. */
    MemoryPath memory() {
        return memory;
    }

    /** Aligned word read in an explicit access context (exception frames). */
    int read32AlignedIn(int a, int context) {
        if ((a & 3) != 0) throw unaligned();
        return memory.readIn(a, 4, context);
    }

    /** Aligned word write in an explicit access context (exception frames, lazy FP state). */
    void write32AlignedIn(int a, int value, int context) {
        if ((a & 3) != 0) throw unaligned();
        memory.writeIn(a, 4, value, context);
    }

    private CpuFault unaligned() {
        return new CpuFault(FaultKind.UNALIGNED);
    }

    /**
     * Declares [base, base + size) as memory whose contents can change behind the core's back
     * (a memory-mapped flash window whose controller programs/erases in indirect mode, DMA-able
     * SRAM). Only such ranges are modelled through the L1 caches, so only they can go stale; the
     * rest of memory stays on the fast path as if the caches were always coherent.
     */
    public void addCoherencyModelledRange(long base, long size) {
        memory.addCoherencyModelledRange(base, size);
    }

    /**
     * The memory behind [address, address + length) changes other than through the core (a flash
     * program or erase seen through a coherency-modelled window), with the new content in place
     * from {@code atPicos}: D-cache lines held for it are older than memory from then on.
     */
    public void memoryChangingBehindCaches(int address, int length, long atPicos) {
        memory.dataCache().memoryChanging(address, length, atPicos);
    }

    /**
     * Each data read that hits a D-cache line older than memory (see
     * {@link #memoryChangingBehindCaches}) is reported to {@code listener}, with the instant the
     * memory changed; the core does what silicon does and returns the line's old bytes.
     */
    public void onStaleCacheRead(io.xipkit.cpu.cache.DataCache.StaleHitListener listener) {
        memory.dataCache().setStaleHitListener(listener == null ? null : (line, at) -> {
            if (nowPicos() >= at) listener.staleHit(line, at);
        });
    }

    /** Any MPU register write: permission summaries and MPU-context decode tables are stale. */
    void mpuChanged() {
        if (memory != null) memory.mpuChanged();                   // null while constructing
        requestService();
    }

    /** Drops decoded instructions overlapping [address, address + length). */
    public void invalidateDecoded(int address, int length) {
        decodeCache.invalidate(address, length);
    }

    // ================================================================================================
    // Helpers used by ops
    // ================================================================================================

    /** Raised by ops for encodings that are UNDEFINED. */
    public static CpuFault undefined() {
        return new CpuFault(FaultKind.UNDEFINSTR);
    }

    /**
     * BKPT: semihosting for 0xAB (served by the model whether or not a debugger is attached),
     * otherwise a breakpoint debug event: Debug state with C_DEBUGEN, DebugMonitor with MON_EN,
     * else HardFault with DFSR.BKPT and HFSR.DEBUGEVT (DDI 0403E C1.5, C1.7.1, B1.5.14).
     */
    public void breakpoint(int imm8) {
        if (imm8 == 0xAB && semihosting != null) {
            r[0] = semihosting.call(this, r[0], r[1]);
            return;
        }
        nextPc = pc;                                                // a BKPT event does not retire
        if (debug.breakpoint(pc, imm8) == DebugAction.ESCALATE) {
            exceptions.breakpointEscalated(String.format("BKPT #%d at pc=0x%08X", imm8, pc));
        }
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
