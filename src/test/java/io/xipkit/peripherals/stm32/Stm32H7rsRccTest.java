package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The STM32H7R/S RCC (RM0477; offsets and bits from ST's stm32h7s3xx.h) through the clock set-up
 * the NUCLEO-H7S3L8 firmware does (firmware/nucleo-h7s3l8/h7s3.h): PLL1 P = 64 / 4 * 75 / 2 =
 * 600 MHz for the CPU, bus matrix / 2, APBs / 2, PLL2 S = 64 / 4 * 25 / 2 = 200 MHz for XSPI2.
 */
class Stm32H7rsRccTest {
    private static final int CR = 0x000, CFGR = 0x010, CDCFGR = 0x018, BMCFGR = 0x01C, APBCFGR = 0x020,
            PLLCKSELR = 0x028, PLLCFGR = 0x02C, PLL1DIVR1 = 0x030, PLL2DIVR1 = 0x038, PLL2DIVR2 = 0x0C4,
            CCIPR1 = 0x04C, CCIPR2 = 0x050, RSR = 0x130;
    private final List<ClockListener.BusClocks> heard = new ArrayList<>();
    private final Stm32H7rsRcc rcc = new Stm32H7rsRcc(0, heard::add);

    private void wr(int off, int v) {
        rcc.write(off, 4, v);
    }

    private int rd(int off) {
        return rcc.read(off, 4);
    }

    private void vendorSetUp() {
        wr(PLLCKSELR, 4 << 4 | 4 << 12);
        wr(PLL1DIVR1, (rd(PLL1DIVR1) & ~(0x1FF | 0x7F << 9)) | 74 | 1 << 9);
        wr(PLL2DIVR1, (rd(PLL2DIVR1) & ~0x1FF) | 24);
        wr(PLL2DIVR2, (rd(PLL2DIVR2) & ~7) | 1);
        wr(PLLCFGR, 3 << 3 | 1 << 5 | 3 << 14 | 1 << 19);
        wr(CR, rd(CR) | 1 << 24 | 1 << 26);
        wr(BMCFGR, 8);
        wr(APBCFGR, 4 | 4 << 4 | 4 << 8 | 4 << 12);
        wr(CFGR, 3);
        wr(CCIPR1, 1 << 6);
    }

    @Test
    void outOfResetEverythingRunsOnHsi64MhzAndXspiOnHclk() {
        assertThat(rcc.cpuHz()).isEqualTo(64_000_000L);
        assertThat(rd(CR) & 0x25).as("HSION, HSIRDY, HSIDIVF").isEqualTo(0x25);
        assertThat(rd(PLLCKSELR)).isEqualTo(0x0202_0200);
        assertThat(rd(PLL1DIVR1)).isEqualTo(0x0101_0280);
        assertThat(rcc.xspiKernelHz(2)).isEqualTo(64_000_000L);
        assertThat(rcc.usartKernelHz(3)).isEqualTo(64_000_000L);
        assertThat(heard).hasSize(1);
    }

    @Test
    void theVendorSetUpGivesA600MhzCpuAndA200MhzXspi2KernelClock() {
        vendorSetUp();
        assertThat(rd(CR) >>> 25 & 1).as("PLL1RDY").isEqualTo(1);
        assertThat(rd(CR) >>> 27 & 1).as("PLL2RDY").isEqualTo(1);
        assertThat(rd(CFGR) >>> 3 & 7).as("SWS = PLL1").isEqualTo(3);
        assertThat(rcc.clocks()).isEqualTo(new ClockListener.BusClocks(600_000_000L, 600_000_000L, 300_000_000L,
                150_000_000L, 150_000_000L, 150_000_000L, 150_000_000L));
        assertThat(heard.get(heard.size() - 1).cpuHz()).isEqualTo(600_000_000L);
        assertThat(rcc.xspiKernelHz(2)).isEqualTo(200_000_000L);
        assertThat(rcc.xspiKernelHz(1)).as("XSPI1 left on HCLK").isEqualTo(300_000_000L);
        assertThat(rcc.usartKernelHz(3)).as("USART3 on PCLK1").isEqualTo(150_000_000L);
    }

    @Test
    void theCpuPrescalerDividesTheCoreClockAloneAndAnOutputWithoutItsEnableGivesNothing() {
        vendorSetUp();
        wr(CDCFGR, 8);                                    // CPRE: / 2
        assertThat(rcc.cpuHz()).isEqualTo(300_000_000L);
        assertThat(rcc.hclkHz()).as("BMPRE divides sys_ck, not the CPU clock").isEqualTo(300_000_000L);
        wr(CCIPR1, 2 << 6);                               // XSPI2SEL: PLL2 T, whose PLL2TEN is clear
        assertThat(rcc.xspiKernelHz(2)).isZero();
        wr(CCIPR2, 3);                                    // UART234578SEL: HSI
        assertThat(rcc.usartKernelHz(3)).isEqualTo(64_000_000L);
    }

    @Test
    void theSystemClockStaysOnHsiUntilPll1IsReadyAndHsiCannotBeStoppedUnderIt() {
        wr(CFGR, 3);                                      // PLL1 off: no switch
        assertThat(rd(CFGR) >>> 3 & 7).isZero();
        wr(CR, rd(CR) & ~1);                              // HSION = 0 while HSI is sys_ck
        assertThat(rd(CR) & 1).isEqualTo(1);
    }

    @Test
    void aSoftwareResetIsRecordedInRsrUntilRmvf() {
        rcc.noteReset(Stm32H7Rcc.ResetKind.SOFTWARE);
        assertThat(rd(RSR) & (1 << 24 | 1 << 22)).isEqualTo(1 << 24 | 1 << 22);
        wr(RSR, 1 << 16);
        assertThat(rd(RSR) & ~(1 << 16)).isZero();
    }
}
