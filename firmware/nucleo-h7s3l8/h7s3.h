/*
 * STM32H7S3L8 addresses used by the NUCLEO-H7S3L8 firmware: RM0477 memory map (register boundary
 * addresses). Board: UM3276 (LD1 PD10, LD2 PD13, LD3 PB7; VCP on USART3 PD8/PD9). Register
 * offsets and fields: ../octal-xip/octal.h.
 */
#ifndef H7S3_H
#define H7S3_H
#include "octal.h"

#define GPIOB 0x58020400u
#define GPIOD 0x58020C00u
#define USART3 0x40004800u
#define XSPI2 0x5200A000u
#define XSPI_SR_FLEVEL(sr) (((sr) >> 8) & 0x7Fu)

#define XSPI2_WINDOW 0x70000000u

/*
 * Clock and power set-up, as an application does it before using the octal flash at speed
 * (RM0477 RCC, PWR, FLASH and SBS chapters; register offsets and bits from ST's CMSIS header
 * stm32h7s3xx.h): voltage scale 0 for a 600 MHz CPU, flash read latency up first, PLL1 P =
 * HSI 64 MHz / 4 * 75 / 2 = 600 MHz for the CPU (CPRE /1), AXI/AHB at /2 = 300 MHz (BMPRE), the
 * APB buses at /2 = 150 MHz, PLL2 S = 64 / 4 * 25 / 2 = 200 MHz as XSPI2's kernel clock
 * (CCIPR1.XSPI2SEL = 1), the XSPIM port 2 supply declared in use and its I/Os switched to high
 * speed at low voltage (SBS_CCCSR.XSPI2_IOHSLV; the board's option byte XSPI2_HSLV allows it).
 */
#define RCC 0x58024400u
#define RCC_CR        REG(RCC + 0x000)
#define RCC_CFGR      REG(RCC + 0x010)
#define RCC_CDCFGR    REG(RCC + 0x018)
#define RCC_BMCFGR    REG(RCC + 0x01C)
#define RCC_APBCFGR   REG(RCC + 0x020)
#define RCC_PLLCKSELR REG(RCC + 0x028)
#define RCC_PLLCFGR   REG(RCC + 0x02C)
#define RCC_PLL1DIVR1 REG(RCC + 0x030)
#define RCC_PLL2DIVR1 REG(RCC + 0x038)
#define RCC_PLL2DIVR2 REG(RCC + 0x0C4)
#define RCC_CCIPR1    REG(RCC + 0x04C)
#define RCC_AHB5ENR   REG(RCC + 0x134)
#define RCC_AHB4ENR   REG(RCC + 0x140)
#define RCC_APB1ENR1  REG(RCC + 0x148)
#define PWR 0x58024800u
#define PWR_SR1       REG(PWR + 0x04)
#define PWR_CSR2      REG(PWR + 0x0C)
#define PWR_CSR4      REG(PWR + 0x14)
#define FLASH_ACR     REG(0x52002000u)
#define SBS_CCCSR     REG(0x58000400u + 0x110)

#define CPU_HZ   600000000u
#define PCLK1_HZ 150000000u

static inline void h7s3_clocks(void) {
    while (!(PWR_SR1 & (1u << 1))) {}                  /* ACTVOSRDY */
    PWR_CSR4 |= 1u;                                   /* VOS: scale 0 */
    while (!(PWR_CSR4 & (1u << 1))) {}                /* VOSRDY */
    FLASH_ACR = 7u | 3u << 4;                         /* LATENCY 7, WRHIGHFREQ 3 before the clock goes up */
    while ((FLASH_ACR & 0x3Fu) != (7u | 3u << 4)) {}
    /* PLLSRC = HSI, DIVM1 = DIVM2 = 4: 16 MHz references (PLLxRGE 3: 8 to 16 MHz). */
    RCC_PLLCKSELR = (RCC_PLLCKSELR & ~(3u | 0x3Fu << 4 | 0x3Fu << 12)) | 4u << 4 | 4u << 12;
    RCC_PLL1DIVR1 = (RCC_PLL1DIVR1 & ~(0x1FFu | 0x7Fu << 9)) | (75u - 1) | (2u - 1) << 9;
    RCC_PLL2DIVR1 = (RCC_PLL2DIVR1 & ~0x1FFu) | (25u - 1);
    RCC_PLL2DIVR2 = (RCC_PLL2DIVR2 & ~7u) | (2u - 1);
    RCC_PLLCFGR |= 3u << 3 | 1u << 5 | 3u << 14 | 1u << 19;  /* PLL1RGE, PLL1PEN, PLL2RGE, PLL2SEN */
    RCC_CR |= 1u << 24 | 1u << 26;                    /* PLL1ON, PLL2ON */
    while ((RCC_CR & (1u << 25 | 1u << 27)) != (1u << 25 | 1u << 27)) {}
    RCC_CDCFGR = 0u;                                  /* CPU: sys_ck / 1 */
    RCC_BMCFGR = 8u;                                  /* AXI/AHB: / 2 */
    RCC_APBCFGR = 4u | 4u << 4 | 4u << 8 | 4u << 12;  /* APB1, 2, 4, 5: / 2 */
    RCC_CFGR = (RCC_CFGR & ~7u) | 3u;                 /* SW: PLL1 */
    while ((RCC_CFGR >> 3 & 7u) != 3u) {}
    RCC_CCIPR1 = (RCC_CCIPR1 & ~(3u << 6)) | 1u << 6; /* XSPI2SEL: PLL2 S */
    RCC_AHB5ENR |= 1u << 12 | 1u << 14;               /* XSPI2EN, XSPIMEN */
    RCC_AHB4ENR |= 1u << 3 | 1u << 13;                /* GPIODEN, GPIONEN */
    RCC_APB1ENR1 |= 1u << 18;                         /* USART3EN */
    PWR_CSR2 |= 1u << 15;                             /* EN_XSPIM2 */
    SBS_CCCSR |= 1u << 18;                            /* XSPI2_IOHSLV */
}

#endif
