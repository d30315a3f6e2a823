package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import io.xipkit.time.Clock;
import java.util.Objects;

/**
 * One GPIO port of the STM32H7 (RM0433 rev 8 chapter 11, RM0399 chapter 12: ports A..K at
 * 0x5802_0000 + 0x400·n) or STM32L4 (RM0351 rev 9 chapter 8: ports A..H at 0x4800_0000 + 0x400·n).
 *
 * <p>Pins are observable: every change of a driven output level is reported to a
 * {@link PinListener} with the virtual time; external inputs are applied with
 * {@link #drive(int, boolean)}. IDR reads the output level for push-pull outputs, the external
 * level (or the pull resistor's) for inputs, alternate functions and released open-drain outputs,
 * and 0 for analog pins. Alternate-function outputs are not driven by peripheral models.
 */
public final class Stm32Gpio implements RegisterMapped, Resettable, io.xipkit.bus.QuietReads {
    public static final int SIZE = 0x400;

    /** The family decides the port range, the reset values and whether BRR exists. */
    public enum Family {
        /** STM32H7, RM0433 section 11.4 / RM0399 section 12.4: ports A..K, no BRR. */
        H7(0x5802_0000, 'K', ""),
        /**
         * STM32H7R/S, RM0477 register boundary addresses: ports A..H and M..P (no I..L; XSPIM port 2
         * is on N, port 1 on O/P) in the same 0x400 slots from 0x5802_0000, GPIOM at 0x5802_3000
         * (ST's STM32H7R SVD, as SVD-derived headers give it); registers and reset values as H7
         * (the SVD's GPIOA MODER 0xABFF_FFFF and OSPEEDR 0x0C00_0000 are RM0433's).
         */
        H7RS(0x5802_0000, 'P', "IJKL"),
        /** STM32L4x5/L4x6, RM0351 section 8.5: ports A..H, with BRR. */
        L4(0x4800_0000, 'H', "");

        private final int base;
        private final char lastPort;
        private final String missing;

        Family(int base, char lastPort, String missing) {
            this.base = base;
            this.lastPort = lastPort;
            this.missing = missing;
        }

        /** Whether the family has port {@code port}. */
        public boolean hasPort(char port) {
            return port >= 'A' && port <= lastPort && missing.indexOf(port) < 0;
        }
    }

    /** Bus address of a port's registers (RM0433 table 8; RM0351 table 1). */
    public static int baseAddress(Family family, char port) {
        checkPort(family, port);
        return family.base + (port - 'A') * 0x400;
    }

    private static void checkPort(Family family, char port) {
        if (!family.hasPort(port)) {
            throw new IllegalArgumentException("no GPIO port " + port + " on the STM32" + family + " (A.." + family.lastPort
                    + (family.missing.isEmpty() ? "" : " without " + family.missing) + ")");
        }
    }

    private static final String[] PER_PIN_REGISTERS = {"MODER", "OTYPER", "OSPEEDR", "PUPDR", "AFRL", "AFRH"};

    private final Family family;
    private final char port;
    private final Clock clock;
    private final PinListener listener;
    private final RegisterBlock regs;
    private final Register moder, otyper, pupdr, odr, lckr;
    /** Registers whose pin fields the LCKR lock freezes, by index in PER_PIN_REGISTERS. */
    private final Register[] lockable = new Register[PER_PIN_REGISTERS.length];

    private int drivenMask;    // pins an external source drives
    private int drivenLevels;  // their levels
    private int lastLevels;    // pin levels after the last update, for change detection
    private int lockedPins;    // LCKR lock (until reset)
    private int lockStep;      // position in the LCKR write sequence (RM0433 11.4.8)
    private int lockCandidate;

    /**
     * @param family   H7, H7RS or L4
     * @param port     'A'..'K' (H7), 'A'..'H' and 'M'..'P' (H7RS) or 'A'..'H' (L4)
     * @param clock    virtual time stamped on pin changes
     * @param listener told of output changes
     */
    public Stm32Gpio(Family family, char port, Clock clock, PinListener listener) {
        this.family = Objects.requireNonNull(family);
        checkPort(family, port);
        this.port = port;
        this.clock = Objects.requireNonNull(clock);
        this.listener = Objects.requireNonNull(listener);
        int moderReset, ospeedReset, pupdReset;
        // Reset values: RM0433 11.4.1-11.4.4 and RM0351 8.5.1-8.5.4 (ports A and B come up with the
        // debug pins PA13/PA14/PA15/PB3/PB4 in their JTAG/SWD alternate function).
        switch (port) {
            case 'A' -> {
                moderReset = 0xABFF_FFFF;
                ospeedReset = 0x0C00_0000;
                pupdReset = 0x6400_0000;
            }
            case 'B' -> {
                moderReset = 0xFFFF_FEBF;
                ospeedReset = family != Family.L4 ? 0x0000_00C0 : 0;
                pupdReset = 0x0000_0100;
            }
            default -> {
                // RM0351 8.5.1: port H of the L4x6 has only PH0/PH1 (analog at reset).
                moderReset = family == Family.L4 && port == 'H' ? 0x0000_000F : 0xFFFF_FFFF;
                ospeedReset = 0;
                pupdReset = 0;
            }
        }
        final int mr = moderReset, sr = ospeedReset, pr = pupdReset;
        RegisterBlock.Builder b = RegisterBlock.builder("GPIO" + port, SIZE).unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // RM0433 11.4.1 / RM0351 8.5.1 GPIOx_MODER: 00 input, 01 output, 10 AF, 11 analog.
                .register(0x00, "MODER", r -> pinFields(r.reset(mr), 0, "MODE", 2, 16).afterWrite(v -> update()))
                // RM0433 11.4.2 / RM0351 8.5.2 GPIOx_OTYPER: 0 push-pull, 1 open-drain.
                .register(0x04, "OTYPER", r -> pinFields(r, 1, "OT", 1, 16).afterWrite(v -> update()))
                // RM0433 11.4.3 / RM0351 8.5.3 GPIOx_OSPEEDR.
                .register(0x08, "OSPEEDR", r -> pinFields(r.reset(sr), 2, "OSPEED", 2, 16))
                // RM0433 11.4.4 / RM0351 8.5.4 GPIOx_PUPDR: 01 pull-up, 10 pull-down.
                .register(0x0C, "PUPDR", r -> pinFields(r.reset(pr), 3, "PUPD", 2, 16).afterWrite(v -> update()))
                // RM0433 11.4.5 / RM0351 8.5.5 GPIOx_IDR (reset value depends on the pins).
                .register(0x10, "IDR", r -> r.field("ID", 0, 16, Access.RO, f -> f.reads(this::pinLevels)))
                // RM0433 11.4.6 / RM0351 8.5.6 GPIOx_ODR.
                .register(0x14, "ODR", r -> r.field("OD", 0, 16, Access.RW).afterWrite(v -> update()))
                // RM0433 11.4.7 / RM0351 8.5.7 GPIOx_BSRR: write-only; BSx wins over BRx.
                .register(0x18, "BSRR", r -> r.field("BS", 0, 16, Access.WO).field("BR", 16, 16, Access.WO)
                        .afterWrite(this::setReset))
                // RM0433 11.4.8 / RM0351 8.5.8 GPIOx_LCKR: LCKK reads 1 once the key sequence locked the port.
                .register(0x1C, "LCKR", r -> r.field("LCK", 0, 16, Access.RW)
                        .bit("LCKK", 16, Access.RW, f -> f.reads(this::lockActive))
                        .afterWrite(this::lockWritten))
                // RM0433 11.4.9-11.4.10 / RM0351 8.5.9-8.5.10 GPIOx_AFRL/AFRH.
                .register(0x20, "AFRL", r -> pinFields(r, 4, "AFSEL", 4, 8, 0))
                .register(0x24, "AFRH", r -> pinFields(r, 5, "AFSEL", 4, 8, 8));
        if (family == Family.L4) {
            // RM0351 8.5.11 GPIOx_BRR: write-only bit reset.
            b.register(0x28, "BRR", r -> r.field("BR", 0, 16, Access.WO).afterWrite(this::bitReset));
        }
        regs = b.build();
        moder = regs.register("MODER");
        otyper = regs.register("OTYPER");
        pupdr = regs.register("PUPDR");
        odr = regs.register("ODR");
        lckr = regs.register("LCKR");
        for (int i = 0; i < PER_PIN_REGISTERS.length; i++) lockable[i] = regs.register(PER_PIN_REGISTERS[i]);
        lastLevels = pinLevels();
    }

    private RegisterBlock.RegisterSpec pinFields(RegisterBlock.RegisterSpec r, int regIndex, String prefix, int width, int count) {
        return pinFields(r, regIndex, prefix, width, count, 0);
    }

    /** Per-pin fields whose writes the LCKR lock reverts (RM0433 11.4.8: locked bits cannot change). */
    private RegisterBlock.RegisterSpec pinFields(RegisterBlock.RegisterSpec r, int regIndex, String prefix, int width,
                                                 int count, int firstPin) {
        for (int i = 0; i < count; i++) {
            int pin = firstPin + i, lsb = i * width;
            r.field(prefix + pin, lsb, width, Access.RW, f -> f.onChange((was, now) -> pinFieldChanged(regIndex, pin, lsb, width, was)));
        }
        return r;
    }

    private void pinFieldChanged(int regIndex, int pin, int lsb, int width, int was) {
        if ((lockedPins >>> pin & 1) == 0) return;
        Register reg = lockable[regIndex];
        int mask = ((1 << width) - 1) << lsb;
        reg.set(reg.get() & ~mask | was << lsb);
    }

    // ---------------------------------------------------------------- pin levels

    /** The 16 pin levels as IDR shows them. */
    private int pinLevels() {
        int modes = moder.get(), types = otyper.get(), pulls = pupdr.get(), out = odr.get();
        int levels = 0;
        for (int pin = 0; pin < 16; pin++) {
            int mode = modes >>> (pin * 2) & 3;
            int bit = 1 << pin;
            boolean level;
            if (mode == 3) {
                level = false;                                  // analog: input buffer off, IDR reads 0
            } else if (mode == 1 && ((out & bit) == 0 || (types & bit) == 0)) {
                level = (out & bit) != 0;                       // driven output (open-drain drives only 0)
            } else if ((drivenMask & bit) != 0) {
                level = (drivenLevels & bit) != 0;
            } else {
                level = (pulls >>> (pin * 2) & 3) == 1;         // pull-up reads 1; pull-down or floating 0
            }
            if (level) levels |= bit;
        }
        return levels;
    }

    /** Pins currently in general-purpose output mode. */
    private int outputPins() {
        int modes = moder.get(), mask = 0;
        for (int pin = 0; pin < 16; pin++) if ((modes >>> (pin * 2) & 3) == 1) mask |= 1 << pin;
        return mask;
    }

    private void update() {
        int levels = pinLevels();
        int changed = (levels ^ lastLevels) & outputPins();
        lastLevels = levels;
        if (changed == 0) return;
        long now = clock.nowPicos();
        for (int pin = 0; pin < 16; pin++) {
            if ((changed >>> pin & 1) != 0) listener.pinChanged(port, pin, (levels >>> pin & 1) != 0, now);
        }
    }

    private void setReset(int written) {
        int set = written & 0xFFFF, clear = written >>> 16;
        odr.set(odr.get() & ~clear | set);
        update();
    }

    private void bitReset(int written) {
        odr.set(odr.get() & ~(written & 0xFFFF));
        update();
    }

    // ---------------------------------------------------------------- lock

    private int lockActive() {
        return lockedPins != 0 || lockStep == 3 ? 1 : 0;
    }

    /**
     * The LCKR key sequence (RM0433 11.4.8, RM0351 8.5.8): write LCKK=1 + LCK, LCKK=0 + LCK,
     * LCKK=1 + LCK with the same LCK value; the lock then holds until the next reset.
     */
    private void lockWritten(int written) {
        if (lockStep == 3) {
            lckr.set(lockedPins | 1 << 16);
            return;
        }
        int lck = written & 0xFFFF;
        boolean key = (written >>> 16 & 1) != 0;
        if (lockStep == 1 && !key && lck == lockCandidate) {
            lockStep = 2;
        } else if (lockStep == 2 && key && lck == lockCandidate) {
            lockStep = 3;
            lockedPins = lck;
            lckr.set(lck | 1 << 16);
        } else if (key) {
            lockStep = 1;
            lockCandidate = lck;
        } else {
            lockStep = 0;
        }
    }

    // ---------------------------------------------------------------- external side

    /**
     * An external source drives {@code pin} to {@code level} (a button, a jumper, another chip).
     * Call it between runs, from a scheduled event or from a model's bus-write handler, never from a
     * read or by catching up with time lazily: IDR reads are declared quiet ({@link #quietRead}).
     */
    public void drive(int pin, boolean level) {
        checkPin(pin);
        drivenMask |= 1 << pin;
        drivenLevels = level ? drivenLevels | 1 << pin : drivenLevels & ~(1 << pin);
        update();
    }

    /** Stops driving {@code pin} externally; it falls back to its pull resistor. Called as {@link #drive} is. */
    public void release(int pin) {
        checkPin(pin);
        drivenMask &= ~(1 << pin);
        update();
    }

    /** The level IDR would show for {@code pin}. */
    public boolean level(int pin) {
        checkPin(pin);
        return (pinLevels() >>> pin & 1) != 0;
    }

    /** Whether the LCKR sequence locked {@code pin}'s configuration. */
    public boolean isLocked(int pin) {
        checkPin(pin);
        return (lockedPins >>> pin & 1) != 0;
    }

    private static void checkPin(int pin) {
        if (pin < 0 || pin > 15) throw new IllegalArgumentException("GPIO pin must be 0..15, was " + pin);
    }

    public char port() {
        return port;
    }

    public Family family() {
        return family;
    }

    public RegisterBlock registers() {
        return regs;
    }

    /**
     * Every read is quiet ({@link io.xipkit.bus.QuietReads}). IDR is computed from MODER, OTYPER,
     * PUPDR, ODR and the external drives (RM0433 11.4.5 / RM0351 8.5.5 GPIOx_IDR), not from virtual
     * time: it changes on a register write or when {@link #drive}/{@link #release} are called, which
     * happens between runs or in scheduled events. LCKR.LCKK follows the key sequence, advanced by
     * writes. No read clears or changes anything.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        return true;
    }

    /** System reset: registers back to their reset values, lock released; external drives stay. */
    @Override
    public void reset() {
        regs.reset();
        lockedPins = 0;
        lockStep = 0;
        update();
    }
}
