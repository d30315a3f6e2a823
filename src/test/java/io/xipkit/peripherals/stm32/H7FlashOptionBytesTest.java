package io.xipkit.peripherals.stm32;

import static io.xipkit.peripherals.stm32.H7FlashRig.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.cpu.BusErrorException;
import org.junit.jupiter.api.Test;

class H7FlashOptionBytesTest {
    private static final int OPTSTART = 1 << 1, SWAP_BANK_OPT = 1 << 31, SWAP_BANK = 1 << 31, OPT_BUSY = 1,
            OPTCHANGEERR = 1 << 30, PSIZE_X64 = 3 << 4;
    private final H7FlashRig rig = new H7FlashRig(H7FlashVariant.H743);

    private void programOptions() {
        rig.setReg(OPTCR, OPTSTART);
        assertThat(rig.reg(OPTSR_CUR) & OPT_BUSY).isEqualTo(OPT_BUSY);
        assertThat(rig.reg(OPTCR) & OPTSTART).isEqualTo(OPTSTART);
        rig.advancePicos(H7FlashTiming.typical().optionChangePicos());
        assertThat(rig.reg(OPTSR_CUR) & OPT_BUSY).isZero();
        assertThat(rig.reg(OPTCR) & OPTSTART).isZero();
    }

    @Test
    void optstartCopiesTheProgramRegistersAfterTheChangeTime() {
        rig.unlockOptions();
        rig.setReg(OPTSR_PRG, (rig.reg(OPTSR_PRG) & ~(3 << 2)) | (2 << 2)); // BOR level 2
        rig.setReg(BOOT_PRGR, 0x1FF0_0810);
        programOptions();
        assertThat(rig.reg(OPTSR_CUR) >>> 2 & 3).isEqualTo(2);
        assertThat(rig.reg(BOOT_CURR)).isEqualTo(0x1FF0_0810);
        assertThat(rig.flash.bootAddress(false)).isEqualTo(0x0810_0000L);
        assertThat(rig.flash.bootAddress(true)).isEqualTo(0x1FF0_0000L);
    }

    @Test
    void optstartWhileLockedDoesNothing() {
        rig.setReg(OPTCR, OPTSTART);
        assertThat(rig.reg(OPTSR_CUR) & OPT_BUSY).isZero();
    }

    @Test
    void optionChangeDuringABankOperationRaisesOptchangeerr() {
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X64 | SER | START);
        rig.unlockOptions();
        rig.setReg(OPTCR, OPTSTART);
        assertThat(rig.reg(OPTSR_CUR) & (OPTCHANGEERR | OPT_BUSY)).isEqualTo(OPTCHANGEERR);
        rig.setReg(OPTCR, 1 << 30); // OPTCHANGEERRIE
        assertThat(rig.irqLevels).containsExactly(true);
        rig.setReg(OPTCCR, OPTCHANGEERR);
        assertThat(rig.reg(OPTSR_CUR) & OPTCHANGEERR).isZero();
        assertThat(rig.irqLevels).containsExactly(true, false);
    }

    @Test
    void swapBankTakesEffectAtTheNextResetWithItsRegisterSet() {
        // Data written to bank 2 through its window and register set 2.
        rig.unlockBank2();
        rig.setReg(CR2, PSIZE_X64 | PG);
        rig.writeFlashWord(BANK2, 0xB2_0000);
        rig.advanceMicros(100);
        rig.flash.load(FLASH, new byte[] {0x11});

        rig.unlockOptions();
        rig.setReg(OPTSR_PRG, rig.reg(OPTSR_PRG) | SWAP_BANK_OPT);
        programOptions();
        assertThat(rig.reg(OPTSR_CUR) & SWAP_BANK_OPT).as("option in effect").isNotZero();
        assertThat(rig.reg(OPTCR) & SWAP_BANK).as("swap waits for reset").isZero();
        assertThat(rig.read32(FLASH) & 0xFF).isEqualTo(0x11);

        rig.codeChanges.clear();
        rig.flash.reset();
        assertThat(rig.reg(OPTCR) & SWAP_BANK).isEqualTo(SWAP_BANK);
        assertThat(rig.flash.banksSwapped()).isTrue();
        assertThat(rig.read32(FLASH)).as("bank 2 at 0x08000000").isEqualTo(0xB2_0000);
        assertThat(rig.read32(BANK2) & 0xFF).as("bank 1 at 0x08100000").isEqualTo(0x11);
        assertThat(rig.codeChanges).anySatisfy(c -> assertThat(c).containsExactly(FLASH, 1 << 20));

        // Register set 1 now controls the bank at 0x08000000, i.e. physical bank 2.
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X64 | PG);
        rig.writeFlashWord(FLASH + 0x20, 0xC0DE);
        rig.advanceMicros(100);
        assertThat(rig.bank2.array()[0x20]).isEqualTo((byte) 0xDE);
        assertThat(rig.bank1.array()[0x20]).isEqualTo((byte) 0xFF);

        // And back.
        rig.unlockOptions();
        rig.setReg(OPTSR_PRG, rig.reg(OPTSR_PRG) & ~SWAP_BANK_OPT);
        programOptions();
        rig.flash.reset();
        assertThat(rig.read32(FLASH) & 0xFF).isEqualTo(0x11);
    }

    @Test
    void writeProtectionBelongsToThePhysicalBank() {
        rig.unlockOptions();
        rig.setReg(WPSN_PRG2R, 0xFE); // physical bank 2, sector 0
        rig.setReg(OPTSR_PRG, rig.reg(OPTSR_PRG) | SWAP_BANK_OPT);
        programOptions();
        rig.flash.reset();
        assertThat(rig.reg(WPSN_CUR1R)).as("register set 1 shows the bank at 0x08000000").isEqualTo(0xFE);
        rig.unlockBank1();
        rig.setReg(CR1, PSIZE_X64 | PG);
        rig.writeFlashWord(FLASH, 1);
        assertThat(rig.reg(SR1) & H7FlashBank.WRPERR).isNotZero();
    }

    @Test
    void optionBytesSurviveANewModelOnTheSameStorage() {
        rig.unlockOptions();
        rig.setReg(OPTSR_PRG, rig.reg(OPTSR_PRG) | SWAP_BANK_OPT);
        rig.setReg(WPSN_PRG1R, 0x7F);
        rig.setReg(BOOT_PRGR, 0x2400_0800);
        programOptions();
        rig.flash.load(BANK2, new byte[] {0x42});

        H7FlashRig again = new H7FlashRig(H7FlashVariant.H743, rig.bank1, rig.bank2, rig.options);
        assertThat(again.reg(OPTSR_CUR) & SWAP_BANK_OPT).isNotZero();
        assertThat(again.flash.banksSwapped()).as("power-on applies the swap").isTrue();
        assertThat(again.read32(FLASH) & 0xFF).isEqualTo(0x42);
        assertThat(again.reg(0x138)).as("WPSN_CUR2R shows physical bank 1 after the swap").isEqualTo(0x7F);
        assertThat(again.flash.bootAddress(true)).isEqualTo(0x2400_0000L);
    }

    @Test
    void optionBytesCanLiveInABankStorageRegisterImage() {
        ArrayNonVolatileMemory b1 = new ArrayNonVolatileMemory(1 << 20), b2 = new ArrayNonVolatileMemory(1 << 20);
        H7FlashRig first = new H7FlashRig(H7FlashVariant.H743, b1, b2, b1);
        first.unlockOptions();
        first.setReg(BOOT_PRGR, 0x1FF0_0900);
        first.setReg(OPTCR, OPTSTART);
        first.advanceMicros(1000);
        assertThat(new H7FlashRig(H7FlashVariant.H743, b1, b2, b1).flash.bootAddress(false)).isEqualTo(0x0900_0000L);
    }

    @Test
    void h750HasOneBankWithOneSector() {
        H7FlashRig h750 = new H7FlashRig(H7FlashVariant.H750);
        assertThat(h750.flash.geometry().banks()).isEqualTo(1);
        assertThat(h750.flash.bankRegion(0).size()).isEqualTo(128 << 10);
        assertThatThrownBy(() -> h750.read32(BANK2)).isInstanceOf(BusErrorException.class);

        h750.flash.load(FLASH + 0x1_FFFC, new byte[] {1, 2, 3, 4});
        h750.unlockBank1();
        h750.setReg(CR1, PSIZE_X64 | SER | (1 << 8) | START);
        assertThat(h750.reg(SR1) & (H7FlashBank.PGSERR | QW)).as("sector 1 does not exist").isEqualTo(H7FlashBank.PGSERR);
        h750.setReg(CCR1, H7FlashBank.PGSERR);
        h750.setReg(CR1, PSIZE_X64 | SER | START);
        h750.advancePicos(1000 * 1_000_000_000L);
        assertThat(h750.read32(FLASH + 0x1_FFFC)).isEqualTo(-1);

        h750.flash.load(FLASH, new byte[] {5});
        h750.setReg(CR1, PSIZE_X64 | BER | START);
        h750.advancePicos(1000 * 1_000_000_000L); // one sector: bank erase no longer than the sector erase
        assertThat(h750.read32(FLASH)).isEqualTo(-1);

        h750.unlockBank2();
        h750.setReg(CR2, PSIZE_X64 | BER | START);
        assertThat(h750.reg(SR2) & H7FlashBank.PGSERR).as("no bank 2").isNotZero();
    }

    @Test
    void h750IgnoresSwapBankOption() {
        H7FlashRig h750 = new H7FlashRig(H7FlashVariant.H750);
        h750.unlockOptions();
        h750.setReg(OPTSR_PRG, h750.reg(OPTSR_PRG) | SWAP_BANK_OPT);
        h750.setReg(OPTCR, OPTSTART);
        h750.advanceMicros(1000);
        h750.flash.reset();
        assertThat(h750.flash.banksSwapped()).isFalse();
    }

    @Test
    void constructorRejectsStorageOfTheWrongSize() {
        assertThatThrownBy(() -> new H7FlashRig(H7FlashVariant.H743, new ArrayNonVolatileMemory(128 << 10),
                new ArrayNonVolatileMemory(1 << 20), new ArrayNonVolatileMemory(4096)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bank 1");
        assertThatThrownBy(() -> new H7FlashRig(H7FlashVariant.H750, new ArrayNonVolatileMemory(128 << 10),
                new ArrayNonVolatileMemory(128 << 10), new ArrayNonVolatileMemory(4096)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bank 2");
    }

    @Test
    void loaderRejectsAddressesOutsideTheFlash() {
        assertThatThrownBy(() -> rig.flash.load(0x081F_FFFE, new byte[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the H743 flash");
        rig.flash.load(0x080F_FFFE, new byte[] {1, 2, 3, 4}); // spans both banks
        assertThat(rig.read32(0x080F_FFFC) >>> 16).isEqualTo(0x0201);
        assertThat(rig.read32(BANK2) & 0xFFFF).isEqualTo(0x0403);
    }

    @Test
    void h757HasCortexM4BootAddresses() {
        H7FlashRig h757 = new H7FlashRig(H7FlashVariant.H757);
        assertThat(h757.flash.bootAddress(false)).isEqualTo(0x0800_0000L);
        assertThat(h757.flash.bootAddressCm4(false)).isEqualTo(0x0810_0000L);
        assertThat(h757.flash.bootAddressCm4(true)).isEqualTo(0x1000_0000L);
        assertThat(h757.reg(0x48)).isEqualTo(0x1000_0810);
        assertThat(h757.reg(0x148)).isEqualTo(0x1000_0810);
    }
}
