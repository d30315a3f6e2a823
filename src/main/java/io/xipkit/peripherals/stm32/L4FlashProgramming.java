package io.xipkit.peripherals.stm32;

import io.xipkit.bus.FlashOperation;

import static io.xipkit.peripherals.stm32.L4Flash.ROW_BYTES;
import static io.xipkit.peripherals.stm32.L4Flash.ROW_DOUBLE_WORDS;

import io.xipkit.regs.Field;

/**
 * Main-memory programming of {@link L4Flash} (RM0351 3.3.7 "Flash main memory programming
 * sequences"): standard 64-bit programming as two word writes, fast row programming after a mass
 * erase, and the PGSERR/SIZERR/PGAERR/WRPERR/PROGERR/MISERR/FASTERR checks on the way.
 */
final class L4FlashProgramming {
    private final L4Flash f;
    // A standard 64-bit program in progress: the first word was written, the second is awaited.
    boolean halfWritten;
    int firstOffset;
    int firstValue;
    // Fast programming: physical start of the current row and double words written so far in it.
    int fastRow = -1;
    int fastWords;
    int fastFirstWordValue;
    boolean fastHalf;

    L4FlashProgramming(L4Flash flash) {
        this.f = flash;
    }

    /** A bus write into the main memory at {@code logical} (offset in the 0x0800_0000 view). */
    void memoryWrite(int logical, int size, int value) {
        // A row's data-miss instant passed before this write and its event has not run yet: the miss
        // comes first, as the event would have made it, and the write then meets the ended row.
        if (f.dataMissDue()) dataMissed();
        if (f.fstpg.isSet()) {
            fastWrite(logical, size, value);
            return;
        }
        if (!f.pg.isSet()) {
            // PGSERR: "a write access to the Flash memory is performed by the code while PG or FSTPG have
            // not been set previously". The write is discarded.
            f.failOperation(f.pgserr);
            return;
        }
        if (size != 4) {
            // SIZERR: "the size of the access is a byte or half-word during a program or a fast program
            // sequence. Only double word programming is allowed (consequently: word access)."
            halfWritten = false;
            f.failOperation(f.sizerr);
            return;
        }
        if (!halfWritten) {
            if (programErrorPending()) {
                f.failOperation(f.pgserr);
                return;
            }
            if ((logical & 7) != 0) {
                // PGAERR: the first word is not on a double-word boundary.
                f.failOperation(f.pgaerr);
                return;
            }
            halfWritten = true;
            firstOffset = logical;
            firstValue = value;
            return;
        }
        halfWritten = false;
        if (logical != firstOffset + 4) {
            // PGAERR: "the data to program cannot be contained in the same 64-bit Flash memory row".
            f.failOperation(f.pgaerr);
            return;
        }
        int physical = f.toPhysical(firstOffset);
        if (f.protection.addressProtected(physical)) {
            f.failOperation(f.wrperr);
            return;
        }
        // PROGERR: "a double-word address to be programmed contains a value different from '0xFFFF FFFF'
        // before programming, except if the data to write is '0x0000 0000'."
        boolean zero = firstValue == 0 && value == 0;
        if (!zero && !erased(physical, 8)) {
            f.failOperation(f.progerr);
            return;
        }
        f.observe(FlashOperation.Kind.PROGRAM, physical, 8, f.timing.programDoubleWord());
        programDoubleWord(physical, firstValue, value);
        f.busy(f.timing.programDoubleWord());
    }

    void fastWrite(int logical, int size, int value) {
        if (size != 4) {
            abortFast(f.sizerr);
            return;
        }
        int physical = f.toPhysical(logical);
        if (fastRow < 0) {
            if (programErrorPending()) {
                f.failOperation(f.pgserr);
                return;
            }
            // Step 1 of the fast programming sequence: "Perform a mass erase of the bank of page addressed.
            // If not, PGSERR is set." (the model remembers mass erases since reset).
            if (!f.massErased[physical / f.bankSize]) {
                f.failOperation(f.pgserr);
                return;
            }
            if ((physical & (ROW_BYTES - 1)) != 0) {
                abortFast(f.pgaerr);
                return;
            }
            fastRow = physical;
            fastWords = 0;
            fastHalf = false;
        }
        int expected = fastRow + fastWords * 8 + (fastHalf ? 4 : 0);
        if (physical != expected) {
            abortFast(f.pgaerr);
            return;
        }
        if (!fastHalf) {
            // MISERR for a double word arriving after the current one is programmed is the data-miss
            // event's (armDataMiss), or memoryWrite's when the event is due but has not run.
            if (f.protection.addressProtected(physical)) {
                abortFast(f.wrperr);
                return;
            }
            fastFirstWordValue = value;
            fastHalf = true;
            return;
        }
        fastHalf = false;
        f.observe(FlashOperation.Kind.PROGRAM, physical - 4, 8, f.timing.fastProgramDoubleWord());
        programDoubleWord(physical - 4, fastFirstWordValue, value);
        fastWords++;
        long now = f.clock.nowPicos();
        f.busyUntil = Math.max(now, f.busyUntil) + f.timing.fastProgramDoubleWord();
        f.bsy.set(1);
        if (fastWords == ROW_DOUBLE_WORDS) {
            fastRow = -1;
            f.disarmDataMiss();
            f.scheduleCompletion();
        } else {
            // The next double word (both its words) is due by the end of this one's programming.
            f.armDataMiss();
        }
    }

    /** FASTERR: "a fast programming sequence ... is interrupted due to an error (alignment, size, write
     *  protection or data miss). The corresponding status bit is set at the same time." RM0351 3.3.7:
     *  on an error the high voltage stops, BSY clears, the double words already programmed stay
     *  programmed and the next one is not. */
    void abortFast(Field cause) {
        if (fastRow >= 0 && fastWords > 0) {
            f.disarmDataMiss();
            f.abortOperation();
        }
        fastRow = -1;
        fastHalf = false;
        cause.set(1);
        f.failOperation(f.fasterr);
    }

    /**
     * The data-miss instant of a row passed without its next double word (RM0351 3.3.7 "Fast
     * programming": a double word later than one programming time after the previous one interrupts
     * fast programming with MISSERR; 3.7.5 MISERR, FASTERR). The row ends there: MISERR and FASTERR
     * are set (OPERR and the interrupt with ERRIE), BSY clears without EOP, the double words already
     * programmed stay. A later array write meets MISERR/FASTERR still set and is PGSERR (3.7.5 PGSERR:
     * also set when MISSERR or FASTERR is set due to a previous programming error), and nothing is
     * reported as a miss again. Clearing FSTPG does not deliver the missing data: the miss still comes.
     * (Read in RM0440 3.3.7 and 3.7.5, the G4's manual, whose flash interface describes fast
     * programming, BSY and these flags the same way as RM0351's sections named here; RM0351's own
     * text was not at hand when this was written.)
     */
    void dataMissed() {
        f.disarmDataMiss();
        f.abortOperation();
        fastRow = -1;
        fastHalf = false;
        f.miserr.set(1);
        f.failOperation(f.fasterr);
    }

    void programDoubleWord(int physical, int low, int high) {
        for (int i = 0; i < 4; i++) {
            f.array[physical + i] &= (byte) (low >>> (8 * i));
            f.array[physical + 4 + i] &= (byte) (high >>> (8 * i));
        }
        f.nvm.arrayChanged(physical, 8);
        f.memory.physicalChanged(physical, 8);
    }

    boolean erased(int physical, int length) {
        io.xipkit.bus.PageStamps.read(f.nvm.pageStamps(), physical, length);
        for (int i = 0; i < length; i++) if (f.array[physical + i] != (byte) 0xFF) return false;
        return true;
    }

    boolean programErrorPending() {
        return (f.sr.get() & f.SR_PROGRAM_ERRORS_MASK) != 0;
    }
}
