package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Stm32H7RccTest {
    // RM0433 8.7 register offsets.
    static final int CR = 0x000, CFGR = 0x010, D1CFGR = 0x018, D2CFGR = 0x01C, D3CFGR = 0x020, PLLCKSELR = 0x028,
            PLLCFGR = 0x02C, PLL1DIVR = 0x030, PLL1FRACR = 0x034, D2CCIP2R = 0x054, BDCR = 0x070, CSR = 0x074,
            RSR = 0x0D0, AHB4ENR = 0x0E0, C1_AHB4ENR = 0x140, C1_RSR = 0x130;
    static final int HSEON = 1 << 16, HSERDY = 1 << 17, PLL1ON = 1 << 24, PLL1RDY = 1 << 25;

    final List<ClockListener.BusClocks> heard = new ArrayList<>();
    final Stm32H7Rcc rcc = new Stm32H7Rcc(Stm32H7Rcc.Variant.RM0433_SINGLE_CORE, 25_000_000, heard::add);

    @Test
    void declaredResetValuesMatchRm0433() {
        var regs = rcc.registers();
        assertThat(regs.register("CR").resetValue()).isEqualTo(0x0000_0025);
        assertThat(regs.register("PLLCKSELR").resetValue()).isEqualTo(0x0202_0200);
        assertThat(regs.register("PLLCFGR").resetValue()).isEqualTo(0x01FF_0000);
        assertThat(regs.register("PLL1DIVR").resetValue()).isEqualTo(0x0101_0280);
        assertThat(regs.register("PLL3DIVR").resetValue()).isEqualTo(0x0101_0280);
        assertThat(regs.register("HSICFGR").resetValue()).isEqualTo(0x4000_0000);
        assertThat(regs.register("CFGR").resetValue()).isZero();
        assertThat(regs.register("AHB4ENR").offset()).isEqualTo(0xE0);
        assertThat(regs.register("APB1LENR").offset()).isEqualTo(0xE8);
    }

    @Test
    void afterResetTheCoreRunsFromHsiAt64MHzWithDomainsReady() {
        // HSION, HSIRDY, HSIDIVF, D1CKRDY, D2CKRDY.
        assertThat(rcc.read(CR, 4)).isEqualTo(0x0000_C025);
        assertThat(rcc.read(CFGR, 4) >>> 3 & 7).isZero();
        assertThat(rcc.cpuHz()).isEqualTo(64_000_000);
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0)).isEqualTo(new ClockListener.BusClocks(64_000_000, 64_000_000, 64_000_000,
                64_000_000, 64_000_000, 64_000_000, 64_000_000));
    }

    @Test
    void hseReadyFollowsItsEnable() {
        assertThat(rcc.read(CR, 4) & HSERDY).isZero();
        rcc.write(CR, 4, rcc.read(CR, 4) | HSEON);
        assertThat(rcc.read(CR, 4) & HSERDY).isEqualTo(HSERDY);
        rcc.write(CR, 4, rcc.read(CR, 4) & ~HSEON);
        assertThat(rcc.read(CR, 4) & HSERDY).isZero();
    }

    @Test
    void withoutAnHseOnTheBoardHseNeverBecomesReady() {
        Stm32H7Rcc noHse = new Stm32H7Rcc(Stm32H7Rcc.Variant.RM0433_SINGLE_CORE, 0, ClockListener.NONE);
        noHse.write(CR, 4, noHse.read(CR, 4) | HSEON);
        assertThat(noHse.read(CR, 4) & HSERDY).isZero();
    }

    /** The sequence of HAL_RCC_OscConfig + HAL_RCC_ClockConfig for 480 MHz on a 25 MHz crystal (STM32H743/H750). */
    static void configure480MHzFromHse(Stm32H7Rcc rcc) {
        rcc.write(CR, 4, rcc.read(CR, 4) | HSEON);
        assertThat(rcc.read(CR, 4) & HSERDY).isNotZero();
        rcc.write(PLLCKSELR, 4, 2 | 5 << 4 | 32 << 12 | 32 << 20);            // PLLSRC = HSE, DIVM1 = 5
        rcc.write(PLL1DIVR, 4, (192 - 1) | (2 - 1) << 9 | (4 - 1) << 16 | (2 - 1) << 24);
        rcc.write(PLL1FRACR, 4, 0);
        rcc.write(PLLCFGR, 4, rcc.read(PLLCFGR, 4) | 2 << 2);                  // PLL1RGE = 4..8 MHz
        rcc.write(CR, 4, rcc.read(CR, 4) | PLL1ON);
        assertThat(rcc.read(CR, 4) & PLL1RDY).isNotZero();
        rcc.write(D1CFGR, 4, 0b1000 | 0b100 << 4);                              // HPRE /2, D1PPRE /2
        rcc.write(D2CFGR, 4, 0b100 << 4 | 0b100 << 8);                          // APB1, APB2 /2
        rcc.write(D3CFGR, 4, 0b100 << 4);                                       // APB4 /2
        rcc.write(CFGR, 4, 3);                                                  // SW = PLL1
    }

    @Test
    void hse25MHzThroughPll1Gives480MHzSysclk() {
        configure480MHzFromHse(rcc);
        assertThat(rcc.read(CFGR, 4) >>> 3 & 7).as("SWS").isEqualTo(3);
        assertThat(rcc.pllOutputHz(0, 0)).isEqualTo(480_000_000);
        assertThat(rcc.pllOutputHz(0, 1)).isEqualTo(240_000_000);
        assertThat(rcc.clocks()).isEqualTo(new ClockListener.BusClocks(480_000_000, 480_000_000, 240_000_000,
                120_000_000, 120_000_000, 120_000_000, 120_000_000));
        assertThat(heard.get(heard.size() - 1).cpuHz()).isEqualTo(480_000_000);
        assertThat(rcc.usartKernelHz(1)).isEqualTo(120_000_000);
        assertThat(rcc.usartKernelHz(3)).isEqualTo(120_000_000);
        assertThat(rcc.quadspiKernelHz()).isEqualTo(240_000_000);
    }

    @Test
    void dualCoreH757ReachesTheSameClocksFromTheCm7View() {
        Stm32H7Rcc h757 = new Stm32H7Rcc(Stm32H7Rcc.Variant.RM0399_DUAL_CORE_CM7, 25_000_000, ClockListener.NONE);
        configure480MHzFromHse(h757);
        assertThat(h757.cpuHz()).isEqualTo(480_000_000);
    }

    @Test
    void switchingToAPllThatIsNotRunningLeavesSwsOnTheOldSource() {
        rcc.write(CFGR, 4, 3);
        assertThat(rcc.read(CFGR, 4) & 0x3F).isEqualTo(3);                    // SW = 3, SWS = 0
        assertThat(rcc.cpuHz()).isEqualTo(64_000_000);
    }

    @Test
    void theSystemClockSourceCannotBeSwitchedOff() {
        rcc.write(CR, 4, 0);
        assertThat(rcc.read(CR, 4) & 1).as("HSION").isEqualTo(1);
        configure480MHzFromHse(rcc);
        rcc.write(CR, 4, 1);                                                    // try to stop HSE and PLL1
        assertThat(rcc.read(CR, 4) & (HSEON | PLL1ON)).isEqualTo(HSEON | PLL1ON);
    }

    @Test
    void cpuDividerAndHsiDividerChangeTheCoreClock() {
        rcc.write(D1CFGR, 4, 0b1001 << 8);                                      // D1CPRE /4
        assertThat(rcc.cpuHz()).isEqualTo(16_000_000);
        rcc.write(CR, 4, rcc.read(CR, 4) | 1 << 3);                             // HSIDIV /2
        assertThat(rcc.cpuHz()).isEqualTo(8_000_000);
        assertThat(heard.get(heard.size() - 1).cpuHz()).isEqualTo(8_000_000);
    }

    @Test
    void fractionalDividerAddsToTheMultiplier() {
        rcc.write(PLLCKSELR, 4, 0 | 4 << 4);                                    // HSI 64 / 4 = 16 MHz
        rcc.write(PLL1DIVR, 4, (50 - 1) | (2 - 1) << 9);
        rcc.write(PLL1FRACR, 4, 4096 << 3);                                     // +0.5
        rcc.write(PLLCFGR, 4, rcc.read(PLLCFGR, 4) | 1);                        // PLL1FRACEN
        rcc.write(CR, 4, rcc.read(CR, 4) | PLL1ON);
        assertThat(rcc.pllOutputHz(0, 0)).isEqualTo(16_000_000L * 505 / 10 / 2);
    }

    @Test
    void disabledPllOutputIsZero() {
        rcc.write(CR, 4, rcc.read(CR, 4) | PLL1ON);
        rcc.write(PLLCFGR, 4, rcc.read(PLLCFGR, 4) & ~(1 << 16));               // DIVP1EN off
        assertThat(rcc.pllOutputHz(0, 0)).isZero();
        assertThat(rcc.pllOutputHz(0, 1)).isPositive();
    }

    @Test
    void usartKernelClockFollowsItsSelection() {
        rcc.write(D2CCIP2R, 4, 3);                                              // USART234578SEL = hsi_ker
        rcc.write(D1CFGR, 4, 0b1000);                                           // HCLK /2 -> APB 32 MHz
        assertThat(rcc.usartKernelHz(3)).isEqualTo(64_000_000);
        assertThat(rcc.usartKernelHz(1)).isEqualTo(32_000_000);
        assertThat(rcc.usartKernelClock(1).getAsLong()).isEqualTo(32_000_000);
        assertThatThrownBy(() -> rcc.usartKernelHz(9)).hasMessageContaining("USART9");
    }

    @Test
    void lowSpeedOscillatorsReportReady() {
        rcc.write(BDCR, 4, 1);
        rcc.write(CSR, 4, 1);
        assertThat(rcc.read(BDCR, 4) & 3).isEqualTo(3);
        assertThat(rcc.read(CSR, 4) & 3).isEqualTo(3);
    }

    @Test
    void powerOnFlagsAreSetAndRmvfClearsThem() {
        // RM0433 table 56: POR sets PORRSTF, PINRSTF, BORRSTF, D2RSTF, D1RSTF, CPURSTF.
        assertThat(rcc.read(RSR, 4)).isEqualTo(0x00FA_0000);
        rcc.write(RSR, 4, 1 << 16);
        assertThat(rcc.read(RSR, 4) & ~(1 << 16)).isZero();
    }

    @Test
    void softwareResetIsRecordedAndSurvivesTheSystemReset() {
        rcc.write(RSR, 4, 1 << 16);
        configure480MHzFromHse(rcc);
        rcc.write(BDCR, 4, 1);
        rcc.reset();
        rcc.noteReset(Stm32H7Rcc.ResetKind.SOFTWARE);
        assertThat(rcc.read(RSR, 4)).isEqualTo(1 << 24 | 1 << 22 | 1 << 17);   // SFTRSTF, PINRSTF, CPURSTF
        assertThat(rcc.read(C1_RSR, 4)).isEqualTo(rcc.read(RSR, 4));
        assertThat(rcc.cpuHz()).isEqualTo(64_000_000);
        assertThat(heard.get(heard.size() - 1).cpuHz()).isEqualTo(64_000_000);
        assertThat(rcc.read(BDCR, 4) & 1).as("backup domain kept").isEqualTo(1);
    }

    @Test
    void dualCoreResetFlagsUseRm0399Names() {
        Stm32H7Rcc h757 = new Stm32H7Rcc(Stm32H7Rcc.Variant.RM0399_DUAL_CORE_CM7, 25_000_000, ClockListener.NONE);
        assertThat(h757.registers().field("RSR", "SFT1RSTF").lsb()).isEqualTo(24);
        assertThat(h757.registers().field("RSR", "C2RSTF").lsb()).isEqualTo(18);
        h757.write(RSR, 4, 1 << 16);
        h757.reset();
        h757.noteReset(Stm32H7Rcc.ResetKind.PIN);
        assertThat(h757.read(RSR, 4)).isEqualTo(1 << 22 | 1 << 18 | 1 << 17);
    }

    @Test
    void cpu1AliasSharesTheEnableRegister() {
        rcc.write(AHB4ENR, 4, 0x1);
        assertThat(rcc.read(C1_AHB4ENR, 4)).isEqualTo(1);
        rcc.write(C1_AHB4ENR, 4, 0x3);
        assertThat(rcc.read(AHB4ENR, 4)).isEqualTo(3);
    }

    @Test
    void rejectsImpossibleHseFrequency() {
        assertThatThrownBy(() -> new Stm32H7Rcc(Stm32H7Rcc.Variant.RM0433_SINGLE_CORE, 80_000_000, ClockListener.NONE))
                .hasMessageContaining("HSE");
    }
}
