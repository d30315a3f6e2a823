package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * STM32H7R/S PWR voltage scaling readiness, FLASH_ACR latency and the XSPI HSLV switch that
 * needs both SBS_CCCSR and the option byte (RM0477; offsets and bits from ST's stm32h7s3xx.h).
 */
class Stm32H7rsPowerAndHslvTest {
    @Test
    void voltageScaleZeroIsReadyAtOnceAndShowsAsTheActiveScale() {
        Stm32H7rsPwr pwr = new Stm32H7rsPwr();
        assertThat(pwr.read(0x04, 4) & 2).as("SR1.ACTVOSRDY").isEqualTo(2);
        pwr.write(0x14, 4, 1);                            // CSR4.VOS = scale 0
        assertThat(pwr.read(0x14, 4)).as("VOS, VOSRDY").isEqualTo(3);
        assertThat(pwr.read(0x04, 4) & 1).as("SR1.ACTVOS").isEqualTo(1);
        assertThat(pwr.highVoltageScale()).isTrue();
        pwr.write(0x0C, 4, 1 << 15);                      // CSR2.EN_XSPIM2
        assertThat(pwr.xspimPortEnabled(2)).isTrue();
        assertThat(pwr.xspimPortEnabled(1)).isFalse();
    }

    @Test
    void flashLatencyIsStoredWithItsProgrammingDelay() {
        Stm32H7rsFlashInterface flash = new Stm32H7rsFlashInterface(0);
        assertThat(flash.read(0x00, 4)).as("one wait state after reset").isEqualTo(1);
        flash.write(0x00, 4, 7 | 3 << 4);
        assertThat(flash.read(0x00, 4)).isEqualTo(0x37);
        assertThat(flash.waitStates()).isEqualTo(7);
    }

    @Test
    void xspi2HighSpeedAtLowVoltageTakesBothTheSbsBitAndTheOptionByte() {
        Stm32H7rsFlashInterface allowed = new Stm32H7rsFlashInterface(Stm32H7rsFlashInterface.OB_XSPI2_HSLV);
        Stm32H7rsSbs sbs = new Stm32H7rsSbs(allowed);
        assertThat(allowed.read(0x260, 4)).as("OBW1SR").isEqualTo(1 << 9);
        assertThat(sbs.xspiHighSpeedLowVoltage(2)).isFalse();
        sbs.write(0x110, 4, 1 << 18 | 1 << 4);            // XSPI2_IOHSLV, XSPI2_COMP_EN
        assertThat(sbs.xspiHighSpeedLowVoltage(2)).isTrue();
        assertThat(sbs.read(0x110, 4) & 1 << 10).as("XSPI2_COMP_RDY").isNotZero();
        Stm32H7rsSbs notAllowed = new Stm32H7rsSbs(new Stm32H7rsFlashInterface(0));
        notAllowed.write(0x110, 4, 1 << 18);
        assertThat(notAllowed.xspiHighSpeedLowVoltage(2)).isFalse();
    }
}
