package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The STM32H7A3/B3 RCC (RM0455 chapter 7) as the RM0433 model's RM0455 variant: the CPU-domain and
 * SmartRun-domain registers at the RM0433 offsets under their RM0455 names (stm32h7b3xx.h
 * RCC_TypeDef), the OCTOSPI kernel clock mux, no GCR or C1_ aliases, the RM0455 reset flags.
 */
class Stm32H7RccRm0455Test {
    static final int CR = 0x000, CFGR = 0x010, CDCFGR1 = 0x018, PLLCKSELR = 0x028, PLLCFGR = 0x02C, PLL1DIVR = 0x030,
            CDCCIPR = 0x04C, GCR_RM0433 = 0x0A0, CKGAENR = 0x0B0, RSR = 0x0D0, C1_AHB4ENR_RM0433 = 0x140, AHB4ENR = 0x0E0;
    static final int HSEON = 1 << 16, HSERDY = 1 << 17, PLL1ON = 1 << 24, PLL1RDY = 1 << 25;

    final List<ClockListener.BusClocks> heard = new ArrayList<>();
    final Stm32H7Rcc rcc = new Stm32H7Rcc(Stm32H7Rcc.Variant.RM0455_CD_SRD, 24_000_000, heard::add);

    @Test
    void domainRegistersCarryTheirRm0455NamesAtTheRm0433Offsets() {
        var regs = rcc.registers();
        assertThat(regs.register("CDCFGR1").offset()).isEqualTo(0x018);
        assertThat(regs.register("CDCFGR2").offset()).isEqualTo(0x01C);
        assertThat(regs.register("SRDCFGR").offset()).isEqualTo(0x020);
        assertThat(regs.register("CDCCIPR").offset()).isEqualTo(0x04C);
        assertThat(regs.register("CDCCIP2R").offset()).isEqualTo(0x054);
        assertThat(regs.register("SRDCCIPR").offset()).isEqualTo(0x058);
        assertThat(regs.register("SRDAMR").offset()).isEqualTo(0x0A8);
        assertThat(regs.register("CKGAENR").offset()).isEqualTo(0x0B0);
        assertThat(regs.field("CDCCIPR", "OCTOSPISEL").lsb()).isEqualTo(4);
        assertThat(regs.field("CR", "CPUCKRDY").lsb()).isEqualTo(14);
        assertThat(regs.field("CR", "CDCKRDY").lsb()).isEqualTo(15);
    }

    @Test
    void thereIsNoGcrNorACortexM7AliasBankButClockGatingIsStored() {
        rcc.write(GCR_RM0433, 4, 1);
        assertThat(rcc.read(GCR_RM0433, 4)).isZero();
        rcc.write(C1_AHB4ENR_RM0433, 4, 0x7FF);
        assertThat(rcc.read(C1_AHB4ENR_RM0433, 4)).isZero();
        assertThat(rcc.read(AHB4ENR, 4)).as("no alias writes through").isZero();
        rcc.write(CKGAENR, 4, 1 << 13);
        assertThat(rcc.read(CKGAENR, 4)).isEqualTo(1 << 13);
    }

    @Test
    void aPowerOnLeavesCdrstfWithoutTheRm0433CpuAndD2Flags() {
        int rsr = rcc.read(RSR, 4);
        assertThat(rsr & (1 << 19)).as("CDRSTF").isNotZero();
        assertThat(rsr & (1 << 23)).as("PORRSTF").isNotZero();
        assertThat(rsr & (1 << 17 | 1 << 20)).as("no CPURSTF, no D2RSTF").isZero();
    }

    @Test
    void pll1FromTheTwentyFourMegahertzHseRunsTheCoreAt280MHzAndFeedsOctospiThroughItsQOutput() {
        rcc.write(CR, 4, rcc.read(CR, 4) | HSEON);
        assertThat(rcc.read(CR, 4) & HSERDY).isEqualTo(HSERDY);
        // PLLSRC = HSE, DIVM1 = 12: 2 MHz in; DIVN1 = 280: VCO 560 MHz; P1 = 2 (280 MHz), Q1 = 4 (140 MHz).
        rcc.write(PLLCKSELR, 4, 2 | 12 << 4 | 32 << 12 | 32 << 20);
        rcc.write(PLLCFGR, 4, 0x01FF_0000 | 1 << 2); // PLL1RGE = 1 (2-4 MHz), wide VCO
        rcc.write(PLL1DIVR, 4, (280 - 1) | (2 - 1) << 9 | (4 - 1) << 16 | (2 - 1) << 24);
        rcc.write(CR, 4, rcc.read(CR, 4) | PLL1ON);
        assertThat(rcc.read(CR, 4) & PLL1RDY).isEqualTo(PLL1RDY);
        rcc.write(CDCFGR1, 4, 8); // HPRE /2: HCLK 140 MHz
        rcc.write(CFGR, 4, 3);    // SW = PLL1
        assertThat(rcc.read(CFGR, 4) >>> 3 & 7).as("SWS").isEqualTo(3);
        assertThat(rcc.cpuHz()).isEqualTo(280_000_000);
        assertThat(rcc.quadspiKernelHz()).as("OCTOSPISEL = 00: HCLK3").isEqualTo(140_000_000);
        rcc.write(CDCCIPR, 4, 1 << 4);
        assertThat(rcc.quadspiKernelHz()).as("OCTOSPISEL = 01: pll1_q_ck").isEqualTo(140_000_000);
        rcc.write(CDCCIPR, 4, 3 << 4);
        assertThat(rcc.quadspiKernelHz()).as("OCTOSPISEL = 11: per_ck = HSI").isEqualTo(64_000_000);
        assertThat(heard.get(heard.size() - 1).cpuHz()).isEqualTo(280_000_000);
    }
}
