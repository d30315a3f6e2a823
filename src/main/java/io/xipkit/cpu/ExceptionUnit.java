package io.xipkit.cpu;

import static io.xipkit.cpu.ExceptionNumber.BUS_FAULT;
import static io.xipkit.cpu.ExceptionNumber.HARD_FAULT;
import static io.xipkit.cpu.ExceptionNumber.MEM_MANAGE;
import static io.xipkit.cpu.ExceptionNumber.NMI;
import static io.xipkit.cpu.ExceptionNumber.PENDSV;
import static io.xipkit.cpu.ExceptionNumber.SVCALL;
import static io.xipkit.cpu.ExceptionNumber.SYSTICK;
import static io.xipkit.cpu.ExceptionNumber.USAGE_FAULT;

/**
 * The ARMv7-M exception model (DDI 0403E B1.5): pending/active state and priorities of all
 * exceptions, preemption, exception entry (B1.5.6 PushStack/ExceptionTaken), exception return
 * (B1.5.8 ExceptionReturn/PopStack) with tail-chaining, fault escalation and lockup (B1.5.14,
 * B1.5.15), lazy floating-point state preservation (B1.5.7), and the special-register
 * instructions that change priorities (MRS/MSR/CPS, B5.2).
 *
 * <p>State is held in 256-bit bitmaps (exception numbers 0–255) so the per-instruction cost
 * when nothing is pending is one test in {@link #takePendingIfAny}.
 */
public final class ExceptionUnit {
    static final int NUM_EXCEPTIONS = 256;
    private static final int WORDS = NUM_EXCEPTIONS / 32;
    private static final int NO_EXCEPTION = -1;

    private final Core core;
    /** Priority byte (masked to implemented bits) for 4–255; fixed -3/-2/-1 for Reset/NMI/HardFault. */
    private final int[] priority = new int[NUM_EXCEPTIONS];
    private final int[] pending = new int[WORDS];
    private final int[] active = new int[WORDS];
    /** IRQ enables (ISER) and the always-enabled system exceptions; faults 4–6 via SHCSR. */
    private final int[] enabled = new int[WORDS];
    /** Level-sensitive IRQ lines currently asserted (index = exception number). */
    private final boolean[] lineLevel = new boolean[NUM_EXCEPTIONS];
    private int activeCount;
    private int prigroup;
    private int priorityBits = 4;
    private int priorityMask = 0xF0;
    /** The sleep in progress came from WFE (woken by the event register too). */
    private boolean sleepFromWfe;

    // ---- the most recent fault-handler entry, for FaultSnapshot -----------------------------
    private final int[] lastFrame = new int[8];
    /** Scratch for PopStack: the frame is read completely before any register changes. */
    private final int[] popWords = new int[8];
    private final int[] popFp = new int[17];
    private final int[] lastR4to11 = new int[8];
    private int lastFrameAddress;
    private int lastFrameSp;
    private int lastExcReturn;
    private int lastFaultException;
    private boolean lastFrameValid;
    private String lastFaultCause = "";
    private FaultSnapshot lockupSnapshot;

    ExceptionUnit(Core core) {
        this.core = core;
    }

    private Scb scb() {
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
        lastFrameValid = false;
        lastFaultCause = "";
        lockupSnapshot = null;
    }

    // ================================================================================================
    // Bitmap helpers
    // ================================================================================================

    private static boolean test(int[] bits, int e) {
        return (bits[e >>> 5] & (1 << (e & 31))) != 0;
    }

    private static void set(int[] bits, int e) {
        bits[e >>> 5] |= 1 << (e & 31);
    }

    private static void clear(int[] bits, int e) {
        bits[e >>> 5] &= ~(1 << (e & 31));
    }

    // ================================================================================================
    // Priorities (B1.5.4)
    // ================================================================================================

    /** Group priority of a priority value: the subpriority field [PRIGROUP:0] is ignored for preemption. */
    private int group(int p) {
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
    private int highestPending() {
        int best = NO_EXCEPTION;
        int bestPri = Integer.MAX_VALUE;
        for (int w = 0; w < WORDS; w++) {
            int bits = pending[w] & enabled[w];
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
        for (int guard = 0; guard < 8; guard++) {
            int e = highestPending();
            if (e == NO_EXCEPTION || group(priority[e]) >= executionPriority()) return;
            core.sleeping = false;
            if (!enter(e, core.pc, true, 0)) return;
            if (!core.thumb) {
                // The vector's bit 0 was clear: EPSR.T = 0 and the handler's first instruction faults
                // INVSTATE (B1.5.6 ExceptionTaken); the UsageFault frame stacks T = 0 as it is.
                fault(new CpuFault(FaultKind.INVSTATE));
            }
        }
    }

    /**
     * Exception entry: PushStack (if {@code stack}) then ExceptionTaken (DDI 0403E B1.5.6).
     * With {@code stack == false} (tail-chaining, INVPC on return) LR is set to {@code excReturn}.
     * Returns false if the core locked up.
     */
    private boolean enter(int e, int returnAddress, boolean stack, int excReturn) {
        clear(pending, e);
        int lr = excReturn;
        FaultKind derivedStackError = null;
        if (stack) {
            // PushStack runs with the privilege and priority of the context being stacked (B1.5.6).
            int ctx = core.accessContextFor(!core.privileged());
            boolean fpca = core.variant.hasFpu && (core.control & 4) != 0;
            int frameSize = fpca ? 0x68 : 0x20;
            boolean forceAlign = fpca || scb().stkalign();
            int sp = core.r[13];
            int alignBit = forceAlign && (sp & 4) != 0 ? 1 : 0;
            int frame = (sp - frameSize) & (forceAlign ? ~7 : ~3);
            core.r[13] = frame;
            int xpsr = (core.xpsr() & ~(1 << 9)) | (alignBit << 9);
            int[] f = lastFrame;
            f[0] = core.r[0];
            f[1] = core.r[1];
            f[2] = core.r[2];
            f[3] = core.r[3];
            f[4] = core.r[12];
            f[5] = core.r[14];
            f[6] = returnAddress;
            f[7] = xpsr;
            for (int i = 0; i < 8; i++) derivedStackError = stackWrite(frame + 4 * i, f[i], ctx, derivedStackError);
            if (fpca) {
                if ((scb().fpccr() & Scb.FPCCR_LSPEN) == 0) {
                    for (int i = 0; i < 16; i++) {
                        derivedStackError = stackWrite(frame + 0x20 + 4 * i, core.s[i], ctx, derivedStackError);
                    }
                    derivedStackError = stackWrite(frame + 0x60, core.fpscr, ctx, derivedStackError);
                } else {
                    updateFpccr(frame);
                }
            }
            boolean handler = core.ipsr != 0;
            lr = 0xFFFFFFE0 | (fpca ? 0 : 0x10) | (handler ? 0x1 : ((core.control & 2) != 0 ? 0xD : 0x9));
            if (e >= HARD_FAULT && e <= USAGE_FAULT) recordFaultEntry(e, frame, frameSize, alignBit, lr);
        }
        // ExceptionTaken: read the vector (B1.5.6); an error here is HardFault VECTTBL (B3.2.16).
        int vector;
        try {
            vector = core.bus.read32(scb().vtor() + 4 * e);
        } catch (BusErrorException err) {
            scb().setHfsrBits(Scb.HFSR_VECTTBL);
            if (priority[e] <= -1 || executionPriority() <= -1) {
                return lockup(String.format("vector read for %s at 0x%08X failed (HFSR.VECTTBL)",
                        ExceptionNumber.name(e), scb().vtor() + 4 * e));
            }
            e = HARD_FAULT;
            clear(pending, HARD_FAULT);
            try {
                vector = core.bus.read32(scb().vtor() + 4 * HARD_FAULT);
            } catch (BusErrorException err2) {
                return lockup(String.format("vector read for HardFault at 0x%08X failed",
                        scb().vtor() + 4 * HARD_FAULT));
            }
        }
        core.r[14] = lr;
        core.setModeAndControl(e, core.control & ~6);   // Handler mode, SPSEL = 0, FPCA = 0
        core.thumb = (vector & 1) != 0;
        core.itState = 0;
        core.pc = vector & ~1;
        core.nextPc = vector & ~1;
        set(active, e);
        activeCount++;
        core.exclusiveOpen = false;
        core.eventRegister = true;                       // SetEventRegister()
        core.requestService();
        if (derivedStackError != null) {
            // Derived fault on stacking (B1.5.14): STKERR (bus) or MSTKERR (MPU), taken after the
            // original exception is entered.
            fault(new CpuFault(derivedStackError));
        }
        return true;
    }

    /** One stacking write; returns the first derived fault so far (MSTKERR for an MPU violation, else STKERR). */
    private FaultKind stackWrite(int address, int value, int context, FaultKind soFar) {
        try {
            core.write32AlignedIn(address, value, context);
            return soFar;
        } catch (CpuFault e) {
            if (soFar != null) return soFar;
            return e.kind == FaultKind.DACCVIOL ? FaultKind.MSTKERR : FaultKind.STKERR;
        } catch (BusErrorException e) {
            return soFar != null ? soFar : FaultKind.STKERR;
        }
    }

    /** UpdateFPCCR(frameptr) (B1.5.7): arm lazy preservation of S0–S15/FPSCR into the reserved frame space. */
    private void updateFpccr(int frame) {
        Scb s = scb();
        int v = s.fpccr() & ~(Scb.FPCCR_LSPACT | Scb.FPCCR_USER | Scb.FPCCR_THREAD | Scb.FPCCR_HFRDY
                | Scb.FPCCR_MMRDY | Scb.FPCCR_BFRDY | Scb.FPCCR_MONRDY);
        int exec = executionPriority();
        v |= Scb.FPCCR_LSPACT;
        if (!core.privileged()) v |= Scb.FPCCR_USER;
        if (core.ipsr == 0) v |= Scb.FPCCR_THREAD;
        if (exec > -1) v |= Scb.FPCCR_HFRDY;
        if (test(enabled, MEM_MANAGE) && group(priority[MEM_MANAGE]) < exec) v |= Scb.FPCCR_MMRDY;
        if (test(enabled, BUS_FAULT) && group(priority[BUS_FAULT]) < exec) v |= Scb.FPCCR_BFRDY;
        s.setFpccr(v);
        s.setFpcar(frame + 0x20);
    }

    // ================================================================================================
    // Exception return (B1.5.8)
    // ================================================================================================

    /**
     * BX/POP/LDM/LDR of an EXC_RETURN value in Handler mode. Called from inside the op: the op must
     * have completed its own register writes (base write-back) before calling {@link Core#bxWritePc}.
     */
    public void exceptionReturn(int excReturn) {
        int e = core.ipsr;
        int nested = activeCount;
        boolean hasFp = core.variant.hasFpu;
        int low = excReturn & 0xF;
        // EXC_RETURN<27:5> (with the FP extension) or <27:4> must be all ones (B1.5.8).
        boolean formatOk = hasFp ? (excReturn >>> 5) == 0x7FFFFFF : (excReturn >>> 4) == 0xFFFFFFF;
        if (!test(active, e) || !formatOk || (low != 0x1 && low != 0x9 && low != 0xD)) {
            invpc(e, excReturn);
            return;
        }
        boolean toThread = low != 0x1;
        if (toThread && nested != 1 && (scb().ccr() & Scb.CCR_NONBASETHRDENA) == 0) {
            invpc(e, excReturn);
            return;
        }
        deactivate(e);
        // Tail-chaining (B1.5.12): a pending exception that would preempt the context being returned
        // to is entered at once, reusing the stacked frame.
        int next = highestPending();
        if (next != NO_EXCEPTION && group(priority[next]) < executionPriority()) {
            enter(next, 0, false, excReturn);
            return;
        }
        popStack(e, excReturn, toThread, low == 0xD);
    }

    private void popStack(int e, int excReturn, boolean toThread, boolean toPsp) {
        boolean fpFrame = core.variant.hasFpu && (excReturn & 0x10) == 0;
        int frameSize = fpFrame ? 0x68 : 0x20;
        boolean forceAlign = fpFrame || scb().stkalign();
        int frame = toPsp ? core.psp() : core.msp();
        int[] w = popWords;
        int[] fp = popFp;
        // ExceptionReturn sets the mode it returns to before PopStack (B1.5.8): the frame is read
        // with that mode's privilege, at the priority left after DeActivate.
        int ctx = core.accessContextFor(toThread && (core.control & 1) != 0);
        try {
            for (int i = 0; i < 8; i++) w[i] = core.read32AlignedIn(frame + 4 * i, ctx);
            if (fpFrame && (scb().fpccr() & Scb.FPCCR_LSPACT) == 0) {
                for (int i = 0; i < 16; i++) fp[i] = core.read32AlignedIn(frame + 0x20 + 4 * i, ctx);
                fp[16] = core.read32AlignedIn(frame + 0x60, ctx);
            }
        } catch (CpuFault err) {
            // MUNSTKERR: an MPU violation on unstacking; MemManage taken on the unchanged frame.
            derivedFaultOnReturn(err.kind == FaultKind.DACCVIOL ? FaultKind.MUNSTKERR : FaultKind.UNSTKERR, excReturn);
            return;
        } catch (BusErrorException err) {
            // UNSTKERR: the return is abandoned and the BusFault is taken on the unchanged frame.
            derivedFaultOnReturn(FaultKind.UNSTKERR, excReturn);
            return;
        }
        int psr = w[7];
        int newIpsr = psr & 0x1FF;
        // Integrity check (B1.5.8): the stacked IPSR must agree with the mode EXC_RETURN selects.
        if (toThread != (newIpsr == 0)) {
            scb().setCfsrBits(1 << FaultKind.INVPC.cfsrBit);
            derivedFaultOnReturn(null, excReturn);
            return;
        }
        core.r[0] = w[0];
        core.r[1] = w[1];
        core.r[2] = w[2];
        core.r[3] = w[3];
        core.r[12] = w[4];
        core.r[14] = w[5];
        if (fpFrame) {
            if ((scb().fpccr() & Scb.FPCCR_LSPACT) != 0) {
                scb().setFpccr(scb().fpccr() & ~Scb.FPCCR_LSPACT);   // the registers still hold the context
            } else {
                System.arraycopy(fp, 0, core.s, 0, 16);
                core.fpscr = fp[16];
            }
        }
        int spmask = ((psr >>> 9) & 1) != 0 && forceAlign ? 4 : 0;
        int newSp = (frame + frameSize) | spmask;
        if (toPsp) core.setPsp(newSp);
        else core.setMsp(newSp);
        int control = core.control & ~6;
        if (toPsp) control |= 2;
        if (core.variant.hasFpu && !fpFrame) control &= ~4;
        if (fpFrame) control |= 4;
        core.setModeAndControl(newIpsr, control);
        core.setXpsr(psr);
        core.nextPc = w[6] & ~1;
        core.pc = core.nextPc;
        core.exclusiveOpen = false;
        core.eventRegister = true;
        if (toThread && activeCount == 0 && (scb().scr() & Scb.SCR_SLEEPONEXIT) != 0) {
            core.sleeping = true;                   // SleepOnExit() (B1.5.8)
            sleepFromWfe = false;
        }
        core.requestService();
    }

    /** DeActivate(n) (B1.5.8): clears the active bit; FAULTMASK clears except on NMI return. */
    private void deactivate(int e) {
        if (test(active, e)) {
            clear(active, e);
            activeCount--;
        }
        if (e != NMI) core.faultmask = 0;
        if (lineLevel[e]) set(pending, e);   // level-sensitive line still asserted: pending again
        core.requestService();
    }

    /** INVPC on an illegal EXC_RETURN or a return from an inactive exception: UsageFault entered on the current frame. */
    private void invpc(int e, int excReturn) {
        deactivate(e);
        scb().setCfsrBits(1 << FaultKind.INVPC.cfsrBit);
        derivedFaultOnReturn(null, excReturn);
    }

    /** A fault detected during exception return: entered without stacking (the frame is still in place). */
    private void derivedFaultOnReturn(FaultKind kind, int excReturn) {
        if (kind != null) scb().setCfsrBits(1 << kind.cfsrBit);
        int target = kind == null ? USAGE_FAULT : kind.exception;
        int exec = executionPriority();
        if (!test(enabled, target) || group(priority[target]) >= exec) {
            target = HARD_FAULT;
            scb().setHfsrBits(Scb.HFSR_FORCED);
        }
        if (target == HARD_FAULT && exec <= -1) {
            lockup((kind == null ? "INVPC" : kind.name()) + String.format(" on exception return 0x%08X", excReturn));
            return;
        }
        lastFaultCause = kind == null ? "INVPC" : kind.name();
        enter(target, 0, false, excReturn | 0xF0000000);
    }

    // ================================================================================================
    // Faults (B1.5.14, B1.5.15)
    // ================================================================================================

    /** A synchronous fault raised by the executing instruction (which has not retired). */
    public void fault(CpuFault f) {
        Scb s = scb();
        FaultKind kind = f.kind;
        if (kind.cfsrBit >= 0) s.setCfsrBits(1 << kind.cfsrBit);
        if (kind == FaultKind.VECTTBL) s.setHfsrBits(Scb.HFSR_VECTTBL);
        if (f.addressValid) {
            if (kind == FaultKind.PRECISERR) {
                s.setBfar(f.address);
                s.setCfsrBits(Scb.CFSR_BFARVALID);
            } else if (kind == FaultKind.DACCVIOL) {
                s.setMmfar(f.address);
                s.setCfsrBits(Scb.CFSR_MMARVALID);
            }
        }
        String where = String.format("%s at pc=0x%08X%s", kind, core.pc,
                f.addressValid ? String.format(" address=0x%08X", f.address) : "");
        raiseSynchronous(kind.exception, where);
    }

    /** Pends {@code target} or escalates it to HardFault (FORCED); lockup if even HardFault cannot preempt. */
    private void raiseSynchronous(int target, String cause) {
        int exec = executionPriority();
        if (target != HARD_FAULT && (!test(enabled, target) || group(priority[target]) >= exec)) {
            target = HARD_FAULT;
            scb().setHfsrBits(Scb.HFSR_FORCED);
        }
        if (target == HARD_FAULT && exec <= -1) {
            lockup(cause);
            return;
        }
        lastFaultCause = cause;
        set(pending, target);
        core.requestService();
    }

    private boolean lockup(String cause) {
        String description = String.format("lockup in %s: %s", ExceptionNumber.name(core.ipsr), cause);
        lockupSnapshot = snapshotOfCurrentState(description);
        core.requestStop(new StopReason.Lockup(description));
        return false;
    }

    /** SVC instruction executed: SVCall is pended and taken after the instruction (B1.5.14). */
    public void svc(int imm8) {
        raiseSynchronous(SVCALL, String.format("SVC #%d at pc=0x%08X", imm8, core.pc));
    }

    /** BKPT other than semihosting with no debugger: DFSR.BKPT, escalated to HardFault (C1.7.1, B1.5.14). */
    public void debugEventWithoutDebugger(int imm8) {
        scb().setDfsrBits(Scb.DFSR_BKPT);
        scb().setHfsrBits(Scb.HFSR_DEBUGEVT);
        core.nextPc = core.pc;   // the BKPT does not retire: the stacked PC is the BKPT itself
        raiseSynchronous(HARD_FAULT, String.format("BKPT #%d at pc=0x%08X with no debugger", imm8, core.pc));
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
        if ((fpccr & Scb.FPCCR_LSPACT) != 0) preserveFpState();
        if ((fpccr & Scb.FPCCR_ASPEN) != 0 && (core.control & 4) == 0) {
            core.fpscr = s.fpdscr();
            core.control |= 4;
        }
    }

    /** PreserveFPState() (B1.5.7): writes S0–S15 and FPSCR to the space reserved at FPCAR. */
    private void preserveFpState() {
        Scb s = scb();
        int base = s.fpcar();
        s.setFpccr(s.fpccr() & ~Scb.FPCCR_LSPACT);
        // Lazy preservation uses the privilege recorded when the frame was reserved (FPCCR.USER).
        int ctx = core.accessContextFor((s.fpccr() & Scb.FPCCR_USER) != 0);
        try {
            for (int i = 0; i < 16; i++) core.write32AlignedIn(base + 4 * i, core.s[i], ctx);
            core.write32AlignedIn(base + 0x40, core.fpscr, ctx);
        } catch (BusErrorException e) {
            throw new CpuFault(FaultKind.LSPERR);
        } catch (CpuFault e) {
            throw new CpuFault(e.kind == FaultKind.DACCVIOL ? FaultKind.MLSPERR : FaultKind.LSPERR);
        }
    }

    // ================================================================================================
    // Special registers: MRS / MSR / CPS (B5.2)
    // ================================================================================================

    /** MRS (B5.2.2): value of the special register selected by SYSm. */
    public int mrs(int sysm) {
        boolean priv = core.privileged();
        switch (sysm >>> 3) {
            case 0: {
                int v = 0;
                if ((sysm & 1) != 0) v |= core.ipsr;                 // IPSR included
                if ((sysm & 4) == 0) v |= core.apsr();               // APSR included; EPSR reads as zero
                return v;
            }
            case 1:
                if (!priv) return 0;
                if ((sysm & 7) == 0) return core.msp();
                if ((sysm & 7) == 1) return core.psp();
                return 0;
            case 2:
                switch (sysm & 7) {
                    case 0: return priv ? core.primask & 1 : 0;
                    case 1:
                    case 2: return priv ? core.basepri & 0xFF : 0;
                    case 3: return priv ? core.faultmask & 1 : 0;
                    case 4: return core.control & (core.variant.hasFpu ? 7 : 3);
                    default: return 0;
                }
            default:
                return 0;
        }
    }

    /** MSR (B5.2.3). {@code mask} is the instruction's mask field (bit 1 = nzcvq, bit 0 = g). */
    public void msr(int sysm, int mask, int value) {
        boolean priv = core.privileged();
        switch (sysm >>> 3) {
            case 0:
                if ((sysm & 4) == 0) {
                    if ((mask & 1) != 0) core.ge = (value >>> 16) & 0xF;
                    if ((mask & 2) != 0) core.setApsrNzcvq(value);
                }
                return;
            case 1:
                if (!priv) return;
                if ((sysm & 7) == 0) core.setMsp(value);
                else if ((sysm & 7) == 1) core.setPsp(value);
                return;
            case 2:
                if (!priv) return;
                switch (sysm & 7) {
                    case 0: core.primask = value & 1; break;
                    case 1: core.basepri = value & priorityMask; break;
                    case 2: setBasepriMax(value); break;
                    case 3: if (executionPriority() > -1) core.faultmask = value & 1; break;
                    case 4: {
                        int c = (core.control & ~1) | (value & 1);
                        if (core.ipsr == 0) c = (c & ~2) | (value & 2);
                        if (core.variant.hasFpu) c = (c & ~4) | (value & 4);
                        core.setModeAndControl(core.ipsr, c);
                        break;
                    }
                    default: break;
                }
                prioritiesChanged();
                return;
            default:
        }
    }

    /** MSR BASEPRI_MAX (B5.2.3): only raises the boosted priority (a smaller non-zero value). */
    public void setBasepriMax(int value) {
        int v = value & priorityMask;
        if (core.privileged() && v != 0 && (v < (core.basepri & 0xFF) || (core.basepri & 0xFF) == 0)) {
            core.basepri = v;
            prioritiesChanged();
        }
    }

    /** CPSIE/CPSID (B5.2.1). */
    public void cps(boolean disable, boolean affectPrimask, boolean affectFaultmask) {
        if (!core.privileged()) return;
        if (disable) {
            if (affectPrimask) core.primask = 1;
            if (affectFaultmask && executionPriority() > -1) core.faultmask = 1;
        } else {
            if (affectPrimask) core.primask = 0;
            if (affectFaultmask) core.faultmask = 0;
        }
        prioritiesChanged();
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

    private void recordFaultEntry(int e, int frame, int frameSize, int alignBit, int excReturn) {
        lastFrameValid = true;
        lastFaultException = e;
        lastFrameAddress = frame;
        lastFrameSp = frame + frameSize + 4 * alignBit;
        lastExcReturn = excReturn;
        System.arraycopy(core.r, 4, lastR4to11, 0, 8);
    }

    /** The fault state as of the most recent fault-handler entry (or the current state if none). */
    public FaultSnapshot faultSnapshot() {
        Scb s = scb();
        if (!lastFrameValid) return snapshotOfCurrentState("no fault handler entry recorded");
        int[] regs = new int[16];
        regs[0] = lastFrame[0];
        regs[1] = lastFrame[1];
        regs[2] = lastFrame[2];
        regs[3] = lastFrame[3];
        System.arraycopy(lastR4to11, 0, regs, 4, 8);
        regs[12] = lastFrame[4];
        regs[13] = lastFrameSp;
        regs[14] = lastFrame[5];
        regs[15] = lastFrame[6];
        return new FaultSnapshot(core.ipsr != 0 ? core.ipsr : lastFaultException, lastFaultCause, regs, lastFrame[7],
                true, lastFrameAddress, lastFrame.clone(), lastExcReturn,
                s.cfsr(), s.hfsr(), s.dfsr(), s.mmfar(), s.bfar(), s.afsr());
    }

    /** The snapshot taken when the core last locked up, or null. */
    public FaultSnapshot lockupSnapshot() {
        return lockupSnapshot;
    }

    private FaultSnapshot snapshotOfCurrentState(String cause) {
        Scb s = scb();
        int[] regs = core.r.clone();
        regs[15] = core.pc;
        return new FaultSnapshot(core.ipsr, cause, regs, core.xpsr(), lastFrameValid, lastFrameAddress,
                lastFrame.clone(), lastExcReturn, s.cfsr(), s.hfsr(), s.dfsr(), s.mmfar(), s.bfar(), s.afsr());
    }
}
