/*
 * Clock bring-up from reset (HSI 64 MHz) to PLL1 from the 25 MHz HSE.
 *
 * Order as RM0433 §8.5 "RCC functional description" and §6.6 "Power management" require:
 * supply configuration first (PWR_CR3, then wait ACTVOSRDY), voltage scaling before raising the
 * frequency (PWR_D3CR.VOS, wait VOSRDY; VOS0 through SYSCFG_PWRCR.ODEN, §6.6.2), HSE on and ready,
 * PLL1 source/dividers while PLL1 is off, PLL1 on and ready, flash wait states before the faster
 * clock (§4.3.8, read ACR back), bus prescalers, then SW = PLL1 and wait for SWS.
 */
#include "hw.h"

static void supply_config(void)
{
#if defined(BOARD_STM32H750_W25Q128)
    /* RM0433 §6.4 / PWR_CR3: LDO supply; writing SCUEN = 0 locks the configuration until POR. */
    PWR_CR3 = (PWR_CR3 & ~(PWR_CR3_BYPASS | PWR_CR3_SCUEN)) | PWR_CR3_LDOEN;
#else
    /* RM0399 §7.4 "Power supply configurations": direct SMPS supply (STM32H747I-DISCO):
       SDEN = 1, LDOEN = 0, BYPASS = 0, SDEXTHP = 0. Write-once after power-on. */
    PWR_CR3 = (PWR_CR3 & ~(PWR_CR3_BYPASS | PWR_CR3_LDOEN | PWR_CR3_SDEXTHP | PWR_CR3_SDLEVEL_Msk))
            | PWR_CR3_SDEN;
#endif
    while (!(PWR_CSR1 & PWR_CSR1_ACTVOSRDY)) {}
}

static void voltage_scaling(void)
{
    PWR_D3CR = (PWR_D3CR & ~PWR_D3CR_VOS_Msk) | PWR_D3CR_VOS_SCALE1;
    while (!(PWR_D3CR & PWR_D3CR_VOSRDY)) {}
#if defined(BOARD_STM32H750_W25Q128)
    /* 480 MHz needs VOS0: overdrive on top of VOS1 (RM0433 §6.6.2 "Voltage scaling"). */
    RCC_APB4ENR |= RCC_APB4ENR_SYSCFGEN;
    (void)RCC_APB4ENR;
    SYSCFG_PWRCR |= SYSCFG_PWRCR_ODEN;
    while (!(PWR_D3CR & PWR_D3CR_VOSRDY)) {}
#endif
}

void clock_init(void)
{
    supply_config();
    voltage_scaling();

    RCC_CR |= RCC_CR_HSEON;
    while (!(RCC_CR & RCC_CR_HSERDY)) {}

    /* PLL1: HSE / M -> 5 MHz (input range 4-8 MHz), wide VCO, integer mode. */
    RCC_PLLCKSELR = (RCC_PLLCKSELR & ~(RCC_PLLCKSELR_PLLSRC_Msk | RCC_PLLCKSELR_DIVM1_Msk))
                  | RCC_PLLCKSELR_PLLSRC_HSE | (BOARD_PLL1_M << RCC_PLLCKSELR_DIVM1_Pos);
    RCC_PLLCFGR = (RCC_PLLCFGR & ~(RCC_PLLCFGR_PLL1FRACEN | RCC_PLLCFGR_PLL1VCOSEL | RCC_PLLCFGR_PLL1RGE_Msk))
                | RCC_PLLCFGR_PLL1RGE_4_8 | RCC_PLLCFGR_DIVP1EN | RCC_PLLCFGR_DIVQ1EN | RCC_PLLCFGR_DIVR1EN;
    RCC_PLL1DIVR = ((BOARD_PLL1_N - 1u) << RCC_PLL1DIVR_N1_Pos) | ((BOARD_PLL1_P - 1u) << RCC_PLL1DIVR_P1_Pos)
                 | ((BOARD_PLL1_Q - 1u) << RCC_PLL1DIVR_Q1_Pos) | ((BOARD_PLL1_R - 1u) << RCC_PLL1DIVR_R1_Pos);
    RCC_PLL1FRACR = 0;
    RCC_CR |= RCC_CR_PLL1ON;
    while (!(RCC_CR & RCC_CR_PLL1RDY)) {}

    /* Flash wait states for the new AXI clock, before the switch; read back until effective. */
    uint32_t acr = (BOARD_FLASH_WS << FLASH_ACR_LATENCY_Pos) | (BOARD_FLASH_WRHIGHFREQ << FLASH_ACR_WRHIGHFREQ_Pos);
    FLASH_ACR = acr;
    while ((FLASH_ACR & (FLASH_ACR_LATENCY_Msk | FLASH_ACR_WRHIGHFREQ_Msk)) != acr) {}

    /* CPU /1, AXI/AHB /2, APB3 /2 (D1); APB1, APB2 /2 (D2); APB4 /2 (D3). */
    RCC_D1CFGR = (0u << RCC_D1CFGR_D1CPRE_Pos) | (RCC_HPRE_DIV2 << RCC_D1CFGR_HPRE_Pos)
               | (RCC_PPRE_DIV2 << RCC_D1CFGR_D1PPRE_Pos);
    RCC_D2CFGR = (RCC_PPRE_DIV2 << RCC_D2CFGR_D2PPRE1_Pos) | (RCC_PPRE_DIV2 << RCC_D2CFGR_D2PPRE2_Pos);
    RCC_D3CFGR = (RCC_PPRE_DIV2 << RCC_D3CFGR_D3PPRE_Pos);

    RCC_CFGR = (RCC_CFGR & ~RCC_CFGR_SW_Msk) | RCC_CFGR_SW_PLL1;
    while ((RCC_CFGR & RCC_CFGR_SWS_Msk) != RCC_CFGR_SWS_PLL1) {}
}
