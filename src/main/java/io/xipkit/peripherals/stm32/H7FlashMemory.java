package io.xipkit.peripherals.stm32;

import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.Peripheral;
import io.xipkit.bus.Region;
import io.xipkit.cpu.BusErrorException;
import io.xipkit.cpu.RegisterBus;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterAccessException;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;

/**
 * The STM32H7 embedded flash: its arrays (one {@link Region} per bank window), the FLASH register
 * block at 0x5200_2000 and the option bytes (RM0433 Rev 8 chapter 4 "Embedded flash memory
 * (FLASH)"; RM0399 Rev 4 chapter 4 for the dual-core H745/747/755/757).
 *
 * <p>What the board wires: {@link #registers()} at {@link #REGISTER_BASE} (size
 * {@link #REGISTER_SIZE}); {@link #bankRegionAt0x08000000()} at {@link #BANK1_BASE} and, on two-bank
 * parts, {@link #bankRegionAt0x08100000()} at {@link #BANK2_BASE}; the FLASH global interrupt
 * line (NVIC position 4 on STM32H7, RM0433 table "NVIC"); {@link #reset()} on every system reset;
 * {@link #bootAddress(boolean)} to find the vector table after reset.
 *
 * <p>Not modelled: CRC computation (CRC registers only store their values), ECC read errors
 * (SNECCERR/DBECCERR never set; reads use the fast path), read protection effects of RDP, PCROP
 * and secure-only areas (values stored and reloaded only), the OTP and system-memory areas.
 */
public final class H7FlashMemory implements Resettable {
    public static final long REGISTER_BASE = 0x5200_2000L;
    /** The FLASH register window in the D1 AHB3 memory map (RM0433 section 2.3.2, table "Register boundary addresses"). */
    public static final int REGISTER_SIZE = 0x1000;
    public static final long BANK1_BASE = 0x0800_0000L;
    public static final long BANK2_BASE = 0x0810_0000L;
    /** Option-byte keys of FLASH_OPTKEYR (RM0433 section 4.9.3). */
    static final int OPTKEY1 = 0x0819_2A3B, OPTKEY2 = 0x4C5D_6E7F;

    private static final int OPTCR_OPTLOCK = 1, OPTCR_OPTSTART = 1 << 1, OPTCR_MER = 1 << 4,
            OPTCR_OPTCHANGEERRIE = 1 << 30;
    private static final int OPTCHANGEERR = 1 << 30;

    private final H7FlashVariant variant;
    private final H7FlashTiming timing;
    private final Clock clock;
    private final Scheduler scheduler;
    private final IrqLine irq;
    private final NonVolatileMemory[] physicalBanks;
    private final H7FlashOptionBytes options;
    private final H7FlashBank[] banks = new H7FlashBank[2];
    private final H7FlashWindow[] windows;
    private final RegisterBlock regs;
    private final Peripheral peripheral = new Peripheral() {
        @Override
        public int read(int offset, int size) {
            return busRead(offset, size);
        }

        @Override
        public void write(int offset, int size, int value) {
            busWrite(offset, size, value);
        }
    };

    private final Register keyr1, keyr2, optkeyr, cr1, cr2, optcr, optsrCur, optsrPrg;
    private final Register[] prarCur = new Register[2], prarPrg = new Register[2], scarCur = new Register[2],
            scarPrg = new Register[2], wpsnCur = new Register[2], wpsnPrg = new Register[2];
    private final Register bootCur, bootPrg, boot4Cur, boot4Prg;
    private final Field optlock, optchangeerrie;

    private boolean swapped;
    private boolean optKeyHalf, optLockedUntilReset;
    private boolean optionChangeBusy;
    private Scheduler.Handle optionChange;
    private int massErasesRunning;
    private boolean irqLevel;

    /**
     * @param variant        the part (bank count and size)
     * @param timing         program/erase durations ({@link H7FlashTiming#typical()})
     * @param clock          the board's virtual clock
     * @param scheduler      the board's event scheduler
     * @param irq            the FLASH global interrupt (EOP and error flags of both banks, OPTCHANGEERR)
     * @param bank1          storage of physical bank 1, {@code variant.bankBytes()} long
     * @param bank2          storage of physical bank 2; null for the single-bank H750
     * @param optionStorage  where the option bytes live (its register image; may be {@code bank1})
     */
    public H7FlashMemory(H7FlashVariant variant, H7FlashTiming timing, Clock clock, Scheduler scheduler, IrqLine irq,
                         NonVolatileMemory bank1, NonVolatileMemory bank2, NonVolatileMemory optionStorage) {
        if (variant == null || timing == null || clock == null || scheduler == null || irq == null) {
            throw new IllegalArgumentException("H7 flash: variant, timing, clock, scheduler and irq are required");
        }
        checkBank(variant, bank1, 1);
        if (variant.banks() == 2) {
            checkBank(variant, bank2, 2);
        } else if (bank2 != null) {
            throw new IllegalArgumentException("H7 flash: " + variant + " has no bank 2, but storage for it was given");
        }
        this.variant = variant;
        this.timing = timing;
        this.clock = clock;
        this.scheduler = scheduler;
        this.irq = irq;
        this.physicalBanks = new NonVolatileMemory[] {bank1, bank2};
        this.options = new H7FlashOptionBytes(optionStorage, variant);
        for (int i = 0; i < 2; i++) banks[i] = new H7FlashBank(i, variant, timing, clock, scheduler, this);
        this.regs = declareRegisters();
        for (H7FlashBank b : banks) b.wire(regs);
        keyr1 = regs.register("KEYR1");
        keyr2 = regs.register("KEYR2");
        optkeyr = regs.register("OPTKEYR");
        cr1 = regs.register("CR1");
        cr2 = regs.register("CR2");
        optcr = regs.register("OPTCR");
        optlock = optcr.field("OPTLOCK");
        optchangeerrie = optcr.field("OPTCHANGEERRIE");
        optsrCur = regs.register("OPTSR_CUR");
        optsrPrg = regs.register("OPTSR_PRG");
        for (int i = 0; i < 2; i++) {
            String n = Integer.toString(i + 1);
            prarCur[i] = regs.register("PRAR_CUR" + n);
            prarPrg[i] = regs.register("PRAR_PRG" + n);
            scarCur[i] = regs.register("SCAR_CUR" + n);
            scarPrg[i] = regs.register("SCAR_PRG" + n);
            wpsnCur[i] = regs.register("WPSN_CUR" + n + "R");
            wpsnPrg[i] = regs.register("WPSN_PRG" + n + "R");
        }
        bootCur = regs.register(variant.dualCore() ? "BOOT7_CURR" : "BOOT_CURR");
        bootPrg = regs.register(variant.dualCore() ? "BOOT7_PRGR" : "BOOT_PRGR");
        boot4Cur = variant.dualCore() ? regs.register("BOOT4_CURR") : null;
        boot4Prg = variant.dualCore() ? regs.register("BOOT4_PRGR") : null;
        windows = new H7FlashWindow[variant.banks()];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = new H7FlashWindow("flash-bank-" + (i == 0 ? "0x08000000" : "0x08100000"), variant.bankBytes());
        }
        applyReset();
    }

    private static void checkBank(H7FlashVariant variant, NonVolatileMemory bank, int n) {
        if (bank == null) throw new IllegalArgumentException("H7 flash: " + variant + " needs storage for bank " + n);
        if (bank.size() != variant.bankBytes()) {
            throw new IllegalArgumentException("H7 flash: bank " + n + " storage holds " + bank.size() + " bytes, "
                    + variant + " banks hold " + variant.bankBytes());
        }
    }

    // ================================================================== what the board uses

    private final io.xipkit.bus.FlashOperationObserver[] observers = {
            io.xipkit.bus.FlashOperationObserver.NONE, io.xipkit.bus.FlashOperationObserver.NONE};

    /**
     * Who is told of each program and erase of physical bank {@code physicalBank} (0 or 1) when it
     * is queued (power-cut campaigns). Option-byte changes are not reported yet.
     */
    public void setOperationObserver(int physicalBank, io.xipkit.bus.FlashOperationObserver observer) {
        observers[physicalBank] = observer == null ? io.xipkit.bus.FlashOperationObserver.NONE : observer;
    }

    io.xipkit.bus.FlashOperationObserver observer(int physicalBank) {
        return observers[physicalBank];
    }

    /** The FLASH register block, to map at {@link #REGISTER_BASE}. */
    public Peripheral registers() {
        return peripheral;
    }

    /** The register declarations (for dumps and traces). */
    public RegisterBlock registerBlock() {
        return regs;
    }

    /** The window at 0x0800_0000: bank 1, or bank 2 when swapped. */
    public Region bankRegionAt0x08000000() {
        return windows[0];
    }

    /** The window at 0x0810_0000: bank 2, or bank 1 when swapped; null on the single-bank H750. */
    public Region bankRegionAt0x08100000() {
        return windows.length > 1 ? windows[1] : null;
    }

    public H7FlashVariant variant() {
        return variant;
    }

    /** Whether the banks are swapped now (FLASH_OPTCR.SWAP_BANK: the value latched at the last reset). */
    public boolean banksSwapped() {
        return swapped;
    }

    /**
     * Where the Cortex-M7 boots: BOOT_ADD0 (BOOT pin low) or BOOT_ADD1 (pin high) of FLASH_BOOT_CURR
     * (FLASH_BOOT7_CURR on RM0399 parts), bits [31:16] of the address (RM0433 section 2.6 "Boot
     * configuration", section 4.9.17).
     */
    public long bootAddress(boolean bootPin) {
        int v = options.boot();
        return ((long) (bootPin ? v >>> 16 : v & 0xFFFF)) << 16;
    }

    /** Where the Cortex-M4 of a dual-core part boots (FLASH_BOOT4_CURR, RM0399 section 4.9.19). */
    public long bootAddressCm4(boolean bootPin) {
        if (!variant.dualCore()) throw new IllegalStateException(variant + " has no Cortex-M4");
        int v = options.boot4();
        return ((long) (bootPin ? v >>> 16 : v & 0xFFFF)) << 16;
    }

    /**
     * Programmer path (ST-LINK, an ELF loader): writes {@code data} at {@code address} straight into
     * the array, as a probe's flash loader leaves it (erase and program, no controller state).
     *
     * @throws IllegalArgumentException when part of the range is not flash
     */
    public void load(long address, byte[] data) {
        long end = address + data.length;
        long flashEnd = BANK1_BASE + (windows.length - 1) * (1L << 20) + variant.bankBytes();
        if (address < BANK1_BASE || end > flashEnd) {
            throw new IllegalArgumentException(String.format("0x%08x..0x%08x is not in the %s flash (0x%08x..0x%08x)",
                    address, end - 1, variant, BANK1_BASE, flashEnd - 1));
        }
        for (int i = 0; i < windows.length; i++) {
            long base = BANK1_BASE + i * (1L << 20);
            long from = Math.max(address, base);
            long to = Math.min(end, base + variant.bankBytes());
            if (from < to) windows[i].load((int) (from - base), data, (int) (from - address), (int) (to - from));
        }
    }

    /** Flash words programmed over non-erased content (data and ECC now disagree on the real part). */
    public int eccInconsistentWords() {
        return banks[0].eccInconsistentWords() + banks[1].eccInconsistentWords();
    }

    // ================================================================== reset

    /**
     * System reset: registers to reset values, operations in flight abandoned, option bytes
     * reloaded from storage (RM0433 section 4.4.3 "Option byte loading"), the bank swap latched
     * from SWAP_BANK_OPT and the key sequences forgotten.
     */
    @Override
    public void reset() {
        applyReset();
    }

    private void applyReset() {
        for (H7FlashBank b : banks) b.reset();
        scheduler.cancel(optionChange);
        optionChange = null;
        optionChangeBusy = false;
        massErasesRunning = 0;
        optKeyHalf = false;
        optLockedUntilReset = false;
        regs.reset();
        options.load();
        swapped = options.swapBank();
        int first = swapped ? 1 : 0;
        for (int i = 0; i < 2; i++) {
            int phys = variant.banks() == 1 ? i : (i == 0 ? first : 1 - first);
            NonVolatileMemory storage = phys < variant.banks() ? physicalBanks[phys] : null;
            banks[i].bind(storage, phys, i < windows.length ? windows[i] : null);
        }
        for (int i = 0; i < windows.length; i++) windows[i].bind(banks[i]);
        refreshCurrentOptions();
        optsrPrg.set(options.optsr());
        for (int i = 0; i < 2; i++) {
            int phys = banks[i].physicalBank();
            prarPrg[i].set(options.prar(phys));
            scarPrg[i].set(options.scar(phys));
            wpsnPrg[i].set(options.wpsn(phys));
        }
        bootPrg.set(options.boot());
        if (boot4Prg != null) boot4Prg.set(options.boot4());
        updateIrq();
    }

    /** The *_CUR registers show the option bytes in effect. */
    private void refreshCurrentOptions() {
        optsrCur.set(options.optsr() | (optsrCur.get() & OPTCHANGEERR));
        for (int i = 0; i < 2; i++) {
            int phys = banks[i].physicalBank();
            prarCur[i].set(options.prar(phys));
            scarCur[i].set(options.scar(phys));
            wpsnCur[i].set(options.wpsn(phys));
        }
        bootCur.set(options.boot());
        if (boot4Cur != null) boot4Cur.set(options.boot4());
    }

    H7FlashOptionBytes options() {
        return options;
    }

    // ================================================================== bus side

    /**
     * Offsets 0x100.. repeat the registers common to both banks (ACR, OPTKEYR, OPTCR, OPTSR_CUR,
     * OPTSR_PRG, OPTCCR, BOOT*, CRCDATAR): RM0433 section 4.9.25 "FLASH register map".
     */
    private int canonical(int offset) {
        if (offset < 0x100 || offset >= 0x200) return offset;
        switch ((offset & ~3) - 0x100) {
            case 0x00, 0x08, 0x18, 0x1C, 0x20, 0x24, 0x40, 0x44, 0x5C:
                return offset - 0x100;
            case 0x48, 0x4C:
                return variant.dualCore() ? offset - 0x100 : offset;
            default:
                return offset;
        }
    }

    private int busRead(int offset, int size) {
        return RegisterBus.read(regs, canonical(offset), size);
    }

    private void busWrite(int offset, int size, int value) {
        int o = canonical(offset);
        Register r = regs.registerAt(o);
        try {
            if (r == keyr1 || r == keyr2) {
                regs.write(o, size, value); // size/alignment checks; the key register stores nothing
                banks[r == keyr1 ? 0 : 1].keyWrite(offset, size, value);
                return;
            }
            if (r == optkeyr) {
                regs.write(o, size, value);
                optionKeyWrite(offset, size, value);
                return;
            }
            if (r == cr1 || r == cr2) {
                if (!banks[r == cr1 ? 0 : 1].acceptControlWrite(o, size, value)) {
                    updateIrq();
                    return;
                }
            } else if (r == optcr) {
                optionControlWrite(o, size, value);
                return;
            } else if (isOptionProgramRegister(r) && optlock.isSet()) {
                return; // the *_PRG registers can be written only with OPTLOCK cleared (RM0433 4.9.9)
            }
            regs.write(o, size, value);
        } catch (RegisterAccessException e) {
            throw RegisterBus.busError(0, e);
        }
        if (r == cr1 || r == cr2) updateIrq();
    }

    private boolean isOptionProgramRegister(Register r) {
        if (r == null) return false;
        if (r == optsrPrg || r == bootPrg || r == boot4Prg) return true;
        for (int i = 0; i < 2; i++) if (r == prarPrg[i] || r == scarPrg[i] || r == wpsnPrg[i]) return true;
        return false;
    }

    // ------------------------------------------------------------------ option bytes

    /** FLASH_OPTKEYR: OPTKEY1 then OPTKEY2 clears OPTLOCK; a wrong sequence locks until reset with a bus error (RM0433 4.5.1). */
    private void optionKeyWrite(int offset, int size, int value) {
        if (!optLockedUntilReset && size == 4 && optlock.isSet()) {
            if (!optKeyHalf && value == OPTKEY1) {
                optKeyHalf = true;
                return;
            }
            if (optKeyHalf && value == OPTKEY2) {
                optKeyHalf = false;
                optlock.set(0);
                return;
            }
        }
        optKeyHalf = false;
        optLockedUntilReset = true;
        optlock.set(1);
        throw new BusErrorException(offset, true, "FLASH_OPTKEYR: wrong unlock sequence, FLASH_OPTCR locked until reset");
    }

    /**
     * FLASH_OPTCR (RM0433 section 4.9.7). MER starts a mass erase of both banks; the model accepts
     * it whenever both bank register sets are unlocked (the HAL sets it after unlocking only
     * CR1/CR2). The other bits change only with OPTLOCK cleared; writing OPTLOCK = 1 relocks.
     * OPTSTART starts an option change.
     */
    private void optionControlWrite(int offset, int size, int value) {
        int shift = (offset & 3) * 8;
        int lanes = (size == 4 ? -1 : size == 2 ? 0xFFFF : 0xFF) << shift;
        int v = (value << shift) & lanes;
        if ((lanes & OPTCR_MER) != 0 && (v & OPTCR_MER) != 0) requestMassErase();
        if (optlock.isSet()) return;
        if ((lanes & OPTCR_OPTLOCK) != 0 && (v & OPTCR_OPTLOCK) != 0) {
            optlock.set(1);
            return;
        }
        if ((lanes & OPTCR_OPTCHANGEERRIE) != 0) {
            optchangeerrie.set((v & OPTCR_OPTCHANGEERRIE) != 0);
            updateIrq();
        }
        if ((lanes & OPTCR_OPTSTART) != 0 && (v & OPTCR_OPTSTART) != 0) startOptionChange();
    }

    private void requestMassErase() {
        if (massErasesRunning > 0) return;
        for (int i = 0; i < variant.banks(); i++) if (banks[i].locked()) return;
        boolean protectedSector = false;
        for (int i = 0; i < variant.banks(); i++) protectedSector |= banks[i].massEraseProtected();
        if (protectedSector) {
            // Mass erase refused when a sector is write-protected (RM0433 section 4.3.10 "Mass erase").
            for (int i = 0; i < variant.banks(); i++) if (banks[i].massEraseProtected()) banks[i].raise(H7FlashBank.WRPERR);
            return;
        }
        massErasesRunning = variant.banks();
        for (int i = 0; i < variant.banks(); i++) banks[i].startMassErase(() -> massErasesRunning--);
        updateIrq();
    }

    /**
     * OPTSTART: the *_PRG values become the option bytes after the change time; OPT_BUSY is set
     * meanwhile (RM0433 section 4.4.3 "Option byte modification"). The *_CUR registers then show
     * the new values, SWAP_BANK_OPT included, but the bank swap itself waits for the next reset.
     * An option change requested while a bank operation is pending is refused with OPTCHANGEERR
     * (model choice; the RM lists the error without this case).
     */
    private void startOptionChange() {
        if (optionChangeBusy) return;
        for (H7FlashBank b : banks) {
            if (b.busy()) {
                optsrCur.set(optsrCur.get() | OPTCHANGEERR);
                updateIrq();
                return;
            }
        }
        optionChangeBusy = true;
        optionChange = scheduler.schedule(clock.nowPicos() + timing.optionChangePicos(), now -> finishOptionChange());
    }

    private void finishOptionChange() {
        optionChange = null;
        optionChangeBusy = false;
        options.setOptsr(optsrPrg.get());
        for (int i = 0; i < variant.banks(); i++) {
            options.setBankWords(banks[i].physicalBank(), prarPrg[i].get(), scarPrg[i].get(), wpsnPrg[i].get());
        }
        options.setBoot(bootPrg.get());
        if (boot4Prg != null) options.setBoot4(boot4Prg.get());
        options.store();
        refreshCurrentOptions();
        updateIrq();
    }

    void clearOptionFlags(int value) {
        if ((value & OPTCHANGEERR) != 0) optsrCur.set(optsrCur.get() & ~OPTCHANGEERR);
        updateIrq();
    }

    // ------------------------------------------------------------------ interrupt

    void updateIrq() {
        boolean level = banks[0].interruptPending() || banks[1].interruptPending()
                || ((optsrCur.get() & OPTCHANGEERR) != 0 && optchangeerrie.isSet());
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }

    // ================================================================== register map

    private RegisterBlock declareRegisters() {
        RegisterBlock.Builder b = RegisterBlock.builder("FLASH", REGISTER_SIZE)
                .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                // RM0433 4.9.1 FLASH_ACR: wait states and programming delay, stored for the firmware.
                .register(0x000, "ACR", r -> r.reset(0x37)
                        .field("LATENCY", 0, 4, Access.RW)
                        .field("WRHIGHFREQ", 4, 2, Access.RW))
                // RM0433 4.9.3 FLASH_OPTKEYR: write-only key register.
                .register(0x008, "OPTKEYR", r -> r.field("OPTKEYR", 0, 32, Access.WO))
                // RM0433 4.9.7 FLASH_OPTCR (bus writes handled in optionControlWrite).
                .register(0x018, "OPTCR", r -> r.reset(OPTCR_OPTLOCK)
                        .bit("OPTLOCK", 0, Access.RW)
                        .bit("OPTSTART", 1, Access.RW, f -> f.reads(() -> optionChangeBusy ? 1 : 0))
                        .bit("MER", 4, Access.RW, f -> f.reads(() -> massErasesRunning > 0 ? 1 : 0))
                        .bit("OPTCHANGEERRIE", 30, Access.RW)
                        .bit("SWAP_BANK", 31, Access.RO, f -> f.reads(() -> swapped ? 1 : 0)))
                // RM0433 4.9.8 FLASH_OPTSR_CUR: option bytes in effect (set from storage).
                .register(0x01C, "OPTSR_CUR", r -> optsrFields(r, true))
                // RM0433 4.9.9 FLASH_OPTSR_PRG: option bytes to program with OPTSTART.
                .register(0x020, "OPTSR_PRG", r -> optsrFields(r, false))
                // RM0433 4.9.10 FLASH_OPTCCR.
                .register(0x024, "OPTCCR", r -> r
                        .bit("CLR_OPTCHANGEERR", 30, Access.WO)
                        .afterWrite(this::clearOptionFlags));
        if (variant.dualCore()) {
            // RM0399 4.9.17-4.9.20 FLASH_BOOT7_CURR/PRGR and FLASH_BOOT4_CURR/PRGR.
            b.register(0x040, "BOOT7_CURR", r -> bootFields(r, "BOOT_CM7_ADD", Access.RO))
             .register(0x044, "BOOT7_PRGR", r -> bootFields(r, "BOOT_CM7_ADD", Access.RW))
             .register(0x048, "BOOT4_CURR", r -> bootFields(r, "BOOT_CM4_ADD", Access.RO))
             .register(0x04C, "BOOT4_PRGR", r -> bootFields(r, "BOOT_CM4_ADD", Access.RW));
        } else {
            // RM0433 4.9.17/4.9.18 FLASH_BOOT_CURR/PRGR.
            b.register(0x040, "BOOT_CURR", r -> bootFields(r, "BOOT_ADD", Access.RO))
             .register(0x044, "BOOT_PRGR", r -> bootFields(r, "BOOT_ADD", Access.RW));
        }
        // RM0433 4.9.22 FLASH_CRCDATAR: CRC computation not modelled, reads 0.
        b.register(0x05C, "CRCDATAR", r -> r.field("CRC_DATA", 0, 32, Access.RO));
        for (int i = 0; i < 2; i++) bankRegisters(b, i);
        return b.build();
    }

    /** The registers of bank i at base 0x000 / 0x100 (RM0433 4.9.2, 4.9.4-4.9.6, 4.9.11-4.9.16, 4.9.19-4.9.24). */
    private void bankRegisters(RegisterBlock.Builder b, int i) {
        int base = 0x100 * i;
        String n = Integer.toString(i + 1);
        b.register(base + 0x04, "KEYR" + n, r -> r.field("KEY" + n + "R", 0, 32, Access.WO))
         .register(base + 0x0C, "CR" + n, r -> r.reset(0x31)
                .bit("LOCK" + n, 0, Access.RW)
                .bit("PG" + n, 1, Access.RW, f -> f.onChange((was, now) -> banks[i].programEnableChanged(now)))
                .bit("SER" + n, 2, Access.RW)
                .bit("BER" + n, 3, Access.RW)
                .field("PSIZE" + n, 4, 2, Access.RW)
                .bit("FW" + n, 6, Access.RW, f -> f.onWrite((was, now) -> banks[i].forceWriteWritten(now)))
                .bit("START" + n, 7, Access.RW, f -> f.onWrite((was, now) -> banks[i].startWritten(now)))
                .field("SNB" + n, 8, 3, Access.RW)
                .bit("CRC_EN", 15, Access.RW)
                .bit("EOPIE" + n, 16, Access.RW)
                .bit("WRPERRIE" + n, 17, Access.RW)
                .bit("PGSERRIE" + n, 18, Access.RW)
                .bit("STRBERRIE" + n, 19, Access.RW)
                .bit("INCERRIE" + n, 21, Access.RW)
                .bit("OPERRIE" + n, 22, Access.RW)
                .bit("RDPERRIE" + n, 23, Access.RW)
                .bit("RDSERRIE" + n, 24, Access.RW)
                .bit("SNECCERRIE" + n, 25, Access.RW)
                .bit("DBECCERRIE" + n, 26, Access.RW)
                .bit("CRCENDIE" + n, 27, Access.RW)
                .bit("CRCRDERRIE" + n, 28, Access.RW))
         .register(base + 0x10, "SR" + n, r -> r
                .bit("BSY" + n, 0, Access.RO, f -> f.reads(() -> banks[i].busy() ? 1 : 0))
                .bit("WBNE" + n, 1, Access.RO, f -> f.reads(() -> banks[i].writeBufferNotEmpty() ? 1 : 0))
                .bit("QW" + n, 2, Access.RO, f -> f.reads(() -> banks[i].busy() ? 1 : 0))
                .bit("CRC_BUSY" + n, 3, Access.RO)
                .bit("EOP" + n, 16, Access.RO)
                .bit("WRPERR" + n, 17, Access.RO)
                .bit("PGSERR" + n, 18, Access.RO)
                .bit("STRBERR" + n, 19, Access.RO)
                .bit("INCERR" + n, 21, Access.RO)
                .bit("OPERR" + n, 22, Access.RO)
                .bit("RDPERR" + n, 23, Access.RO)
                .bit("RDSERR" + n, 24, Access.RO)
                .bit("SNECCERR" + n, 25, Access.RO)
                .bit("DBECCERR" + n, 26, Access.RO)
                .bit("CRCEND" + n, 27, Access.RO)
                .bit("CRCRDERR" + n, 28, Access.RO))
         .register(base + 0x14, "CCR" + n, r -> r
                .bit("CLR_EOP" + n, 16, Access.WO)
                .bit("CLR_WRPERR" + n, 17, Access.WO)
                .bit("CLR_PGSERR" + n, 18, Access.WO)
                .bit("CLR_STRBERR" + n, 19, Access.WO)
                .bit("CLR_INCERR" + n, 21, Access.WO)
                .bit("CLR_OPERR" + n, 22, Access.WO)
                .bit("CLR_RDPERR" + n, 23, Access.WO)
                .bit("CLR_RDSERR" + n, 24, Access.WO)
                .bit("CLR_SNECCERR" + n, 25, Access.WO)
                .bit("CLR_DBECCERR" + n, 26, Access.WO)
                .bit("CLR_CRCEND" + n, 27, Access.WO)
                .bit("CLR_CRCRDERR" + n, 28, Access.WO)
                .afterWrite(v -> banks[i].clearFlags(v)))
         .register(base + 0x28, "PRAR_CUR" + n, r -> areaFields(r, "PROT_AREA", "DMEP", n, Access.RO))
         .register(base + 0x2C, "PRAR_PRG" + n, r -> areaFields(r, "PROT_AREA", "DMEP", n, Access.RW))
         .register(base + 0x30, "SCAR_CUR" + n, r -> areaFields(r, "SEC_AREA", "DMES", n, Access.RO))
         .register(base + 0x34, "SCAR_PRG" + n, r -> areaFields(r, "SEC_AREA", "DMES", n, Access.RW))
         .register(base + 0x38, "WPSN_CUR" + n + "R", r -> r.field("WRPSN" + n, 0, 8, Access.RO))
         .register(base + 0x3C, "WPSN_PRG" + n + "R", r -> r.field("WRPSN" + n, 0, 8, Access.RW))
         .register(base + 0x50, "CRCCR" + n, r -> r
                .field("CRC_SECT", 0, 3, Access.RW)
                .bit("ALL_BANK", 7, Access.RW)
                .bit("CRC_BY_SECT", 8, Access.RW)
                .bit("ADD_SECT", 9, Access.RW)
                .bit("CLEAN_SECT", 10, Access.RW)
                .bit("START_CRC", 16, Access.RW)
                .bit("CLEAN_CRC", 17, Access.RW)
                .field("CRC_BURST", 20, 2, Access.RW))
         .register(base + 0x54, "CRCSADD" + n + "R", r -> r.field("CRC_START_ADDR", 2, 18, Access.RW))
         .register(base + 0x58, "CRCEADD" + n + "R", r -> r.field("CRC_END_ADDR", 2, 18, Access.RW))
         .register(base + 0x60, "ECC_FA" + n + "R", r -> r.field("FAIL_ECC_ADDR" + n, 0, 15, Access.RO));
    }

    private void optsrFields(RegisterBlock.RegisterSpec r, boolean current) {
        Access a = current ? Access.RO : Access.RW;
        if (current) r.bit("OPT_BUSY", 0, Access.RO, f -> f.reads(() -> optionChangeBusy ? 1 : 0));
        r.field("BOR_LEV", 2, 2, a)
         .bit("IWDG1_SW", 4, a)
         .bit("NRST_STOP_D1", 6, a)
         .bit("NRST_STBY_D1", 7, a)
         .field("RDP", 8, 8, a)
         .bit("FZ_IWDG_STOP", 17, a)
         .bit("FZ_IWDG_SDBY", 18, a)
         .field("ST_RAM_SIZE", 19, 2, a)
         .bit("SECURITY", 21, a)
         .bit("IO_HSLV", 29, a)
         .bit("SWAP_BANK_OPT", 31, a);
        if (variant.dualCore()) {
            // RM0399 4.9.8/4.9.9: second watchdog, core boot enables and D2 domain resets.
            r.bit("IWDG2_SW", 5, a)
             .bit("BCM4", 22, a)
             .bit("BCM7", 23, a)
             .bit("NRST_STOP_D2", 24, a)
             .bit("NRST_STBY_D2", 25, a);
        }
        if (current) r.bit("OPTCHANGEERR", 30, Access.RO);
    }

    private static void bootFields(RegisterBlock.RegisterSpec r, String prefix, Access a) {
        r.field(prefix + "0", 0, 16, a).field(prefix + "1", 16, 16, a);
    }

    private static void areaFields(RegisterBlock.RegisterSpec r, String area, String eraseBit, String n, Access a) {
        r.field(area + "_START" + n, 0, 12, a).field(area + "_END" + n, 16, 12, a).bit(eraseBit + n, 31, a);
    }
}
