package io.xipkit.peripherals.stm32;

import static io.xipkit.peripherals.stm32.H7FlashRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.time.Clock;
import org.junit.jupiter.api.Test;

class H7FlashProgramEraseTest {
    private static final int EOP = H7FlashBank.EOP, WRPERR = H7FlashBank.WRPERR, PGSERR = H7FlashBank.PGSERR,
            STRBERR = H7FlashBank.STRBERR, INCERR = H7FlashBank.INCERR;
    private static final int PSIZE_X64 = 3 << 4, PSIZE_X32 = 2 << 4;
    private final H7FlashRig rig = new H7FlashRig(H7FlashVariant.H743);

    private void enableProgramming() {
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X64 | PG);
    }

    @Test
    void aCompleteFlashWordProgramsAfterTprog() {
        enableProgramming();
        rig.writeFlashWord(FLASH + 0x40, 0x1000);
        assertThat(rig.reg(SR1) & (QW | BSY | WBNE)).isEqualTo(QW | BSY);
        assertThat(rig.read32(FLASH + 0x40)).as("not yet programmed").isEqualTo(-1);

        rig.advanceMicros(99);
        assertThat(rig.reg(SR1) & QW).isEqualTo(QW);
        rig.advanceMicros(1); // tprog x64 typical: 100 µs (DS12110)
        assertThat(rig.reg(SR1) & (QW | BSY)).isZero();
        assertThat(rig.reg(SR1) & EOP).isEqualTo(EOP);
        for (int i = 0; i < 8; i++) assertThat(rig.read32(FLASH + 0x40 + 4 * i)).isEqualTo(0x1000 + i);
        assertThat(rig.codeChanges).anySatisfy(c -> assertThat(c).containsExactly(FLASH + 0x40, 32));
    }

    @Test
    void programmingTimeFollowsPsize() {
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X32 | PG);
        rig.writeFlashWord(FLASH, 1);
        rig.advanceMicros(129);
        assertThat(rig.reg(SR1) & QW).isEqualTo(QW);
        rig.advanceMicros(1); // 130 µs at x32
        assertThat(rig.reg(SR1) & QW).isZero();
    }

    @Test
    void partialBufferWaitsWithWbneUntilForceWrite() {
        enableProgramming();
        rig.bus.write32((int) FLASH + 8, 0xA5A5_0000);
        rig.bus.write16((int) FLASH + 12, 0x1234);
        assertThat(rig.reg(SR1) & (WBNE | QW)).isEqualTo(WBNE);
        rig.advanceMicros(1000);
        assertThat(rig.read32(FLASH + 8)).as("nothing programmed without FW").isEqualTo(-1);

        rig.setReg(CR1, rig.reg(CR1) | FW);
        assertThat(rig.reg(CR1) & FW).as("FW clears itself").isZero();
        assertThat(rig.reg(SR1) & (WBNE | QW)).isEqualTo(QW);
        rig.advanceMicros(100);
        assertThat(rig.read32(FLASH + 8)).isEqualTo(0xA5A5_0000);
        assertThat(rig.read32(FLASH + 12)).as("missing bytes written as FFh").isEqualTo(0xFFFF_1234);
        assertThat(rig.read32(FLASH)).isEqualTo(-1);
    }

    @Test
    void forceWriteWithAnEmptyBufferDoesNothing() {
        enableProgramming();
        rig.setReg(CR1, rig.reg(CR1) | FW);
        assertThat(rig.reg(SR1) & (QW | WBNE)).isZero();
    }

    @Test
    void clearingPgDropsTheBuffer() {
        enableProgramming();
        rig.bus.write32((int) FLASH, 0);
        rig.setReg(CR1, PSIZE_X64);
        assertThat(rig.reg(SR1) & WBNE).isZero();
        rig.advanceMicros(1000);
        assertThat(rig.read32(FLASH)).isEqualTo(-1);
    }

    @Test
    void writeWithPgClearIsAProgrammingSequenceError() {
        rig.unlockBank1();
        rig.bus.write32((int) FLASH, 0);
        assertThat(rig.reg(SR1) & PGSERR).isEqualTo(PGSERR);
        assertThat(rig.read32(FLASH)).isEqualTo(-1);
        rig.setReg(CCR1, PGSERR);
        assertThat(rig.reg(SR1) & PGSERR).isZero();
    }

    @Test
    void writingTheSameByteTwiceIsAStrobeError() {
        enableProgramming();
        rig.bus.write32((int) FLASH, 1);
        rig.bus.write8((int) FLASH + 2, 5);
        assertThat(rig.reg(SR1) & (STRBERR | WBNE)).isEqualTo(STRBERR);
    }

    @Test
    void writingAnotherFlashWordBeforeTheFirstIsCompleteIsAnInconsistencyError() {
        enableProgramming();
        rig.bus.write32((int) FLASH, 1);
        rig.bus.write32((int) FLASH + 32, 2);
        assertThat(rig.reg(SR1) & (INCERR | WBNE)).isEqualTo(INCERR);
        rig.advanceMicros(1000);
        assertThat(rig.read32(FLASH)).isEqualTo(-1);
        assertThat(rig.read32(FLASH + 32)).isEqualTo(-1);
    }

    @Test
    void aWriteCrossingAFlashWordBoundaryIsAnInconsistencyError() {
        enableProgramming();
        rig.bus.write32((int) FLASH + 30, 1);
        assertThat(rig.reg(SR1) & INCERR).isEqualTo(INCERR);
    }

    @Test
    void errorFlagsRaiseTheInterruptOnlyWhenEnabled() {
        enableProgramming();
        rig.bus.write32((int) FLASH, 1);
        rig.bus.write32((int) FLASH, 1); // strobe error
        assertThat(rig.irqLevels).isEmpty();
        rig.setReg(CR1, rig.reg(CR1) | H7FlashBank.STRBERR); // STRBERRIE sits at the flag's position
        assertThat(rig.irqLevels).containsExactly(true);
        rig.setReg(CCR1, STRBERR);
        assertThat(rig.irqLevels).containsExactly(true, false);
    }

    @Test
    void endOfProgramInterrupt() {
        enableProgramming();
        rig.setReg(CR1, rig.reg(CR1) | EOP);
        rig.writeFlashWord(FLASH, 0);
        rig.advanceMicros(100);
        assertThat(rig.irqLevels).containsExactly(true);
    }

    @Test
    void reprogrammingAWordOnlyClearsBitsAndIsCountedAsEccInconsistent() {
        enableProgramming();
        rig.writeFlashWord(FLASH, 0x0F0F_0F0F);
        rig.advanceMicros(100);
        rig.writeFlashWord(FLASH, 0x3333_3333);
        rig.advanceMicros(100);
        assertThat(rig.read32(FLASH)).isEqualTo(0x0F0F_0F0F & 0x3333_3333);
        assertThat(rig.flash.eccInconsistentWords()).isEqualTo(1);
        for (int i = 0; i < 8; i++) rig.bus.write32((int) FLASH + 4 * i, 0);
        rig.advanceMicros(100);
        assertThat(rig.flash.eccInconsistentWords()).as("all-zero overwrite is ECC-clean").isEqualTo(1);
    }

    @Test
    void sectorEraseTakesTerase128kbAndErasesOnlyThatSector() {
        rig.flash.load(FLASH, new byte[] {1, 2, 3, 4});
        rig.flash.load(FLASH + 0x2_0000, new byte[] {5, 6, 7, 8});
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X32 | SER | (1 << 8) | START); // sector 1, x32
        assertThat(rig.reg(CR1) & START).isZero();
        assertThat(rig.reg(SR1) & (QW | BSY)).isEqualTo(QW | BSY);
        rig.advancePicos(1100 * Clock.PICOS_PER_MILLI - 1); // tERASE128KB x32 typical: 1.1 s
        assertThat(rig.read32(FLASH + 0x2_0000)).isEqualTo(0x0807_0605);
        rig.advancePicos(1);
        assertThat(rig.read32(FLASH + 0x2_0000)).isEqualTo(-1);
        assertThat(rig.read32(FLASH)).isEqualTo(0x0403_0201);
        assertThat(rig.reg(SR1) & (QW | EOP)).isEqualTo(EOP);
        assertThat(rig.bank1.eraseCounts()[0x2_0000 / 4096]).isEqualTo(1);
        assertThat(rig.bank1.eraseCounts()[0]).isZero();
    }

    @Test
    void bankEraseTakesTmeAndErasesTheWholeBank() {
        rig.flash.load(FLASH + 0xF_FFFC, new byte[] {1, 2, 3, 4});
        rig.flash.load(BANK2, new byte[] {9});
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X64 | BER);
        rig.setReg(CR1, PSIZE_X64 | BER | START);
        rig.advancePicos(5000 * Clock.PICOS_PER_MILLI - 1); // tME x64 typical: 5 s
        assertThat(rig.read32(FLASH + 0xF_FFFC)).isEqualTo(0x0403_0201);
        rig.advancePicos(1);
        assertThat(rig.read32(FLASH + 0xF_FFFC)).isEqualTo(-1);
        assertThat(rig.read32(BANK2) & 0xFF).isEqualTo(9);
    }

    @Test
    void startWithoutSerOrBerIsASequenceError() {
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X64 | START);
        assertThat(rig.reg(SR1) & (PGSERR | QW)).isEqualTo(PGSERR);
    }

    @Test
    void eraseRequestedWithDataInTheWriteBufferIsASequenceError() {
        enableProgramming();
        rig.bus.write32((int) FLASH, 0);
        rig.setReg(CR1, PSIZE_X64 | PG | SER | START);
        assertThat(rig.reg(SR1) & PGSERR).isEqualTo(PGSERR);
    }

    @Test
    void programmingIntoAProtectedSectorIsAWriteProtectionError() {
        protectBank1Sector(2);
        enableProgramming();
        rig.writeFlashWord(FLASH + 2 * 0x2_0000, 7);
        assertThat(rig.reg(SR1) & (WRPERR | QW)).isEqualTo(WRPERR);
        rig.advanceMicros(1000);
        assertThat(rig.read32(FLASH + 2 * 0x2_0000)).isEqualTo(-1);
        rig.setReg(CCR1, WRPERR);
        rig.writeFlashWord(FLASH + 0x2_0000, 7); // sector 1 is not protected
        rig.advanceMicros(100);
        assertThat(rig.read32(FLASH + 0x2_0000)).isEqualTo(7);
        assertThat(rig.reg(SR1) & WRPERR).isZero();
    }

    @Test
    void erasingAProtectedSectorOrItsBankIsAWriteProtectionError() {
        protectBank1Sector(2);
        rig.flash.load(FLASH + 2 * 0x2_0000, new byte[] {1});
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X64 | SER | (2 << 8) | START);
        assertThat(rig.reg(SR1) & (WRPERR | QW)).isEqualTo(WRPERR);
        rig.setReg(CCR1, WRPERR);
        rig.setReg(CR1, PSIZE_X64 | BER | START);
        assertThat(rig.reg(SR1) & (WRPERR | QW)).isEqualTo(WRPERR);
        rig.advancePicos(10 * Clock.PICOS_PER_SECOND);
        assertThat(rig.read32(FLASH + 2 * 0x2_0000) & 0xFF).isEqualTo(1);
    }

    @Test
    void massEraseThroughOptcrErasesBothBanks() {
        rig.flash.load(FLASH, new byte[] {1});
        rig.flash.load(BANK2, new byte[] {2});
        rig.unlockBank1();
        rig.unlockBank2();
        rig.setReg(OPTCR, rig.reg(OPTCR) | (1 << 4));
        assertThat(rig.reg(OPTCR) & (1 << 4)).isNotZero();
        assertThat(rig.reg(SR1) & QW).isEqualTo(QW);
        assertThat(rig.reg(SR2) & QW).isEqualTo(QW);
        rig.advancePicos(5000 * Clock.PICOS_PER_MILLI); // both banks at the reset PSIZE (x64)
        assertThat(rig.read32(FLASH)).isEqualTo(-1);
        assertThat(rig.read32(BANK2)).isEqualTo(-1);
        assertThat(rig.reg(OPTCR) & (1 << 4)).isZero();
    }

    @Test
    void operationsQueueBehindAnErase() {
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X64 | SER | (1 << 8) | START);
        rig.setReg(CR1, PSIZE_X64 | PG);
        rig.writeFlashWord(FLASH, 3); // sector 0, programmed after the erase of sector 1
        rig.advancePicos(1000 * Clock.PICOS_PER_MILLI);
        assertThat(rig.read32(FLASH)).isEqualTo(-1);
        rig.advanceMicros(100);
        assertThat(rig.read32(FLASH)).isEqualTo(3);
        assertThat(rig.reg(SR1) & QW).isZero();
    }

    @Test
    void bank2IsProgrammedThroughItsOwnRegisterSet() {
        rig.unlockBank2();
        rig.setReg(CR2, PSIZE_X64 | PG);
        rig.writeFlashWord(BANK2 + 0x100, 0x55);
        assertThat(rig.reg(SR2) & QW).isEqualTo(QW);
        assertThat(rig.reg(SR1) & QW).isZero();
        rig.advanceMicros(100);
        assertThat(rig.read32(BANK2 + 0x100)).isEqualTo(0x55);
        assertThat(rig.bank2.array()[0x100]).isEqualTo((byte) 0x55);
    }

    @Test
    void writesToBank2WithOnlyBank1EnabledAreSequenceErrorsOfBank2() {
        enableProgramming();
        rig.bus.write32((int) BANK2, 0);
        assertThat(rig.reg(SR2) & PGSERR).isEqualTo(PGSERR);
        assertThat(rig.reg(SR1) & PGSERR).isZero();
    }

    private void protectBank1Sector(int sector) {
        rig.unlockOptions();
        rig.setReg(WPSN_PRG1R, 0xFF & ~(1 << sector));
        rig.setReg(OPTCR, 1 << 1);
        rig.advanceMicros(1000);
        assertThat(rig.reg(WPSN_CUR1R)).isEqualTo(0xFF & ~(1 << sector));
        rig.setReg(OPTCR, 1);
    }
}
