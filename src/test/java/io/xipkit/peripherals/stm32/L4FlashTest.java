package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.SystemBus;
import io.xipkit.cpu.BusErrorException;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Register-level behaviour of the STM32L476 flash interface (RM0351 chapter 3). */
class L4FlashTest {
    static final int ACR = 0x00, PDKEYR = 0x04, KEYR = 0x08, OPTKEYR = 0x0C, SR = 0x10, CR = 0x14, OPTR = 0x20,
            WRP1AR = 0x2C, WRP2AR = 0x4C, PCROP1SR = 0x24, PCROP1ER = 0x28;
    static final int EOP = 1, OPERR = 1 << 1, PROGERR = 1 << 3, WRPERR = 1 << 4, PGAERR = 1 << 5, SIZERR = 1 << 6,
            PGSERR = 1 << 7, MISERR = 1 << 8, FASTERR = 1 << 9, RDERR = 1 << 14, BSY = 1 << 16;
    static final int PG = 1, PER = 1 << 1, MER1 = 1 << 2, BKER = 1 << 11, MER2 = 1 << 15, STRT = 1 << 16,
            OPTSTRT = 1 << 17, FSTPG = 1 << 18, EOPIE = 1 << 24, ERRIE = 1 << 25, RDERRIE = 1 << 26,
            OBL_LAUNCH = 1 << 27, OPTLOCK = 1 << 30, LOCK = 1 << 31;
    static final int FLASH = 0x0800_0000, BANK2 = 0x0808_0000;

    ArrayNonVolatileMemory nvm;
    ManualClock clock;
    Scheduler scheduler;
    L4Flash flash;
    SystemBus bus;
    boolean irq;
    int oblResets;
    List<int[]> codeChanges;

    @BeforeEach
    void build() {
        nvm = new ArrayNonVolatileMemory(BoardFileGeometries.L476_SIZE);
        clock = new ManualClock();
        scheduler = new Scheduler();
        rebuild();
    }

    /** A new board on the same storage: a power cycle. */
    void rebuild() {
        flash = new L4Flash(BoardFileGeometries.L476, nvm, clock, scheduler, level -> irq = level, () -> oblResets++);
        bus = new SystemBus();
        bus.mapPeripheral("flash-regs", L4Flash.BASE, L4Flash.REGISTER_WINDOW, flash);
        bus.map(BoardFileGeometries.L476.memoryBase(), flash.memory());
        codeChanges = new ArrayList<>();
        bus.addCodeChangeListener(new io.xipkit.cpu.CodeChangeListener() {
            @Override
            public void codeChanged(int address, int length) {
                codeChanges.add(new int[] {address, length});
            }
        });
    }

    int reg(int offset) {
        return bus.read32((int) L4Flash.BASE + offset);
    }

    void setReg(int offset, int value) {
        bus.write32((int) L4Flash.BASE + offset, value);
    }

    void unlock() {
        setReg(KEYR, L4Flash.KEY1);
        setReg(KEYR, L4Flash.KEY2);
    }

    void unlockOptions() {
        unlock();
        setReg(OPTKEYR, L4Flash.OPTKEY1);
        setReg(OPTKEYR, L4Flash.OPTKEY2);
    }

    void waitIdle() {
        long deadline = scheduler.nextDeadline();
        if (deadline != Long.MAX_VALUE) {
            clock.setPicos(Math.max(clock.nowPicos(), deadline));
            scheduler.runDue(clock.nowPicos());
        }
        assertThat(reg(SR) & BSY).isZero();
    }

    void program(int address, int low, int high) {
        setReg(CR, PG);
        bus.write32(address, low);
        bus.write32(address + 4, high);
        waitIdle();
        setReg(CR, 0);
    }

    // ------------------------------------------------------------------ unlocking

    @Test
    void controlRegisterIsLockedAfterResetAndIgnoresWrites() {
        assertThat(reg(CR)).isEqualTo(LOCK | OPTLOCK);
        setReg(CR, PG);
        assertThat(reg(CR) & PG).isZero();
    }

    @Test
    void lockedControlRegisterStillRefusesMisalignedAccessesAndIgnoresNarrowWrites() {
        bus.write16((int) L4Flash.BASE + CR + 2, 0x0001);                 // STRT lane while locked: ignored
        assertThat(reg(CR)).isEqualTo(LOCK | OPTLOCK);
        assertThat(reg(SR) & BSY).isZero();
        assertThatThrownBy(() -> bus.write16((int) L4Flash.BASE + CR + 1, 0x0001)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void keySequenceUnlocksControlRegister() {
        unlock();
        assertThat(reg(CR) & LOCK).isZero();
        setReg(CR, PG);
        assertThat(reg(CR) & PG).isEqualTo(PG);
        setReg(CR, LOCK);
        assertThat(reg(CR) & LOCK).isEqualTo(LOCK);
        unlock();
        assertThat(reg(CR) & LOCK).as("LOCK set by software can be cleared again with the keys").isZero();
    }

    @Test
    void wrongKeyIsBusErrorAndLocksUntilReset() {
        setReg(KEYR, L4Flash.KEY1);
        assertThatThrownBy(() -> setReg(KEYR, 0x1234_5678)).isInstanceOf(BusErrorException.class)
                .hasMessageContaining("wrong unlock sequence");
        assertThatThrownBy(this::unlock).isInstanceOf(BusErrorException.class);
        assertThat(reg(CR) & LOCK).isEqualTo(LOCK);
        flash.reset();
        unlock();
        assertThat(reg(CR) & LOCK).isZero();
    }

    @Test
    void keysInWrongOrderAreRefused() {
        assertThatThrownBy(() -> setReg(KEYR, L4Flash.KEY2)).isInstanceOf(BusErrorException.class);
        assertThat(reg(CR) & LOCK).isEqualTo(LOCK);
    }

    @Test
    void keyRegisterReadsZeroAndRefusesNarrowWrites() {
        assertThat(reg(KEYR)).isZero();
        assertThatThrownBy(() -> bus.write16((int) L4Flash.BASE + KEYR, 0x0123)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void optionKeysNeedUnlockedControlRegister() {
        assertThatThrownBy(() -> setReg(OPTKEYR, L4Flash.OPTKEY1)).isInstanceOf(BusErrorException.class);
        flash.reset();
        unlockOptions();
        assertThat(reg(CR) & (LOCK | OPTLOCK)).isZero();
    }

    @Test
    void wrongOptionKeyLocksOptionsUntilReset() {
        unlock();
        setReg(OPTKEYR, L4Flash.OPTKEY1);
        assertThatThrownBy(() -> setReg(OPTKEYR, L4Flash.KEY2)).isInstanceOf(BusErrorException.class);
        assertThatThrownBy(() -> setReg(OPTKEYR, L4Flash.OPTKEY1)).isInstanceOf(BusErrorException.class);
        assertThat(reg(CR) & OPTLOCK).isEqualTo(OPTLOCK);
    }

    @Test
    void runPowerDownBitNeedsThePowerDownKeys() {
        setReg(ACR, reg(ACR) | (1 << 13));
        assertThat(reg(ACR) & (1 << 13)).isZero();
        setReg(PDKEYR, L4Flash.PDKEY1);
        setReg(PDKEYR, L4Flash.PDKEY2);
        setReg(ACR, reg(ACR) | (1 << 13));
        assertThat(reg(ACR) & (1 << 13)).isNotZero();
        assertThat(reg(ACR) & 0x600).as("ICEN and DCEN keep their reset value").isEqualTo(0x600);
    }

    // ------------------------------------------------------------------ programming

    @Test
    void doubleWordProgramsAfterSecondWordAndBusyLastsTprog() {
        unlock();
        setReg(CR, PG);
        bus.write32(FLASH + 0x100, 0x1122_3344);
        assertThat(reg(SR) & BSY).as("one word does not start programming").isZero();
        bus.write32(FLASH + 0x104, 0x5566_7788);
        assertThat(reg(SR) & BSY).isEqualTo(BSY);
        clock.advancePicos(L4FlashTiming.TYPICAL.programDoubleWord() - 1);
        scheduler.runDue(clock.nowPicos());
        assertThat(reg(SR) & BSY).isEqualTo(BSY);
        clock.advancePicos(1);
        scheduler.runDue(clock.nowPicos());
        assertThat(reg(SR) & BSY).isZero();
        assertThat(bus.read32(FLASH + 0x100)).isEqualTo(0x1122_3344);
        assertThat(bus.read32(FLASH + 0x104)).isEqualTo(0x5566_7788);
        assertThat(reg(SR) & EOP).as("EOP only with EOPIE").isZero();
        assertThat(codeChanges).anySatisfy(c -> assertThat(c).containsExactly(FLASH + 0x100, 8));
    }

    @Test
    void endOfOperationWithEopieSetsEopAndInterrupt() {
        unlock();
        setReg(CR, PG | EOPIE);
        bus.write32(FLASH, 1);
        bus.write32(FLASH + 4, 2);
        assertThat(irq).isFalse();
        waitIdle();
        assertThat(reg(SR) & EOP).isEqualTo(EOP);
        assertThat(irq).isTrue();
        setReg(SR, EOP);
        assertThat(reg(SR) & EOP).isZero();
        assertThat(irq).isFalse();
    }

    @Test
    void programmingNonErasedDoubleWordIsProgerr() {
        unlock();
        program(FLASH + 8, 0xFFFF_FF00, 0xFFFF_FFFF);
        setReg(CR, PG | ERRIE);
        bus.write32(FLASH + 8, 0xFFFF_0000);
        bus.write32(FLASH + 12, 0xFFFF_FFFF);
        assertThat(reg(SR) & (PROGERR | OPERR | BSY)).isEqualTo(PROGERR | OPERR);
        assertThat(bus.read32(FLASH + 8)).as("nothing programmed").isEqualTo(0xFFFF_FF00);
        assertThat(irq).isTrue();
    }

    @Test
    void programmingZeroOverProgrammedDataIsAllowed() {
        unlock();
        program(FLASH + 8, 0x1234_5678, 0x9ABC_DEF0);
        program(FLASH + 8, 0, 0);
        assertThat(reg(SR) & PROGERR).isZero();
        assertThat(bus.read32(FLASH + 8)).isZero();
        assertThat(bus.read32(FLASH + 12)).isZero();
    }

    @Test
    void byteOrHalfwordWriteIsSizerr() {
        unlock();
        setReg(CR, PG);
        bus.write16(FLASH, 0x1234);
        assertThat(reg(SR) & SIZERR).isEqualTo(SIZERR);
        bus.write8(FLASH + 0x10, 0x12);
        assertThat(bus.read32(FLASH)).isEqualTo(0xFFFF_FFFF);
        assertThat(reg(SR) & OPERR).as("OPERR needs ERRIE").isZero();
    }

    @Test
    void misalignedFirstWordOrSecondWordElsewhereIsPgaerr() {
        unlock();
        setReg(CR, PG);
        bus.write32(FLASH + 4, 1);
        assertThat(reg(SR) & PGAERR).isEqualTo(PGAERR);
        setReg(SR, PGAERR);
        bus.write32(FLASH + 0x20, 1);
        bus.write32(FLASH + 0x28, 2);
        assertThat(reg(SR) & PGAERR).isEqualTo(PGAERR);
        assertThat(bus.read32(FLASH + 0x20)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void writeWithoutPgIsPgserr() {
        bus.write32(FLASH, 0);
        assertThat(reg(SR) & PGSERR).isEqualTo(PGSERR);
        assertThat(bus.read32(FLASH)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void startingWithAnUnclearedErrorIsPgserr() {
        unlock();
        setReg(CR, PG);
        bus.write16(FLASH, 0); // SIZERR left set
        bus.write32(FLASH + 8, 0x55);
        bus.write32(FLASH + 12, 0x55);
        assertThat(reg(SR) & (SIZERR | PGSERR)).isEqualTo(SIZERR | PGSERR);
        assertThat(bus.read32(FLASH + 8)).isEqualTo(0xFFFF_FFFF);
        setReg(SR, SIZERR | PGSERR);
        bus.write32(FLASH + 8, 0x55);
        bus.write32(FLASH + 12, 0x55);
        waitIdle();
        assertThat(bus.read32(FLASH + 8)).isEqualTo(0x55);
    }

    @Test
    void writeProtectedPageIsWrperr() {
        unlockOptions();
        setReg(WRP1AR, 2 | (3 << 16)); // pages 2..3 of bank 1
        setReg(CR, OPTSTRT);
        waitIdle();
        setReg(CR, OBL_LAUNCH);
        assertThat(oblResets).isEqualTo(1);
        flash.reset();
        unlock();
        setReg(CR, PG);
        bus.write32(FLASH + 2 * 2048, 0);
        bus.write32(FLASH + 2 * 2048 + 4, 0);
        assertThat(reg(SR) & WRPERR).isEqualTo(WRPERR);
        setReg(SR, WRPERR);
        setReg(CR, PER | (3 << 3) | STRT);
        assertThat(reg(SR) & WRPERR).isEqualTo(WRPERR);
        setReg(SR, WRPERR);
        setReg(CR, MER1 | STRT);
        assertThat(reg(SR) & WRPERR).as("mass erase of a bank with protected pages is aborted").isEqualTo(WRPERR);
        setReg(SR, WRPERR);
        setReg(CR, PER | (4 << 3) | STRT);
        waitIdle();
        assertThat(reg(SR) & WRPERR).isZero();
    }

    @Test
    void pcropAreaIsExecuteOnly() {
        unlock();
        program(FLASH + 0x40, 0xBEEF, 0xF00D);
        setReg(OPTKEYR, L4Flash.OPTKEY1);
        setReg(OPTKEYR, L4Flash.OPTKEY2);
        setReg(PCROP1SR, 0x40 / 8);
        setReg(PCROP1ER, 0x40 / 8);
        setReg(CR, OPTSTRT | RDERRIE);
        waitIdle();
        setReg(CR, OBL_LAUNCH);
        flash.reset();
        assertThat(bus.read32(FLASH + 0x40)).as("data read of PCROP").isZero();
        assertThat(reg(SR) & RDERR).isEqualTo(RDERR);
        assertThat(bus.fetch16(FLASH + 0x40)).as("instruction fetch").isEqualTo(0xBEEF);
        assertThat(bus.read32(FLASH + 0x48)).isEqualTo(0xFFFF_FFFF);
    }

    // ------------------------------------------------------------------ fast programming

    void fastRow(int address, int count) {
        setReg(CR, FSTPG);
        for (int i = 0; i < count; i++) {
            bus.write32(address + 8 * i, i);
            bus.write32(address + 8 * i + 4, ~i);
        }
    }

    @Test
    void fastProgrammingWritesARowAfterMassErase() {
        unlock();
        setReg(CR, MER2 | STRT);
        waitIdle();
        fastRow(BANK2 + 256, 32);
        waitIdle();
        assertThat(reg(SR) & 0xFFFF).isZero();
        assertThat(bus.read32(BANK2 + 256 + 8 * 31)).isEqualTo(31);
        assertThat(bus.read32(BANK2 + 256 + 8 * 31 + 4)).isEqualTo(~31);
    }

    @Test
    void fastProgrammingWithoutMassEraseIsPgserr() {
        unlock();
        fastRow(BANK2, 1);
        assertThat(reg(SR) & PGSERR).isEqualTo(PGSERR);
    }

    @Test
    void fastProgrammingOutOfRowOrderIsPgaerrAndFasterr() {
        unlock();
        setReg(CR, MER1 | STRT);
        waitIdle();
        setReg(CR, FSTPG);
        bus.write32(FLASH + 8, 0); // not the start of a row
        assertThat(reg(SR) & (PGAERR | FASTERR)).isEqualTo(PGAERR | FASTERR);
    }

    @Test
    void fastProgrammingHalfwordIsSizerrAndFasterr() {
        unlock();
        setReg(CR, MER1 | STRT);
        waitIdle();
        setReg(CR, FSTPG);
        bus.write16(FLASH, 0);
        assertThat(reg(SR) & (SIZERR | FASTERR)).isEqualTo(SIZERR | FASTERR);
    }

    @Test
    void fastProgrammingDataArrivingLateIsMiserrAndFasterr() {
        unlock();
        setReg(CR, MER1 | STRT);
        waitIdle();
        setReg(CR, FSTPG);
        bus.write32(FLASH, 0);
        bus.write32(FLASH + 4, 0);
        clock.advancePicos(L4FlashTiming.TYPICAL.fastProgramDoubleWord() + 1);
        bus.write32(FLASH + 8, 0);
        assertThat(reg(SR) & (MISERR | FASTERR)).isEqualTo(MISERR | FASTERR);
    }

    static final long FAST_DW = L4FlashTiming.TYPICAL.fastProgramDoubleWord();

    void massEraseBank1() {
        unlock();
        setReg(CR, MER1 | STRT);
        waitIdle();
    }

    /** Runs the scheduler to {@code picos}. */
    void runTo(long picos) {
        clock.setPicos(picos);
        scheduler.runDue(clock.nowPicos());
    }

    @Test
    void fastRowStoppedPartwayEndsAtTheDataMissDeadlineWithMiserrAndBsyClear() {
        massEraseBank1();
        int row = 0;
        for (int k : new int[] {1, 17, 31}) {
            int address = FLASH + row * L4Flash.ROW_BYTES;
            setReg(CR, 0);
            setReg(CR, FSTPG | ERRIE);
            long start = clock.nowPicos();
            for (int i = 0; i < k; i++) {
                bus.write32(address + 8 * i, i);
                bus.write32(address + 8 * i + 4, ~i);
            }
            assertThat(reg(SR) & BSY).as("k=%d: BSY from the first double word", k).isEqualTo(BSY);
            long deadline = scheduler.nextDeadline();
            assertThat(deadline - start).as("k=%d: first instant past the k-th double word's programming", k)
                    .isEqualTo(k * FAST_DW + 1);
            runTo(deadline - 1);
            assertThat(reg(SR) & (BSY | MISERR | FASTERR)).as("k=%d: 1 ps before the deadline", k).isEqualTo(BSY);
            assertThat(irq).isFalse();
            runTo(deadline);
            assertThat(reg(SR) & (BSY | MISERR | FASTERR | OPERR | PGSERR | EOP))
                    .as("k=%d: at the deadline, without another write", k).isEqualTo(MISERR | FASTERR | OPERR);
            assertThat(irq).as("k=%d: error interrupt with ERRIE", k).isTrue();
            assertThat(scheduler.isEmpty()).as("k=%d: nothing left scheduled", k).isTrue();
            assertThat(bus.read32(address + 8 * (k - 1))).as("k=%d: the written double words stay programmed", k)
                    .isEqualTo(k - 1);
            assertThat(bus.read32(address + 8 * k)).as("k=%d: the rest of the row stays erased", k).isEqualTo(0xFFFF_FFFF);
            setReg(SR, MISERR | FASTERR | OPERR);
            assertThat(irq).isFalse();
            row++;
        }
    }

    @Test
    void fastRowMissingTheSecondWordOfADoubleWordEndsAtTheSameDeadline() {
        massEraseBank1();
        setReg(CR, FSTPG);
        bus.write32(FLASH, 1);
        bus.write32(FLASH + 4, 2);
        long deadline = scheduler.nextDeadline();
        bus.write32(FLASH + 8, 3);                  // first word of the next double word, in time
        assertThat(scheduler.nextDeadline()).as("half a double word does not move the deadline").isEqualTo(deadline);
        runTo(deadline);
        assertThat(reg(SR) & (BSY | MISERR | FASTERR)).isEqualTo(MISERR | FASTERR);
        assertThat(bus.read32(FLASH + 8)).as("half a double word is not programmed").isEqualTo(0xFFFF_FFFF);
        assertThat(bus.read32(FLASH)).isEqualTo(1);
    }

    @Test
    void fastRowWithEachDoubleWordArrivingAsThePreviousEndsIsProgrammedWithoutMiss() {
        massEraseBank1();
        setReg(CR, FSTPG | EOPIE);
        long start = clock.nowPicos();
        for (int i = 0; i < L4Flash.ROW_DOUBLE_WORDS; i++) {
            if (i > 0) {
                long deadline = scheduler.nextDeadline();
                runTo(deadline - 1);             // the previous double word has just been programmed
                assertThat(reg(SR) & (BSY | MISERR)).as("double word %d", i).isEqualTo(BSY);
            }
            bus.write32(FLASH + 8 * i, i);
            bus.write32(FLASH + 8 * i + 4, ~i);
        }
        assertThat(scheduler.nextDeadline() - start).as("the row completion, no miss check left")
                .isEqualTo(L4Flash.ROW_DOUBLE_WORDS * FAST_DW);
        waitIdle();
        assertThat(reg(SR) & 0xFFFF).isEqualTo(EOP);
        assertThat(scheduler.isEmpty()).isTrue();
        assertThat(bus.read32(FLASH + 8 * 31 + 4)).isEqualTo(~31);
    }

    @Test
    void fastRowWrittenAtOnceCompletesAfterTheRowTimeWithEopAndNoMiss() {
        massEraseBank1();
        long start = clock.nowPicos();
        fastRow(FLASH, L4Flash.ROW_DOUBLE_WORDS);
        setReg(CR, FSTPG | EOPIE);                  // EOP is set only with EOPIE (RM0351 3.7.5)
        assertThat(scheduler.nextDeadline() - start).isEqualTo(L4Flash.ROW_DOUBLE_WORDS * FAST_DW);
        runTo(scheduler.nextDeadline() - 1);
        assertThat(reg(SR) & BSY).isEqualTo(BSY);
        waitIdle();
        assertThat(reg(SR) & 0xFFFF).isEqualTo(EOP);
        assertThat(scheduler.isEmpty()).isTrue();
    }

    @Test
    void writeAfterTheMissIsPgserrProgramsNothingAndReportsNoSecondMiss() {
        massEraseBank1();
        setReg(CR, FSTPG);
        for (int i = 0; i < 3; i++) {
            bus.write32(FLASH + 8 * i, i);
            bus.write32(FLASH + 8 * i + 4, i);
        }
        runTo(scheduler.nextDeadline());
        assertThat(reg(SR) & (BSY | MISERR | FASTERR)).isEqualTo(MISERR | FASTERR);
        // The row's next double word, late: MISERR/FASTERR are still set, so it is a sequence error.
        bus.write32(FLASH + 24, 7);
        bus.write32(FLASH + 28, 7);
        assertThat(reg(SR) & (BSY | MISERR | FASTERR | PGSERR)).isEqualTo(MISERR | FASTERR | PGSERR);
        assertThat(bus.read32(FLASH + 24)).isEqualTo(0xFFFF_FFFF);
        assertThat(scheduler.isEmpty()).as("nothing started").isTrue();
        // With the flags cleared, writing on into the ended row is no miss either: the miss was reported once.
        setReg(SR, MISERR | FASTERR | PGSERR);
        clock.advancePicos(10 * FAST_DW);
        bus.write32(FLASH + 24, 7);
        bus.write32(FLASH + 28, 7);
        assertThat(reg(SR) & (BSY | MISERR)).isZero();
        assertThat(bus.read32(FLASH + 24)).isEqualTo(0xFFFF_FFFF);
        // A new row at a row boundary programs normally.
        setReg(SR, reg(SR));
        fastRow(FLASH + L4Flash.ROW_BYTES, L4Flash.ROW_DOUBLE_WORDS);
        waitIdle();
        assertThat(reg(SR) & 0xFFFF).isZero();
        assertThat(bus.read32(FLASH + L4Flash.ROW_BYTES + 8 * 31)).isEqualTo(31);
    }

    @Test
    void lateWriteBeforeTheMissEventRanEndsTheRowAsTheEventWould() {
        massEraseBank1();
        setReg(CR, FSTPG);
        bus.write32(FLASH, 0);
        bus.write32(FLASH + 4, 0);
        clock.advancePicos(FAST_DW + 1);            // past the deadline; the scheduler has not run
        bus.write32(FLASH + 8, 5);
        bus.write32(FLASH + 12, 5);
        assertThat(reg(SR) & (BSY | MISERR | FASTERR | PGSERR)).isEqualTo(MISERR | FASTERR | PGSERR);
        assertThat(bus.read32(FLASH + 8)).isEqualTo(0xFFFF_FFFF);
        assertThat(scheduler.isEmpty()).as("the miss event was taken by the write").isTrue();
    }

    @Test
    void sizeErrorPartwayThroughAFastRowEndsTheRowWithBsyClear() {
        massEraseBank1();
        setReg(CR, FSTPG);
        bus.write32(FLASH, 0);
        bus.write32(FLASH + 4, 0);
        bus.write16(FLASH + 8, 0);
        assertThat(reg(SR) & (BSY | SIZERR | FASTERR | MISERR)).isEqualTo(SIZERR | FASTERR);
        assertThat(scheduler.isEmpty()).isTrue();
        assertThat(bus.read32(FLASH)).isZero();
    }

    // ------------------------------------------------------------------ erase

    @Test
    void pageEraseErasesTwoKilobytesOfTheSelectedPhysicalBank() {
        unlock();
        program(FLASH + 5 * 2048, 1, 2);
        program(FLASH + 5 * 2048 + 2040, 3, 4);
        program(BANK2 + 5 * 2048, 5, 6);
        program(FLASH + 6 * 2048, 7, 8);
        setReg(CR, PER | (5 << 3) | STRT);
        assertThat(reg(SR) & BSY).isEqualTo(BSY);
        assertThat(scheduler.nextDeadline() - clock.nowPicos()).isEqualTo(L4FlashTiming.TYPICAL.pageErase());
        waitIdle();
        assertThat(reg(CR) & STRT).as("STRT cleared with BSY").isZero();
        assertThat(bus.read32(FLASH + 5 * 2048)).isEqualTo(0xFFFF_FFFF);
        assertThat(bus.read32(FLASH + 5 * 2048 + 2040)).isEqualTo(0xFFFF_FFFF);
        assertThat(bus.read32(BANK2 + 5 * 2048)).isEqualTo(5);
        assertThat(bus.read32(FLASH + 6 * 2048)).isEqualTo(7);
        setReg(CR, PER | BKER | (5 << 3) | STRT);
        waitIdle();
        assertThat(bus.read32(BANK2 + 5 * 2048)).isEqualTo(0xFFFF_FFFF);
        assertThat(nvm.eraseCounts()[(BoardFileGeometries.L476_BANK + 5 * 2048) / 4096]).isEqualTo(1);
    }

    @Test
    void bankMassEraseErasesOnlyItsBank() {
        unlock();
        program(FLASH, 1, 2);
        program(BANK2 + 0x7FFF8, 3, 4);
        setReg(CR, MER2 | STRT);
        assertThat(scheduler.nextDeadline() - clock.nowPicos()).isEqualTo(L4FlashTiming.TYPICAL.massErase());
        waitIdle();
        assertThat(bus.read32(BANK2 + 0x7FFF8)).isEqualTo(0xFFFF_FFFF);
        assertThat(bus.read32(FLASH)).isEqualTo(1);
        setReg(CR, MER1 | MER2 | STRT);
        waitIdle();
        assertThat(bus.read32(FLASH)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void eraseWithPendingProgrammingErrorIsPgserr() {
        unlock();
        setReg(CR, PG);
        bus.write32(FLASH + 4, 0); // PGAERR
        program(FLASH + 16, 9, 9);
        setReg(CR, PER | (0 << 3) | STRT);
        assertThat(reg(SR) & PGSERR).isEqualTo(PGSERR);
        assertThat(reg(SR) & BSY).isZero();
    }

    // ------------------------------------------------------------------ bank swap

    @Test
    void bankSwapRemapsReadsAndProgrammingButEraseStaysPhysical() {
        unlock();
        program(FLASH, 0x1111, 0);          // physical bank 1
        program(BANK2, 0x2222, 0);          // physical bank 2
        flash.setBankSwap(true);
        assertThat(bus.read32(FLASH)).as("bank 2 at 0x0800_0000").isEqualTo(0x2222);
        assertThat(bus.read32(BANK2)).as("bank 1 at 0x0808_0000").isEqualTo(0x1111);
        program(BANK2 + 8, 0x3333, 0);      // logical 0x0808_0008 = physical bank 1
        assertThat(flash.physicalWord(1, 8)).isEqualTo(0x3333);
        setReg(CR, MER1 | STRT);            // physical bank 1: appears at 0x0808_0000 now
        waitIdle();
        assertThat(bus.read32(BANK2)).isEqualTo(0xFFFF_FFFF);
        assertThat(bus.read32(FLASH)).as("the running bank (2) survives MER1").isEqualTo(0x2222);
        setReg(CR, PER | BKER | STRT);      // physical bank 2, page 0: at 0x0800_0000 now
        waitIdle();
        assertThat(bus.read32(FLASH)).isEqualTo(0xFFFF_FFFF);
        flash.setBankSwap(false);
        assertThat(flash.physicalWord(2, 0)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void programmingThroughTheSwappedViewNotifiesTheLogicalAddress() {
        unlock();
        flash.setBankSwap(true);
        codeChanges.clear();
        program(FLASH + 0x40, 1, 2);
        assertThat(codeChanges).anySatisfy(c -> assertThat(c).containsExactly(FLASH + 0x40, 8));
        assertThat(flash.physicalWord(2, 0x40)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ option bytes

    @Test
    void optionRegistersIgnoreWritesWhileOptlockIsSet() {
        unlock();
        int before = reg(OPTR);
        setReg(OPTR, before | (1 << 20));
        assertThat(reg(OPTR)).isEqualTo(before);
    }

    @Test
    void factoryOptionsReadRdpLevel0AndBfb2Clear() {
        assertThat(reg(OPTR) & 0xFF).isEqualTo(0xAA);
        assertThat(reg(OPTR) & (1 << 20)).isZero();
        assertThat(reg(OPTR) & (1 << 23)).as("nBOOT1").isNotZero();
        assertThat(reg(WRP1AR)).isEqualTo(0xFF);
    }

    @Test
    void virginPartReadsTheL47xFactoryOptrWithReservedBitsAtOne() {
        // 0xFFEF_F8AA: the STM32L47x factory FLASH_OPTR (docs/FACTS-STM32L4.md); reserved bits 11, 15, 22, 26-31 read 1.
        assertThat(reg(OPTR)).isEqualTo(0xFFEF_F8AA);
        assertThat(flash.loadedOptr()).isEqualTo(0xFFEF_F8AA);
    }

    @Test
    void optrReservedBitsStayAtOneWhenWrittenZeroAndAcrossOptionProgramming() {
        unlockOptions();
        setReg(OPTR, (reg(OPTR) & ~L4FlashOptionBytes.OPTR_RESERVED_ONES) | (1 << 20));
        assertThat(reg(OPTR)).isEqualTo(0xFFFF_F8AA);
        setReg(CR, OPTSTRT);
        waitIdle();
        rebuild();
        assertThat(reg(OPTR)).isEqualTo(0xFFFF_F8AA);
        assertThat(flash.bfb2()).isTrue();
    }

    @Test
    void optstrtProgramsOptionsButTheyApplyOnlyAfterOptionLoad() {
        unlockOptions();
        setReg(OPTR, reg(OPTR) | (1 << 20));
        setReg(CR, OPTSTRT | EOPIE);
        assertThat(reg(SR) & BSY).isEqualTo(BSY);
        waitIdle();
        assertThat(reg(SR) & EOP).isEqualTo(EOP);
        assertThat(reg(CR) & OPTSTRT).isZero();
        assertThat(flash.bfb2()).as("not loaded yet").isFalse();
        flash.reset(); // a plain system reset does not load option bytes
        assertThat(flash.bfb2()).isFalse();
        assertThat(reg(OPTR) & (1 << 20)).isZero();
        unlockOptions();
        setReg(CR, OBL_LAUNCH);
        assertThat(oblResets).isEqualTo(1);
        assertThat(flash.bfb2()).isTrue();
        flash.reset();
        assertThat(reg(OPTR) & (1 << 20)).isNotZero();
        assertThat(reg(CR) & OBL_LAUNCH).isZero();
    }

    @Test
    void oblLaunchIsIgnoredWhileOptlockIsSet() {
        unlock();
        setReg(CR, OBL_LAUNCH);
        assertThat(oblResets).isZero();
        assertThat(reg(CR) & OBL_LAUNCH).isZero();
    }

    @Test
    void programmedOptionsSurviveAPowerCycle() {
        unlockOptions();
        setReg(OPTR, reg(OPTR) | (1 << 20));
        setReg(CR, OPTSTRT);
        waitIdle();
        rebuild();
        assertThat(flash.bfb2()).isTrue();
        assertThat(reg(OPTR) & (1 << 20)).isNotZero();
    }

    @Test
    void storageMustBeOneMebibyte() {
        assertThatThrownBy(() -> new L4Flash(BoardFileGeometries.L476, new ArrayNonVolatileMemory(512 * 1024), clock, scheduler, l -> {}, () -> {}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("STM32L4 flash of 1MiB needs as much storage, got 524288 bytes");
    }
}
