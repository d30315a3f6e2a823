package io.xipkit.cpu;

import static io.xipkit.cpu.ExceptionNumber.BUS_FAULT;
import static io.xipkit.cpu.ExceptionNumber.HARD_FAULT;
import static io.xipkit.cpu.ExceptionNumber.MEM_MANAGE;
import static io.xipkit.cpu.ExceptionNumber.NMI;
import static io.xipkit.cpu.ExceptionNumber.PENDSV;
import static io.xipkit.cpu.ExceptionNumber.SVCALL;
import static io.xipkit.cpu.ExceptionNumber.SYSTICK;
import static io.xipkit.cpu.ExceptionNumber.USAGE_FAULT;

import io.xipkit.cpu.debug.HaltingDebug;

/**
 * The ARMv7-M exception model (DDI 0403E B1.5): pending/active state and priorities of all
 * exceptions, preemption, exception entry (B1.5.6 PushStack/ExceptionTaken), exception return
 * (B1.5.8 ExceptionReturn/PopStack) with tail-chaining, fault escalation and lockup (B1.5.14,
 * B1.5.15), lazy floating-point state preservation (B1.5.7), and the special-register
 * instructions that change priorities (MRS/MSR/CPS, B5.2).
 *
 * <p>State is held in 256-bit bitmaps (exception numbers 0–255) so the per-instruction cost
 * when nothing is pending is one test in {@link #takePendingIfAny}. Entry, return, fault
 * escalation and the fault record live in {@link ExceptionEntry}, {@link ExceptionReturn},
 * {@link FaultEscalation} and {@link FaultRecord}, which share this unit's state.
 */
public final class ExceptionUnit {
    static final int NUM_EXCEPTIONS = 256;
    private static final int WORDS = NUM_EXCEPTIONS / 32;
    static final int NO_EXCEPTION = -1;

    private final Core core;
    /** Priority byte (masked to implemented bits) for 4–255; fixed -3/-2/-1 for Reset/NMI/HardFault. */
    final int[] priority = new int[NUM_EXCEPTIONS];
    final int[] pending = new int[WORDS];
    final int[] active = new int[WORDS];
    /** IRQ enables (ISER) and the always-enabled system exceptions; faults 4–6 via SHCSR. */
    final int[] enabled = new int[WORDS];
    /** Level-sensitive IRQ lines currently asserted (index = exception number). */
    final boolean[] lineLevel = new boolean[NUM_EXCEPTIONS];
    int activeCount;
    private int prigroup;
    private int priorityBits = 4;
    private int priorityMask = 0xF0;
    /** The sleep in progress came from WFE (woken by the event register too). */
    boolean sleepFromWfe;

    // The parts of the model that run only when an exception is taken, returns or faults.
    final ExceptionEntry entry;
    final ExceptionReturn ret;
    final FaultEscalation faults;
    final FaultRecord record;
    /** MRS, MSR and CPS: the instructions that read and change the priority masks and CONTROL. */
    public final SpecialRegisters special;

    ExceptionUnit(Core core) {
        this.core = core;
        this.entry = new ExceptionEntry(core, this);
        this.ret = new ExceptionReturn(core, this);
        this.faults = new FaultEscalation(core, this);
        this.record = new FaultRecord(core, this);
        this.special = new SpecialRegisters(core, this);
    }

    Scb scb() {
        return core.scs.scb();
    }

    // ================================================================================================
    // Configuration (board level)
    // ================================================================================================

    /** Number of priority bits the implementation keeps (STM32H7/F7/L4: 4). Range 3–8. */
    public void setPriorityBits(int bits) {
        if (bits < 3 || bits > 8) throw new IllegalArgumentException("priority bits must be 3..8: " + bits);
        priorityBits = bits;
        priorityMask = (0xFF << (8 - bits)) & 0xFF;
        for (int e = 4; e < NUM_EXCEPTIONS; e++) priority[e] &= priorityMask;
        core.basepri &= priorityMask;
    }

    public int priorityBits() {
        return priorityBits;
    }

    public int priorityMask() {
        return priorityMask;
    }

    void setIrqCount(int n) {
        for (int e = 16 + n; e < NUM_EXCEPTIONS; e++) {
            clear(pending, e);
            clear(enabled, e);
            lineLevel[e] = false;
        }
    }

    // ================================================================================================
    // Reset
    // ================================================================================================

    void reset() {
        java.util.Arrays.fill(priority, 0);
        priority[ExceptionNumber.RESET] = -3;
        priority[NMI] = -2;
        priority[HARD_FAULT] = -1;
        java.util.Arrays.fill(pending, 0);
        java.util.Arrays.fill(active, 0);
        java.util.Arrays.fill(enabled, 0);
        java.util.Arrays.fill(lineLevel, false);
        for (int e : new int[] {NMI, HARD_FAULT, SVCALL, PENDSV, SYSTICK}) set(enabled, e);
        activeCount = 0;
        prigroup = 0;
        sleepFromWfe = false;
        record.reset();
        faults.raisedFault = null;
    }

    // ================================================================================================
    // Bitmap helpers
    // ================================================================================================

    static boolean test(int[] bits, int e) {
        return (bits[e >>> 5] & (1 << (e & 31))) != 0;
    }

    static void set(int[] bits, int e) {
        bits[e >>> 5] |= 1 << (e & 31);
    }

    static void clear(int[] bits, int e) {
        bits[e >>> 5] &= ~(1 << (e & 31));
    }

    // ================================================================================================
    // Priorities (B1.5.4)
    // ================================================================================================

    /** Group priority of a priority value: the subpriority field [PRIGROUP:0] is ignored for preemption. */
    int group(int p) {
        if (p < 0) return p;
        return p & ~((2 << prigroup) - 1);
    }

    /** ExecutionPriority() (B1.5.4): the highest of the active exceptions' group priorities and the masks. */
    public int executionPriority() {
        return executionPriority(true);
    }

    private int executionPriority(boolean withPrimask) {
        int highest = 256;
        for (int w = 0; w < WORDS; w++) {
            int bits = active[w];
            while (bits != 0) {
                int e = (w << 5) + Integer.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int p = group(priority[e]);
                if (p < highest) highest = p;
            }
        }
        int boosted = 256;
        if ((core.basepri & 0xFF) != 0) boosted = group(core.basepri & 0xFF);
        if (withPrimask && (core.primask & 1) != 0) boosted = 0;
        if ((core.faultmask & 1) != 0) boosted = -1;
        return Math.min(boosted, highest);
    }

    /** The pending, enabled exception with the highest priority (lowest value, then lowest number), or -1. */
    int highestPending() {
        return highestPending(false);
    }

    /**
     * @param debugMasked DHCSR.C_MASKINTS applies: PendSV, SysTick and external interrupts are
     *                    not taken (DDI 0403E C1.6.2)
     */
    private int highestPending(boolean debugMasked) {
        int best = NO_EXCEPTION;
        int bestPri = Integer.MAX_VALUE;
        for (int w = 0; w < WORDS; w++) {
            int bits = pending[w] & enabled[w];
            if (debugMasked) bits &= w == 0 ? ~(0xFFFF0000 | (1 << PENDSV) | (1 << SYSTICK)) : 0;
            while (bits != 0) {
                int e = (w << 5) + Integer.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (priority[e] < bestPri) {
                    bestPri = priority[e];
                    best = e;
                }
            }
        }
        return best;
    }

    private boolean anyPending() {
        for (int w = 0; w < WORDS; w++) if ((pending[w] & enabled[w]) != 0) return true;
        return false;
    }

    /** True when {@code exception}, pending, would preempt the current execution priority (B1.5.4). */
    public boolean canPreempt(int exception) {
        return group(priority[exception]) < executionPriority();
    }

    public int priorityOf(int exception) {
        return priority[exception];
    }

    void setPriority(int exception, int value) {
        if (exception < 4) return;
        priority[exception] = value & priorityMask;
        prioritiesChanged();
    }

    int prigroup() {
        return prigroup;
    }

    void setPrigroup(int value) {
        prigroup = value & 7;
        prioritiesChanged();
    }

    // ================================================================================================
    // Pending / active / enable state, used by the NVIC and SCB register front ends
    // ================================================================================================

    public boolean isPending(int exception) {
        return test(pending, exception);
    }

    public boolean isActive(int exception) {
        return test(active, exception);
    }

    public boolean isEnabled(int exception) {
        return test(enabled, exception);
    }

    public int activeCount() {
        return activeCount;
    }

    /** Makes an exception pending (an interrupt line pulse, ICSR/ISPR/STIR writes, SysTick). */
    public void setPending(int exception) {
        if (!test(pending, exception)) {
            set(pending, exception);
            // SEVONPEND: a transition to pending is a WFE wake-up event even if disabled (B1.5.18).
            if ((scb().scr() & Scb.SCR_SEVONPEND) != 0) core.eventRegister = true;
        }
        core.requestService();
    }

    public void clearPending(int exception) {
        clear(pending, exception);
        // A level-sensitive line that is still asserted pends again at once.
        if (lineLevel[exception] && !test(active, exception)) set(pending, exception);
    }

    void setEnabled(int exception, boolean on) {
        if (on) set(enabled, exception);
        else clear(enabled, exception);
        core.requestService();
    }

    /** Level-sensitive interrupt line (B3.4.1): pends while asserted and the interrupt is not active. */
    void setLineLevel(int exception, boolean asserted) {
        lineLevel[exception] = asserted;
        if (asserted && !test(active, exception)) setPending(exception);
    }

    int pendingWord(int w) {
        return pending[w];
    }

    int activeWord(int w) {
        return active[w];
    }

    int enabledWord(int w) {
        return enabled[w];
    }

    // ---- SCB views ----------------------------------------------------------------------------------

    /** ICSR read value (B3.2.4). */
    int icsr() {
        int v = core.ipsr & 0x1FF;                                   // VECTACTIVE
        if (activeCount <= 1) v |= 1 << 11;                          // RETTOBASE
        int hp = highestPending();
        if (hp > 0) v |= (hp & 0x1FF) << 12;                         // VECTPENDING
        for (int w = 0; w < WORDS; w++) {
            int external = w == 0 ? pending[0] & 0xFFFF0000 : pending[w];
            if (external != 0) {
                v |= 1 << 22;                                        // ISRPENDING
                break;
            }
        }
        if (test(pending, SYSTICK)) v |= 1 << 26;                    // PENDSTSET
        if (test(pending, PENDSV)) v |= 1 << 28;                     // PENDSVSET
        if (test(pending, NMI)) v |= 1 << 31;                        // NMIPENDSET
        return v;
    }

    void writeIcsr(int v) {
        if ((v & (1 << 31)) != 0) setPending(NMI);
        if ((v & (1 << 28)) != 0) setPending(PENDSV);
        else if ((v & (1 << 27)) != 0) clear(pending, PENDSV);
        if ((v & (1 << 26)) != 0) setPending(SYSTICK);
        else if ((v & (1 << 25)) != 0) clear(pending, SYSTICK);
    }

    /** SHPR1–3 read (B3.2.10–12): four priority bytes starting at exception {@code first}. */
    int shpr(int first) {
        int v = 0;
        for (int i = 0; i < 4; i++) if (isConfigurableSystem(first + i)) v |= priority[first + i] << (8 * i);
        return v;
    }

    void writeShpr(int first, int value, int mask) {
        for (int i = 0; i < 4; i++) {
            if ((mask & (0xFF << (8 * i))) != 0 && isConfigurableSystem(first + i)) {
                setPriority(first + i, (value >>> (8 * i)) & 0xFF);
            }
        }
    }

    private static boolean isConfigurableSystem(int e) {
        return e == MEM_MANAGE || e == BUS_FAULT || e == USAGE_FAULT || e == SVCALL
                || e == ExceptionNumber.DEBUG_MONITOR || e == PENDSV || e == SYSTICK;
    }

    /** SHCSR active and pended bits (B3.2.13); the enable bits are held by the SCB. */
    int shcsrState() {
        int v = 0;
        if (test(active, MEM_MANAGE)) v |= 1;
        if (test(active, BUS_FAULT)) v |= 1 << 1;
        if (test(active, USAGE_FAULT)) v |= 1 << 3;
        if (test(active, SVCALL)) v |= 1 << 7;
        if (test(active, ExceptionNumber.DEBUG_MONITOR)) v |= 1 << 8;
        if (test(active, PENDSV)) v |= 1 << 10;
        if (test(active, SYSTICK)) v |= 1 << 11;
        if (test(pending, USAGE_FAULT)) v |= 1 << 12;
        if (test(pending, MEM_MANAGE)) v |= 1 << 13;
        if (test(pending, BUS_FAULT)) v |= 1 << 14;
        if (test(pending, SVCALL)) v |= 1 << 15;
        return v;
    }

    void writeShcsrState(int value, int mask) {
        int[][] map = {{0, MEM_MANAGE}, {1, BUS_FAULT}, {3, USAGE_FAULT}, {7, SVCALL},
                {8, ExceptionNumber.DEBUG_MONITOR}, {10, PENDSV}, {11, SYSTICK}};
        for (int[] m : map) {
            if ((mask & (1 << m[0])) == 0) continue;
            boolean on = (value & (1 << m[0])) != 0;
            if (on != test(active, m[1])) {
                if (on) {
                    set(active, m[1]);
                    activeCount++;
                } else {
                    clear(active, m[1]);
                    activeCount--;
                }
            }
        }
        int[][] pend = {{12, USAGE_FAULT}, {13, MEM_MANAGE}, {14, BUS_FAULT}, {15, SVCALL}};
        for (int[] m : pend) {
            if ((mask & (1 << m[0])) == 0) continue;
            if ((value & (1 << m[0])) != 0) set(pending, m[1]);
            else clear(pending, m[1]);
        }
        int ena = value & mask;
        setEnabledBit(MEM_MANAGE, mask, Scb.SHCSR_MEMFAULTENA, ena);
        setEnabledBit(BUS_FAULT, mask, Scb.SHCSR_BUSFAULTENA, ena);
        setEnabledBit(USAGE_FAULT, mask, Scb.SHCSR_USGFAULTENA, ena);
        core.requestService();
    }

    private void setEnabledBit(int e, int mask, int bit, int value) {
        if ((mask & bit) == 0) return;
        if ((value & bit) != 0) set(enabled, e);
        else clear(enabled, e);
    }

    // ================================================================================================
    // Taking exceptions
    // ================================================================================================

    /** Takes the highest-priority pending exception if it can preempt (called between instructions). */
    void takePendingIfAny() {
        if (!anyPending()) return;
        // A bounded loop: entering a handler can itself raise a fault (vector with bit 0 clear).
        boolean debugMasked = core.debug().interruptsMasked();
        for (int guard = 0; guard < 8; guard++) {
            int e = highestPending(debugMasked);
            if (e == NO_EXCEPTION || group(priority[e]) >= executionPriority()) return;
            core.sleeping = false;
            if (!entry.enter(e, core.pc, true, 0)) return;
            if (!core.thumb) {
                // The vector's bit 0 was clear: EPSR.T = 0 and the handler's first instruction faults
                // INVSTATE (B1.5.6 ExceptionTaken); the UsageFault frame stacks T = 0 as it is. A
                // vector catch halts before that first instruction (C1.6.5), so a debugger sees the
                // handler entered (a flash algorithm's BusFault through a table of zeros), not a
                // lockup; the INVSTATE follows when the core resumes (the run loop checks T).
                if (core.debug().haltPending()) return;
                fault(new CpuFault(FaultKind.INVSTATE));
            }
        }
    }

    // ================================================================================================
    // Exception return (B1.5.8), in ExceptionReturn
    // ================================================================================================

    /**
     * BX/POP/LDM/LDR of an EXC_RETURN value in Handler mode. Called from inside the op: the op must
     * have completed its own register writes (base write-back) before calling {@link Core#bxWritePc}.
     */
    public void exceptionReturn(int excReturn) {
        ret.exceptionReturn(excReturn);
    }

    // ================================================================================================
    // Faults (B1.5.14, B1.5.15), in FaultEscalation
    // ================================================================================================

    /** A synchronous fault raised by the executing instruction (which has not retired). */
    public void fault(CpuFault f) {
        faults.fault(f);
    }

    /** SVC instruction executed: SVCall is pended and taken after the instruction (B1.5.14). */
    public void svc(int imm8) {
        faults.svc(imm8);
    }

    /**
     * A breakpoint (BKPT or FPB) with neither halting nor monitor debug able to take it: escalated
     * to HardFault with HFSR.DEBUGEVT (C1.7.1, B1.5.14); the caller has set DFSR.BKPT.
     */
    void breakpointEscalated(String what) {
        faults.breakpointEscalated(what);
    }

    // ================================================================================================
    // Floating point (B1.5.7 lazy stacking; ExecuteFPCheck, B1.4.? / A2.5)
    // ================================================================================================

    /** Called by every floating-point instruction before it touches FP state: CPACR access check
     *  (NOCP), lazy FP state preservation, CONTROL.FPCA. */
    public void fpuAccess() {
        Scb s = scb();
        int cp10 = (s.cpacr() >>> 20) & 3;
        if (!core.variant.hasFpu || cp10 == 0 || cp10 == 2 || (cp10 == 1 && !core.privileged())) {
            throw new CpuFault(FaultKind.NOCP);
        }
        int fpccr = s.fpccr();
        if ((fpccr & Scb.FPCCR_LSPACT) != 0) entry.preserveFpState();
        if ((fpccr & Scb.FPCCR_ASPEN) != 0 && (core.control & 4) == 0) {
            core.fpscr = s.fpdscr();
            core.control |= 4;
        }
    }

    /** Priority-mask registers or enables changed: re-evaluate what is pending. */
    public void prioritiesChanged() {
        core.requestService();
    }

    // ================================================================================================
    // Sleep (B1.5.18, B1.5.19)
    // ================================================================================================

    /** WFI: sleep until an exception that would preempt (ignoring PRIMASK) is pending. */
    public void waitForInterrupt() {
        sleepFromWfe = false;
        core.sleeping = true;
        core.requestService();
    }

    /** WFE: consume the event register, or sleep until an event or a preempting exception. */
    public void waitForEvent() {
        if (core.eventRegister) {
            core.eventRegister = false;
            return;
        }
        sleepFromWfe = true;
        core.sleeping = true;
        core.requestService();
    }

    /** SEV: sets the event register (single core: this core's own). */
    public void sendEvent() {
        core.eventRegister = true;
    }

    /** True when the sleeping core should wake (and consumes the event that woke a WFE). */
    boolean hasWakeupPending() {
        if (sleepFromWfe && core.eventRegister) {
            core.eventRegister = false;
            return true;
        }
        int e = highestPending();
        return e != NO_EXCEPTION && group(priority[e]) < executionPriority(false);
    }

    // ================================================================================================
    // Fault-handler spin detection and snapshots
    // ================================================================================================

    /** Called by the B op when it branches to itself with IPSR 2..6: stops the run with a report. */
    public void faultHandlerSpinning() {
        core.requestStop(new StopReason.FaultHandlerSpin(faultSnapshot()));
    }

    /** The fault state as of the most recent fault-handler entry (or the current state if none). */
    public FaultSnapshot faultSnapshot() {
        return record.faultSnapshot();
    }

    /** The snapshot taken when the core last locked up, or null. */
    public FaultSnapshot lockupSnapshot() {
        return record.lockupSnapshot;
    }
}
