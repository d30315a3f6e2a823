/*
 * QUADSPI driver, polled, following RM0433 §23.3 "QUADSPI functional description":
 *  - a command is configured with DLR, ABR, CCR and starts (§23.3.7 "QUADSPI indirect mode") on the
 *    CCR write when it has neither address nor data to write, on the AR write when it has an
 *    address but no data to write, otherwise on the first DR write;
 *  - bytes move through the 32-byte FIFO; FTF says the threshold (FTHRES + 1 = 1 byte) is reached;
 *  - TCF ends every indirect/polling command and is cleared through FCR.CTCF;
 *  - automatic polling (§23.3.6) repeats a status read every PIR cycles until (data & PSMKR) ==
 *    PSMAR, sets SMF and, with APMS, stops;
 *  - memory-mapped mode (§23.3.5) is entered by writing CCR with FMODE = 11 and left through ABORT.
 * CCR may only be written while BUSY = 0.
 *
 * The functions live in ITCM-RAM: the stale-D-cache programs call them while QUADSPI is out of
 * memory-mapped mode, which is when code in the external flash could not run.
 */
#include "hw.h"
#include "qspi.h"

RAMFUNC static void wait_not_busy(void)
{
    while (QUADSPI_SR & QSPI_SR_BUSY) {}
}

RAMFUNC static void wait_complete(void)
{
    while (!(QUADSPI_SR & QSPI_SR_TCF)) {}
    QUADSPI_FCR = QSPI_FCR_CTCF;
    wait_not_busy();
}

void qspi_init(void)
{
    static const pin_af_t pins[] = BOARD_QSPI_PINS;
    RCC_AHB3ENR |= RCC_AHB3ENR_QSPIEN;
    (void)RCC_AHB3ENR;
    RCC_AHB3RSTR |= RCC_AHB3RSTR_QSPIRST;      /* known state whatever ran before */
    RCC_AHB3RSTR &= ~RCC_AHB3RSTR_QSPIRST;
    /* Kernel clock: QSPISEL = 00, rcc_hclk3 (RM0433 §8.7.19), the reset value. */
    RCC_D1CCIPR &= ~RCC_D1CCIPR_QSPISEL_Msk;
    gpio_set_af(pins, sizeof pins / sizeof pins[0], 1);

    QUADSPI_CR = 0;
    wait_not_busy();
    QUADSPI_DCR = ((uint32_t)BOARD_QSPI_FSIZE << QSPI_DCR_FSIZE_Pos)
                | ((uint32_t)BOARD_QSPI_CSHT << QSPI_DCR_CSHT_Pos);          /* CKMODE 0 */
    QUADSPI_CR = ((uint32_t)BOARD_QSPI_PRESCALER << QSPI_CR_PRESCALER_Pos)
               | (0u << QSPI_CR_FTHRES_Pos)       /* FIFO threshold 1 byte                     */
               | QSPI_CR_SSHIFT                   /* sample half a cycle late (board delays)   */
               | (BOARD_QSPI_DUAL ? QSPI_CR_DFM : 0u);
    QUADSPI_CR |= QSPI_CR_EN;
}

RAMFUNC void qspi_command(uint32_t ccr, uint32_t addr)
{
    wait_not_busy();
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_WRITE | ccr;
    if (ccr & (3u << QSPI_CCR_ADMODE_Pos)) QUADSPI_AR = addr;
    wait_complete();
}

RAMFUNC void qspi_write(uint32_t ccr, uint32_t addr, const uint8_t *data, uint32_t len)
{
    wait_not_busy();
    QUADSPI_DLR = len - 1u;
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_WRITE | ccr;
    if (ccr & (3u << QSPI_CCR_ADMODE_Pos)) QUADSPI_AR = addr;
    for (uint32_t i = 0; i < len; i++) {
        while (!(QUADSPI_SR & QSPI_SR_FTF)) {}
        QUADSPI_DR8 = data[i];
    }
    wait_complete();
}

RAMFUNC void qspi_read(uint32_t ccr, uint32_t addr, uint8_t *data, uint32_t len)
{
    wait_not_busy();
    QUADSPI_DLR = len - 1u;
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_READ | ccr;
    if (ccr & (3u << QSPI_CCR_ADMODE_Pos)) QUADSPI_AR = addr;
    for (uint32_t i = 0; i < len; i++) {
        while (!(QUADSPI_SR & QSPI_SR_FTF)) {}
        data[i] = QUADSPI_DR8;
    }
    wait_complete();
}

RAMFUNC void qspi_poll(uint32_t ccr, uint32_t mask, uint32_t match, uint32_t len)
{
    wait_not_busy();
    QUADSPI_PSMKR = mask;
    QUADSPI_PSMAR = match;
    QUADSPI_PIR = 16u;                                   /* CLK cycles between two reads */
    QUADSPI_DLR = len - 1u;
    QUADSPI_CR = (QUADSPI_CR & ~QSPI_CR_PMM) | QSPI_CR_APMS;
    QUADSPI_CCR = QSPI_FMODE_AUTO_POLL | ccr;            /* no address: starts here */
    while (!(QUADSPI_SR & QSPI_SR_SMF)) {}
    QUADSPI_FCR = QSPI_FCR_CSMF | QSPI_FCR_CTCF;
    wait_not_busy();
}

RAMFUNC void qspi_abort(void)
{
    QUADSPI_CR |= QSPI_CR_ABORT;
    while (QUADSPI_CR & QSPI_CR_ABORT) {}               /* cleared by hardware when done */
    wait_not_busy();
    QUADSPI_FCR = QSPI_FCR_CTEF | QSPI_FCR_CTCF | QSPI_FCR_CSMF | QSPI_FCR_CTOF;
}

RAMFUNC void qspi_memory_mapped(uint32_t ccr, uint32_t alternate)
{
    wait_not_busy();
    QUADSPI_ABR = alternate;
    QUADSPI_CCR = QSPI_FMODE_MEMORY_MAPPED | ccr;
}
