/*
 * MDMA registers (RM0433 Rev 8 §14.5 "MDMA registers"; base 0x52000000, RM0433 Table 8; channel x
 * at 0x40 + 0x40 * x) and the QUADSPI trigger numbers (CTBR.TSEL: 22 FIFO threshold, 23 transfer
 * complete, as in the MDMA request table of RM0433 §14 and in ST's HAL numbering).
 */
#ifndef MDMA_H
#define MDMA_H
#include "stm32h7_regs.h"

#define MDMA_BASE          0x52000000u
#define MDMA_GISR0         REG32(MDMA_BASE + 0x00u)                     /* §14.5.1 */
#define MDMA_CH(ch, off)   REG32(MDMA_BASE + 0x40u + 0x40u * (ch) + (off))
#define MDMA_CISR(ch)      MDMA_CH(ch, 0x00u)                            /* §14.5.2 */
#define MDMA_CIFCR(ch)     MDMA_CH(ch, 0x04u)                            /* §14.5.3 */
#define MDMA_CESR(ch)      MDMA_CH(ch, 0x08u)                            /* §14.5.4 */
#define MDMA_CCR(ch)       MDMA_CH(ch, 0x0Cu)                            /* §14.5.5 */
#define MDMA_CTCR(ch)      MDMA_CH(ch, 0x10u)                            /* §14.5.6 */
#define MDMA_CBNDTR(ch)    MDMA_CH(ch, 0x14u)                            /* §14.5.7 */
#define MDMA_CSAR(ch)      MDMA_CH(ch, 0x18u)                            /* §14.5.8 */
#define MDMA_CDAR(ch)      MDMA_CH(ch, 0x1Cu)                            /* §14.5.9 */
#define MDMA_CBRUR(ch)     MDMA_CH(ch, 0x20u)                            /* §14.5.10 */
#define MDMA_CLAR(ch)      MDMA_CH(ch, 0x24u)                            /* §14.5.11 */
#define MDMA_CTBR(ch)      MDMA_CH(ch, 0x28u)                            /* §14.5.12 */
#define MDMA_CMAR(ch)      MDMA_CH(ch, 0x30u)                            /* §14.5.13 */
#define MDMA_CMDR(ch)      MDMA_CH(ch, 0x34u)                            /* §14.5.14 */

#define MDMA_CISR_TEIF     (1u << 0)
#define MDMA_CISR_CTCIF    (1u << 1)
#define MDMA_CISR_BRTIF    (1u << 2)
#define MDMA_CISR_BTIF     (1u << 3)
#define MDMA_CISR_TCIF     (1u << 4)
#define MDMA_CISR_CRQA     (1u << 16)
#define MDMA_CCR_EN        (1u << 0)
#define MDMA_CCR_PL_Pos    6u
#define MDMA_CCR_SWRQ      (1u << 16)
/* CTCR fields. SINC/DINC: 00 fixed, 10 increment, 11 decrement; sizes: 0 byte, 1 half-word, 2 word, 3 double word. */
#define MDMA_CTCR_SINC(x)   ((uint32_t)(x) << 0)
#define MDMA_CTCR_DINC(x)   ((uint32_t)(x) << 2)
#define MDMA_CTCR_SSIZE(x)  ((uint32_t)(x) << 4)
#define MDMA_CTCR_DSIZE(x)  ((uint32_t)(x) << 6)
#define MDMA_CTCR_SINCOS(x) ((uint32_t)(x) << 8)
#define MDMA_CTCR_DINCOS(x) ((uint32_t)(x) << 10)
#define MDMA_CTCR_TLEN(bytes) ((uint32_t)((bytes) - 1u) << 18)     /* buffer = TLEN + 1 bytes */
#define MDMA_CTCR_PKE       (1u << 25)
#define MDMA_CTCR_TRGM(x)   ((uint32_t)(x) << 28)                  /* 0 buffer, 1 block, 2 repeated block, 3 linked list */
#define MDMA_CTCR_SWRM      (1u << 30)
#define MDMA_INC_FIXED      0u
#define MDMA_INC_UP         2u
#define MDMA_SIZE_BYTE      0u
#define MDMA_SIZE_WORD      2u

#define MDMA_TSEL_QUADSPI_FIFO_TH 22u
#define MDMA_TSEL_QUADSPI_TC      23u

#define RCC_AHB3ENR_MDMAEN  (1u << 0)                                  /* RM0433 §8.7.40 */
#define QSPI_CR_DMAEN       (1u << 2)                                  /* reserved on the H7, kept for software compatibility */
#define QSPI_CR_FTHRES_Msk  (0x1Fu << QSPI_CR_FTHRES_Pos)

#endif
