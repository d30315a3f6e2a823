/*
 * STM32H7S3L8 registers used by the NUCLEO-H7S3L8 firmware. Addresses: RM0477 memory map
 * (register boundary addresses); XSPI register offsets and fields: RM0477 chapter 27 "XSPI
 * registers"; USART: RM0477 USART chapter (the same USART as the STM32H7: ISR 0x1C, TDR 0x28);
 * GPIO: RM0477 GPIO chapter. Board: UM3276 (LD1 PD10, LD2 PD13, LD3 PB7; VCP on USART3 PD8/PD9).
 */
#ifndef H7S3_H
#define H7S3_H
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *)(a))

#define GPIOB 0x58020400u
#define GPIOD 0x58020C00u
#define GPIO_MODER(p) REG((p) + 0x00)
#define GPIO_ODR(p)   REG((p) + 0x14)

#define USART3 0x40004800u
#define USART_CR1(u) REG((u) + 0x00)
#define USART_BRR(u) REG((u) + 0x0C)
#define USART_ISR(u) REG((u) + 0x1C)
#define USART_TDR(u) REG((u) + 0x28)

#define XSPI2 0x5200A000u
#define XSPI_CR(x)    REG((x) + 0x000)
#define XSPI_DCR1(x)  REG((x) + 0x008)
#define XSPI_DCR2(x)  REG((x) + 0x00C)
#define XSPI_SR(x)    REG((x) + 0x020)
#define XSPI_FCR(x)   REG((x) + 0x024)
#define XSPI_DLR(x)   REG((x) + 0x040)
#define XSPI_AR(x)    REG((x) + 0x048)
#define XSPI_DR8(x)   (*(volatile uint8_t *)((x) + 0x050))
#define XSPI_DR32(x)  REG((x) + 0x050)
#define XSPI_PSMKR(x) REG((x) + 0x080)
#define XSPI_PSMAR(x) REG((x) + 0x088)
#define XSPI_PIR(x)   REG((x) + 0x090)
#define XSPI_CCR(x)   REG((x) + 0x100)
#define XSPI_TCR(x)   REG((x) + 0x108)
#define XSPI_IR(x)    REG((x) + 0x110)

#define XSPI_CR_EN     (1u << 0)
#define XSPI_CR_ABORT  (1u << 1)
#define XSPI_CR_APMS   (1u << 22)
#define XSPI_CR_FMODE(m) ((uint32_t)(m) << 28)
#define XSPI_SR_TCF    (1u << 1)
#define XSPI_SR_SMF    (1u << 3)
#define XSPI_SR_BUSY   (1u << 5)
#define XSPI_SR_FLEVEL(sr) (((sr) >> 8) & 0x7Fu)

#define SCB_VTOR REG(0xE000ED08u)

#define XSPI2_WINDOW 0x70000000u

#endif
