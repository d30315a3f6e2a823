package io.xipkit.peripherals.stm32;

import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.cpu.BusErrorException;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.time.Clock;
import io.xipkit.time.Scheduler;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One bank interface of the flash controller: the FLASH_KEYRx / CRx / SRx / CCRx register set,
 * its 256-bit write buffer and its operation queue (RM0433 section 4.3 "FLASH functional
 * description"), bound to the physical bank it currently controls.
 *
 * <p>Register set 1 controls the bank seen at 0x0800_0000 and set 2 the one at 0x0810_0000; after
 * a bank swap both the arrays and the register sets exchange (RM0433 section 4.3.13 "Flash bank
 * and register swapping"; the STM32H7 HAL lists the feature as "Bank / register swapping" and
 * selects CR1 or CR2 from the address alone). The model therefore binds register set i to
 * whichever physical bank is mapped at window i, and rebinds at reset.
 *
 * <p>Operations (program a flash word, erase a sector or the bank) run one after the other in
 * virtual time; QW and BSY are set while any is queued or running (the model does not separate
 * "waiting in the queue" from "executing"), EOP is set when each completes.
 */
final class H7FlashBank {
    /** Unlock keys of FLASH_KEYRx and FLASH_OPTKEYR (RM0433 section 4.5.1 / 4.9.3). */
    static final int KEY1 = 0x4567_0123, KEY2 = 0xCDEF_89AB;

    /**
     * SR flag bits and their CR interrupt-enable twins sit at the same positions (RM0433 Rev 8
     * 4.9.4/4.9.5/4.9.6; CRCRDERR, bit 28, is the "CRC read error" of RM0433 Rev 8 4.7.10, with
     * CRCRDERRIE and CLR_CRCRDERR at bit 28 of CR and CCR as in ST's CMSIS stm32h743xx.h).
     */
    static final int EOP = 1 << 16, WRPERR = 1 << 17, PGSERR = 1 << 18, STRBERR = 1 << 19, INCERR = 1 << 21,
            OPERR = 1 << 22, RDPERR = 1 << 23, RDSERR = 1 << 24, SNECCERR = 1 << 25, DBECCERR = 1 << 26,
            CRCEND = 1 << 27, CRCRDERR = 1 << 28;
    static final int FLAG_MASK = EOP | WRPERR | PGSERR | STRBERR | INCERR | OPERR | RDPERR | RDSERR | SNECCERR
            | DBECCERR | CRCEND | CRCRDERR;

    private final int index;              // 0: register set 1 / window at 0x0800_0000
    private final String suffix;          // "1" or "2", as in the RM's register names
    private final H7FlashGeometry geometry;
    private final H7FlashTiming timing;
    private final Clock clock;
    private final Scheduler scheduler;
    private final H7FlashMemory owner;

    // Register handles (resolved once in wire()).
    private Register cr, sr;
    private Field lock, pg, ser, ber, psize, fw, start, snb;

    // Binding to the physical bank (changes only at reset).
    private NonVolatileMemory storage;    // null: no bank behind this register set (H750 set 2)
    private int physical;
    private H7FlashWindow window;

    // Unlock state machine.
    private boolean keyHalf;              // KEY1 seen, KEY2 expected
    private boolean lockedUntilReset;

    // Write buffer: one flash word (RM0433 section 4.3.8 "Write buffer").
    private final int wordBytes;
    private final byte[] buffer;
    private final boolean[] written;
    private int bufferCount;
    private int bufferWord;

    // Operation queue.
    private final ArrayDeque<Scheduler.Handle> pending = new ArrayDeque<>();
    private long busyUntil;
    private int eccInconsistentWords;

    H7FlashBank(int index, H7FlashGeometry geometry, H7FlashTiming timing, Clock clock, Scheduler scheduler,
                H7FlashMemory owner) {
        this.index = index;
        this.suffix = Integer.toString(index + 1);
        this.geometry = geometry;
        this.timing = timing;
        this.clock = clock;
        this.scheduler = scheduler;
        this.owner = owner;
        this.wordBytes = owner.variant().flashWordBytes();
        this.buffer = new byte[wordBytes];
        this.written = new boolean[wordBytes];
    }

    void wire(RegisterBlock regs) {
        cr = regs.register("CR" + suffix);
        sr = regs.register("SR" + suffix);
        lock = cr.field("LOCK" + suffix);
        pg = cr.field("PG" + suffix);
        ser = cr.field("SER" + suffix);
        ber = cr.field("BER" + suffix);
        psize = owner.variant().layout().psize() ? cr.field("PSIZE" + suffix) : null;
        fw = cr.field("FW" + suffix);
        start = cr.field("START" + suffix);
        snb = cr.field("SNB" + suffix);
    }

    void bind(NonVolatileMemory storage, int physical, H7FlashWindow window) {
        this.storage = storage;
        this.physical = physical;
        this.window = window;
    }

    int physicalBank() {
        return physical;
    }

    NonVolatileMemory storage() {
        return storage;
    }

    /** Register-set name for messages, e.g. "FLASH_CR1". */
    String name(String register) {
        return "FLASH_" + register + suffix;
    }

    // ------------------------------------------------------------------ reset

    /** System reset: operations in flight are abandoned, the write buffer is lost, keys forgotten. */
    void reset() {
        for (Scheduler.Handle h : pending) scheduler.cancel(h);
        pending.clear();
        busyUntil = 0;
        discardBuffer();
        keyHalf = false;
        lockedUntilReset = false;
    }

    // ------------------------------------------------------------------ status providers

    boolean busy() {
        return !pending.isEmpty();
    }

    boolean writeBufferNotEmpty() {
        return bufferCount > 0;
    }

    boolean locked() {
        return lock.isSet();
    }

    /** SR flags that an enabled CR interrupt bit turns into a FLASH interrupt request. */
    boolean interruptPending() {
        return (sr.get() & cr.get() & FLAG_MASK) != 0;
    }

    int eccInconsistentWords() {
        return eccInconsistentWords;
    }

    /** Sets SR flags (errors found by the controller outside this bank's own sequences). */
    void raise(int bits) {
        flag(bits);
    }

    private void flag(int bits) {
        sr.set(sr.get() | bits);
        owner.updateIrq();
    }

    /** FLASH_CCRx: each 1 clears the SR flag at the same position (RM0433 section 4.9.6). */
    void clearFlags(int value) {
        sr.set(sr.get() & ~(value & FLAG_MASK));
        owner.updateIrq();
    }

    // ------------------------------------------------------------------ unlock (RM0433 section 4.5.1)

    /**
     * A bus write to FLASH_KEYRx. KEY1 then KEY2 clears LOCK; any other value, a narrow write, or a
     * key written while the register set is already unlocked is a wrong sequence: LOCK stays set
     * until the next system reset and the write answers with a bus error.
     */
    void keyWrite(int offset, int size, int value) {
        if (!lockedUntilReset) {
            boolean whole = size == 4;
            if (whole && lock.isSet() && !keyHalf && value == KEY1) {
                keyHalf = true;
                return;
            }
            if (whole && lock.isSet() && keyHalf && value == KEY2) {
                keyHalf = false;
                lock.set(0);
                return;
            }
        }
        keyHalf = false;
        lockedUntilReset = true;
        lock.set(1);
        throw new BusErrorException(offset, true, name("KEYR") + ": wrong unlock sequence, " + name("CR")
                + " locked until reset");
    }

    /**
     * Filters a bus write to FLASH_CRx before the register block stores it. While LOCK is set the
     * register ignores writes (its bits "can be programmed only when LOCK is cleared"); writing
     * LOCK = 1 locks without changing the other bits (RM0433 section 4.9.4).
     *
     * @return whether the register block should store the write
     */
    boolean acceptControlWrite(int offset, int size, int value) {
        if (lock.isSet()) return false;
        int shift = (offset & 3) * 8;
        if (shift == 0 && (value & 1) != 0) {
            lock.set(1);
            return false;
        }
        return true;
    }

    /** PG cleared: data in the write buffer that was not queued is lost (RM0433 section 4.9.4, PG). */
    void programEnableChanged(int now) {
        if (now == 0) discardBuffer();
    }

    /** FW written 1: program a partly filled buffer, the missing bytes as FFh; FW clears itself. */
    void forceWriteWritten(int now) {
        if (now == 0) return;
        fw.set(0);
        if (bufferCount > 0) submitBuffer();
    }

    /** START written 1: sector erase (SER + SNB) or bank erase (BER has priority); START clears itself. */
    void startWritten(int now) {
        if (now == 0) return;
        start.set(0);
        if (storage == null || (!ber.isSet() && !ser.isSet()) || bufferCount > 0) {
            // No erase selected, an erase requested with data waiting in the write buffer, or no
            // bank behind this register set: a programming sequence error (RM0433 section 4.7.3).
            flag(PGSERR);
            return;
        }
        int ps = psize();
        if (ber.isSet()) {
            if (anySectorProtected()) {
                flag(WRPERR); // "triggered when a bank erase is required and some sectors are protected"
                return;
            }
            int sectors = geometry.sectorsPerBank();
            long d = timing.bankErase(ps, sectors);
            observe(io.xipkit.bus.FlashOperation.Kind.ERASE, 0, storage.size(), io.xipkit.bus.FlashOperation.erased(storage.size()), d);
            enqueue(d, now2 -> eraseRange(0, storage.size()));
            return;
        }
        int sector = snb.get();
        if (sector >= geometry.sectorsPerBank()) {
            flag(PGSERR); // a sector the part does not have (H750: only sector 0)
            return;
        }
        if (sectorProtected(sector)) {
            flag(WRPERR); // "triggered when a sector erase is required on a protected sector"
            return;
        }
        long from = (long) sector * geometry.sectorBytes();
        long d = timing.sectorErase(ps);
        observe(io.xipkit.bus.FlashOperation.Kind.ERASE, from, geometry.sectorBytes(),
                io.xipkit.bus.FlashOperation.erased(geometry.sectorBytes()), d);
        enqueue(d, now2 -> eraseRange(from, geometry.sectorBytes()));
    }

    /** Mass erase requested through FLASH_OPTCR.MER: this bank's share, run in parallel with the other. */
    boolean massEraseProtected() {
        return storage != null && anySectorProtected();
    }

    void startMassErase(Runnable done) {
        if (storage == null) {
            done.run();
            return;
        }
        long d = timing.bankErase(psize(), geometry.sectorsPerBank());
        observe(io.xipkit.bus.FlashOperation.Kind.ERASE, 0, storage.size(), io.xipkit.bus.FlashOperation.erased(storage.size()), d);
        enqueue(d, now -> {
            eraseRange(0, storage.size());
            done.run();
        });
    }

    // ------------------------------------------------------------------ write protection

    /**
     * WPSN bit n = 0: sector n write-protected (RM0433 section 4.9.15, WRPSn); on the RM0455 parts
     * bit n protects the group of sectors 4n..4n+3 (RM0455 4.9.15, WRPSGn).
     */
    boolean sectorProtected(int sector) {
        return (owner.options().wpsn(physical) >>> (sector / owner.variant().layout().sectorsPerWrpBit()) & 1) == 0;
    }

    /** PSIZE, or x64 on the parts without it (RM0455: one programming width). */
    private int psize() {
        return psize == null ? 3 : psize.get();
    }

    private boolean anySectorProtected() {
        for (int s = 0; s < geometry.sectorsPerBank(); s++) if (sectorProtected(s)) return true;
        return false;
    }

    // ------------------------------------------------------------------ the write buffer

    /**
     * A bus write into this bank's window (RM0433 section 4.3.8 and error cases in 4.7):
     * <ul>
     *   <li>PG clear (or the register set locked): PGSERR, data dropped;</li>
     *   <li>a write to a different flash word than the one being collected, or one that crosses a
     *       flash-word boundary: INCERR, buffer and data dropped;</li>
     *   <li>a byte already written in the buffer: STRBERR, buffer and data dropped;</li>
     *   <li>the first write of a word into a write-protected sector: WRPERR, data dropped;</li>
     *   <li>the 32nd byte completes the word and queues its programming.</li>
     * </ul>
     */
    void busWrite(int offset, int size, int value) {
        if (lock.isSet() || !pg.isSet()) {
            flag(PGSERR);
            return;
        }
        int word = offset & ~(wordBytes - 1);
        int at = offset - word;
        if (at + size > wordBytes || (bufferCount > 0 && word != bufferWord)) {
            discardBuffer();
            flag(INCERR);
            return;
        }
        for (int i = 0; i < size; i++) {
            if (written[at + i]) {
                discardBuffer();
                flag(STRBERR);
                return;
            }
        }
        if (bufferCount == 0) {
            if (sectorProtected(word / geometry.sectorBytes())) {
                flag(WRPERR);
                return;
            }
            bufferWord = word;
            Arrays.fill(buffer, (byte) 0xFF);
        }
        for (int i = 0; i < size; i++) {
            buffer[at + i] = (byte) (value >>> (8 * i));
            written[at + i] = true;
        }
        bufferCount += size;
        if (bufferCount == wordBytes) submitBuffer();
    }

    private void discardBuffer() {
        bufferCount = 0;
        Arrays.fill(written, false);
    }

    private void submitBuffer() {
        byte[] data = buffer.clone();
        int word = bufferWord;
        discardBuffer();
        long d = timing.program(psize());
        observe(io.xipkit.bus.FlashOperation.Kind.PROGRAM, word, data.length,
                io.xipkit.bus.FlashOperation.programmed(storage.array(), word, data), d);
        enqueue(d, now -> programWord(word, data));
    }

    /**
     * Programming only clears cells (a flash word must be erased first, RM0433 section 4.3.8).
     * Programming a word that is not virgin is not refused by the controller; the cells end up as
     * old AND new while the ECC stored with the word no longer matches (the RM warns that it "is
     * likely that it will lead to permanent ECC error"). The model keeps the AND and counts such
     * words, except an all-zero result, which ECC tolerates (used to invalidate records).
     */
    private void programWord(int word, byte[] data) {
        byte[] array = storage.array();
        boolean virgin = true;
        boolean zero = true;
        for (int i = 0; i < data.length; i++) {
            if (array[word + i] != (byte) 0xFF) virgin = false;
            byte v = (byte) (array[word + i] & data[i]);
            array[word + i] = v;
            if (v != 0) zero = false;
        }
        if (!virgin && !zero) eccInconsistentWords++;
        storage.arrayChanged(word, data.length);
        window.contentChanged(word, data.length);
        flag(EOP);
    }

    private void eraseRange(long from, long length) {
        byte[] array = storage.array();
        Arrays.fill(array, (int) from, (int) (from + length), (byte) 0xFF);
        int[] counts = storage.eraseCounts();
        for (long u = from / NonVolatileMemory.WEAR_UNIT; u < (from + length) / NonVolatileMemory.WEAR_UNIT; u++) {
            counts[(int) u]++;
        }
        storage.arrayChanged(from, length);
        storage.metadataChanged();
        window.contentChanged((int) from, (int) length);
        flag(EOP);
    }

    // ------------------------------------------------------------------ operation queue

    /**
     * Tells the owner's observer of this physical bank about an operation being queued: it starts
     * when the ones before it end and commits at its end, so the observer gets what it will leave.
     */
    private void observe(io.xipkit.bus.FlashOperation.Kind kind, long address, long length, byte[] result, long durationPicos) {
        long begin = Math.max(clock.nowPicos(), busyUntil);
        // What an operation leaves depends on what it programs over (or erases: the wear): a read.
        io.xipkit.bus.PageStamps.read(storage.pageStamps(), address, length);
        owner.observer(physical).starting(new io.xipkit.bus.FlashOperation(kind, address, length, begin, begin + durationPicos, result));
    }

    private void enqueue(long durationPicos, Scheduler.Event completion) {
        long begin = Math.max(clock.nowPicos(), busyUntil);
        busyUntil = begin + durationPicos;
        pending.addLast(scheduler.schedule(busyUntil, now -> {
            pending.pollFirst();
            completion.fire(now);
            owner.updateIrq();
        }));
    }
}
