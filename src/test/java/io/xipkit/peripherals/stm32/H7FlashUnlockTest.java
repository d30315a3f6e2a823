package io.xipkit.peripherals.stm32;

import static io.xipkit.peripherals.stm32.H7FlashRig.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.cpu.BusErrorException;
import org.junit.jupiter.api.Test;

class H7FlashUnlockTest {
    private final H7FlashRig rig = new H7FlashRig(H7FlashVariant.H743);

    @Test
    void resetValuesMatchTheReferenceManual() {
        assertThat(rig.reg(ACR)).isEqualTo(0x37);
        assertThat(rig.reg(CR1)).isEqualTo(0x31);
        assertThat(rig.reg(CR2)).isEqualTo(0x31);
        assertThat(rig.reg(OPTCR)).isEqualTo(1);
        assertThat(rig.reg(OPTSR_CUR)).isEqualTo(0x0006_AAD0);
        assertThat(rig.reg(OPTSR_PRG)).isEqualTo(0x0006_AAD0);
        assertThat(rig.reg(BOOT_CURR)).isEqualTo(0x1FF0_0800);
        assertThat(rig.reg(WPSN_CUR1R)).isEqualTo(0xFF);
    }

    @Test
    void commonRegistersRepeatAtTheBank2Offsets() {
        rig.setReg(0x100 + ACR, 0x12);
        assertThat(rig.reg(ACR)).isEqualTo(0x12);
        assertThat(rig.reg(0x100 + OPTCR)).isEqualTo(rig.reg(OPTCR));
        assertThat(rig.reg(0x100 + BOOT_CURR)).isEqualTo(0x1FF0_0800);
    }

    @Test
    void rightKeysUnlockEachBankSeparately() {
        rig.unlockBank1();
        assertThat(rig.reg(CR1) & LOCK).isZero();
        assertThat(rig.reg(CR2) & LOCK).isEqualTo(LOCK);
        rig.unlockBank2();
        assertThat(rig.reg(CR2) & LOCK).isZero();
    }

    /** RM0433 Rev 8 4.7.10 CRCRDERR; bit 28 of CR/SR/CCR as in ST's CMSIS stm32h743xx.h. */
    @Test
    void crcReadErrorInterruptEnableIsBit28OfEachBankControlRegister() {
        rig.unlockBank1();
        rig.unlockBank2();
        rig.setReg(CR1, 0x30 | 1 << 28);
        rig.setReg(CR2, 0x30 | 1 << 28);
        assertThat(rig.reg(CR1)).isEqualTo(0x30 | 1 << 28);
        assertThat(rig.reg(CR2)).isEqualTo(0x30 | 1 << 28);
        assertThat(H7FlashBank.CRCRDERR).isEqualTo(1 << 28);
        assertThat(H7FlashBank.FLAG_MASK & H7FlashBank.CRCRDERR).isNotZero();
    }

    @Test
    void lockedControlRegisterIgnoresWrites() {
        rig.setReg(CR1, 0x32 | PG);
        assertThat(rig.reg(CR1)).isEqualTo(0x31);
    }

    @Test
    void settingLockKeepsTheOtherBits() {
        rig.unlockBank1();
        rig.setReg(CR1, 0x30 | PG);
        rig.setReg(CR1, LOCK);
        assertThat(rig.reg(CR1)).isEqualTo(0x30 | PG | LOCK);
    }

    @Test
    void wrongKeyLocksUntilResetWithABusError() {
        rig.setReg(KEYR1, H7FlashBank.KEY1);
        assertThatThrownBy(() -> rig.setReg(KEYR1, 0x1234_5678)).isInstanceOf(BusErrorException.class)
                .hasMessageContaining("FLASH_KEYR1");
        assertThatThrownBy(rig::unlockBank1).isInstanceOf(BusErrorException.class);
        assertThat(rig.reg(CR1) & LOCK).isEqualTo(LOCK);
        rig.unlockBank2();
        assertThat(rig.reg(CR2) & LOCK).as("bank 2 unaffected").isZero();

        rig.flash.reset();
        rig.unlockBank1();
        assertThat(rig.reg(CR1) & LOCK).isZero();
    }

    @Test
    void keysWrittenAgainWhileUnlockedAreAWrongSequence() {
        rig.unlockBank1();
        assertThatThrownBy(() -> rig.setReg(KEYR1, H7FlashBank.KEY1)).isInstanceOf(BusErrorException.class);
        assertThat(rig.reg(CR1) & LOCK).isEqualTo(LOCK);
    }

    @Test
    void keyRegisterReadsZero() {
        rig.setReg(KEYR1, H7FlashBank.KEY1);
        assertThat(rig.reg(KEYR1)).isZero();
    }

    @Test
    void optionKeysUnlockOptcrAndAWrongOneLocksItUntilReset() {
        rig.unlockOptions();
        assertThat(rig.reg(OPTCR) & 1).isZero();
        rig.setReg(OPTCR, 1);
        assertThat(rig.reg(OPTCR) & 1).isEqualTo(1);
        rig.unlockOptions();
        assertThat(rig.reg(OPTCR) & 1).isZero();
        rig.setReg(OPTCR, 1);

        assertThatThrownBy(() -> rig.setReg(OPTKEYR, H7FlashBank.KEY1)).isInstanceOf(BusErrorException.class)
                .hasMessageContaining("FLASH_OPTKEYR");
        assertThatThrownBy(rig::unlockOptions).isInstanceOf(BusErrorException.class);
        rig.flash.reset();
        rig.unlockOptions();
        assertThat(rig.reg(OPTCR) & 1).isZero();
    }

    @Test
    void programRegistersIgnoreWritesWhileOptionsAreLocked() {
        rig.setReg(WPSN_PRG1R, 0x0F);
        assertThat(rig.reg(WPSN_PRG1R)).isEqualTo(0xFF);
        rig.unlockOptions();
        rig.setReg(WPSN_PRG1R, 0x0F);
        assertThat(rig.reg(WPSN_PRG1R)).isEqualTo(0x0F);
        assertThat(rig.reg(WPSN_CUR1R)).as("in effect only after OPTSTART").isEqualTo(0xFF);
    }
}
