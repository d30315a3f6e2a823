package io.xipkit.peripherals.stm32;

import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.Peripheral;
import io.xipkit.bus.QuietReads;
import io.xipkit.bus.Region;
import io.xipkit.cpu.BusErrorException;
import io.xipkit.cpu.RegisterBus;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterAccessException;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;

/**
 * The STM32H7 embedded flash: its arrays (one {@link Region} per bank window), the FLASH register
 * block at 0x5200_2000 and the option bytes (RM0433 Rev 8 chapter 4 "Embedded flash memory
 * (FLASH)"; RM0399 Rev 4 chapter 4 for the dual-core H745/747/755/757).
 *
 * <p>What the board wires: {@link #registers()} at {@link #REGISTER_BASE} (size
 * {@link #REGISTER_SIZE}); each {@link #bankRegion(int)} at the geometry's
 * {@link H7FlashGeometry#bankBase(int)}; the FLASH global interrupt
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
    /** Option-byte keys of FLASH_OPTKEYR (RM0433 section 4.9.3). */
    static final int OPTKEY1 = 0x0819_2A3B, OPTKEY2 = 0x4C5D_6E7F;

    static final int OPTCR_OPTLOCK = 1, OPTCR_OPTSTART = 1 << 1, OPTCR_MER = 1 << 4,
            OPTCR_OPTCHANGEERRIE = 1 << 30;
    private static final int OPTCHANGEERR = 1 << 30;

    private final H7FlashVariant variant;
    private final H7FlashGeometry geometry;
    private final H7FlashTiming timing;
    private final Clock clock;
    private final Scheduler scheduler;
    private final IrqLine irq;
    private final NonVolatileMemory[] physicalBanks;
    private final H7FlashOptionBytes options;
    private final H7FlashBank[] banks = new H7FlashBank[2];
    private final H7FlashWindow[] windows;
    private final RegisterBlock regs;
    private final Peripheral peripheral = new RegisterFace();

    /** The bus face of the register block. */
    private final class RegisterFace implements Peripheral, QuietReads {
        @Override
        public int read(int offset, int size) {
            return busRead(offset, size);
        }

        @Override
        public void write(int offset, int size, int value) {
            busWrite(offset, size, value);
        }

        /**
         * Every read is quiet ({@link QuietReads}). SRx.BSY/QW, which FLASH_WaitForLastOperation
         * polls (RM0433 Rev 8 4.9.5), read whether the bank's operation queue holds an operation:
         * it grows on a CRx or array write and shrinks in the completion event scheduled for each
         * operation, so the flags do not follow virtual time at the read. WBNE follows the write
         * buffer (array writes); OPTSR_CUR.OPT_BUSY and OPTCR.OPTSTART/MER end in their completion
         * events; SWAP_BANK is latched at reset; the other flags are set by writes and events and
         * cleared through CCRx/OPTCCR writes. No read clears or changes anything.
         */
        @Override
        public boolean quietRead(int offset, int size) {
            return true;
        }
    }

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
     * @param variant        the part (register map, factory option bytes)
     * @param geometry       where the banks are, their size and sectors, the factory BOOT_ADD0
     * @param timing         program/erase durations ({@link H7FlashTiming#typical()})
     * @param clock          the board's virtual clock
     * @param scheduler      the board's event scheduler
     * @param irq            the FLASH global interrupt (EOP and error flags of both banks, OPTCHANGEERR)
     * @param bank1          storage of physical bank 1, {@code geometry.bankBytes()} long
     * @param bank2          storage of physical bank 2; null for a single-bank part (the H750)
     * @param optionStorage  where the option bytes live (its register image; may be {@code bank1})
     */
    public H7FlashMemory(H7FlashVariant variant, H7FlashGeometry geometry, H7FlashTiming timing, Clock clock, Scheduler scheduler, IrqLine irq,
                         NonVolatileMemory bank1, NonVolatileMemory bank2, NonVolatileMemory optionStorage) {
        if (variant == null || geometry == null || timing == null || clock == null || scheduler == null || irq == null) {
            throw new IllegalArgumentException("H7 flash: variant, geometry, timing, clock, scheduler and irq are required");
        }
        geometry.checkedFor(variant);
        checkBank(geometry, bank1, 1);
        if (geometry.banks() == 2) {
            checkBank(geometry, bank2, 2);
        } else if (bank2 != null) {
            throw new IllegalArgumentException("H7 flash: a single-bank flash has no bank 2, but storage for it was given");
        }
        this.variant = variant;
        this.geometry = geometry;
        this.timing = timing;
        this.clock = clock;
        this.scheduler = scheduler;
        this.irq = irq;
        this.physicalBanks = new NonVolatileMemory[] {bank1, bank2};
        this.options = new H7FlashOptionBytes(optionStorage, variant, geometry);
        for (int i = 0; i < 2; i++) banks[i] = new H7FlashBank(i, geometry, timing, clock, scheduler, this);
        this.regs = H7FlashRegisterMap.declare(this);
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
        windows = new H7FlashWindow[geometry.banks()];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = new H7FlashWindow(String.format("flash-bank-0x%08x", geometry.bankBase(i)), geometry.bankBytes());
        }
        applyReset();
    }

    private static void checkBank(H7FlashGeometry geometry, NonVolatileMemory bank, int n) {
        if (bank == null) throw new IllegalArgumentException("H7 flash: bank " + n + " needs storage");
        if (bank.size() != geometry.bankBytes()) {
            throw new IllegalArgumentException("H7 flash: bank " + n + " storage holds " + bank.size() + " bytes, "
                    + "the banks hold " + geometry.bankBytes());
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

    /**
     * The bank window to map at {@code geometry().bankBase(index)}: window 0 shows bank 1, or bank 2
     * when swapped; window 1 (two-bank parts) the other one.
     */
    public Region bankRegion(int index) {
        return windows[index];
    }

    public H7FlashVariant variant() {
        return variant;
    }

    public H7FlashGeometry geometry() {
        return geometry;
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
        long covered = 0;
        for (int i = 0; i < windows.length; i++) {
            long base = geometry.bankBase(i);
            long from = Math.max(address, base);
            long to = Math.min(end, base + geometry.bankBytes());
            if (from < to) covered += to - from;
        }
        if (covered != data.length) {
            throw new IllegalArgumentException(String.format("0x%08x..0x%08x is not in the %s flash (banks at %s, %d bytes each)",
                    address, end - 1, variant, geometry.bankBases().stream().map(b -> String.format("0x%08x", b)).toList(),
                    geometry.bankBytes()));
        }
        for (int i = 0; i < windows.length; i++) {
            long base = geometry.bankBase(i);
            long from = Math.max(address, base);
            long to = Math.min(end, base + geometry.bankBytes());
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
            int phys = geometry.banks() == 1 ? i : (i == 0 ? first : 1 - first);
            NonVolatileMemory storage = phys < geometry.banks() ? physicalBanks[phys] : null;
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
        for (int i = 0; i < geometry.banks(); i++) if (banks[i].locked()) return;
        boolean protectedSector = false;
        for (int i = 0; i < geometry.banks(); i++) protectedSector |= banks[i].massEraseProtected();
        if (protectedSector) {
            // Mass erase refused when a sector is write-protected (RM0433 section 4.3.10 "Mass erase").
            for (int i = 0; i < geometry.banks(); i++) if (banks[i].massEraseProtected()) banks[i].raise(H7FlashBank.WRPERR);
            return;
        }
        massErasesRunning = geometry.banks();
        for (int i = 0; i < geometry.banks(); i++) banks[i].startMassErase(() -> massErasesRunning--);
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
        for (int i = 0; i < geometry.banks(); i++) {
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

    // ------------------------------------------------------------------ what the register map reads

    boolean optionChangeBusy() {
        return optionChangeBusy;
    }

    boolean massEraseRunning() {
        return massErasesRunning > 0;
    }

    H7FlashBank bank(int index) {
        return banks[index];
    }
}
