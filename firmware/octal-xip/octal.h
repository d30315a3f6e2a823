/*
 * Registers the octal XIP firmware uses, by offset, on the STM32H7R/S and STM32H7A3/B3. The XSPI
 * (RM0477 "XSPI registers") and the OCTOSPI (RM0455 chapter 24 "OCTOSPI registers")
 * place CR, DCR1, DCR2, SR, FCR, DLR, AR, DR, PSMKR, PSMAR, PIR, CCR, TCR and IR at the same
 * offsets with the same fields for what we use (CR.FMODE 29:28, CR.APMS 22; SR.TCF/SMF/BUSY; CCR
 * phase modes, DTR bits, sizes and DQSE), so the XSPI_* names below address either block. USART:
 * the same USART on both (ISR 0x1C, TDR 0x28); GPIO: MODER 0x00, ODR 0x14.
 * Board addresses come from each board's board.h.
 */
#ifndef OCTAL_H
#define OCTAL_H
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *)(a))

#define GPIO_MODER(p) REG((p) + 0x00)
#define GPIO_ODR(p)   REG((p) + 0x14)

#define USART_CR1(u) REG((u) + 0x00)
#define USART_BRR(u) REG((u) + 0x0C)
#define USART_ISR(u) REG((u) + 0x1C)
#define USART_TDR(u) REG((u) + 0x28)

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

#define SCB_VTOR REG(0xE000ED08u)

#endif
