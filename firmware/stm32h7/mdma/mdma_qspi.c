/*
 * Programs and reads back one page of the external NOR flash with the MDMA moving the data through
 * QUADSPI_DR, as ST's HAL_QSPI_Transmit_DMA / HAL_QSPI_Receive_DMA do on the STM32H7:
 *  - QUADSPI in indirect mode with FTHRES + 1 = 4 bytes (RM0433 §23.3.5); its FIFO threshold flag
 *    FTF is MDMA trigger 22 (include/mdma.h);
 *  - one MDMA channel per direction in buffer-transfer mode (CTCR.TRGM = 00, RM0433 §14.3.7), one
 *    buffer of TLEN + 1 = 4 bytes per request, BNDT = the page: the channel ends (CTCIF) when the
 *    page has gone through; QUADSPI's TCF then ends the command;
 *  - write: W25Q128JV Quad Input Page Program 32h (1-1-4, datasheet §8.2.14) fed from AXI SRAM
 *    byte by byte; read: Fast Read Quad Output 6Bh (1-1-4, 8 dummy clocks, §8.2.8) as words from
 *    DR, unpacked into bytes (CTCR.PKE = 1);
 *  - the page read by the CPU (03h) must match too, and an MDMA copy from an address nothing
 *    answers ends in a transfer error (TEIF, CESR, RM0433 §14.3.15).
 * The buffers are in AXI SRAM (0x24000000), which the MDMA reaches through its AXI port (CTBR.SBUS/DBUS = 0).
 * Reset clock (HSI 64 MHz): the program only waits for the flash. Exit status 0 when every check passes.
 */
#include "hw.h"
#include "qspi.h"
#include "mdma.h"

#define PAGE_ADDR  0x200000u
#define PAGE       256u
#define FIFO_BYTES 4u                                   /* FTHRES + 1 = TLEN + 1 */
#define TX_BUF     ((volatile uint8_t *)0x24000000u)
#define RX_BUF     ((volatile uint8_t *)0x24000100u)
#define CH_TX      0u
#define CH_RX      1u
#define CH_ERR     2u

#define CMD_SPI(op)       QSPI_CMD(op, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_NONE)
#define CMD_STATUS        QSPI_CMD(0x05, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_1)
#define CMD_QUAD_PROGRAM  QSPI_CMD(0x32, QSPI_1, QSPI_1, 3, QSPI_NONE, 0, QSPI_4)
#define CMD_QUAD_READ     QSPI_CMD(0x6B, QSPI_1, QSPI_1, 3, QSPI_NONE, 8, QSPI_4)

static uint8_t cpu_copy[PAGE];

/* Configures channel ch for one transfer of `bytes` and enables it (configuration only while EN = 0). */
static void mdma_start(unsigned ch, uint32_t ctcr, uint32_t tsel, uint32_t src, uint32_t dst, uint32_t bytes)
{
    MDMA_CCR(ch) = 0;
    MDMA_CIFCR(ch) = 0x1Fu;
    MDMA_CTCR(ch) = ctcr;
    MDMA_CBNDTR(ch) = bytes;
    MDMA_CSAR(ch) = src;
    MDMA_CDAR(ch) = dst;
    MDMA_CBRUR(ch) = 0;
    MDMA_CLAR(ch) = 0;
    MDMA_CMAR(ch) = 0;
    MDMA_CMDR(ch) = 0;
    MDMA_CTBR(ch) = tsel;
    MDMA_CCR(ch) = (2u << MDMA_CCR_PL_Pos) | MDMA_CCR_EN;
}

/* Waits for the end of the channel (CTCIF) or an error (TEIF); returns CISR. */
static uint32_t mdma_wait(unsigned ch)
{
    uint32_t isr;
    while (!((isr = MDMA_CISR(ch)) & (MDMA_CISR_CTCIF | MDMA_CISR_TEIF))) {}
    return isr;
}

static void qspi_wait_tcf(void)
{
    while (!(QUADSPI_SR & QSPI_SR_TCF)) {}
    QUADSPI_FCR = QSPI_FCR_CTCF;
    QUADSPI_CR &= ~QSPI_CR_DMAEN;
}

static int report(const char *what, uint32_t isr, volatile const uint8_t *got, const uint8_t *want)
{
    unsigned diff = PAGE;
    for (unsigned i = 0; i < PAGE && diff == PAGE; i++) if (got[i] != want[i]) diff = i;
    console_puts("mdma: ");
    console_puts(what);
    console_puts(": CISR=");
    console_hex(isr & 0x1Fu, 2);
    if (diff == PAGE) {
        console_puts(", 256 bytes match\n");
        return 1;
    }
    console_puts(", first difference at byte ");
    console_dec(diff);
    console_puts("\n");
    return 0;
}

int main(void)
{
    delay_init();
    console_init();
    qspi_init();
    nor_reset();
    nor_enable_quad();
    RCC_AHB3ENR |= RCC_AHB3ENR_MDMAEN;
    (void)RCC_AHB3ENR;
    QUADSPI_CR = (QUADSPI_CR & ~QSPI_CR_FTHRES_Msk) | ((FIFO_BYTES - 1u) << QSPI_CR_FTHRES_Pos);

    uint8_t want[PAGE];
    for (unsigned i = 0; i < PAGE; i++) {
        want[i] = (uint8_t)(i * 29u + 7u);
        TX_BUF[i] = want[i];
        RX_BUF[i] = 0;
    }
    nor_erase_4k(PAGE_ADDR);
    console_puts("mdma: sector 0x200000 erased; QUADSPI FIFO threshold 4 bytes = MDMA trigger 22\n");
    int ok = 1;

    /* Program: WREN, then 32h with the data written to DR by MDMA channel 0, 4 bytes per FTF. */
    qspi_command(CMD_SPI(0x06), 0);
    qspi_poll(CMD_STATUS, 0x02u, 0x02u, 1);
    QUADSPI_DLR = PAGE - 1u;
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_WRITE | CMD_QUAD_PROGRAM;
    QUADSPI_AR = PAGE_ADDR;                  /* the command starts at the first DR write */
    mdma_start(CH_TX, MDMA_CTCR_SINC(MDMA_INC_UP) | MDMA_CTCR_DINC(MDMA_INC_FIXED) | MDMA_CTCR_SSIZE(MDMA_SIZE_BYTE)
               | MDMA_CTCR_DSIZE(MDMA_SIZE_BYTE) | MDMA_CTCR_SINCOS(MDMA_SIZE_BYTE) | MDMA_CTCR_TLEN(FIFO_BYTES)
               | MDMA_CTCR_TRGM(0), MDMA_TSEL_QUADSPI_FIFO_TH, (uint32_t)TX_BUF, (uint32_t)&QUADSPI_DR, PAGE);
    QUADSPI_CR |= QSPI_CR_DMAEN;
    uint32_t isr = mdma_wait(CH_TX);
    qspi_wait_tcf();
    qspi_poll(CMD_STATUS, 0x01u, 0x00u, 1);  /* BUSY clears when the page is programmed */
    console_puts("mdma: page 0x200000 programmed through QUADSPI_DR by MDMA channel 0: CISR=");
    console_hex(isr & 0x1Fu, 2);
    console_puts(isr & MDMA_CISR_TEIF ? ", transfer error\n" : "\n");
    ok &= !(isr & MDMA_CISR_TEIF);

    /* Read: 6Bh started by the AR write, then MDMA channel 1 takes a word from DR per FTF and unpacks it. */
    QUADSPI_DLR = PAGE - 1u;
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_READ | CMD_QUAD_READ;
    QUADSPI_AR = PAGE_ADDR;
    mdma_start(CH_RX, MDMA_CTCR_SINC(MDMA_INC_FIXED) | MDMA_CTCR_DINC(MDMA_INC_UP) | MDMA_CTCR_SSIZE(MDMA_SIZE_WORD)
               | MDMA_CTCR_DSIZE(MDMA_SIZE_BYTE) | MDMA_CTCR_DINCOS(MDMA_SIZE_BYTE) | MDMA_CTCR_PKE
               | MDMA_CTCR_TLEN(FIFO_BYTES) | MDMA_CTCR_TRGM(0), MDMA_TSEL_QUADSPI_FIFO_TH,
               (uint32_t)&QUADSPI_DR, (uint32_t)RX_BUF, PAGE);
    QUADSPI_CR |= QSPI_CR_DMAEN;
    isr = mdma_wait(CH_RX);
    qspi_wait_tcf();
    ok &= report("page read back from QUADSPI_DR by MDMA channel 1 (word reads, unpacked)", isr, RX_BUF, want);

    nor_read(PAGE_ADDR, cpu_copy, PAGE);
    ok &= report("page read by the CPU (03h)", 0, cpu_copy, want);

    /* A software-triggered copy from FMC bank 1, where this board has no memory: a read bus error. */
    mdma_start(CH_ERR, MDMA_CTCR_SINC(MDMA_INC_UP) | MDMA_CTCR_DINC(MDMA_INC_UP) | MDMA_CTCR_SSIZE(MDMA_SIZE_WORD)
               | MDMA_CTCR_DSIZE(MDMA_SIZE_WORD) | MDMA_CTCR_SINCOS(MDMA_SIZE_WORD) | MDMA_CTCR_DINCOS(MDMA_SIZE_WORD)
               | MDMA_CTCR_TLEN(16) | MDMA_CTCR_TRGM(1) | MDMA_CTCR_SWRM, 0, 0x60000040u, (uint32_t)RX_BUF, 16);
    MDMA_CCR(CH_ERR) |= MDMA_CCR_SWRQ;
    isr = mdma_wait(CH_ERR);
    console_puts("mdma: copy from 0x60000040 (no memory there): CISR=");
    console_hex(isr & 0x1Fu, 2);
    console_puts(" CESR=");
    console_hex(MDMA_CESR(CH_ERR), 8);
    console_puts(MDMA_CCR(CH_ERR) & MDMA_CCR_EN ? " EN=1\n" : " EN=0\n");
    MDMA_CIFCR(CH_ERR) = MDMA_CISR_TEIF;
    ok &= (isr & MDMA_CISR_TEIF) != 0;

    console_puts(ok ? "mdma: all checks passed\n" : "mdma: FAILED\n");
    console_flush();
    semihost_exit(ok ? 0u : 1u);
}
