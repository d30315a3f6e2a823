/*
 * STM32L476 register definitions used by the xipkit dual-bank update firmware, written from
 * RM0351 Rev 9 (STM32L4x5/L4x6 reference manual). Only what the firmware touches.
 * Base addresses: RM0351 2.2.2, table "STM32L4x6 memory map and peripheral register boundary addresses".
 * Every address, offset, bit and key below was cross-checked against ST's CMSIS header stm32l476xx.h
 * (cmsis_device_l4 v1.7.4) and, for the flash, OpenOCD's stm32l4x.h; see docs/FACTS-STM32L4.md.
 */
#ifndef XIPKIT_L476_H
#define XIPKIT_L476_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))

/* RCC (RM0351 6.4): clock enables. At reset SYSCLK = MSI 4 MHz, PCLK1 = SYSCLK. */
#define RCC_BASE            0x40021000u
#define RCC_AHB2ENR         REG32(RCC_BASE + 0x4C)   /* 6.4.17 */
#define RCC_AHB2ENR_GPIOAEN (1u << 0)
#define RCC_APB1ENR1        REG32(RCC_BASE + 0x58)   /* 6.4.19 */
#define RCC_APB1ENR1_USART2EN (1u << 17)
#define RCC_APB2ENR         REG32(RCC_BASE + 0x60)   /* 6.4.21 */
#define RCC_APB2ENR_SYSCFGEN (1u << 0)

/* GPIOA (RM0351 8.5). */
#define GPIOA_BASE          0x48000000u
#define GPIOA_MODER         REG32(GPIOA_BASE + 0x00)  /* 2 bits per pin: 01 output, 10 alternate */
#define GPIOA_ODR           REG32(GPIOA_BASE + 0x14)
#define GPIOA_BSRR          REG32(GPIOA_BASE + 0x18)
#define GPIOA_AFRL          REG32(GPIOA_BASE + 0x20)  /* 4 bits per pin 0..7 */

/* USART2 (RM0351 40.8): PA2 = TX, PA3 = RX, alternate function 7 (STM32L476 datasheet DS10198 table 17). */
#define USART2_BASE         0x40004400u
#define USART2_CR1          REG32(USART2_BASE + 0x00)
#define USART_CR1_UE        (1u << 0)
#define USART_CR1_RE        (1u << 2)
#define USART_CR1_TE        (1u << 3)
#define USART2_BRR          REG32(USART2_BASE + 0x0C)
#define USART2_ISR          REG32(USART2_BASE + 0x1C)
#define USART_ISR_ORE       (1u << 3)
#define USART_ISR_RXNE      (1u << 5)
#define USART_ISR_TC        (1u << 6)
#define USART_ISR_TXE       (1u << 7)
#define USART2_ICR          REG32(USART2_BASE + 0x20)
#define USART2_RDR          REG32(USART2_BASE + 0x24)
#define USART2_TDR          REG32(USART2_BASE + 0x28)

/* SYSCFG (RM0351 9.2.1): MEMRMP.FB_MODE = 1 when bank 2 is mapped at 0x0800 0000. */
#define SYSCFG_BASE         0x40010000u
#define SYSCFG_MEMRMP       REG32(SYSCFG_BASE + 0x00)
#define SYSCFG_MEMRMP_FB_MODE (1u << 8)

/* FLASH (RM0351 3.7). */
#define FLASH_BASE_R        0x40022000u
#define FLASH_KEYR          REG32(FLASH_BASE_R + 0x08)
#define FLASH_OPTKEYR       REG32(FLASH_BASE_R + 0x0C)
#define FLASH_SR            REG32(FLASH_BASE_R + 0x10)
#define FLASH_CR            REG32(FLASH_BASE_R + 0x14)
#define FLASH_OPTR          REG32(FLASH_BASE_R + 0x20)
#define FLASH_KEY1          0x45670123u
#define FLASH_KEY2          0xCDEF89ABu
#define FLASH_OPTKEY1       0x08192A3Bu
#define FLASH_OPTKEY2       0x4C5D6E7Fu
#define FLASH_SR_EOP        (1u << 0)
#define FLASH_SR_ERRORS     0x0000C3FAu               /* OPERR(1) PROGERR(3) WRPERR(4) PGAERR(5) SIZERR(6) PGSERR(7) MISERR(8) FASTERR(9) RDERR(14) OPTVERR(15) */
#define FLASH_SR_BSY        (1u << 16)
#define FLASH_CR_PG         (1u << 0)
#define FLASH_CR_MER1       (1u << 2)
#define FLASH_CR_MER2       (1u << 15)
#define FLASH_CR_STRT       (1u << 16)
#define FLASH_CR_OPTSTRT    (1u << 17)
#define FLASH_CR_OBL_LAUNCH (1u << 27)
#define FLASH_CR_OPTLOCK    (1u << 30)
#define FLASH_CR_LOCK       (1u << 31)
#define FLASH_OPTR_BFB2     (1u << 20)                /* RM0351 3.7.8; reserved OPTR bits read 1 (virgin part: 0xFFEFF8AA) */

/* Flash organisation (RM0351 3.3.1): two 512 KB banks; the bank not running is always at 0x0808 0000. */
#define FLASH_MAIN          0x08000000u
#define FLASH_BANK_SIZE     0x00080000u
#define FLASH_OTHER_HALF    (FLASH_MAIN + FLASH_BANK_SIZE)

/* Cortex-M4 system control block (ARMv7-M ARM B3.2.2). */
#define SCB_VTOR            REG32(0xE000ED08u)
#define SCB_CPACR           REG32(0xE000ED88u)
#define SCB_CFSR            REG32(0xE000ED28u)
#define SCB_HFSR            REG32(0xE000ED2Cu)

#endif
