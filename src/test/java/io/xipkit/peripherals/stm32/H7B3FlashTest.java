package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The STM32H7A3/B3 embedded flash (RM0455 chapter 4) at register level: the RM0433 controller with
 * a FLASH_CRx without PSIZE (FW bit 4, START bit 5, SSN bits 12:6), 128-bit flash words, 8 KB
 * sectors (128 a bank) and write protection by groups of four sectors; bit positions as ST's
 * CMSIS stm32h7b3xx.h gives them.
 */
class H7B3FlashTest {
    static final int PG = 1 << 1, SER = 1 << 2, FW = 1 << 4, START = 1 << 5, SSN_POS = 6;
    static final int EOP = 1 << 16, INCERR = 1 << 21, OPERR_BIT = 1 << 22;
    static final int SECTOR = 8 << 10;

    final H7FlashRig rig = new H7FlashRig(H7FlashVariant.H7B3);

    @Test
    void controlRegisterResetsLockedWithoutPsizeAndWriteProtectionIsShippedOff() {
        assertThat(rig.reg(H7FlashRig.CR1)).as("LOCK only: no PSIZE field to reset").isEqualTo(1);
        assertThat(rig.reg(H7FlashRig.CR2)).isEqualTo(1);
        assertThat(rig.reg(H7FlashRig.WPSN_CUR1R)).as("WPSGN: 32 groups of four sectors, none protected").isEqualTo(0xFFFF_FFFF);
        rig.unlockBank1();
        assertThat(rig.reg(H7FlashRig.CR1)).isZero();
        rig.setReg(H7FlashRig.CR1, 0x7F << SSN_POS | SER);
        assertThat(rig.reg(H7FlashRig.CR1)).as("SSN is seven bits wide").isEqualTo(0x7F << SSN_POS | SER);
    }

    /**
     * FLASH_OPTSR_CUR as shipped uses only the fields RM0455's OPTSR has, at their places, as ST's
     * SVD for the STM32H7B3 lists them (rendered in currentmakers/cmforthlib stm32h7b3/flash.fs):
     * OPT_BUSY 0, BOR_LEV 3:2, IWDG_SW 4, NRST_STOP 6, NRST_STDY 7, RDP 15:8, VDDMMC_HSLV 16,
     * IWDG_FZ_STOP 17, IWDG_FZ_SDBY 18, ST_RAM_SIZE 20:19, SECURITY 21, VDDIO_HSLV 29, OPTCHANGEERR
     * 30, SWAP_BANK 31 (no D2 or Cortex-M4 bits: the H757 value would fail here). The field values
     * are RM0433's factory ones: RM0455's factory table was not retrieved, and the SVD gives 0.
     */
    @Test
    void factoryOptionStatusUsesOnlyRm0455FieldsAtLevelZero() {
        int optsr = rig.reg(H7FlashRig.OPTSR_CUR);
        int defined = 1 | 0b11 << 2 | 1 << 4 | 1 << 6 | 1 << 7 | 0xFF << 8 | 1 << 16 | 1 << 17 | 1 << 18 | 0b11 << 19 | 1 << 21
                | 1 << 29 | 1 << 30 | 1 << 31;
        assertThat(optsr & ~defined).as("reserved bits").isZero();
        assertThat(optsr >>> 8 & 0xFF).as("RDP level 0").isEqualTo(0xAA);
        assertThat(optsr & (1 << 21 | 1 << 31)).as("SECURITY, SWAP_BANK off").isZero();
    }

    @Test
    void sectorEraseNamesOneOfTheBanksHundredAndTwentyEightEightKilobyteSectors() {
        rig.bank1.array()[127 * SECTOR] = 0x12;
        rig.bank1.array()[127 * SECTOR - 1] = 0x34;     // last byte of sector 126
        rig.bank1.array()[127 * SECTOR + SECTOR - 1] = 0x56;
        rig.unlockBank1();
        rig.setReg(H7FlashRig.CR1, 127 << SSN_POS | SER | START);
        assertThat(rig.reg(H7FlashRig.SR1) & H7FlashRig.QW).as("queued").isNotZero();
        assertThat(rig.reg(H7FlashRig.CR1) & START).as("START clears itself").isZero();
        rig.advanceMicros(2_000_000);
        assertThat(rig.reg(H7FlashRig.SR1) & (H7FlashRig.QW | EOP)).isEqualTo(EOP);
        assertThat(rig.bank1.array()[127 * SECTOR]).isEqualTo((byte) 0xFF);
        assertThat(rig.bank1.array()[127 * SECTOR + SECTOR - 1]).isEqualTo((byte) 0xFF);
        assertThat(rig.bank1.array()[127 * SECTOR - 1]).as("sector 126 untouched").isEqualTo((byte) 0x34);
    }

    @Test
    void aFlashWordIsSixteenBytesProgrammedWhenFourWordsAreWritten() {
        rig.unlockBank1();
        rig.setReg(H7FlashRig.CR1, PG);
        for (int i = 0; i < 3; i++) rig.bus.write32((int) (H7FlashRig.FLASH + 0x100 + 4 * i), 0x1111_1111 * (i + 1));
        assertThat(rig.reg(H7FlashRig.SR1) & H7FlashRig.WBNE).as("12 of 16 bytes collected").isNotZero();
        rig.bus.write32((int) (H7FlashRig.FLASH + 0x10C), 0x4444_4444);
        assertThat(rig.reg(H7FlashRig.SR1) & H7FlashRig.WBNE).as("the fourth word completes the 128-bit word").isZero();
        rig.advanceMicros(1000);
        assertThat(rig.read32(H7FlashRig.FLASH + 0x10C)).isEqualTo(0x4444_4444);
        assertThat(rig.read32(H7FlashRig.FLASH + 0x110)).as("the next word is not part of it").isEqualTo(0xFFFF_FFFF);
        assertThat(rig.reg(H7FlashRig.SR1) & EOP).isEqualTo(EOP);
    }

    @Test
    void forceWriteIsBitFourAndAWriteAcrossTheSixteenByteWordIsAnInconsistency() {
        rig.unlockBank1();
        rig.setReg(H7FlashRig.CR1, PG);
        rig.bus.write32((int) (H7FlashRig.FLASH + 0x200), 0xA5A5_A5A5);
        rig.setReg(H7FlashRig.CR1, PG | FW);
        rig.advanceMicros(1000);
        assertThat(rig.read32(H7FlashRig.FLASH + 0x200)).isEqualTo(0xA5A5_A5A5);
        assertThat(rig.read32(H7FlashRig.FLASH + 0x20C)).as("padded with FFh").isEqualTo(0xFFFF_FFFF);
        rig.bus.write32((int) (H7FlashRig.FLASH + 0x300), 1);
        rig.bus.write32((int) (H7FlashRig.FLASH + 0x310), 2); // another flash word while one is being collected
        assertThat(rig.reg(H7FlashRig.SR1) & INCERR).isEqualTo(INCERR);
    }

    @Test
    void theStatusRegisterHasNoOperationErrorBit() {
        rig.unlockBank1();
        rig.setReg(H7FlashRig.CR1, OPERR_BIT);
        assertThat(rig.reg(H7FlashRig.CR1) & OPERR_BIT).as("no OPERRIE on RM0455").isZero();
        assertThat(H7FlashRegisterMap.declare(rig.flash).register("SR1").readableMask() & OPERR_BIT).as("no OPERR on RM0455").isZero();
    }
}
