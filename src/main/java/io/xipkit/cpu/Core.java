package io.xipkit.cpu;

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
    private static final int SLOTS_PER_PAGE = 1 << (PAGE_SHIFT - 1);
    private final Op[][] decoded = new Op[1 << (32 - PAGE_SHIFT)][];
    private final ThumbDecoder decoder;

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
        this.scs = new SystemControlSpace(this);
        this.exceptions = new ExceptionUnit(this);
        bus.addCodeChangeListener(new CodeChangeListener() {
            @Override
            public void codeChanged(int address, int length) {
                if (length < 0) invalidateAllDecoded();
                else invalidateDecoded(address, length);
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
        invalidateAllDecoded();
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
        final Op[][] decoded = this.decoded;
        while (true) {
            if (cycles >= checkpoint && service()) return stopReason;
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
                thumb = true;
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
    // Memory accesses with the architecture's rules (alignment, PPB, exclusives)
    // ================================================================================================

    private static boolean isPpb(int address) {
        return (address >>> 20) == 0xE00;
    }

    public int read8(int a) {
        if (isPpb(a)) return scs.read(a, 1);
        return bus.read8(a);
    }

    public int read16(int a) {
        if ((a & 1) != 0 && unalignTrap) throw unaligned();
        if (isPpb(a)) return scs.read(a, 2);
        return bus.read16(a);
    }

    public int read32(int a) {
        if ((a & 3) != 0 && unalignTrap) throw unaligned();
        if (isPpb(a)) return scs.read(a, 4);
        return bus.read32(a);
    }

    /** Word read that must be aligned regardless of CCR (LDM, LDRD, LDREX, POP, exception frames). */
    public int read32Aligned(int a) {
        if ((a & 3) != 0) throw unaligned();
        if (isPpb(a)) return scs.read(a, 4);
        return bus.read32(a);
    }

    public void write8(int a, int value) {
        if (isPpb(a)) {
            scs.write(a, 1, value & 0xFF);
            return;
        }
        bus.write8(a, value);
        noteStore(a);
    }

    public void write16(int a, int value) {
        if ((a & 1) != 0 && unalignTrap) throw unaligned();
        if (isPpb(a)) {
            scs.write(a, 2, value & 0xFFFF);
            return;
        }
        bus.write16(a, value);
        noteStore(a);
    }

    public void write32(int a, int value) {
        if ((a & 3) != 0 && unalignTrap) throw unaligned();
        if (isPpb(a)) {
            scs.write(a, 4, value);
            return;
        }
        bus.write32(a, value);
        noteStore(a);
    }

    public void write32Aligned(int a, int value) {
        if ((a & 3) != 0) throw unaligned();
        if (isPpb(a)) {
            scs.write(a, 4, value);
            return;
        }
        bus.write32(a, value);
        noteStore(a);
    }

    private CpuFault unaligned() {
        return new CpuFault(FaultKind.UNALIGNED);
    }

    /** Any store clears a local exclusive reservation only through STREX/CLREX; we only need to
     *  drop decoded instructions that the store may have overwritten. */
    private void noteStore(int a) {
        if (decoded[a >>> PAGE_SHIFT] != null || decoded[(a - 2) >>> PAGE_SHIFT] != null) {
            invalidateDecoded(a, 4);
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
        Op[] page = decoded[pc >>> PAGE_SHIFT];
        if (page == null) {
            page = new Op[SLOTS_PER_PAGE];
            decoded[pc >>> PAGE_SHIFT] = page;
        }
        page[(pc & 0xFFFF) >>> 1] = op;
        return op;
    }

    /** Fetch with the default memory map's execute-never regions (DDI 0403E B3.1, Table B3-1). */
    private int fetch16(int a) {
        int region = a >>> 29;
        // 0x40000000 Peripheral, 0xA0000000/0xC0000000 Device, 0xE0000000 System: XN.
        if (region == 2 || region == 5 || region == 6 || region == 7) {
            throw new CpuFault(FaultKind.IACCVIOL);
        }
        return bus.fetch16(a);
    }

    /** Drops decoded instructions overlapping [address, address + length). */
    public void invalidateDecoded(int address, int length) {
        long start = (address & 0xFFFFFFFFL) - 2;
        long end = (address & 0xFFFFFFFFL) + Math.max(length, 1);
        if (start < 0) start = 0;
        for (long a = start & ~1L; a < end && a <= 0xFFFFFFFFL; ) {
            Op[] page = decoded[(int) (a >>> PAGE_SHIFT)];
            if (page == null) {
                a = ((a >>> PAGE_SHIFT) + 1) << PAGE_SHIFT;
                continue;
            }
            page[(int) ((a & 0xFFFF) >>> 1)] = null;
            a += 2;
        }
    }

    public void invalidateAllDecoded() {
        java.util.Arrays.fill(decoded, null);
    }

    /** The decoded instruction at an address (decoding it if needed), for traces and debuggers. */
    public Op opAt(int address) {
        Op[] page = decoded[address >>> PAGE_SHIFT];
        Op op = page == null ? null : page[(address & 0xFFFF) >>> 1];
        return op != null ? op : decodeAt(address);
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
