package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Stm32PwrTest {
    static final int CR1 = 0x00, CSR1 = 0x04, CR3 = 0x0C, D3CR = 0x18;
    static final int ACTVOSRDY = 1 << 13, VOSRDY = 1 << 13;

    final Stm32H7Pwr h743 = new Stm32H7Pwr(Stm32H7Rcc.Variant.RM0433_SINGLE_CORE);

    @Test
    void h7DeclaredResetValuesMatchRm0433() {
        assertThat(h743.registers().register("CR1").resetValue()).isEqualTo(0xF000_C000);
        assertThat(h743.registers().register("CSR1").resetValue()).isEqualTo(0x0000_4000);
        assertThat(h743.registers().register("CR3").resetValue()).isEqualTo(0x0000_0006);
        assertThat(h743.registers().register("D3CR").resetValue()).isEqualTo(0x0000_4000);
        assertThat(h743.read(CR1, 4)).isEqualTo(0xF000_C000);
        assertThat(h743.read(D3CR, 4)).as("VOSRDY reads 1 after reset").isEqualTo(0x4000 | VOSRDY);
    }

    @Test
    void halSupplyAndVoltageScalingSequenceCompletes() {
        // HAL_PWREx_ConfigSupply(PWR_LDO_SUPPLY): MODIFY_REG(CR3, SCUEN|LDOEN|BYPASS, LDOEN), wait ACTVOSRDY.
        h743.write(CR3, 4, (h743.read(CR3, 4) & ~0x7) | 0x2);
        assertThat(h743.read(CSR1, 4) & ACTVOSRDY).isNotZero();
        assertThat(h743.supplyConfigured()).isTrue();
        // __HAL_PWR_VOLTAGESCALING_CONFIG(PWR_REGULATOR_VOLTAGE_SCALE1): VOS = 11, wait VOSRDY.
        h743.write(D3CR, 4, 3 << 14);
        assertThat(h743.read(D3CR, 4) & VOSRDY).isNotZero();
        assertThat(h743.read(CSR1, 4) >>> 14 & 3).as("ACTVOS").isEqualTo(3);
    }

    @Test
    void supplyConfigurationIsWrittenOncePerPowerOnAndSurvivesSystemReset() {
        h743.write(CR3, 4, 0x2);                                        // LDO, SCUEN cleared
        h743.write(CR3, 4, 0x1 | 1 << 24);                              // try bypass; USB33DEN is free
        assertThat(h743.read(CR3, 4)).isEqualTo(0x2 | 1 << 24 | 1 << 26);  // USB33RDY follows USB33DEN
        h743.reset();
        assertThat(h743.read(CR3, 4) & 0x7).isEqualTo(0x2);
        h743.powerOn();
        assertThat(h743.read(CR3, 4)).isEqualTo(0x6);
        assertThat(h743.supplyConfigured()).isFalse();
    }

    @Test
    void anInvalidSupplyCombinationNeverBecomesReady() {
        h743.write(CR3, 4, 0x3);                                        // BYPASS with LDOEN
        assertThat(h743.read(CSR1, 4) & ACTVOSRDY).isZero();
    }

    @Test
    void dualCoreCr3HasSmpsFields() {
        Stm32H7Pwr h757 = new Stm32H7Pwr(Stm32H7Rcc.Variant.RM0399_DUAL_CORE_CM7);
        assertThat(h757.registers().field("CR3", "SDEN").lsb()).isEqualTo(2);
        assertThat(h757.registers().register("CPU2CR").offset()).isEqualTo(0x14);
        h757.write(CR3, 4, 0x4);                                        // direct SMPS
        assertThat(h757.read(CSR1, 4) & ACTVOSRDY).isNotZero();
    }

    @Test
    void l4RegulatorStatusFollowsTheControlBits() {
        Stm32L4Pwr pwr = new Stm32L4Pwr();
        assertThat(pwr.read(0x00, 4)).isEqualTo(0x0000_0200);
        assertThat(pwr.read(0x08, 4)).isEqualTo(0x0000_8000);
        assertThat(pwr.voltageRange()).isEqualTo(1);
        pwr.write(0x00, 4, 2 << 9);                                     // range 2
        assertThat(pwr.voltageRange()).isEqualTo(2);
        assertThat(pwr.read(0x14, 4) & 1 << 10).as("VOSF: no transition pending").isZero();
        assertThat(pwr.read(0x14, 4) & 1 << 9).as("REGLPF").isZero();
        pwr.write(0x00, 4, 2 << 9 | 1 << 14);                           // LPR
        assertThat(pwr.read(0x14, 4) & 3 << 8).isEqualTo(3 << 8);
        pwr.write(0x20, 4, 0xFFFF);
        assertThat(pwr.read(0x20, 4)).isEqualTo(0xFFFF);
        assertThat(pwr.registers().register("PDCRH").offset()).isEqualTo(0x5C);
    }
}
