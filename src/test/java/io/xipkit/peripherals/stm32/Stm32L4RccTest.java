package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Stm32L4RccTest {
    // RM0351 6.4 register offsets.
    static final int CR = 0x00, CFGR = 0x08, PLLCFGR = 0x0C, CCIPR = 0x88, BDCR = 0x90, CSR = 0x94, AHB1ENR = 0x48;
    static final int PLLON = 1 << 24, PLLRDY = 1 << 25;

    final List<ClockListener.BusClocks> heard = new ArrayList<>();
    final Stm32L4Rcc rcc = new Stm32L4Rcc(8_000_000, heard::add);

    @Test
    void resetValuesMatchRm0351() {
        assertThat(rcc.read(CR, 4)).isEqualTo(0x0000_0063);
        assertThat(rcc.read(0x04, 4)).isEqualTo(0x1000_0000);
        assertThat(rcc.read(PLLCFGR, 4)).isEqualTo(0x0000_1000);
        assertThat(rcc.read(AHB1ENR, 4)).isEqualTo(0x0000_0100);
        assertThat(rcc.read(0x78, 4)).isEqualTo(0xF2FE_CA3F);
        assertThat(rcc.read(CSR, 4)).isEqualTo(0x0C00_0600);
    }

    @Test
    void smenrAndPllSaiResetValuesMatchTheSvd() {
        // ST STM32L476 SVD v1.8 resetValue (docs/FACTS-STM32L4.md).
        assertThat(rcc.read(0x10, 4)).as("PLLSAI1CFGR").isEqualTo(0x0000_1000);
        assertThat(rcc.read(0x14, 4)).as("PLLSAI2CFGR").isEqualTo(0x0000_1000);
        assertThat(rcc.read(0x68, 4)).as("AHB1SMENR").isEqualTo(0x0001_1303);
        assertThat(rcc.read(0x6C, 4)).as("AHB2SMENR").isEqualTo(0x0005_32FF);
        assertThat(rcc.read(0x70, 4)).as("AHB3SMENR").isEqualTo(0x0000_0101);
        assertThat(rcc.read(0x7C, 4)).as("APB1SMENR2").isEqualTo(0x0000_0025);
        assertThat(rcc.read(0x80, 4)).as("APB2SMENR").isEqualTo(0x0167_7C01);
    }

    @Test
    void pllpdivBitsAreReservedOnTheL47x() {
        // PLLPDIV/PLLSAIxPDIV (bits 31:27) are L49x/L4Ax only: stm32l476xx.h defines none of them.
        rcc.write(PLLCFGR, 4, 0xF800_0000 | 0x0000_1000);
        assertThat(rcc.read(PLLCFGR, 4)).isEqualTo(0x0000_1000);
        rcc.write(0x10, 4, 0xF800_1000);
        assertThat(rcc.read(0x10, 4)).isEqualTo(0x0000_1000);
        rcc.write(0x14, 4, 0xF800_1000);
        assertThat(rcc.read(0x14, 4)).isEqualTo(0x0000_1000);
    }

    @Test
    void afterResetTheCoreRunsFromMsiAt4MHz() {
        assertThat(rcc.cpuHz()).isEqualTo(4_000_000);
        assertThat(heard).containsExactly(new ClockListener.BusClocks(4_000_000, 4_000_000, 4_000_000, 4_000_000, 4_000_000, 0, 0));
    }

    @Test
    void msi4MHzThroughThePllGives80MHz() {
        // PLLSRC = MSI, PLLM = /1, PLLN = 40, PLLR = /2, PLLREN (RM0351 6.4.4).
        rcc.write(PLLCFGR, 4, 1 | 0 << 4 | 40 << 8 | 1 << 24 | 0 << 25);
        rcc.write(CR, 4, rcc.read(CR, 4) | PLLON);
        assertThat(rcc.read(CR, 4) & PLLRDY).isNotZero();
        rcc.write(CFGR, 4, 3);
        assertThat(rcc.read(CFGR, 4) >>> 2 & 3).as("SWS").isEqualTo(3);
        assertThat(rcc.clocks()).isEqualTo(new ClockListener.BusClocks(80_000_000, 80_000_000, 80_000_000,
                80_000_000, 80_000_000, 0, 0));
        assertThat(heard.get(heard.size() - 1).cpuHz()).isEqualTo(80_000_000);
        assertThat(rcc.usartKernelHz(2)).isEqualTo(80_000_000);
    }

    @Test
    void apbPrescalersDivideHclk() {
        rcc.write(CFGR, 4, 0b1000 << 4 | 0b100 << 8 | 0b101 << 11);            // HPRE /2, PPRE1 /2, PPRE2 /4
        assertThat(rcc.clocks()).isEqualTo(new ClockListener.BusClocks(4_000_000, 2_000_000, 2_000_000,
                1_000_000, 500_000, 0, 0));
        assertThat(rcc.usartKernelHz(1)).isEqualTo(500_000);
        assertThat(rcc.usartKernelHz(2)).isEqualTo(1_000_000);
    }

    @Test
    void msiRangeTakesEffectOnceMsirgselIsSet() {
        rcc.write(CR, 4, (rcc.read(CR, 4) & ~0xF0) | 0xB << 4);                // MSIRANGE = 48 MHz, MSIRGSEL clear
        assertThat(rcc.cpuHz()).isEqualTo(4_000_000);
        rcc.write(CR, 4, rcc.read(CR, 4) | 1 << 3);
        assertThat(rcc.cpuHz()).isEqualTo(48_000_000);
    }

    @Test
    void hseAndHsiReadyFollowEnablesAndSwsFollowsSw() {
        rcc.write(CR, 4, rcc.read(CR, 4) | 1 << 8 | 1 << 16);
        assertThat(rcc.read(CR, 4) & (1 << 10 | 1 << 17)).isEqualTo(1 << 10 | 1 << 17);
        rcc.write(CFGR, 4, 2);
        assertThat(rcc.read(CFGR, 4) & 0xF).isEqualTo(2 | 2 << 2);
        assertThat(rcc.cpuHz()).isEqualTo(8_000_000);
        rcc.write(CFGR, 4, 1);
        assertThat(rcc.cpuHz()).isEqualTo(16_000_000);
    }

    @Test
    void usartKernelClockSelection() {
        rcc.write(CR, 4, rcc.read(CR, 4) | 1 << 8);
        rcc.write(CCIPR, 4, 2 << 2);                                           // USART2SEL = HSI16
        assertThat(rcc.usartKernelHz(2)).isEqualTo(16_000_000);
        assertThat(rcc.quadspiKernelHz()).isEqualTo(4_000_000);
    }

    @Test
    void resetFlagsRecordOptionByteLoadAndSoftwareReset() {
        rcc.write(CSR, 4, 1 << 23);                                           // RMVF
        assertThat(rcc.read(CSR, 4) & 0xFF00_0000).isZero();
        rcc.reset();
        rcc.noteReset(Stm32L4Rcc.ResetKind.OPTION_BYTE_LOAD);
        assertThat(rcc.read(CSR, 4) & 0xFF00_0000).isEqualTo(1 << 25 | 1 << 26);
        rcc.reset();
        rcc.noteReset(Stm32L4Rcc.ResetKind.SOFTWARE);
        assertThat(rcc.read(CSR, 4) & 0xFF00_0000).isEqualTo(1 << 25 | 1 << 26 | 1 << 28);
        rcc.noteReset(Stm32L4Rcc.ResetKind.POWER_ON);
        assertThat(rcc.read(CSR, 4) & 0xFF00_0000).isEqualTo(1 << 26 | 1 << 27);
    }

    @Test
    void systemResetReturnsToMsiButKeepsLse() {
        rcc.write(BDCR, 4, 1);
        rcc.write(CR, 4, rcc.read(CR, 4) | 1 << 8);
        rcc.write(CFGR, 4, 1);
        rcc.reset();
        assertThat(rcc.cpuHz()).isEqualTo(4_000_000);
        assertThat(rcc.read(BDCR, 4) & 3).isEqualTo(3);
    }
}
