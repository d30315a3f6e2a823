package io.xipkit.peripherals.stm32;

import io.xipkit.bus.QuietReads;
import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * What every STM32 RCC model offers the rest of the board: the clock tree as currently
 * configured, published to a {@link ClockListener} whenever a register write changes it, and the
 * kernel clocks of the peripherals that need one. The family models (RM0433 / RM0351) compute
 * the tree; this class keeps it and tells the listener.
 *
 * <p>HAL start-up code spins on RCC_CR's ready flags and on CFGR.SWS, so each family says which
 * of its reads are quiet ({@link QuietReads}): it must decide for itself, since a family whose
 * oscillators took virtual time to start would have flags that do not follow the register state.
 */
public abstract class Stm32Rcc<K extends Enum<K>> implements RegisterMapped, Resettable, QuietReads {
    private final ClockListener listener;
    private ClockListener.BusClocks clocks;
    private RegisterBlock regs;
    private Register backupDomain;
    private int resetFlags;
    private K powerOn;

    protected Stm32Rcc(ClockListener listener) {
        this.listener = Objects.requireNonNull(listener);
    }

    /**
     * Called once at the end of the family constructor: the register block this RCC answers with,
     * its backup-domain control register (RCC_BDCR, kept across system resets) and the family's
     * power-on reset kind, whose flags the part starts with.
     */
    protected final void attach(RegisterBlock regs, Register backupDomain, K powerOn) {
        this.regs = regs;
        this.backupDomain = backupDomain;
        this.powerOn = powerOn;
        resetFlags = flagsFor(powerOn);
    }

    /** The reset-flag bits (RCC_RSR on the H7, RCC_CSR on the L4) a reset of this kind sets. */
    protected abstract int flagsFor(K kind);

    /** After any clock configuration write or reset: the family rules, then {@link #publishClocks}. */
    protected abstract void clockConfigWritten();

    /**
     * Records why the board restarted in the reset flags. Call after {@link #reset()}. A power-on
     * clears all other flags first; the other resets add to what is there until software writes
     * RMVF ({@link #clearResetFlags()}).
     */
    public final void noteReset(K kind) {
        if (kind == powerOn) resetFlags = 0;
        resetFlags |= flagsFor(kind);
    }

    /** The raw reset flag bits (for tests and board logs). */
    public final int resetFlags() {
        return resetFlags;
    }

    /** Bit {@code bit} of the reset flags, as the read-only flag fields show it. */
    protected final int resetFlag(int bit) {
        return resetFlags >>> bit & 1;
    }

    /** RMVF written with 1. */
    protected final void clearResetFlags() {
        resetFlags = 0;
    }

    /**
     * RCC_CIER / CIFR / CICR: one bit per ready interrupt in the family's order (suffix IE, F or
     * C), then LSECSS at bit 9 in both families (RM0433 Rev 8 8.7.23-8.7.25, RM0351 6.4.7-6.4.9).
     */
    protected static RegisterBlock.RegisterSpec readyInterruptBits(RegisterBlock.RegisterSpec r, String[] readyNames,
            String suffix, Access access) {
        for (int i = 0; i < readyNames.length; i++) r.bit(readyNames[i] + suffix, i, access);
        return r.bit("LSECSS" + suffix, 9, access);
    }

    /** RCC_CICR written: clears the CIFR flags written with 1 among {@code implemented}. */
    protected final void clearInterruptFlags(int written, int implemented) {
        Register cifr = regs.register("CIFR");
        cifr.set(cifr.get() & ~(written & implemented));
    }

    /**
     * The RCC_BDCR bits both families lay out alike (RM0433 Rev 8 8.7.26, RM0351 6.4.29): LSE
     * control and ready, RTC clock selection and enable, backup domain reset. The caller adds the
     * family's own bits after these.
     */
    protected static RegisterBlock.RegisterSpec backupDomainBits(RegisterBlock.RegisterSpec r, BooleanSupplier lseReady) {
        return r.bit("LSEON", 0, Access.RW)
                .bit("LSERDY", 1, Access.RO, f -> f.reads(() -> lseReady.getAsBoolean() ? 1 : 0))
                .bit("LSEBYP", 2, Access.RW)
                .field("LSEDRV", 3, 2, Access.RW)
                .bit("LSECSSON", 5, Access.RW)
                .bit("LSECSSD", 6, Access.RO)
                .field("RTCSEL", 8, 2, Access.RW)
                .bit("RTCEN", 15, Access.RW)
                .bit("BDRST", 16, Access.RW);
    }

    @Override
    public final RegisterBlock registers() {
        return regs;
    }

    /**
     * System reset: registers return to their reset values, except the backup-domain RCC_BDCR and
     * the reset flags. The listener hears the clock change.
     */
    @Override
    public final void reset() {
        int keep = backupDomain.get();
        regs.reset();
        backupDomain.set(keep);
        clockConfigWritten();
    }

    /** Records the clock tree and tells the listener when it differs from the last one published. */
    protected final void publishClocks(ClockListener.BusClocks now) {
        if (!now.equals(clocks)) {
            clocks = now;
            listener.clocksChanged(now);
        }
    }

    /** The clock tree as currently configured. */
    public final ClockListener.BusClocks clocks() {
        return clocks;
    }

    public final long cpuHz() {
        return clocks.cpuHz();
    }

    /** The AHB clock (HCLK). */
    public final long hclkHz() {
        return clocks.ahbHz();
    }

    /** The kernel clock of USARTn as currently selected; IllegalArgumentException for a USART the part lacks. */
    public abstract long usartKernelHz(int usart);

    /** The kernel clock of USARTn, following later RCC changes (checked for existence now). */
    public final LongSupplier usartKernelClock(int usart) {
        usartKernelHz(usart);
        return () -> usartKernelHz(usart);
    }
}
