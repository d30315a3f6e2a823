package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** SYSCFG (H7), DBGMCU and the factory device-information words. */
class Stm32SystemInfoTest {
    @Test
    void h7DbgmcuIdcodeCarriesDevIdAndRevision() {
        Stm32Dbgmcu dbg = new Stm32Dbgmcu(Stm32Dbgmcu.Family.H7, Stm32Dbgmcu.DEV_ID_H74X_H75X, Stm32Dbgmcu.REV_ID_H7_V);
        assertThat(dbg.read(0x00, 4)).isEqualTo(0x2003_0450);
        dbg.write(0x00, 4, 0);
        assertThat(dbg.idcode()).as("read-only").isEqualTo(0x2003_0450);
        dbg.write(0x04, 4, 0x7);
        dbg.reset();
        assertThat(dbg.read(0x04, 4)).as("kept across system reset").isEqualTo(0x7);
        dbg.powerOn();
        assertThat(dbg.read(0x04, 4)).isZero();
        assertThat(dbg.registers().register("APB4FZ1").offset()).isEqualTo(0x54);
    }

    @Test
    void l4DbgmcuIdentifiesTheL476() {
        Stm32Dbgmcu dbg = new Stm32Dbgmcu(Stm32Dbgmcu.Family.L4, Stm32Dbgmcu.DEV_ID_L47X, Stm32Dbgmcu.REV_ID_L476_REV4);
        assertThat(dbg.read(0x00, 4)).isEqualTo(0x1007_0415);
        assertThat(dbg.read(0x00, 2)).isEqualTo(0x0415);
        assertThat(dbg.registers().register("APB2FZR").offset()).isEqualTo(0x10);
        assertThatThrownBy(() -> new Stm32Dbgmcu(Stm32Dbgmcu.Family.L4, 0x1000, 0)).hasMessageContaining("DEV_ID");
    }

    @Test
    void h7DeviceInfoServesUidAndFlashSize() {
        Stm32DeviceInfo info = Stm32DeviceInfo.forH7(new int[] {0x1111_2222, 0x3333_4444, 0x5555_6666}, 2048);
        assertThat(Stm32DeviceInfo.H7_BASE + 0x80).isEqualTo(0x1FF1_E880);
        assertThat(info.read(0x00, 4)).isEqualTo(0x1111_2222);
        assertThat(info.read(0x08, 4)).isEqualTo(0x5555_6666);
        assertThat(info.read(0x80, 2)).isEqualTo(2048);
        assertThat(info.read(0x80, 4)).as("LL_GetFlashSize reads a word").isEqualTo(2048);
        info.write(0x00, 4, 0);
        assertThat(info.read(0x00, 4)).isEqualTo(0x1111_2222);
        assertThat(info.read(0x40, 4)).isZero();
    }

    @Test
    void l4DeviceInfoServesPackageUidAndFlashSize() {
        Stm32DeviceInfo info = Stm32DeviceInfo.forL4(new int[] {1, 2, 3}, 1024, 0b00000);
        assertThat(Stm32DeviceInfo.L4_BASE + 0x90).isEqualTo(0x1FFF_7590);
        assertThat(Stm32DeviceInfo.L4_BASE + 0xE0).isEqualTo(0x1FFF_75E0);
        assertThat(info.read(0x90, 4)).isEqualTo(1);
        assertThat(info.read(0x98, 4)).isEqualTo(3);
        assertThat(info.read(0xE0, 2)).isEqualTo(1024);
        assertThat(info.read(0x00, 4) & 0x1F).isZero();
        assertThatThrownBy(() -> Stm32DeviceInfo.forL4(new int[] {1, 2}, 1024, 0)).hasMessageContaining("three");
    }

    @Test
    void h7SyscfgStoresConfigurationAndReportsCompensationReady() {
        Stm32H7Syscfg syscfg = new Stm32H7Syscfg(0b0110);
        assertThat(syscfg.read(0x124, 4)).isEqualTo(0b0110);
        syscfg.write(0x08, 4, 0x2103);                                 // EXTICR1
        assertThat(syscfg.read(0x08, 4)).isEqualTo(0x2103);
        syscfg.write(0x20, 4, 1);                                      // CCCSR.EN
        assertThat(syscfg.read(0x20, 4)).isEqualTo(1 | 1 << 8);
        syscfg.write(0x2C, 4, 1);                                      // PWRCR.ODEN
        assertThat(syscfg.read(0x2C, 4)).isEqualTo(1);
        assertThat(syscfg.read(0x308, 4) >>> 16).as("BOOT_ADD0").isEqualTo(0x0800);
        assertThat(syscfg.read(0x300, 4) >>> 16 & 0xFF).as("RDP level 0").isEqualTo(0xAA);
        syscfg.write(0x308, 4, 0);
        assertThat(syscfg.read(0x308, 4) >>> 16).as("read-only").isEqualTo(0x0800);
        syscfg.setUserRegister(3, 0x1FF0_0000);
        syscfg.reset();
        assertThat(syscfg.read(0x30C, 4)).isEqualTo(0x1FF0_0000);
        assertThat(syscfg.read(0x20, 4)).isZero();
        assertThatThrownBy(() -> syscfg.setUserRegister(1, 0)).hasMessageContaining("UR1");
    }

    /** SYSCFG_CFGR lock bits (RM0433 Rev 8 12.3.6; positions as ST's CMSIS stm32h743xx.h, SRAM3L = bit 10). */
    @Test
    void h7SyscfgCfgrLockBitsIncludeSram3AndStaySetUntilReset() {
        Stm32H7Syscfg syscfg = new Stm32H7Syscfg(0);
        int all = 1 << 2 | 1 << 3 | 1 << 6 | 1 << 7 | 1 << 9 | 1 << 10 | 1 << 11 | 1 << 12 | 1 << 13 | 1 << 14 | 1 << 15;
        syscfg.write(0x18, 4, 0xFFFF_FFFF);
        assertThat(syscfg.read(0x18, 4)).isEqualTo(all);
        syscfg.write(0x18, 4, 0);
        assertThat(syscfg.read(0x18, 4)).as("set-only").isEqualTo(all);
        syscfg.reset();
        assertThat(syscfg.read(0x18, 4)).isZero();
    }
}
