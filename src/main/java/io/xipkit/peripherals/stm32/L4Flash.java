package io.xipkit.peripherals.stm32;

import io.xipkit.peripherals.RegisterMapped;
import io.xipkit.bus.FlashOperation;
import io.xipkit.bus.FlashOperationObserver;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.Resettable;
import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;
import java.util.Arrays;

/**
 * The STM32L476's embedded flash interface (RM0351 Rev 9, chapter 3 "Embedded Flash memory
 * (FLASH)"): the register block at 0x4002_2000 and the 1 MB dual-bank array behind it.
 *
 * <p>Organisation (RM0351 3.3.1, table "Flash module - 1 MB dual bank organization"): bank 1 and
 * bank 2 of 512 KB, 256 pages of 2 KB each. The array lives in a {@link NonVolatileMemory} in
 * physical order (bank 1 first); option bytes live in its register image. {@link #memory()} is the
 * bus window at 0x0800_0000 in which SYSCFG_MEMRMP.FB_MODE ({@link #setBankSwap}) swaps the banks
 * (RM0351 3.3.1 and 9.2.1): erase commands name PHYSICAL banks (BKER, MER1, MER2) while
 * programming follows the address, i.e. the remapped view.
 *
 * <p>Operations take effect on the array when they start; BSY then stays set for the datasheet
 * duration ({@link L4FlashTiming}) in virtual time and EOP/OPERR follow when it ends. The real
 * part stalls bus reads of a bank being programmed; this model does not stall, so a read during
 * BSY already sees the new content. A reset during an operation (a power cut, say) therefore
 * leaves the page(s) erased or the double word programmed; on silicon their content would be
 * undefined.
 */
public final class L4Flash implements RegisterMapped, Resettable, io.xipkit.bus.StorageRewritten, io.xipkit.bus.QuietReads {
    /** Register block base address (RM0351 2.2.2, table "STM32L4x6 memory map and peripheral register boundary addresses"). */
    public static final long BASE = 0x4002_2000L;
    /** Size of the register block's address window. */
    public static final int REGISTER_WINDOW = 0x400;
    /** Fast programming writes one row of 32 double words (RM0351 3.3.7 "Fast programming"). */
    public static final int ROW_DOUBLE_WORDS = 32;
    static final int ROW_BYTES = ROW_DOUBLE_WORDS * 8;

    /** KEYR, OPTKEYR and PDKEYR unlock sequences (RM0351 3.3.5 "Unlocking the Flash memory", 3.4.2, 3.7.2;
     *  KEY1/2 and OPTKEY1/2 also in OpenOCD's stm32l4x.h). */
    public static final int KEY1 = 0x4567_0123, KEY2 = 0xCDEF_89AB;
    public static final int OPTKEY1 = 0x0819_2A3B, OPTKEY2 = 0x4C5D_6E7F;
    public static final int PDKEY1 = 0x0415_2637, PDKEY2 = 0xFAFB_FCFD;

    static final int SR_PROGRAM_ERRORS_MASK = (1 << 3) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9);

    final NonVolatileMemory nvm;
    final byte[] array;
    final Clock clock;
    private final Scheduler scheduler;
    private final IrqLine irq;
    private final L4FlashResetRequest optionLoadReset;
    final L4FlashTiming timing;
    final L4FlashMemory memory;
    /** Where the main memory is and how its banks and pages are sized (the board description's). */
    final L4FlashGeometry geometry;
    final int bankSize;

    private final RegisterBlock regs;
    final Register cr, sr;
    private final Register[] optionRegs = new Register[L4FlashOptionBytes.REGISTERS.length];
    final Field eop, operr, progerr, wrperr, pgaerr, sizerr, pgserr, miserr, fasterr, rderr, bsy;
    final Field pg, per, mer1, mer2, pnb, bker, strt, optstrt, fstpg, eopie, errie, rderrie, lock, optlock;
    private final Field runPd;

    /** Option values in effect since the last option-byte load (power-on or OBL_LAUNCH). */
    private final L4FlashOptionBytes options = new L4FlashOptionBytes();
    /** WRP and PCROP areas (RM0351 3.5.2, 3.5.3) as the loaded options describe them. */
    final L4FlashProtection protection;
    /** Standard and fast programming of the main memory (RM0351 3.3.7). */
    private final L4FlashProgramming programming = new L4FlashProgramming(this);

    /** The KEYR, OPTKEYR and PDKEYR unlock sequences. */
    private L4FlashKeys keys;

    /** FB_MODE: banks swapped in the 0x0800_0000 view. */
    private boolean bankSwap;

    // A standard 64-bit program in progress: the first word was written, the second is awaited.

    // Fast programming: physical start of the current row and double words written so far in it.
    /** A mass erase of the bank was done since reset: fast programming is allowed there (RM0351 3.3.7 step 1). */
    final boolean[] massErased = new boolean[2];

    long busyUntil;
    private FlashOperationObserver observer = FlashOperationObserver.NONE;
    private Scheduler.Handle completion;
    private final Scheduler.Event complete = now -> operationComplete();
    /** The fast-programming data-miss check (RM0351 3.3.7), armed while a row awaits its next double word. */
    private Scheduler.Handle dataMiss;
    private final Scheduler.Event missed = now -> {
        dataMiss = null;
        programming.dataMissed();
    };

    /**
     * @param geometry        where the main memory is, its bank and page sizes
     * @param nvm             the array (bank 1 then bank 2, {@code geometry.sizeBytes()}) and the option
     *                        bytes in its register image
     * @param clock           the board's virtual time
     * @param scheduler       where operation completions are scheduled
     * @param irq             FLASH global interrupt (L476 vector table position 4)
     * @param optionLoadReset what OBL_LAUNCH triggers: the board resets the whole MCU and sets RCC_CSR.OBLRSTF
     * @param timing          operation durations; {@link L4FlashTiming#TYPICAL} for the datasheet's
     */
    public L4Flash(L4FlashGeometry geometry, NonVolatileMemory nvm, Clock clock, Scheduler scheduler, IrqLine irq,
                   L4FlashResetRequest optionLoadReset, L4FlashTiming timing) {
        if (nvm.size() != geometry.sizeBytes()) {
            throw new IllegalArgumentException("STM32L4 flash of " + FlashGeometryException.size(geometry.sizeBytes())
                    + " needs as much storage, got " + nvm.size() + " bytes");
        }
        this.geometry = geometry;
        this.bankSize = geometry.bankBytes();
        this.protection = new L4FlashProtection(options.loaded(), geometry);
        this.nvm = nvm;
        this.array = nvm.array();
        this.clock = clock;
        this.scheduler = scheduler;
        this.irq = irq;
        this.optionLoadReset = optionLoadReset;
        this.timing = timing;
        this.regs = buildRegisters();
        cr = regs.register("CR");
        sr = regs.register("SR");
        for (int i = 0; i < optionRegs.length; i++) optionRegs[i] = regs.register(L4FlashOptionBytes.REGISTERS[i]);
        eop = regs.field("SR", "EOP");
        operr = regs.field("SR", "OPERR");
        progerr = regs.field("SR", "PROGERR");
        wrperr = regs.field("SR", "WRPERR");
        pgaerr = regs.field("SR", "PGAERR");
        sizerr = regs.field("SR", "SIZERR");
        pgserr = regs.field("SR", "PGSERR");
        miserr = regs.field("SR", "MISERR");
        fasterr = regs.field("SR", "FASTERR");
        rderr = regs.field("SR", "RDERR");
        bsy = regs.field("SR", "BSY");
        pg = regs.field("CR", "PG");
        per = regs.field("CR", "PER");
        mer1 = regs.field("CR", "MER1");
        mer2 = regs.field("CR", "MER2");
        pnb = regs.field("CR", "PNB");
        bker = regs.field("CR", "BKER");
        strt = regs.field("CR", "STRT");
        optstrt = regs.field("CR", "OPTSTRT");
        fstpg = regs.field("CR", "FSTPG");
        eopie = regs.field("CR", "EOPIE");
        errie = regs.field("CR", "ERRIE");
        rderrie = regs.field("CR", "RDERRIE");
        lock = regs.field("CR", "LOCK");
        optlock = regs.field("CR", "OPTLOCK");
        runPd = regs.field("ACR", "RUN_PD");
        keys = new L4FlashKeys(lock, optlock);
        memory = new L4FlashMemory(this, array);
        powerOnReset();
    }

    /** The same with {@link L4FlashTiming#TYPICAL}. */
    public L4Flash(L4FlashGeometry geometry, NonVolatileMemory nvm, Clock clock, Scheduler scheduler, IrqLine irq,
                   L4FlashResetRequest optionLoadReset) {
        this(geometry, nvm, clock, scheduler, irq, optionLoadReset, L4FlashTiming.TYPICAL);
    }

    private RegisterBlock buildRegisters() {
        // RM0351 3.7 "FLASH registers"; offsets from 3.7.17 "FLASH register map". Every offset and bit position
        // below was checked against ST's stm32l476xx.h (FLASH_TypeDef, FLASH_* _Pos/_Msk; cmsis_device_l4 v1.7.4)
        // and the ACR/CR reset values against ST's STM32L476 SVD v1.8 (docs/FACTS-STM32L4.md).
        return RegisterBlock.builder("FLASH", REGISTER_WINDOW)
            // 3.7.1 FLASH_ACR: LATENCY (wait states) and the ART caches are stored only: the model's timing
            // does not depend on them.
            .register(0x00, "ACR", r -> r.reset(0x0000_0600)
                .field("LATENCY", 0, 3, Access.RW)
                .bit("PRFTEN", 8, Access.RW)
                .bit("ICEN", 9, Access.RW)
                .bit("DCEN", 10, Access.RW)
                .bit("ICRST", 11, Access.RW)
                .bit("DCRST", 12, Access.RW)
                // 3.7.1: RUN_PD can be written only after the PDKEYR sequence, which one ACR write uses up.
                .bit("RUN_PD", 13, Access.RW, f -> f.ignoreWritesWhen(() -> !keys.runPdWritable()))
                .bit("SLEEP_PD", 14, Access.RW)
                .afterWrite(v -> keys.acrWritten()))
            // 3.7.2 FLASH_PDKEYR: unlocks RUN_PD.
            .register(0x04, "PDKEYR", r -> r.accessSizes(4).field("PDKEYR", 0, 32, Access.WO).afterWrite(v -> keys.pdKey(v)))
            // 3.7.3 FLASH_KEYR, 3.7.4 FLASH_OPTKEYR: write-only key registers, word access.
            .register(0x08, "KEYR", r -> r.accessSizes(4).field("KEYR", 0, 32, Access.WO).afterWrite(v -> keys.key(v)))
            .register(0x0C, "OPTKEYR", r -> r.accessSizes(4).field("OPTKEYR", 0, 32, Access.WO).afterWrite(v -> keys.optKey(v)))
            // 3.7.5 FLASH_SR.
            .register(0x10, "SR", r -> r
                .bit("EOP", 0, Access.W1C)
                .bit("OPERR", 1, Access.W1C)
                .bit("PROGERR", 3, Access.W1C)
                .bit("WRPERR", 4, Access.W1C)
                .bit("PGAERR", 5, Access.W1C)
                .bit("SIZERR", 6, Access.W1C)
                .bit("PGSERR", 7, Access.W1C)
                .bit("MISERR", 8, Access.W1C)
                .bit("FASTERR", 9, Access.W1C)
                .bit("RDERR", 14, Access.W1C)
                .bit("OPTVERR", 15, Access.W1C)
                .bit("BSY", 16, Access.RO)
                .afterWrite(v -> updateIrq()))
            // 3.7.6 FLASH_CR: reset 0xC000_0000 (LOCK and OPTLOCK set). 3.3.5: FLASH_CR cannot be written
            // while LOCK is set (LOCK itself may be, it is set already); STRT, OPTSTRT and OBL_LAUNCH are
            // set by software and cleared by hardware.
            .register(0x14, "CR", r -> r.reset(0xC000_0000).ignoreWritesWhen(() -> lock.isSet())
                .bit("PG", 0, Access.RW)
                .bit("PER", 1, Access.RW)
                .bit("MER1", 2, Access.RW)
                .field("PNB", 3, 8, Access.RW)
                .bit("BKER", 11, Access.RW)
                .bit("MER2", 15, Access.RW)
                .bit("STRT", 16, Access.W1S)
                .bit("OPTSTRT", 17, Access.W1S)
                .bit("FSTPG", 18, Access.RW)
                .bit("EOPIE", 24, Access.RW)
                .bit("ERRIE", 25, Access.RW)
                .bit("RDERRIE", 26, Access.RW)
                .bit("OBL_LAUNCH", 27, Access.W1S)
                .bit("OPTLOCK", 30, Access.W1S)
                .bit("LOCK", 31, Access.W1S)
                .afterWrite(this::controlWritten))
            // 3.7.7 FLASH_ECCR: no ECC error is ever injected, so the flags stay clear.
            .register(0x18, "ECCR", r -> r
                .field("ADDR_ECC", 0, 19, Access.RO)
                .bit("BK_ECC", 19, Access.RO)
                .bit("SYSF_ECC", 20, Access.RO)
                .bit("ECCIE", 24, Access.RW)
                .bit("ECCC", 30, Access.W1C)
                .bit("ECCD", 31, Access.W1C))
            // 3.7.8 FLASH_OPTR (L47x/L48x bit list: no nSWBOOT0/nBOOT0, which are L49x/L4Ax only). Values are
            // loaded from the option bytes at option-byte loading; 3.4.2: the option registers are modified
            // only with OPTLOCK cleared (optionRegister()).
            .register(0x20, "OPTR", r -> optionRegister(r)
                .field("RDP", 0, 8, Access.RW)
                .field("BOR_LEV", 8, 3, Access.RW)
                .bit("nRST_STOP", 12, Access.RW)
                .bit("nRST_STDBY", 13, Access.RW)
                .bit("nRST_SHDW", 14, Access.RW)
                .bit("IWDG_SW", 16, Access.RW)
                .bit("IWDG_STOP", 17, Access.RW)
                .bit("IWDG_STDBY", 18, Access.RW)
                .bit("WWDG_SW", 19, Access.RW)
                .bit("BFB2", 20, Access.RW)
                // DUALBANK selects the organisation of 256/512 KB parts; a 1 MB part is always dual bank
                // (OpenOCD src/flash/nor/stm32l4x.c, DEVID 0x415: "if flash size is max (1M) the device is always dual bank").
                .bit("DUALBANK", 21, Access.RW)
                .bit("nBOOT1", 23, Access.RW)
                .bit("SRAM2_PE", 24, Access.RW)
                .bit("SRAM2_RST", 25, Access.RW)
                // Reserved bits read as 1 (OPTR_RESERVED_ONES); writes to them are ignored.
                .bit("RES11", 11, Access.RO, f -> f.reads(() -> 1))
                .bit("RES15", 15, Access.RO, f -> f.reads(() -> 1))
                .bit("RES22", 22, Access.RO, f -> f.reads(() -> 1))
                .field("RES26_31", 26, 6, Access.RO, f -> f.reads(() -> 0x3F)))
            // 3.7.9-3.7.16: PCROP areas in double words from the bank start, WRP areas in pages.
            .register(0x24, "PCROP1SR", r -> optionRegister(r).field("PCROP1_STRT", 0, 16, Access.RW))
            .register(0x28, "PCROP1ER", r -> optionRegister(r).field("PCROP1_END", 0, 16, Access.RW).bit("PCROP_RDP", 31, Access.RW))
            .register(0x2C, "WRP1AR", r -> optionRegister(r).field("WRP1A_STRT", 0, 8, Access.RW).field("WRP1A_END", 16, 8, Access.RW))
            .register(0x30, "WRP1BR", r -> optionRegister(r).field("WRP1B_STRT", 0, 8, Access.RW).field("WRP1B_END", 16, 8, Access.RW))
            .register(0x44, "PCROP2SR", r -> optionRegister(r).field("PCROP2_STRT", 0, 16, Access.RW))
            .register(0x48, "PCROP2ER", r -> optionRegister(r).field("PCROP2_END", 0, 16, Access.RW))
            .register(0x4C, "WRP2AR", r -> optionRegister(r).field("WRP2A_STRT", 0, 8, Access.RW).field("WRP2A_END", 16, 8, Access.RW))
            .register(0x50, "WRP2BR", r -> optionRegister(r).field("WRP2B_STRT", 0, 8, Access.RW).field("WRP2B_END", 16, 8, Access.RW))
            .build();
    }

    // ================================================================================================
    // Bus side of the register block
    // ================================================================================================

    /** An option register: writable only with OPTLOCK cleared (RM0351 3.4.2). */
    private RegisterBlock.RegisterSpec optionRegister(RegisterBlock.RegisterSpec r) {
        return r.ignoreWritesWhen(() -> optlock.isSet());
    }

    private void controlWritten(int written) {
        if ((written & (1 << 27)) != 0) {
            // OBL_LAUNCH (RM0351 3.4.2 "Option byte loading"): cannot be written with OPTLOCK set.
            if (optlock.isSet()) {
                cr.set(cr.get() & ~(1 << 27));
            } else {
                options.load(nvm);
                optionLoadReset.requestOptionByteLoadReset();
                return;
            }
        }
        if ((written & (1 << 17)) != 0) startOptionProgramming();
        if ((written & (1 << 16)) != 0) startErase();
        if (!pg.isSet() && !fstpg.isSet()) {
            programming.halfWritten = false;
            programming.fastRow = -1;
        }
        updateIrq();
    }

    // ================================================================================================
    // Erase (RM0351 3.3.6 "Flash main memory erase sequences")
    // ================================================================================================

    private void startErase() {
        if (per.isSet()) {
            // Page erase: 2. "Check and clear all error programming flags due to a previous programming.
            // If not, PGSERR is set." 3. PER, PNB, BKER. 4. STRT.
            if (programming.programErrorPending()) {
                failOperation(pgserr);
                strt.set(0);
                return;
            }
            int bank = bker.get();
            int page = pnb.get();
            if (protection.pageProtected(bank, page)) {
                failOperation(wrperr);
                strt.set(0);
                return;
            }
            int pageSize = geometry.pageBytes();
            if (page >= geometry.pagesPerBank()) {
                // PNB names a page past the bank's end (a part with fewer pages than PNB can name):
                // refused with PGSERR, a model choice (RM0351 describes only the 256-page parts).
                failOperation(pgserr);
                strt.set(0);
                return;
            }
            observe(FlashOperation.Kind.ERASE, bank * bankSize + page * pageSize, pageSize, timing.pageErase());
            erase(bank * bankSize + page * pageSize, pageSize);
            busy(timing.pageErase());
        } else if (mer1.isSet() || mer2.isSet()) {
            if (programming.programErrorPending()) {
                failOperation(pgserr);
                strt.set(0);
                return;
            }
            // "If the bank contains write-protected pages, WRPERR is set and the mass erase is aborted."
            if ((mer1.isSet() && protection.bankProtected(0)) || (mer2.isSet() && protection.bankProtected(1))) {
                failOperation(wrperr);
                strt.set(0);
                return;
            }
            if (mer1.isSet()) {
                observe(FlashOperation.Kind.ERASE, 0, bankSize, timing.massErase());
                erase(0, bankSize);
                massErased[0] = true;
            }
            if (mer2.isSet()) {
                observe(FlashOperation.Kind.ERASE, bankSize, bankSize, timing.massErase());
                erase(bankSize, bankSize);
                massErased[1] = true;
            }
            busy(timing.massErase());
        } else {
            strt.set(0); // nothing selected: nothing starts
        }
    }

    private void erase(int physical, int length) {
        Arrays.fill(array, physical, physical + length, (byte) 0xFF);
        int[] counts = nvm.eraseCounts();
        for (int a = physical; a < physical + length; a += geometry.pageBytes()) counts[a / NonVolatileMemory.WEAR_UNIT]++;
        nvm.arrayChanged(physical, length);
        nvm.metadataChanged();
        memory.physicalChanged(physical, length);
    }

    // ================================================================================================
    // Programming (RM0351 3.3.7 "Flash main memory programming sequences")
    // ================================================================================================

    /** A bus write into the main memory at {@code logical} (offset in the 0x0800_0000 view). */
    void memoryWrite(int logical, int size, int value) {
        programming.memoryWrite(logical, size, value);
    }

    // ================================================================================================
    // Option bytes (RM0351 3.4.2 "Option bytes programming")
    // ================================================================================================

    private void startOptionProgramming() {
        if (optlock.isSet()) {
            optstrt.set(0);
            return;
        }
        observe(FlashOperation.Kind.OPTION_BYTES, 0, NonVolatileMemory.REGISTER_IMAGE_BYTES, timing.optionBytesProgram());
        int[] values = new int[optionRegs.length];
        for (int i = 0; i < optionRegs.length; i++) values[i] = optionRegs[i].get();
        L4FlashOptionBytes.store(nvm, values);
        nvm.metadataChanged();
        busy(timing.optionBytesProgram());
    }

    // ================================================================================================
    // Protection (RM0351 3.5.2 WRP, 3.5.3 PCROP), from the loaded option values
    // ================================================================================================

    /** Whether a data read of physical {@code offset} hits a PCROP area (execute-only). */
    boolean readProtected(int physical) {
        return protection.readProtected(physical);
    }

    /** Whether any PCROP area is active: the memory window then checks data reads (no fast path). */
    boolean anyReadProtection() {
        return protection.anyReadProtection();
    }

    /** RDERR (RM0351 3.7.5): a data read of a PCROP area; it reads as zero. */
    void readProtectionViolated() {
        rderr.set(1);
        updateIrq();
    }

    // ================================================================================================
    // Completion, errors, interrupt
    // ================================================================================================

    /** Tells the observer of an operation about to change the storage; it ends as {@link #busy} will compute. */
    void observe(FlashOperation.Kind kind, long address, long length, long duration) {
        long start = Math.max(clock.nowPicos(), busyUntil);
        observer.starting(new FlashOperation(kind, address, length, clock.nowPicos(), start + duration));
    }

    /** Who is told of each operation before it changes the storage (power-cut campaigns). */
    public void setOperationObserver(FlashOperationObserver observer) {
        this.observer = observer == null ? FlashOperationObserver.NONE : observer;
    }

    void busy(long duration) {
        long now = clock.nowPicos();
        busyUntil = Math.max(now, busyUntil) + duration;
        bsy.set(1);
        scheduleCompletion();
    }

    void scheduleCompletion() {
        scheduler.cancel(completion);
        completion = scheduler.schedule(busyUntil, complete);
    }

    /**
     * Arms, or moves, the fast-programming data-miss event to the first instant past {@link #busyUntil}:
     * the next double word of the row is in time up to busyUntil, the end of the current one's
     * programming (RM0351 3.3.7 "Fast programming": the maximum time between two double words is the
     * programming time; 3.7.5 FLASH_SR.MISERR: the new data must reach the flash logic before the
     * current data is fully programmed).
     */
    void armDataMiss() {
        scheduler.cancel(dataMiss);
        dataMiss = scheduler.schedule(busyUntil + 1, missed);
    }

    void disarmDataMiss() {
        scheduler.cancel(dataMiss);
        dataMiss = null;
    }

    /** Whether the data-miss instant has come but its event has not run yet (the caller has not run
     *  the due events before this bus access): the miss then happened before the access. */
    boolean dataMissDue() {
        return dataMiss != null && dataMiss.atPicos() <= clock.nowPicos();
    }

    /** Ends the operation in progress on an error: BSY clears without EOP (RM0351 3.3.7, fast
     *  programming: BSY "is cleared when the last double word has been programmed or in case of error"). */
    void abortOperation() {
        scheduler.cancel(completion);
        completion = null;
        bsy.set(0);
        strt.set(0);
        optstrt.set(0);
    }

    private void operationComplete() {
        completion = null;
        bsy.set(0);
        strt.set(0);
        optstrt.set(0);
        // EOP: "Set by hardware when one or more Flash memory operation (program/erase) has been
        // completed successfully. This bit is set only if the end of operation interrupts are enabled".
        if (eopie.isSet()) eop.set(1);
        updateIrq();
    }

    /** An error flag for an operation that did not start; OPERR follows only with ERRIE (RM0351 3.7.5). */
    void failOperation(Field flag) {
        flag.set(1);
        if (errie.isSet()) operr.set(1);
        updateIrq();
    }

    private void updateIrq() {
        boolean level = (eop.isSet() && eopie.isSet()) || (operr.isSet() && errie.isSet())
                || (rderr.isSet() && rderrie.isSet());
        irq.set(level);
    }

    // ================================================================================================
    // Reset, mapping, accessors
    // ================================================================================================

    /** System reset: registers return to their reset values, the option registers to the loaded
     *  option values; a pending operation ends (its effect on the array stays). */
    @Override
    public void reset() {
        scheduler.cancel(completion);
        completion = null;
        disarmDataMiss();
        busyUntil = 0;
        regs.reset();
        for (int i = 0; i < optionRegs.length; i++) optionRegs[i].set(options.loaded()[i]);
        keys.reset();
        programming.halfWritten = false;
        programming.fastRow = -1;
        programming.fastHalf = false;
        massErased[0] = massErased[1] = false;
        memory.readProtectionChanged();
        irq.set(false);
    }

    /** Power-on (or brown-out) reset: the option bytes are loaded, then a system reset. */
    public void powerOnReset() {
        options.load(nvm);
        reset();
    }

    /** The main memory window for 0x0800_0000 (and, through SYSCFG, 0x0000_0000). */
    public L4FlashMemory memory() {
        return memory;
    }

    /** SYSCFG_MEMRMP.FB_MODE: with {@code swapped}, bank 2 appears at 0x0800_0000 and bank 1 at 0x0808_0000. */
    public void setBankSwap(boolean swapped) {
        if (swapped == bankSwap) return;
        bankSwap = swapped;
        programming.halfWritten = false;
        memory.swapChanged(swapped);
    }

    public boolean bankSwap() {
        return bankSwap;
    }

    int toPhysical(int logical) {
        return bankSwap ? logical ^ bankSize : logical;
    }

    /** The loader stored bytes at logical [logical, logical + length): tell the storage, per physical run. */
    void loaded(int logical, int length) {
        int end = logical + length;
        for (int a = logical; a < end; ) {
            int n = Math.min(end, (a / bankSize + 1) * bankSize) - a;
            nvm.arrayChanged(toPhysical(a), n);
            a += n;
        }
    }

    @Override
    public void storageRewritten() {
        memory.storageRewritten();
    }

    /** FLASH_OPTR in effect (loaded), as the register reads: with the reserved bits at 1. */
    public int loadedOptr() {
        return options.optr();
    }

    /** BFB2 of the loaded options (RM0351 3.7.8 FLASH_OPTR bit 20; stm32l476xx.h FLASH_OPTR_BFB2_Pos = 20). */
    public boolean bfb2() {
        return options.bfb2();
    }

    /** nBOOT1 of the loaded options (RM0351 3.7.8 FLASH_OPTR bit 23; stm32l476xx.h FLASH_OPTR_nBOOT1_Pos = 23). */
    public boolean nBoot1() {
        return options.nBoot1();
    }

    /** A word of the physical array: {@code bank} 1 or 2, {@code offset} inside the bank. */
    public int physicalWord(int bank, int offset) {
        io.xipkit.bus.PageStamps.read(nvm.pageStamps(), (bank - 1) * bankSize + offset, 4);
        return L4FlashOptionBytes.getInt(array, (bank - 1) * bankSize + offset);
    }

    /** Where the main memory is and how it is divided. */
    public L4FlashGeometry geometry() {
        return geometry;
    }

    /**
     * Every read of the register block is quiet ({@link io.xipkit.bus.QuietReads}). SR.BSY, which
     * FLASH_WaitForLastOperation polls (RM0351 3.7.5), is stored: set when an operation starts (a
     * CR or array write) and cleared by the completion event scheduled for {@link #busyUntil}, not
     * computed from virtual time at the read. In fast programming, a row left unfinished ends in the
     * data-miss event ({@link #armDataMiss}), which sets MISERR and clears BSY, also not at a read.
     * The error and EOP flags are set by writes and those events, except RDERR, which a data read
     * of a PCROP area of the array sets ({@link #readProtectionViolated}): such a read is not on the
     * fast path and not quiet, so a loop containing it is never skipped. No register read clears or
     * changes anything.
     */
    @Override
    public boolean quietRead(int offset, int size) {
        return true;
    }

    /** The register block, for register-map dumps and tests. */
    public RegisterBlock registers() {
        return regs;
    }
}
