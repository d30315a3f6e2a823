/*
 * W25Q128JV sector erase (20h, datasheet 8.2.17) and page program (02h, 8.2.15) after Write Enable
 * (06h, 8.2.1), as common/nor.c does them (the same commands on both MT25QL512 dies of the
 * MT25TL01G in dual-flash mode, 4-byte addresses), but waiting for BUSY = 0 asleep: QUADSPI automatic
 * polling of Read Status Register-1 (05h, 7.1.1) with the status-match interrupt (RM0433 23.3.9
 * "Automatic status-polling mode", 23.5.1 CR.SMIE) waking WFI while PRIMASK keeps the interrupt
 * from being taken (DDI 0403E B1.5.19). A 4 KB erase takes 45 ms typical (9.6 tSE): spinning
 * through it would cost 20 million instructions, sleeping costs none. Runs from ITCM, since the
 * application executes from the chip being written.
 */
#include "hw.h"
#include "qspi.h"
#include "flash.h"

#define QSPI_CR_SMIE   (1u << 19)                  /* RM0433 23.5.1 status match interrupt enable */
#define QSPI_IRQ       92u                         /* RM0433 Table 145: QUADSPI global interrupt */
#define NVIC_ISER(n)   REG32(0xE000E100u + 4u * (n))
#define POLL_INTERVAL  0x1000u                     /* CLK cycles between two status reads: 34 us at 120 MHz */
#define READ_SR1       QSPI_CMD(0x05, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_1)
#if !BOARD_QSPI_DUAL
#define ADDR_BYTES     3u
#define STATUS_BYTES   1u                          /* SR1: BUSY bit 0, WEL bit 1 */
#define BUSY_MASK      0x01u
#define WEL_MASK       0x02u
#else
/* MT25TL01G (MT25QL512 dies, 4-byte addressing set by nor_enable_quad): both dies answer, die 1 in
   the even byte (RM0399 dual-flash mode); status register WIP bit 0, WEL bit 1 (MT25Q datasheet). */
#define ADDR_BYTES     4u
#define STATUS_BYTES   2u
#define BUSY_MASK      0x0101u
#define WEL_MASK       0x0202u
#endif

RAMFUNC static void wait_asleep(uint32_t mask, uint32_t match)
{
    /* Only the QUADSPI may end the sleep: a console byte arriving meanwhile (the application's
       USART1 wake-up) would otherwise keep WFI from sleeping at all. Enables restored after. */
    uint32_t enabled[8];
    for (unsigned i = 0; i < 8; i++) {
        enabled[i] = NVIC_ISER(i);
        NVIC_ICER(i) = 0xFFFFFFFFu;
    }
    while (QUADSPI_SR & QSPI_SR_BUSY) {}
    QUADSPI_PSMKR = mask;
    QUADSPI_PSMAR = match;
    QUADSPI_PIR = POLL_INTERVAL;
    QUADSPI_DLR = STATUS_BYTES - 1u;
    QUADSPI_CR = (QUADSPI_CR & ~QSPI_CR_PMM) | QSPI_CR_APMS | QSPI_CR_SMIE;
    NVIC_ISER(QSPI_IRQ / 32u) = 1u << (QSPI_IRQ % 32u);
    QUADSPI_CCR = QSPI_FMODE_AUTO_POLL | READ_SR1;
    while (!(QUADSPI_SR & QSPI_SR_SMF)) __asm__ volatile("wfi");
    QUADSPI_FCR = QSPI_FCR_CSMF | QSPI_FCR_CTCF;
    while (QUADSPI_SR & QSPI_SR_BUSY) {}
    QUADSPI_CR &= ~QSPI_CR_SMIE;
    NVIC_ICER(QSPI_IRQ / 32u) = 1u << (QSPI_IRQ % 32u);
    NVIC_ICPR(QSPI_IRQ / 32u) = 1u << (QSPI_IRQ % 32u);
    for (unsigned i = 0; i < 8; i++) NVIC_ISER(i) = enabled[i];
}

RAMFUNC static void write_enable(void)
{
    qspi_command(QSPI_CMD(0x06, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_NONE), 0);
    qspi_poll(READ_SR1, WEL_MASK, WEL_MASK, STATUS_BYTES);   /* WEL: set at once, no need to sleep */
}

RAMFUNC void mflash_erase(uint32_t offset)
{
    write_enable();
    qspi_command(QSPI_CMD(0x20, QSPI_1, QSPI_1, ADDR_BYTES, QSPI_NONE, 0, QSPI_NONE), offset);
    wait_asleep(BUSY_MASK, 0x00u);
}

RAMFUNC void mflash_program(uint32_t offset, const uint8_t *data, uint32_t len)
{
    write_enable();
    qspi_write(QSPI_CMD(0x02, QSPI_1, QSPI_1, ADDR_BYTES, QSPI_NONE, 0, QSPI_1), offset, data, len);
    wait_asleep(BUSY_MASK, 0x00u);
}
