/*
 * STM32H7 registers used by the xipkit reference firmware, written from the reference manuals
 * (no vendor CMSIS/HAL headers):
 *   RM0433 Rev 7 "STM32H742, STM32H743/753 and STM32H750 Value line advanced Arm-based 32-bit MCUs"
 *   RM0399 Rev 3 "STM32H745/755 and STM32H747/757 advanced Arm-based 32-bit MCUs" (dual core; the
 *          blocks used here have the RM0433 layout except PWR_CR3, see below)
 *   DDI 0403E "ARMv7-M Architecture Reference Manual" for the System Control Space
 * Base addresses: RM0433 §2.3.2 "Memory map and register boundary addresses" (Table 8);
 * RM0399 §2.3.2 gives the same addresses for these blocks.
 *
 * Only the registers and bits the programs touch are named. Every register is a 32-bit word;
 * REG32(base + offset) gives a volatile lvalue.
 */
#ifndef STM32H7_REGS_H
#define STM32H7_REGS_H
#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define REG8(addr)  (*(volatile uint8_t *)(uintptr_t)(addr))

/* ---- Memory map (RM0433 §2.3.2, Table 7 "Memory map") ---------------------------------------- */
#define ITCM_BASE        0x00000000u   /* 64 KB ITCM-RAM                                        */
#define FLASH_BANK1_BASE 0x08000000u   /* embedded flash, bank 1 (128 KB on STM32H750)          */
#define DTCM_BASE        0x20000000u   /* 128 KB DTCM-RAM                                       */
#define AXI_SRAM_BASE    0x24000000u   /* 512 KB AXI SRAM (D1 domain)                           */
#define QSPI_MEM_BASE    0x90000000u   /* QUADSPI memory-mapped bank, 256 MB                    */

/* ---- FLASH interface (RM0433 §4.9 "FLASH registers"), base 0x52002000 (AXI, D1) ---------------- */
#define FLASH_R_BASE     0x52002000u
#define FLASH_ACR        REG32(FLASH_R_BASE + 0x000u)   /* §4.9.1 access control register       */
#define FLASH_ACR_LATENCY_Pos    0u                     /* LATENCY[3:0]: read latency in AXI cycles */
#define FLASH_ACR_LATENCY_Msk    (0xFu << 0)
#define FLASH_ACR_WRHIGHFREQ_Pos 4u                     /* WRHIGHFREQ[1:0]: programming delay     */
#define FLASH_ACR_WRHIGHFREQ_Msk (0x3u << 4)

/* ---- PWR (RM0433 §6.8 "PWR registers"), base 0x58024800 (AHB4, D3) ------------------------------ */
#define PWR_BASE         0x58024800u
#define PWR_CR1          REG32(PWR_BASE + 0x00u)
#define PWR_CSR1         REG32(PWR_BASE + 0x04u)        /* control status register 1            */
#define PWR_CSR1_ACTVOSRDY (1u << 13)                   /* VOS in use is ready; supply config done */
#define PWR_CR3          REG32(PWR_BASE + 0x0Cu)        /* control register 3: supply configuration */
/* RM0433 PWR_CR3 (STM32H742/743/750, LDO only): */
#define PWR_CR3_BYPASS   (1u << 0)
#define PWR_CR3_LDOEN    (1u << 1)
#define PWR_CR3_SCUEN    (1u << 2)                      /* supply configuration update enable (write 0 locks) */
/* RM0399 §7.8.4 PWR_CR3 (STM32H745/747/755/757, SMPS step-down converter + LDO): */
#define PWR_CR3_SDEN     (1u << 2)                      /* SMPS step-down converter enable        */
#define PWR_CR3_SDEXTHP  (1u << 3)                      /* SMPS forced ON for external supply      */
#define PWR_CR3_SDLEVEL_Msk (0x3u << 4)                 /* SMPS output level for external supply  */
#define PWR_D3CR         REG32(PWR_BASE + 0x18u)        /* D3 domain control register            */
#define PWR_D3CR_VOSRDY  (1u << 13)                     /* VOS ready                             */
#define PWR_D3CR_VOS_Pos 14u                            /* VOS[1:0]: 01 scale 3, 10 scale 2, 11 scale 1 */
#define PWR_D3CR_VOS_Msk (0x3u << 14)
#define PWR_D3CR_VOS_SCALE1 (0x3u << 14)

/* ---- SYSCFG (RM0433 §12.3 "SYSCFG registers"), base 0x58000400 (APB4, D3) ---------------------- */
#define SYSCFG_BASE      0x58000400u
#define SYSCFG_PWRCR     REG32(SYSCFG_BASE + 0x2Cu)     /* power control register               */
#define SYSCFG_PWRCR_ODEN (1u << 0)                     /* overdrive: VOS1 -> VOS0 (§6.6.2)      */

/* ---- RCC (RM0433 §8.7 "RCC registers"), base 0x58024400 (AHB4, D3) ------------------------------ */
#define RCC_BASE         0x58024400u
#define RCC_CR           REG32(RCC_BASE + 0x000u)       /* §8.7.2 source control register        */
#define RCC_CR_HSION     (1u << 0)
#define RCC_CR_HSIRDY    (1u << 2)
#define RCC_CR_HSEON     (1u << 16)
#define RCC_CR_HSERDY    (1u << 17)
#define RCC_CR_HSEBYP    (1u << 18)
#define RCC_CR_PLL1ON    (1u << 24)
#define RCC_CR_PLL1RDY   (1u << 25)
#define RCC_CFGR         REG32(RCC_BASE + 0x010u)       /* §8.7.7 clock configuration register   */
#define RCC_CFGR_SW_Msk  (0x7u << 0)                    /* SW[2:0]: 000 HSI, 001 CSI, 010 HSE, 011 PLL1 */
#define RCC_CFGR_SW_PLL1 (0x3u << 0)
#define RCC_CFGR_SWS_Msk (0x7u << 3)                    /* SWS[2:0]: switch status, same coding  */
#define RCC_CFGR_SWS_PLL1 (0x3u << 3)
#define RCC_D1CFGR       REG32(RCC_BASE + 0x018u)       /* §8.7.8 domain 1 clock configuration   */
#define RCC_D1CFGR_HPRE_Pos   0u                        /* HPRE[3:0]: 0xxx /1, 1000 /2 ... AXI/AHB3 */
#define RCC_D1CFGR_D1PPRE_Pos 4u                        /* D1PPRE[2:0]: 0xx /1, 100 /2 ... APB3  */
#define RCC_D1CFGR_D1CPRE_Pos 8u                        /* D1CPRE[3:0]: 0xxx /1 ... CPU clock    */
#define RCC_D2CFGR       REG32(RCC_BASE + 0x01Cu)       /* §8.7.9 domain 2 clock configuration   */
#define RCC_D2CFGR_D2PPRE1_Pos 4u                       /* APB1 prescaler                        */
#define RCC_D2CFGR_D2PPRE2_Pos 8u                       /* APB2 prescaler (USART1)               */
#define RCC_D3CFGR       REG32(RCC_BASE + 0x020u)       /* §8.7.10 domain 3 clock configuration  */
#define RCC_D3CFGR_D3PPRE_Pos 4u                        /* APB4 prescaler                        */
#define RCC_PPRE_DIV2    0x4u                           /* 100: rcc_hclk / 2                      */
#define RCC_HPRE_DIV2    0x8u                           /* 1000: sys_d1cpre_ck / 2                 */
#define RCC_PLLCKSELR    REG32(RCC_BASE + 0x028u)       /* §8.7.11 PLLs clock source selection    */
#define RCC_PLLCKSELR_PLLSRC_Msk (0x3u << 0)            /* 00 HSI, 01 CSI, 10 HSE, 11 none        */
#define RCC_PLLCKSELR_PLLSRC_HSE (0x2u << 0)
#define RCC_PLLCKSELR_DIVM1_Pos  4u                     /* DIVM1[5:0]: PLL1 reference divider     */
#define RCC_PLLCKSELR_DIVM1_Msk  (0x3Fu << 4)
#define RCC_PLLCFGR      REG32(RCC_BASE + 0x02Cu)       /* §8.7.12 PLLs configuration register    */
#define RCC_PLLCFGR_PLL1FRACEN (1u << 0)
#define RCC_PLLCFGR_PLL1VCOSEL (1u << 1)                /* 0: wide VCO 192-960 MHz, 1: medium 150-420 MHz */
#define RCC_PLLCFGR_PLL1RGE_Pos 2u                      /* 00 1-2, 01 2-4, 10 4-8, 11 8-16 MHz input */
#define RCC_PLLCFGR_PLL1RGE_Msk (0x3u << 2)
#define RCC_PLLCFGR_PLL1RGE_4_8 (0x2u << 2)
#define RCC_PLLCFGR_DIVP1EN    (1u << 16)
#define RCC_PLLCFGR_DIVQ1EN    (1u << 17)
#define RCC_PLLCFGR_DIVR1EN    (1u << 18)
#define RCC_PLL1DIVR     REG32(RCC_BASE + 0x030u)       /* §8.7.13 PLL1 dividers configuration    */
#define RCC_PLL1DIVR_N1_Pos 0u                          /* DIVN1[8:0] = N - 1                     */
#define RCC_PLL1DIVR_P1_Pos 9u                          /* DIVP1[6:0] = P - 1                     */
#define RCC_PLL1DIVR_Q1_Pos 16u                         /* DIVQ1[6:0] = Q - 1                     */
#define RCC_PLL1DIVR_R1_Pos 24u                         /* DIVR1[6:0] = R - 1                     */
#define RCC_PLL1FRACR    REG32(RCC_BASE + 0x034u)       /* §8.7.14 PLL1 fractional divider        */
#define RCC_D1CCIPR      REG32(RCC_BASE + 0x04Cu)       /* §8.7.19 domain 1 kernel clock config   */
#define RCC_D1CCIPR_QSPISEL_Msk (0x3u << 4)             /* 00: rcc_hclk3 (default)                */
#define RCC_D2CCIP2R     REG32(RCC_BASE + 0x054u)       /* §8.7.21 domain 2 kernel clock config 2 */
#define RCC_D2CCIP2R_USART16SEL_Msk (0x7u << 3)         /* 000: rcc_pclk2 (default)               */
#define RCC_AHB3RSTR     REG32(RCC_BASE + 0x07Cu)       /* §8.7.28 AHB3 peripheral reset          */
#define RCC_AHB3RSTR_QSPIRST (1u << 14)
#define RCC_AHB3ENR      REG32(RCC_BASE + 0x0D4u)       /* §8.7.40 AHB3 clock enable              */
#define RCC_AHB3ENR_QSPIEN (1u << 14)
#define RCC_AHB4ENR      REG32(RCC_BASE + 0x0E0u)       /* §8.7.43 AHB4 clock enable              */
#define RCC_AHB4ENR_GPIOEN(port) (1u << (port))         /* GPIOAEN bit 0 .. GPIOKEN bit 10         */
#define RCC_APB2ENR      REG32(RCC_BASE + 0x0F0u)       /* §8.7.47 APB2 clock enable              */
#define RCC_APB2ENR_USART1EN (1u << 4)
#define RCC_APB4ENR      REG32(RCC_BASE + 0x0F4u)       /* §8.7.48 APB4 clock enable              */
#define RCC_APB4ENR_SYSCFGEN (1u << 1)

/* ---- GPIO (RM0433 §11.4 "GPIO registers"), GPIOA 0x58020000, one port every 0x400 (AHB4, D3) --- */
#define GPIO_BASE(port)  (0x58020000u + 0x400u * (uint32_t)(port))
#define GPIO_PORT_A 0
#define GPIO_PORT_B 1
#define GPIO_PORT_C 2
#define GPIO_PORT_D 3
#define GPIO_PORT_E 4
#define GPIO_PORT_F 5
#define GPIO_PORT_G 6
#define GPIO_PORT_H 7
#define GPIO_PORT_I 8
#define GPIO_MODER(p)    REG32(GPIO_BASE(p) + 0x00u)    /* 2 bits/pin: 00 in, 01 out, 10 AF, 11 analog */
#define GPIO_OTYPER(p)   REG32(GPIO_BASE(p) + 0x04u)    /* 1 bit/pin: 0 push-pull                 */
#define GPIO_OSPEEDR(p)  REG32(GPIO_BASE(p) + 0x08u)    /* 2 bits/pin: 11 very high speed         */
#define GPIO_PUPDR(p)    REG32(GPIO_BASE(p) + 0x0Cu)    /* 2 bits/pin: 00 none, 01 pull-up        */
#define GPIO_IDR(p)      REG32(GPIO_BASE(p) + 0x10u)
#define GPIO_ODR(p)      REG32(GPIO_BASE(p) + 0x14u)
#define GPIO_BSRR(p)     REG32(GPIO_BASE(p) + 0x18u)    /* bits 15:0 set, bits 31:16 reset        */
#define GPIO_AFRL(p)     REG32(GPIO_BASE(p) + 0x20u)    /* 4 bits/pin, pins 0-7                   */
#define GPIO_AFRH(p)     REG32(GPIO_BASE(p) + 0x24u)    /* 4 bits/pin, pins 8-15                  */
#define GPIO_MODE_OUTPUT 0x1u
#define GPIO_MODE_AF     0x2u

/* ---- USART1 (RM0433 §48.7 "USART registers"), base 0x40011000 (APB2, D2) ----------------------- */
#define USART1_BASE      0x40011000u
#define USART1_CR1       REG32(USART1_BASE + 0x00u)
#define USART_CR1_UE     (1u << 0)
#define USART_CR1_RE     (1u << 2)
#define USART_CR1_TE     (1u << 3)
#define USART1_CR2       REG32(USART1_BASE + 0x04u)
#define USART1_CR3       REG32(USART1_BASE + 0x08u)
#define USART1_BRR       REG32(USART1_BASE + 0x0Cu)     /* OVER8 = 0: BRR = usart_ker_ck / baud   */
#define USART1_ISR       REG32(USART1_BASE + 0x1Cu)
#define USART_ISR_TC     (1u << 6)                      /* transmission complete                  */
#define USART_ISR_TXE    (1u << 7)                      /* TXE (TXFNF when FIFOEN = 1)            */
#define USART_ISR_TEACK  (1u << 21)                     /* transmit enable acknowledge            */
#define USART_ISR_REACK  (1u << 22)                     /* receive enable acknowledge             */
#define USART1_RDR       REG32(USART1_BASE + 0x24u)
#define USART1_TDR       REG32(USART1_BASE + 0x28u)
#define USART1_PRESC     REG32(USART1_BASE + 0x2Cu)     /* 0000: kernel clock not divided          */

/* ---- QUADSPI (RM0433 §23.5 "QUADSPI registers"), base 0x52005000 (AHB3, D1) -------------------- */
#define QUADSPI_BASE     0x52005000u
#define QUADSPI_CR       REG32(QUADSPI_BASE + 0x00u)    /* §23.5.1 control register              */
#define QSPI_CR_EN       (1u << 0)
#define QSPI_CR_ABORT    (1u << 1)                      /* cleared by hardware when the abort is done */
#define QSPI_CR_TCEN     (1u << 3)                      /* timeout counter enable (memory-mapped) */
#define QSPI_CR_SSHIFT   (1u << 4)                      /* sample shift: half a cycle later       */
#define QSPI_CR_DFM      (1u << 6)                      /* dual-flash mode                        */
#define QSPI_CR_FSEL     (1u << 7)                      /* flash select (single-flash mode)       */
#define QSPI_CR_FTHRES_Pos 8u                           /* FTHRES[4:0]: FIFO threshold - 1        */
#define QSPI_CR_APMS     (1u << 22)                     /* automatic poll mode stop on match      */
#define QSPI_CR_PMM      (1u << 23)                     /* polling match mode: 0 AND, 1 OR        */
#define QSPI_CR_PRESCALER_Pos 24u                       /* F(CLK) = F(qspi_ker_ck) / (PRESCALER + 1) */
#define QUADSPI_DCR      REG32(QUADSPI_BASE + 0x04u)    /* §23.5.2 device configuration register */
#define QSPI_DCR_CKMODE  (1u << 0)                      /* 0: clock mode 0                        */
#define QSPI_DCR_CSHT_Pos 8u                            /* CSHT[2:0]: CS high time = CSHT + 1 cycles */
#define QSPI_DCR_FSIZE_Pos 16u                          /* FSIZE[4:0]: 2^(FSIZE+1) bytes          */
#define QUADSPI_SR       REG32(QUADSPI_BASE + 0x08u)    /* §23.5.3 status register               */
#define QSPI_SR_TEF      (1u << 0)
#define QSPI_SR_TCF      (1u << 1)
#define QSPI_SR_FTF      (1u << 2)
#define QSPI_SR_SMF      (1u << 3)
#define QSPI_SR_TOF      (1u << 4)
#define QSPI_SR_BUSY     (1u << 5)
#define QSPI_SR_FLEVEL_Pos 8u                           /* FLEVEL[5:0]: bytes in the 32-byte FIFO */
#define QUADSPI_FCR      REG32(QUADSPI_BASE + 0x0Cu)    /* §23.5.4 flag clear register            */
#define QSPI_FCR_CTEF    (1u << 0)
#define QSPI_FCR_CTCF    (1u << 1)
#define QSPI_FCR_CSMF    (1u << 3)
#define QSPI_FCR_CTOF    (1u << 4)
#define QUADSPI_DLR      REG32(QUADSPI_BASE + 0x10u)    /* §23.5.5 data length - 1               */
#define QUADSPI_CCR      REG32(QUADSPI_BASE + 0x14u)    /* §23.5.6 communication configuration   */
#define QSPI_CCR_INSTRUCTION(op) ((uint32_t)(op) & 0xFFu)
#define QSPI_CCR_IMODE_Pos   8u                         /* IMODE/ADMODE/ABMODE/DMODE: 00 none,   */
#define QSPI_CCR_ADMODE_Pos 10u                         /* 01 one line, 10 two lines, 11 four lines */
#define QSPI_CCR_ADSIZE_Pos 12u                         /* 00 8-bit, 01 16, 10 24, 11 32-bit      */
#define QSPI_CCR_ABMODE_Pos 14u
#define QSPI_CCR_ABSIZE_Pos 16u                         /* 00 8-bit alternate bytes               */
#define QSPI_CCR_DCYC_Pos   18u                         /* DCYC[4:0]: dummy cycles                */
#define QSPI_CCR_DMODE_Pos  24u
#define QSPI_CCR_FMODE_Pos  26u                         /* 00 ind. write, 01 ind. read, 10 auto-poll, 11 mmap */
#define QSPI_CCR_SIOO    (1u << 28)                     /* send instruction only once             */
#define QSPI_CCR_DDRM    (1u << 31)
#define QSPI_FMODE_INDIRECT_WRITE (0x0u << 26)
#define QSPI_FMODE_INDIRECT_READ  (0x1u << 26)
#define QSPI_FMODE_AUTO_POLL      (0x2u << 26)
#define QSPI_FMODE_MEMORY_MAPPED  (0x3u << 26)
#define QUADSPI_AR       REG32(QUADSPI_BASE + 0x18u)    /* §23.5.7 address                        */
#define QUADSPI_ABR      REG32(QUADSPI_BASE + 0x1Cu)    /* §23.5.8 alternate bytes                */
#define QUADSPI_DR       REG32(QUADSPI_BASE + 0x20u)    /* §23.5.9 data (byte access moves one byte) */
#define QUADSPI_DR8      REG8(QUADSPI_BASE + 0x20u)
#define QUADSPI_PSMKR    REG32(QUADSPI_BASE + 0x24u)    /* §23.5.10 polling status mask           */
#define QUADSPI_PSMAR    REG32(QUADSPI_BASE + 0x28u)    /* §23.5.11 polling status match          */
#define QUADSPI_PIR      REG32(QUADSPI_BASE + 0x2Cu)    /* §23.5.12 polling interval (CLK cycles) */
#define QUADSPI_LPTR     REG32(QUADSPI_BASE + 0x30u)    /* §23.5.13 low-power timeout             */

/* ---- System Control Space (DDI 0403E B3.2, B3.3, C1.6/C1.8; Cortex-M7 TRM for the caches) ------ */
#define SYST_CSR         REG32(0xE000E010u)             /* B3.3.3 SysTick control and status      */
#define NVIC_ICER(n)     REG32(0xE000E180u + 4u * (n))  /* B3.4.4 interrupt clear-enable          */
#define NVIC_ICPR(n)     REG32(0xE000E280u + 4u * (n))  /* B3.4.6 interrupt clear-pending         */
#define SCB_VTOR         REG32(0xE000ED08u)             /* B3.2.5 vector table offset             */
#define SCB_CCR          REG32(0xE000ED14u)             /* B3.2.8 configuration and control       */
#define SCB_CCR_DC       (1u << 16)                     /* data cache enable (ARMv7-M with caches) */
#define SCB_CCR_IC       (1u << 17)                     /* instruction cache enable               */
#define SCB_SHCSR        REG32(0xE000ED24u)             /* B3.2.13 system handler control/state   */
#define SCB_SHCSR_BUSFAULTENA (1u << 17)
#define SCB_CFSR         REG32(0xE000ED28u)             /* B3.2.15 configurable fault status      */
#define SCB_CFSR_PRECISERR (1u << 9)
#define SCB_CFSR_BFARVALID (1u << 15)
#define SCB_HFSR         REG32(0xE000ED2Cu)
#define SCB_BFAR         REG32(0xE000ED38u)             /* B3.2.18 bus fault address              */
#define SCB_CLIDR        REG32(0xE000ED78u)             /* B4.8.3 cache level ID                   */
#define SCB_CCSIDR       REG32(0xE000ED80u)             /* B4.8.4 cache size ID (selected by CSSELR) */
#define SCB_CCSIDR_LINESIZE(x) (((x) & 0x7u) + 4u)      /* log2(line bytes)                       */
#define SCB_CCSIDR_WAYS(x)     ((((x) >> 3) & 0x3FFu) + 1u)
#define SCB_CCSIDR_SETS(x)     ((((x) >> 13) & 0x7FFFu) + 1u)
#define SCB_CSSELR       REG32(0xE000ED84u)             /* B4.8.5 cache size selection: bit0 InD   */
#define SCB_CPACR        REG32(0xE000ED88u)             /* B3.2.20 coprocessor access control     */
#define SCB_DEMCR        REG32(0xE000EDFCu)             /* C1.6.5 debug exception and monitor ctl */
#define SCB_DEMCR_TRCENA (1u << 24)
#define SCB_ICIALLU      REG32(0xE000EF50u)             /* B2.2.7 Table B2-1: I-cache invalidate all */
#define SCB_DCIMVAC      REG32(0xE000EF5Cu)             /* D-cache invalidate by address to PoC   */
#define SCB_DCISW        REG32(0xE000EF60u)             /* D-cache invalidate by set/way          */
#define SCB_DCCIMVAC     REG32(0xE000EF70u)             /* D-cache clean+invalidate by address    */
#define DWT_CTRL         REG32(0xE0001000u)             /* C1.8.7 DWT control                      */
#define DWT_CTRL_CYCCNTENA (1u << 0)
#define DWT_CYCCNT       REG32(0xE0001004u)             /* C1.8.8 cycle count                      */
#define DWT_LAR          REG32(0xE0001FB0u)             /* CoreSight lock access (Cortex-M7 TRM)   */
#define DWT_LAR_KEY      0xC5ACCE55u

#endif
