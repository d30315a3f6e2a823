package io.xipkit.cpu;

import io.xipkit.cpu.cache.CachePolicy;
import io.xipkit.cpu.cache.DataCache;
import io.xipkit.cpu.cache.InstructionCache;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;

/**
 * An ARMv7E-M processor core (Cortex-M7 or Cortex-M4): the architectural register state, the
 * fetch/decode/execute loop, the memory access rules the architecture imposes before the bus is
 * asked, and virtual time.
 *
 * <p>Speed: instructions are decoded once per address into {@link Op} objects kept in a
 * two-level table indexed by address; the loop does one table lookup, one virtual call and one
 * compare against the next "checkpoint" cycle per instruction. Everything rare (scheduled
 * events, pending exceptions, stop requests, the instruction budget) is folded into that single
 * checkpoint compare.
 */
public final class Core {
    // ---- configuration -------------------------------------------------------------------
    public final CoreVariant variant;
    public final Bus bus;

    // ---- architectural state (public: ops read and write it directly) -------------------
    /** R0–R15. R13 is the active stack pointer; R15 holds this instruction's address + 4. */
    public final int[] r = new int[16];
    /** Address of the executing instruction. */
    public int pc;
    /** Where execution continues after the executing instruction; branches overwrite it. */
    public int nextPc;
    public boolean n, z, c, v, q;
    /** APSR.GE[3:0]. */
    public int ge;
    /** ITSTATE for the next instruction (architectural EPSR.IT). */
    public int itState;
    /** ITSTATE of the executing instruction: non-zero inside an IT block. */
    public int curIt;
    /** EPSR.T. Cleared by an interworking branch to an even address: the next instruction faults. */
    public boolean thumb = true;
    /** IPSR: the active exception number, 0 in Thread mode. */
    public int ipsr;
    public int primask, faultmask, basepri;
    /** CONTROL: bit0 nPRIV, bit1 SPSEL, bit2 FPCA. */
    public int control;
    /** The banked stack pointer that is not currently R13 (PSP when MSP is active and vice versa). */
    public int otherSp;

    /** FP registers S0–S31 (D0–D15 are pairs: D[n] = S[2n+1]:S[2n]). */
    public final int[] s = new int[32];
    public int fpscr;

    /** Local exclusive monitor (DDI 0403E A3.4.1). */
    public boolean exclusiveOpen;
    public int exclusiveAddress;

    /** CCR.UNALIGN_TRP and CCR.DIV_0_TRP, mirrored here for the hot path. */
    public boolean unalignTrap, divByZeroTrap;

    // ---- system ----------------------------------------------------------------------------
    public final SystemControlSpace scs;
    public final ExceptionUnit exceptions;
    private Semihosting semihosting;

    // ---- decode cache ------------------------------------------------------------------------
    private static final int PAGE_SHIFT = 16;
    private static final int PAGES = 1 << (32 - PAGE_SHIFT);
    private static final int SLOTS_PER_PAGE = 1 << (PAGE_SHIFT - 1);
    /**
     * One decode table per fetch context (see {@link #accessContext}): whether an instruction may
     * be fetched is checked once, when it is decoded, so instructions decoded under one set of
     * MPU permissions must not be reused under another. Tables 1 and 2 exist once the MPU is used.
     */
    private final Op[][][] decodeTables = new Op[3][][];
    /** The decode table of the current fetch context. */
    private Op[][] decoded;
    /** decodeTables[0], final so that the store path reaches it with one load. */
    private final Op[][] defaultDecoded = new Op[PAGES][];
    /** decodeTables[1] and [2] exist (the MPU has been enabled at least once). */
    private boolean mpuDecodeTablesExist;
    /** MPU configuration changed: the MPU contexts' decode tables are dropped before the next instruction. */
    private boolean mpuDecodeStale;
    private final ThumbDecoder decoder;

    // ---- memory system: MPU enforcement and coherency-modelled L1 caches ------------------------
    // Every data access looks up one byte per 64 KiB page in the "gate" of the current access
    // context; zero means "plain bus access, nothing to check". Non-zero pages take slowRead /
    // slowWrite: the PPB, coherency-modelled pages while the D-cache is on, and pages the MPU
    // does not permit as a whole (or whose summary is not computed yet).
    private static final byte GATE_FAST = 0, GATE_SLOW = 1, GATE_UNKNOWN = 2;
    /** Context 0 (MPU disabled or bypassed): PPB pages and coherency-modelled pages while CCR.DC = 1. */
    private final byte[] baseGate = new byte[PAGES];
    /** baseGate with FAST replaced by UNKNOWN: what the MPU gates are reset to after an MPU change. */
    private final byte[] mpuGateTemplate = new byte[PAGES];
    /** Privileged read, privileged write, unprivileged read, unprivileged write; allocated when first needed. */
    private final byte[][] mpuGates = new byte[4][];
    private boolean mpuGatesStale = true;
    private byte[] readGate = baseGate, writeGate = baseGate;
    /**
     * Who is accessing memory now: 0 = the MPU does not apply (disabled, or HFNMIENA = 0 at a
     * negative execution priority; DDI 0403E B3.5.9 ValidateAddress), 1 = privileged with the MPU,
     * 2 = unprivileged with the MPU.
     */
    private int accessContext;
    /** Per page: 0 = not coherency-modelled, 1 = partly (check {@link #coherentRanges}), 2 = wholly. */
    private final byte[] coherentPage = new byte[PAGES];
    /** [base, end) pairs of the coherency-modelled ranges. */
    private long[] coherentRanges = new long[0];
    private boolean dcacheOn, icacheOn;
    private final DataCache dcache;
    private final InstructionCache icache;

    // ---- virtual time --------------------------------------------------------------------------
    public final Scheduler scheduler = new Scheduler();
    /** Cycles since reset; drives virtual time. */
    public long cycles;
    /** Instructions executed (or skipped by a failed condition) since reset. */
    public long instructions;
    private long checkpoint;
    private long instructionEnd = Long.MAX_VALUE;
    private long timeEndPicos = Long.MAX_VALUE;
    private long clockKhz;
    private long basePicos;
    private long baseCycles;
    private final Clock clock = this::nowPicos;

    // ---- run control -------------------------------------------------------------------------
    private StopReason stopReason;
    private StopReason pendingStop;
    /** WFI/WFE executed: sleep until an exception is pending (or an event, for WFE). */
    public boolean sleeping;
    public boolean eventRegister;
    private TraceListener trace;
    /** What AIRCR.SYSRESETREQ does: by default a core reset; a board resets its peripherals too. */
    private Runnable systemResetHandler = this::reset;

    public Core(CoreVariant variant, Bus bus, long clockHz) {
        this.variant = variant;
        this.bus = bus;
        this.clockKhz = Math.max(1, clockHz / 1000);
        this.decoder = new ThumbDecoder(variant);
        boolean m7 = variant == CoreVariant.CORTEX_M7;
        // Cortex-M7 L1 geometry (DDI 0489 "Level 1 Memory System"): 4-way D-cache, 2-way I-cache,
        // 32-byte lines; 16 KiB each as on STM32H7 until the board says otherwise.
        this.dcache = new DataCache(m7 ? 16 * 1024 : 0, 4);
        this.icache = new InstructionCache(m7 ? 16 * 1024 : 0, 2);
        dcache.setWriteBackListener(line -> memoryChanged(line, DataCache.LINE_BYTES));
        decodeTables[0] = defaultDecoded;
        decoded = defaultDecoded;
        for (int p = 0xE000; p <= 0xE00F; p++) baseGate[p] = GATE_SLOW;   // PPB 0xE0000000-0xE00FFFFF
        rebuildGateTemplate();
        this.scs = new SystemControlSpace(this);
        this.exceptions = new ExceptionUnit(this);
        bus.addCodeChangeListener(new CodeChangeListener() {
            @Override
            public void codeChanged(int address, int length) {
                if (length < 0) memoryChangedEverywhere();
                else memoryChanged(address, length);
            }
        });
        scheduler.onDeadlineChange(this::requestService);
    }

    // ================================================================================================
    // Reset and run
    // ================================================================================================

    /** Power-on or system reset of the core: registers, NVIC and SCB to reset values, then the
     *  reset vector is read from VTOR (ARMv7-M TakeReset, DDI 0403E B1.5.5). */
    public void reset() {
        java.util.Arrays.fill(r, 0);
        java.util.Arrays.fill(s, 0);
        n = z = c = v = q = false;
        ge = 0;
        itState = 0;
        curIt = 0;
        ipsr = 0;
        primask = faultmask = basepri = 0;
        control = 0;
        fpscr = 0;
        exclusiveOpen = false;
        sleeping = false;
        eventRegister = false;
        scs.reset();
        exceptions.reset();
        // Cache contents after reset are UNKNOWN architecturally; start them empty.
        dcache.invalidateAll();
        icache.invalidateAll();
        cacheEnablesChanged(scs.scb().icacheEnabled(), scs.scb().dcacheEnabled());
        invalidateAllDecoded();
        updateAccessContext();
        int vtor = scs.vtor();
        int sp;
        int entry;
        try {
            sp = bus.read32(vtor);
            entry = bus.read32(vtor + 4);
        } catch (BusErrorException e) {
            stopReason = null;
            pendingStop = new StopReason.Lockup(String.format(
                    "reset vector at 0x%08X is not readable (%s)", vtor, e.getMessage()));
            requestService();
            return;
        }
        r[13] = sp & ~3;
        otherSp = 0;
        r[14] = 0xFFFFFFFF;
        thumb = (entry & 1) != 0;
        pc = entry & ~1;
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
        while (true) {
            if (cycles >= checkpoint) {
                if (service()) return stopReason;
                decoded = this.decoded;   // the fetch context may have changed
            }
            final int pc = this.pc;
            Op[] page = decoded[pc >>> PAGE_SHIFT];
            Op op;
            if (page == null || (op = page[(pc & 0xFFFF) >>> 1]) == null) op = decodeAt(pc);
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
            } catch (CpuFault f) {
                itState = it;
                exceptions.fault(f);
            } catch (BusErrorException e) {
                itState = it;
                exceptions.fault(new CpuFault(FaultKind.PRECISERR, e.address(), true));
            }
            cycles++;
            instructions++;
            if (trace != null) trace.executed(this, pc, op);
        }
    }

    /** The rare work folded into one compare per instruction. Returns true to stop the run. */
    private boolean service() {
        if (mpuDecodeStale) dropMpuDecodeTables();
        updateAccessContext();
        try {
            return serviceLoop();
        } finally {
            // Exception entry/return and priority changes settle here: privilege and execution
            // priority decide which MPU context (and decode table) the next instruction uses.
            updateAccessContext();
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
            rebaseTimeIfFar();
            scheduler.runDue(now);
            if (!thumb) {
                // EPSR.T stays 0 so PushStack saves it (B1.5.6); entering the handler sets it from the vector.
                exceptions.fault(new CpuFault(FaultKind.INVSTATE));
            }
            // A fault raised by the last instruction is taken as part of it, before any budget
            // check, so a run that stops here shows the handler entered, as silicon would.
            exceptions.takePendingIfAny();
            if (pendingStop != null) continue;
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
            if (deadline != Long.MAX_VALUE) next = Math.min(next, cyclesAt(deadline));
            next = Math.min(next, cycles + (1L << 30));
            checkpoint = Math.max(next, cycles + 1);
            return false;
        }
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
    }

    /** Replaces what a system reset request (AIRCR.SYSRESETREQ) does; the default is {@link #reset()}. */
    public void setSystemResetHandler(Runnable handler) {
        this.systemResetHandler = handler;
    }

    /** AIRCR.SYSRESETREQ: the reset happens between instructions (so the requesting store completes)
     *  and the run continues from the reset vector. */
    public void requestSystemReset() {
        scheduler.schedule(nowPicos(), now -> systemResetHandler.run());
        requestService();
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

    public long nowPicos() {
        return basePicos + (cycles - baseCycles) * 1_000_000_000L / clockKhz;
    }

    public long clockHz() {
        return clockKhz * 1000;
    }

    /** Changes the core clock (RCC reconfiguration); time so far is kept. */
    public void setClockHz(long hz) {
        basePicos = nowPicos();
        baseCycles = cycles;
        clockKhz = Math.max(1, hz / 1000);
        requestService();
    }

    private void rebaseTimeIfFar() {
        if (cycles - baseCycles > (1L << 32)) {
            basePicos = nowPicos();
            baseCycles = cycles;
        }
    }

    /** The first cycle count at which virtual time is at or after {@code picos}. */
    private long cyclesAt(long picos) {
        long delta = picos - basePicos;
        if (delta <= 0) return cycles;
        // Cap so the product cannot overflow; the loop re-evaluates at the cap.
        long capped = Math.min(delta, 9_000_000_000_000L);
        long c = baseCycles + (capped * clockKhz + 999_999_999L) / 1_000_000_000L;
        return Math.max(c, cycles);
    }

    /** Sleep: advances virtual time to {@code picos} without executing instructions. */
    private void skipTo(long picos) {
        long target = cyclesAt(picos);
        if (target > cycles) cycles = target;
    }

    // ================================================================================================
    // Flags and conditions
    // ================================================================================================

    /** ConditionPassed for a 4-bit condition code (DDI 0403E A7.3.1). */
    public boolean conditionPassed(int cond) {
        switch (cond & 0xF) {
            case 0x0: return z;
            case 0x1: return !z;
            case 0x2: return c;
            case 0x3: return !c;
            case 0x4: return n;
            case 0x5: return !n;
            case 0x6: return v;
            case 0x7: return !v;
            case 0x8: return c && !z;
            case 0x9: return !c || z;
            case 0xA: return n == v;
            case 0xB: return n != v;
            case 0xC: return !z && n == v;
            case 0xD: return z || n != v;
            default: return true;
        }
    }

    public void setNZ(int result) {
        n = result < 0;
        z = result == 0;
    }

    /** AddWithCarry with flag update (DDI 0403E A2.2.1). */
    public int addWithCarryFlags(int x, int y, boolean carryIn) {
        int ci = carryIn ? 1 : 0;
        int result = x + y + ci;
        n = result < 0;
        z = result == 0;
        long unsignedSum = (x & 0xFFFFFFFFL) + (y & 0xFFFFFFFFL) + ci;
        c = (unsignedSum >>> 32) != 0;
        v = ((x ^ result) & (y ^ result)) < 0;
        return result;
    }

    public int apsr() {
        return (n ? 1 << 31 : 0) | (z ? 1 << 30 : 0) | (c ? 1 << 29 : 0) | (v ? 1 << 28 : 0)
                | (q ? 1 << 27 : 0) | (ge << 16);
    }

    public void setApsrNzcvq(int value) {
        n = value < 0;
        z = (value & (1 << 30)) != 0;
        c = (value & (1 << 29)) != 0;
        v = (value & (1 << 28)) != 0;
        q = (value & (1 << 27)) != 0;
    }

    /** xPSR as stacked on exception entry: APSR | EPSR (IT, T) | IPSR. */
    public int xpsr() {
        int it = itState;
        return apsr() | ((it & 3) << 25) | ((it >>> 2) << 10) | (thumb ? 1 << 24 : 0) | ipsr;
    }

    public void setXpsr(int value) {
        setApsrNzcvq(value);
        ge = (value >>> 16) & 0xF;
        itState = ((value >>> 25) & 3) | (((value >>> 10) & 0x3F) << 2);
        thumb = (value & (1 << 24)) != 0;
        ipsr = value & 0x1FF;
    }

    // ================================================================================================
    // Stack pointers and modes
    // ================================================================================================

    public boolean handlerMode() {
        return ipsr != 0;
    }

    public boolean privileged() {
        return ipsr != 0 || (control & 1) == 0;
    }

    /** True when R13 is the process stack pointer (Thread mode with CONTROL.SPSEL = 1). */
    public boolean usingPsp() {
        return ipsr == 0 && (control & 2) != 0;
    }

    public int msp() {
        return usingPsp() ? otherSp : r[13];
    }

    public int psp() {
        return usingPsp() ? r[13] : otherSp;
    }

    public void setMsp(int value) {
        if (usingPsp()) otherSp = value & ~3;
        else r[13] = value & ~3;
    }

    public void setPsp(int value) {
        if (usingPsp()) r[13] = value & ~3;
        else otherSp = value & ~3;
    }

    /** Changes mode and/or CONTROL, swapping banked stack pointers as the selection changes. */
    public void setModeAndControl(int newIpsr, int newControl) {
        boolean wasPsp = usingPsp();
        ipsr = newIpsr;
        control = newControl;
        if (usingPsp() != wasPsp) {
            int t = r[13];
            r[13] = otherSp;
            otherSp = t;
        }
        updateAccessContext();
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
    // Memory accesses with the architecture's rules (alignment, PPB, MPU, caches)
    // ================================================================================================

    private static boolean isPpb(int address) {
        return (address >>> 20) == 0xE00;
    }

    public int read8(int a) {
        if (readGate[a >>> PAGE_SHIFT] != GATE_FAST) return slowRead(a, 1, accessContext, true);
        return bus.read8(a);
    }

    public int read16(int a) {
        if ((a & 1) != 0 && unalignTrap) throw unaligned();
        if (readGate[a >>> PAGE_SHIFT] != GATE_FAST) return slowRead(a, 2, accessContext, true);
        return bus.read16(a);
    }

    public int read32(int a) {
        if ((a & 3) != 0 && unalignTrap) throw unaligned();
        if (readGate[a >>> PAGE_SHIFT] != GATE_FAST) return slowRead(a, 4, accessContext, true);
        return bus.read32(a);
    }

    /** Word read that must be aligned regardless of CCR (LDM, LDRD, LDREX, POP, exception frames). */
    public int read32Aligned(int a) {
        if ((a & 3) != 0) throw unaligned();
        if (readGate[a >>> PAGE_SHIFT] != GATE_FAST) return slowRead(a, 4, accessContext, true);
        return bus.read32(a);
    }

    public void write8(int a, int value) {
        if (writeGate[a >>> PAGE_SHIFT] != GATE_FAST) {
            slowWrite(a, 1, value, accessContext, true);
            return;
        }
        bus.write8(a, value);
        noteStore(a);
    }

    public void write16(int a, int value) {
        if ((a & 1) != 0 && unalignTrap) throw unaligned();
        if (writeGate[a >>> PAGE_SHIFT] != GATE_FAST) {
            slowWrite(a, 2, value, accessContext, true);
            return;
        }
        bus.write16(a, value);
        noteStore(a);
    }

    public void write32(int a, int value) {
        if ((a & 3) != 0 && unalignTrap) throw unaligned();
        if (writeGate[a >>> PAGE_SHIFT] != GATE_FAST) {
            slowWrite(a, 4, value, accessContext, true);
            return;
        }
        bus.write32(a, value);
        noteStore(a);
    }

    public void write32Aligned(int a, int value) {
        if ((a & 3) != 0) throw unaligned();
        if (writeGate[a >>> PAGE_SHIFT] != GATE_FAST) {
            slowWrite(a, 4, value, accessContext, true);
            return;
        }
        bus.write32(a, value);
        noteStore(a);
    }

    /**
     * LDRT/LDRBT/LDRHT/LDRSBT/LDRSHT: a read checked as unprivileged (DDI 0403E A7.7 "LDRT" and the other unprivileged forms,
     * MemU_unpriv; B3.5.9 AccType_UNPRIV) whatever the current mode. Sizes 1, 2, 4; not sign-extended.
     */
    public int readUnprivileged(int a, int size) {
        if (size > 1 && (a & (size - 1)) != 0 && unalignTrap) throw unaligned();
        return slowRead(a, size, accessContext == 0 ? 0 : 2, false);
    }

    /** STRT/STRBT/STRHT: a write checked as unprivileged. */
    public void writeUnprivileged(int a, int size, int value) {
        if (size > 1 && (a & (size - 1)) != 0 && unalignTrap) throw unaligned();
        slowWrite(a, size, value, accessContext == 0 ? 0 : 2, false);
    }

    /**
     * The access context the MPU would use for an access by {@code unprivileged} code at the
     * current execution priority (exception stacking, unstacking and lazy FP preservation name
     * their privilege explicitly; B1.5.6, B1.5.8, B1.5.7).
     */
    int accessContextFor(boolean unprivileged) {
        Mpu mpu = scs.mpu();
        if (!mpu.enabled()) return 0;
        if (!mpu.hfnmiena() && exceptions.executionPriority() < 0) return 0;
        return unprivileged ? 2 : 1;
    }

    /** Aligned word read in an explicit access context (exception frames). */
    int read32AlignedIn(int a, int context) {
        if ((a & 3) != 0) throw unaligned();
        return slowRead(a, 4, context, false);
    }

    /** Aligned word write in an explicit access context (exception frames, lazy FP state). */
    void write32AlignedIn(int a, int value, int context) {
        if ((a & 3) != 0) throw unaligned();
        slowWrite(a, 4, value, context, false);
    }

    private CpuFault unaligned() {
        return new CpuFault(FaultKind.UNALIGNED);
    }

    /** Any store clears a local exclusive reservation only through STREX/CLREX; we only need to
     *  drop decoded instructions that the store may have overwritten. */
    private void noteStore(int a) {
        Op[][] d = defaultDecoded;
        if (d[a >>> PAGE_SHIFT] != null || d[(a - 2) >>> PAGE_SHIFT] != null
                || (mpuDecodeTablesExist && storeHitsMpuDecodeTables(a))) {
            invalidateDecoded(a, 4);
        }
    }

    private boolean storeHitsMpuDecodeTables(int a) {
        for (int t = 1; t < 3; t++) {
            Op[][] d = decodeTables[t];
            if (d[a >>> PAGE_SHIFT] != null || d[(a - 2) >>> PAGE_SHIFT] != null) return true;
        }
        return false;
    }

    // ---- the slow path: PPB, MPU checks, coherency-modelled caches ----------------------------------

    private int slowRead(int a, int size, int context, boolean gated) {
        if (isPpb(a)) return scs.read(a, size);   // the PPB always uses the default map (B3.5.9)
        if (context != 0) checkData(a, context, false, gated);
        if (dcacheOn && isCoherencyModelled(a)) {
            CachePolicy policy = dataPolicy(a, context);
            if (policy.cacheable()) {
                if ((a & (DataCache.LINE_BYTES - 1)) + size <= DataCache.LINE_BYTES) return dcache.read(a, size, bus);
                int v = 0;                        // an unaligned access across two lines
                for (int i = size - 1; i >= 0; i--) v = (v << 8) | dcache.read(a + i, 1, bus);
                return v;
            }
        }
        switch (size) {
            case 1: return bus.read8(a);
            case 2: return bus.read16(a);
            default: return bus.read32(a);
        }
    }

    private void slowWrite(int a, int size, int value, int context, boolean gated) {
        if (isPpb(a)) {
            scs.write(a, size, size == 4 ? value : value & (size == 1 ? 0xFF : 0xFFFF));
            return;
        }
        if (context != 0) checkData(a, context, true, gated);
        if (dcacheOn && isCoherencyModelled(a)) {
            CachePolicy policy = dataPolicy(a, context);
            if (policy.cacheable()) {
                if ((a & (DataCache.LINE_BYTES - 1)) + size <= DataCache.LINE_BYTES) {
                    dcache.write(a, size, value, policy, bus);
                } else {
                    for (int i = 0; i < size; i++) dcache.write(a + i, 1, value >>> (8 * i), policy, bus);
                }
                noteStore(a);
                return;
            }
        }
        switch (size) {
            case 1: bus.write8(a, value); break;
            case 2: bus.write16(a, value); break;
            default: bus.write32(a, value); break;
        }
        noteStore(a);
    }

    /**
     * The MPU permission check of a data access (B3.5.9 CheckPermission: DACCVIOL with MMFAR).
     * For accesses through the current gate, an UNKNOWN page also gets its summary computed, so
     * later accesses to a wholly permitted page skip the slow path.
     */
    private void checkData(int a, int context, boolean write, boolean gated) {
        Mpu mpu = scs.mpu();
        boolean privileged = context == 1;
        if (gated) {
            byte[] gate = write ? writeGate : readGate;
            int page = a >>> PAGE_SHIFT;
            if (gate[page] == GATE_UNKNOWN) {
                gate[page] = baseGate[page] == GATE_FAST && mpu.pageUniformlyPermits(page, privileged, write)
                        ? GATE_FAST : GATE_SLOW;
            }
        }
        if (!mpu.permitsData(a, privileged, write)) throw new CpuFault(FaultKind.DACCVIOL, a, true);
    }

    /** D-cache policy: MPU region attributes when the MPU applies, else the default memory map. */
    private CachePolicy dataPolicy(int a, int context) {
        Scb scb = scs.scb();
        boolean siwt = scb.cacrSiwt(), forceWt = scb.cacrForceWt();
        return context != 0 ? scs.mpu().policyAt(a, siwt, forceWt) : CachePolicy.defaultMap(a, forceWt);
    }

    /** I-cache: any Normal cacheable memory (write-through or write-back alike). */
    private boolean fetchCacheable(int a, int context) {
        return context != 0 ? scs.mpu().policyAt(a, true, false).cacheable()
                : CachePolicy.defaultMap(a, false).cacheable();
    }

    private boolean isCoherencyModelled(int a) {
        byte c = coherentPage[a >>> PAGE_SHIFT];
        if (c == 2) return true;
        if (c == 0) return false;
        long x = a & 0xFFFFFFFFL;
        long[] ranges = coherentRanges;
        for (int i = 0; i < ranges.length; i += 2) if (x >= ranges[i] && x < ranges[i + 1]) return true;
        return false;
    }

    // ---- configuration and state changes -----------------------------------------------------------

    /**
     * Declares [base, base + size) as memory whose contents can change behind the core's back
     * (a memory-mapped flash window whose controller programs/erases in indirect mode, DMA-able
     * SRAM). Only such ranges are modelled through the L1 caches, so only they can go stale; the
     * rest of memory stays on the fast path as if the caches were always coherent.
     */
    public void addCoherencyModelledRange(long base, long size) {
        if (base < 0 || size <= 0 || base + size > (1L << 32)) {
            throw new IllegalArgumentException(String.format(
                    "coherency-modelled range 0x%X+0x%X is outside the 32-bit address space", base, size));
        }
        long end = base + size;
        long[] now = java.util.Arrays.copyOf(coherentRanges, coherentRanges.length + 2);
        now[now.length - 2] = base;
        now[now.length - 1] = end;
        coherentRanges = now;
        for (long p = base >>> PAGE_SHIFT; p <= (end - 1) >>> PAGE_SHIFT; p++) {
            long ps = p << PAGE_SHIFT;
            boolean whole = ps >= base && ps + (1L << PAGE_SHIFT) <= end;
            if (whole) coherentPage[(int) p] = 2;
            else if (coherentPage[(int) p] == 0) coherentPage[(int) p] = 1;
        }
        rebuildBaseGate();
        dropDecodedInCoherentRanges();
    }

    /** The L1 data cache model (empty and unused unless CCR.DC is set). */
    public DataCache dataCache() {
        return dcache;
    }

    /** The L1 instruction cache model (unused unless CCR.IC is set). */
    public InstructionCache instructionCache() {
        return icache;
    }

    /** CCR.IC / CCR.DC changed (or reset). */
    void cacheEnablesChanged(boolean icache, boolean dcache) {
        if (icache != icacheOn) {
            icacheOn = icache;
            // Instructions decoded through (or around) the I-cache are re-fetched the other way.
            dropDecodedInCoherentRanges();
        }
        if (dcache != dcacheOn) {
            dcacheOn = dcache;
            rebuildBaseGate();
        }
    }

    /** Scb.setCacheSizes: the caches are rebuilt empty. */
    void cacheSizesChanged(int icacheBytes, int dcacheBytes) {
        icache.resize(icacheBytes);
        dcache.resize(dcacheBytes);
        dropDecodedInCoherentRanges();
    }

    /** A write to a cache maintenance register (DDI 0403E B2.2.7, Table B2-1). */
    void cacheMaintenance(CacheOperation op, int value) {
        switch (op) {
            case ICIALLU:
                icache.invalidateAll();
                dropDecodedInCoherentRanges();
                break;
            case ICIMVAU:
                icache.invalidateByAddress(value);
                invalidateDecoded(value & -InstructionCache.LINE_BYTES, InstructionCache.LINE_BYTES);
                break;
            case DCIMVAC: dcache.invalidateByAddress(value); break;
            case DCISW: dcache.bySetWay(value, false, true, bus); break;
            case DCCMVAU:
            case DCCMVAC: dcache.cleanByAddress(value, bus); break;
            case DCCSW: dcache.bySetWay(value, true, false, bus); break;
            case DCCIMVAC: dcache.cleanInvalidateByAddress(value, bus); break;
            case DCCISW: dcache.bySetWay(value, true, true, bus); break;
            default: break;                       // BPIALL: no branch predictor is modelled
        }
    }

    /** Any MPU register write: permission summaries and MPU-context decode tables are stale. */
    void mpuChanged() {
        mpuGatesStale = true;
        mpuDecodeStale = true;
        if (exceptions != null) updateAccessContext();
        requestService();
    }

    private void rebuildBaseGate() {
        for (int p = 0; p < PAGES; p++) {
            boolean ppb = p >= 0xE000 && p <= 0xE00F;
            baseGate[p] = ppb || (dcacheOn && coherentPage[p] != 0) ? GATE_SLOW : GATE_FAST;
        }
        rebuildGateTemplate();
        mpuGatesStale = true;
        if (exceptions != null) updateAccessContext();
    }

    private void rebuildGateTemplate() {
        for (int p = 0; p < PAGES; p++) mpuGateTemplate[p] = baseGate[p] != GATE_FAST ? GATE_SLOW : GATE_UNKNOWN;
    }

    /** Chooses the gates and decode table for the current privilege and execution priority. */
    private void updateAccessContext() {
        int ctx = accessContextFor((control & 1) != 0 && ipsr == 0);
        accessContext = ctx;
        if (ctx == 0) {
            readGate = baseGate;
            writeGate = baseGate;
        } else {
            if (mpuGatesStale) {
                for (int i = 0; i < 4; i++) {
                    if (mpuGates[i] == null) mpuGates[i] = new byte[PAGES];
                    System.arraycopy(mpuGateTemplate, 0, mpuGates[i], 0, PAGES);
                }
                mpuGatesStale = false;
            }
            readGate = mpuGates[ctx == 1 ? 0 : 2];
            writeGate = mpuGates[ctx == 1 ? 1 : 3];
            if (mpuDecodeStale) dropMpuDecodeTables();
            if (decodeTables[ctx] == null) {
                decodeTables[1] = new Op[PAGES][];
                decodeTables[2] = new Op[PAGES][];
                mpuDecodeTablesExist = true;
            }
        }
        decoded = decodeTables[ctx];
    }

    private void dropMpuDecodeTables() {
        mpuDecodeStale = false;
        for (int t = 1; t < 3; t++) if (decodeTables[t] != null) java.util.Arrays.fill(decodeTables[t], null);
    }

    // ---- memory changed behind the core -------------------------------------------------------------

    /**
     * Bytes changed other than by this core's stores. Decoded instructions are dropped, except
     * those whose line the I-cache still holds: a real core keeps executing those stale
     * instructions until ICIALLU/ICIMVAU, and so does this one.
     */
    private void memoryChanged(int address, int length) {
        if (!icacheOn || icache.validLines() == 0) {
            invalidateDecoded(address, length);
            return;
        }
        long start = address & 0xFFFFFFFFL;
        long end = Math.min(start + length, 1L << 32);
        for (long line = start & -InstructionCache.LINE_BYTES; line < end; line += InstructionCache.LINE_BYTES) {
            if (icache.holds((int) line)) continue;
            long s = Math.max(line, start);
            long e = Math.min(line + InstructionCache.LINE_BYTES, end);
            invalidateDecoded((int) s, (int) (e - s));
        }
    }

    private void memoryChangedEverywhere() {
        if (!icacheOn || icache.validLines() == 0) {
            invalidateAllDecoded();
            return;
        }
        // Keep what the I-cache holds: save those decode slots, drop everything, put them back.
        int[] lines = icache.validLineAddresses();
        int slots = InstructionCache.LINE_BYTES / 2;
        Op[][] saved = new Op[decodeTables.length][lines.length * slots];
        for (int t = 0; t < decodeTables.length; t++) {
            Op[][] table = decodeTables[t];
            if (table == null) continue;
            for (int i = 0; i < lines.length; i++) {
                Op[] page = table[lines[i] >>> PAGE_SHIFT];
                if (page != null) System.arraycopy(page, (lines[i] & 0xFFFF) >>> 1, saved[t], i * slots, slots);
            }
        }
        invalidateAllDecoded();
        for (int t = 0; t < decodeTables.length; t++) {
            Op[][] table = decodeTables[t];
            if (table == null) continue;
            for (int i = 0; i < lines.length; i++) {
                for (int k = 0; k < slots; k++) {
                    Op op = saved[t][i * slots + k];
                    if (op != null) storeDecoded(table, lines[i] + 2 * k, op);
                }
            }
        }
    }

    private void dropDecodedInCoherentRanges() {
        long[] ranges = coherentRanges;
        for (int i = 0; i < ranges.length; i += 2) {
            for (long p = ranges[i] >>> PAGE_SHIFT; p <= (ranges[i + 1] - 1) >>> PAGE_SHIFT; p++) {
                for (Op[][] table : decodeTables) if (table != null) table[(int) p] = null;
            }
        }
    }

    // ================================================================================================
    // Decode cache
    // ================================================================================================

    private Op decodeAt(int pc) {
        Op op;
        int hw1;
        try {
            hw1 = fetch16(pc);
        } catch (CpuFault f) {
            return new FaultOp(2, f.kind);
        } catch (BusErrorException e) {
            return new FaultOp(2, FaultKind.IBUSERR);
        }
        if (ThumbDecoder.is32Bit(hw1)) {
            int hw2;
            try {
                hw2 = fetch16(pc + 2);
            } catch (CpuFault f) {
                return new FaultOp(4, f.kind);
            } catch (BusErrorException e) {
                return new FaultOp(4, FaultKind.IBUSERR);
            }
            op = decoder.decode32(pc, hw1, hw2);
        } else {
            op = decoder.decode16(pc, hw1);
        }
        storeDecoded(decoded, pc, op);
        return op;
    }

    private static void storeDecoded(Op[][] table, int pc, Op op) {
        Op[] page = table[pc >>> PAGE_SHIFT];
        if (page == null) {
            page = new Op[SLOTS_PER_PAGE];
            table[pc >>> PAGE_SHIFT] = page;
        }
        page[(pc & 0xFFFF) >>> 1] = op;
    }

    /**
     * Instruction fetch: the default memory map's execute-never regions (DDI 0403E B3.1, Table
     * B3-1) or, with the MPU applying, the region's XN and read permission (B3.5.9: IACCVIOL);
     * through the I-cache for coherency-modelled, cacheable memory while CCR.IC is set.
     */
    private int fetch16(int a) {
        int ctx = accessContext;
        if (ctx == 0) {
            if (Mpu.defaultMapExecuteNever(a)) throw new CpuFault(FaultKind.IACCVIOL);
        } else if (!scs.mpu().permitsFetch(a, ctx == 1)) {
            throw new CpuFault(FaultKind.IACCVIOL);
        }
        if (icacheOn && isCoherencyModelled(a) && fetchCacheable(a, ctx)) return icache.fetch16(a, bus);
        return bus.fetch16(a);
    }

    /** Drops decoded instructions overlapping [address, address + length). */
    public void invalidateDecoded(int address, int length) {
        long start = (address & 0xFFFFFFFFL) - 2;
        long end = (address & 0xFFFFFFFFL) + Math.max(length, 1);
        if (start < 0) start = 0;
        for (Op[][] table : decodeTables) {
            if (table == null) continue;
            for (long a = start & ~1L; a < end && a <= 0xFFFFFFFFL; ) {
                Op[] page = table[(int) (a >>> PAGE_SHIFT)];
                if (page == null) {
                    a = ((a >>> PAGE_SHIFT) + 1) << PAGE_SHIFT;
                    continue;
                }
                page[(int) ((a & 0xFFFF) >>> 1)] = null;
                a += 2;
            }
        }
    }

    public void invalidateAllDecoded() {
        for (Op[][] table : decodeTables) if (table != null) java.util.Arrays.fill(table, null);
    }

    // ================================================================================================
    // Helpers used by ops
    // ================================================================================================

    /** Raised by ops for encodings that are UNDEFINED. */
    public static CpuFault undefined() {
        return new CpuFault(FaultKind.UNDEFINSTR);
    }

    /** BKPT: semihosting for 0xAB, otherwise a debug event. */
    public void breakpoint(int imm8) {
        if (imm8 == 0xAB && semihosting != null) {
            r[0] = semihosting.call(this, r[0], r[1]);
            return;
        }
        // No debugger attached: a BKPT escalates to HardFault (DDI 0403E C1.7 / B1.5.9).
        exceptions.debugEventWithoutDebugger(imm8);
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** An op standing for an instruction that could not be fetched. Not cached: the memory may
     *  become readable later (e.g. when a flash controller enters memory-mapped mode). */
    static final class FaultOp extends Op {
        final FaultKind kind;

        FaultOp(int size, FaultKind kind) {
            super(size);
            this.kind = kind;
        }

        @Override
        public void exec(Core c) {
            throw new CpuFault(kind);
        }
    }
}
