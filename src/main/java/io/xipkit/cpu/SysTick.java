package io.xipkit.cpu;

import io.xipkit.regs.Access;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import io.xipkit.time.Scheduler;
import java.math.BigInteger;

/**
 * The SysTick timer (DDI 0403E B3.3, Table B3-6 "SysTick register summary"), driven by virtual
 * time: nothing happens per instruction. The counter value is computed from the tick count since
 * an anchor, and the next 1→0 transition is scheduled on {@link Core#scheduler}.
 *
 * <p>Counting rule (B3.3.1): the counter decrements on each tick; on the tick after it reaches 0
 * it reloads from RVR. Reaching 0 from 1 sets COUNTFLAG and, with TICKINT, pends exception 15.
 * So the period is RVR + 1 ticks.
 *
 * <p>Clock: CLKSOURCE = 1 is the core clock (counted in {@link Core#cycles}, so clock changes are
 * followed exactly); CLKSOURCE = 0 is the external reference, by default core clock / 8 (as on
 * STM32), or a fixed frequency via {@link #setReferenceClockHz}.
 *
 * <p>The registers are declared with the register DSL; the counter state stays in this class
 * (computed from virtual time), so reads come from value providers and writes act through
 * {@code afterBusWrite} on the state as it was before the write.
 */
public final class SysTick {
    static final int CSR = 0xE000E010, RVR = 0xE000E014, CVR = 0xE000E018, CALIB = 0xE000E01C;
    static final int ENABLE = 1, TICKINT = 2, CLKSOURCE = 4, COUNTFLAG = 1 << 16;
    private static final BigInteger PICOS_PER_SECOND = BigInteger.valueOf(1_000_000_000_000L);

    private final Core core;
    private final Scheduler.Event underflowEvent = now -> onUnderflowEvent();

    private int control;          // ENABLE, TICKINT, CLKSOURCE
    private boolean countFlag;
    private int reload;
    /** Tick index (of the current source) at which the counter held {@link #anchorValue}. */
    private long anchorTick;
    private int anchorValue;
    private Scheduler.Handle event;

    private int referenceDivider = 8;
    private long referenceHz;     // 0: use referenceDivider of the core clock
    private int calib = -1;       // -1: derived
    private int controlAtReset = CLKSOURCE;

    private final RegisterBlock regs;
    /** COUNTFLAG as the current bus read of CSR returns it (the read clears the flag itself). */
    private boolean countFlagRead;

    SysTick(Core core) {
        this.core = core;
        this.regs = build();
    }

    /** The registers of Table B3-7, at offsets from {@link SystemControlSpace#BASE}. */
    private RegisterBlock build() {
        int base = SystemControlSpace.BASE;
        return RegisterBlock.builder("SysTick", SystemControlSpace.SIZE)
            .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
            // B3.3.3 SYST_CSR: COUNTFLAG clears on any read of the register.
            .register(CSR - base, "SYST_CSR", r -> r
                .bit("ENABLE", 0, Access.RW, f -> f.reads(() -> control & ENABLE))
                .bit("TICKINT", 1, Access.RW, f -> f.reads(() -> (control & TICKINT) >>> 1))
                .bit("CLKSOURCE", 2, Access.RW, f -> f.reads(() -> (control & CLKSOURCE) >>> 2))
                .bit("COUNTFLAG", 16, Access.RO, f -> f.reads(() -> countFlagRead ? 1 : 0))
                .beforeRead(this::csrRead)
                .afterBusWrite(this::csrWritten))
            // B3.3.4 SYST_RVR.
            .register(RVR - base, "SYST_RVR", r -> r
                .field("RELOAD", 0, 24, Access.RW, f -> f.reads(() -> reload))
                .afterBusWrite((v, lanes) -> reanchor(() -> reload = Scb.merge(reload, v, lanes) & 0xFFFFFF)))
            // B3.3.5 SYST_CVR: any write clears the counter and COUNTFLAG, without an exception.
            .register(CVR - base, "SYST_CVR", r -> r
                .field("CURRENT", 0, 24, Access.RW, f -> f.reads(this::currentValue))
                .afterBusWrite((v, lanes) -> clearCounter()))
            // B3.3.6 SYST_CALIB: board data, or derived from the reference clock.
            .register(CALIB - base, "SYST_CALIB", r -> r
                .field("CALIB", 0, 32, Access.RO, f -> f.reads(() -> calib != -1 ? calib : defaultCalib())))
            .build();
    }

    RegisterBlock registers() {
        return regs;
    }

    void reset() {
        cancel();
        // CLKSOURCE resets to an IMPLEMENTATION DEFINED value (B3.3.3): a board fact, the core clock by default.
        control = controlAtReset;
        countFlag = false;
        reload = 0;     // RVR and CVR are UNKNOWN at reset (B3.3.4, B3.3.5)
        anchorValue = 0;
        anchorTick = tickNow();
    }

    // ---- configuration ------------------------------------------------------------------------------

    /** External reference = core clock / divider (STM32: 8). */
    public void setReferenceClockDivider(int divider) {
        if (divider < 1) throw new IllegalArgumentException("SysTick reference divider must be >= 1: " + divider);
        reanchor(() -> {
            referenceDivider = divider;
            referenceHz = 0;
        });
    }

    /** External reference at a fixed frequency, independent of the core clock. */
    public void setReferenceClockHz(long hz) {
        if (hz < 1) throw new IllegalArgumentException("SysTick reference clock must be positive: " + hz);
        reanchor(() -> referenceHz = hz);
    }

    /** The value of CSR.CLKSOURCE at reset (B3.3.3): true = core clock; takes effect at the next reset. */
    public void setClockSourceAtReset(boolean coreClock) {
        controlAtReset = coreClock ? CLKSOURCE : 0;
    }

    /** Overrides the value SYST_CALIB reads (B3.3.6). */
    public void setCalibration(int value) {
        calib = value;
    }

    private void reanchor(Runnable change) {
        catchUp();
        int value = currentValue();
        change.run();
        anchorValue = value;
        anchorTick = tickNow();
        reschedule();
    }

    // ---- ticks ----------------------------------------------------------------------------------------

    private boolean coreClock() {
        return (control & CLKSOURCE) != 0;
    }

    private long tickNow() {
        if (coreClock()) return core.cycles;
        if (referenceHz == 0) return core.cycles / referenceDivider;
        return BigInteger.valueOf(core.nowPicos()).multiply(BigInteger.valueOf(referenceHz))
                .divide(PICOS_PER_SECOND).longValue();
    }

    /** Virtual time at which tick {@code k} (> now) happens. */
    private long picosOfTick(long k) {
        long now = core.nowPicos();
        if (!coreClock() && referenceHz != 0) {
            BigInteger[] qr = BigInteger.valueOf(k).multiply(PICOS_PER_SECOND)
                    .divideAndRemainder(BigInteger.valueOf(referenceHz));
            long t = qr[0].longValue() + (qr[1].signum() != 0 ? 1 : 0);
            return Math.max(t, now + 1);
        }
        long cycle = coreClock() ? k : k * referenceDivider;
        long delta = cycle - core.cycles;
        long hz = core.clockHz();
        long picos = BigInteger.valueOf(Math.max(delta, 1)).multiply(PICOS_PER_SECOND)
                .add(BigInteger.valueOf(hz - 1)).divide(BigInteger.valueOf(hz)).longValue();
        return now + Math.max(picos, 1);
    }

    private boolean enabled() {
        return (control & ENABLE) != 0;
    }

    /** Counter value at tick {@code tick} given the anchor. */
    private int valueAt(long tick) {
        if (!enabled()) return anchorValue;
        long t = tick - anchorTick;
        if (t <= anchorValue) return (int) (anchorValue - t);
        if (reload == 0) return 0;
        long k = t - anchorValue - 1;
        return (int) (reload - k % (reload + 1L));
    }

    private int currentValue() {
        return valueAt(tickNow());
    }

    /** Offset (from the anchor) of the first 1→0 transition after the anchor, or -1 if none. */
    private long firstZero() {
        if (anchorValue > 0) return anchorValue;
        return reload == 0 ? -1 : reload + 1L;
    }

    /** Processes every 1→0 transition up to now: COUNTFLAG, the SysTick exception, and re-anchoring. */
    private void catchUp() {
        if (!enabled()) return;
        long now = tickNow();
        long first = firstZero();
        if (first < 0 || anchorTick + first > now) return;
        long lastZero = anchorTick + first;
        if (reload > 0) lastZero += (now - lastZero) / (reload + 1L) * (reload + 1L);
        anchorTick = lastZero;
        anchorValue = 0;
        countFlag = true;
        if ((control & TICKINT) != 0) core.exceptions.setPending(ExceptionNumber.SYSTICK);
    }

    private void onUnderflowEvent() {
        event = null;
        catchUp();
        reschedule();
    }

    private void cancel() {
        if (event != null) {
            core.scheduler.cancel(event);
            event = null;
        }
    }

    private void reschedule() {
        cancel();
        if (!enabled()) return;
        long first = firstZero();
        if (first < 0) return;
        event = core.scheduler.schedule(picosOfTick(anchorTick + first), underflowEvent);
    }

    // ---- registers ------------------------------------------------------------------------------------

    private void csrRead() {
        catchUp();
        countFlagRead = countFlag;
        countFlag = false;                 // COUNTFLAG clears on read (B3.3.3)
    }

    private void csrWritten(int value, int lanes) {
        int v = Scb.merge(control, value, lanes) & (ENABLE | TICKINT | CLKSOURCE);
        catchUp();
        int current = currentValue();
        control = v;
        anchorValue = current;
        anchorTick = tickNow();
        reschedule();
    }

    private void clearCounter() {
        catchUp();
        countFlag = false;
        anchorValue = 0;
        anchorTick = tickNow();
        reschedule();
    }

    /** SKEW = 1 (TENMS may be inexact) and TENMS = reference ticks in 10 ms when known (B3.3.6). */
    private int defaultCalib() {
        long hz = referenceHz != 0 ? referenceHz : core.clockHz() / referenceDivider;
        long tenms = hz / 100 - 1;
        return (1 << 30) | (tenms > 0 && tenms <= 0xFFFFFF ? (int) tenms : 0);
    }
}
