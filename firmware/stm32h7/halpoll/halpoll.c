/*
 * The HAL-style polling benchmark (issue 19, "cheap waiting"): what a firmware written with ST's
 * HAL spends its time on while the external flash erases. Each round erases one 64 KB block of
 * the W25Q128JV through QUADSPI indirect mode (Write Enable 06h, Block Erase D8h, datasheet
 * §8.2.30), waits for it the way HAL_QSPI_AutoPolling does (automatic status polling of 05h until
 * BUSY = 0, RM0433 §23.3.6, while the CPU spins on QUADSPI_SR.SMF with a millisecond-tick timeout),
 * reads the status register once more through indirect reads, programs one page (02h) and reads it
 * back (03h), and prints the status and a checksum.
 *
 * The tick is the HAL's: a RAM counter that only the SysTick handler increments (1 kHz), read
 * through a function that is not inlined (HAL_GetTick lives in another file). Every wait is
 * HAL's flag wait: read SR, compare the flag with the awaited state, read the tick, compare the
 * elapsed time with the timeout, branch back. Our own code, written from RM0433 §23 and the
 * datasheet; no HAL source.
 */
#include "hw.h"
#include "qspi.h"

#define SYST_RVR REG32(0xE000E014u)    /* DDI 0403E B3.3.3 SysTick reload value   */
#define SYST_CVR REG32(0xE000E018u)    /* B3.3.3 SysTick current value            */

#define ROUNDS      4u
#define AREA        0x200000u          /* 2 MB into the chip, clear of the boot images */
#define BLOCK       0x10000u
#define PAGE        256u
#define TIMEOUT_MS  5000u              /* HAL_QPSI_TIMEOUT_DEFAULT_VALUE is 5 s */
#define W25_BUSY    0x01u              /* SR1 bit 0 (§7.1.1) */
#define W25_WEL     0x02u              /* SR1 bit 1 (§7.1.2) */

static volatile uint32_t ticks;        /* the HAL's uwTick */
static uint8_t page[PAGE];

void SysTick_Handler(void)
{
    ticks++;
}

__attribute__((noinline)) static uint32_t get_tick(void)
{
    return ticks;
}

/* Waits until (SR & flag) != 0 equals state, or the timeout: 0 or -1. */
__attribute__((noinline)) static int wait_flag(uint32_t flag, uint32_t state, uint32_t start)
{
    while (((QUADSPI_SR & flag) != 0u) != state) {
        if (get_tick() - start > TIMEOUT_MS) return -1;
    }
    return 0;
}

/* Indirect command without data (the HAL's Command with NbData = 0): starts on CCR or AR. */
static int command(uint32_t ccr, uint32_t addr)
{
    uint32_t start = get_tick();
    if (wait_flag(QSPI_SR_BUSY, 0u, start)) return -1;
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_WRITE | ccr;
    if (ccr & (3u << QSPI_CCR_ADMODE_Pos)) QUADSPI_AR = addr;
    if (wait_flag(QSPI_SR_TCF, 1u, start)) return -1;
    QUADSPI_FCR = QSPI_FCR_CTCF;
    return 0;
}

/* Automatic status polling of 05h until (status & mask) == match, stop on match (AutoPolling). */
static int autopoll(uint32_t mask, uint32_t match)
{
    uint32_t start = get_tick();
    if (wait_flag(QSPI_SR_BUSY, 0u, start)) return -1;
    QUADSPI_PSMAR = match;
    QUADSPI_PSMKR = mask;
    QUADSPI_PIR = 16u;
    QUADSPI_DLR = 0u;
    QUADSPI_CR = (QUADSPI_CR & ~QSPI_CR_PMM) | QSPI_CR_APMS;
    QUADSPI_CCR = QSPI_FMODE_AUTO_POLL | QSPI_CMD(0x05, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_1);
    if (wait_flag(QSPI_SR_SMF, 1u, start)) return -1;
    QUADSPI_FCR = QSPI_FCR_CSMF;
    return 0;
}

/* Indirect write (Transmit): each byte when FTF says the FIFO has room. */
static int transmit(uint32_t ccr, uint32_t addr, const uint8_t *data, uint32_t len)
{
    uint32_t start = get_tick();
    if (wait_flag(QSPI_SR_BUSY, 0u, start)) return -1;
    QUADSPI_DLR = len - 1u;
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_WRITE | ccr;
    QUADSPI_AR = addr;
    for (uint32_t i = 0; i < len; i++) {
        if (wait_flag(QSPI_SR_FTF, 1u, start)) return -1;
        QUADSPI_DR8 = data[i];
    }
    if (wait_flag(QSPI_SR_TCF, 1u, start)) return -1;
    QUADSPI_FCR = QSPI_FCR_CTCF;
    return 0;
}

/* Indirect read (Receive): each byte when FTF says the FIFO holds one. */
static int receive(uint32_t ccr, uint32_t addr, uint8_t *data, uint32_t len)
{
    uint32_t start = get_tick();
    if (wait_flag(QSPI_SR_BUSY, 0u, start)) return -1;
    QUADSPI_DLR = len - 1u;
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_READ | ccr;
    if (ccr & (3u << QSPI_CCR_ADMODE_Pos)) QUADSPI_AR = addr;
    for (uint32_t i = 0; i < len; i++) {
        if (wait_flag(QSPI_SR_FTF | QSPI_SR_TCF, 1u, start)) return -1;
        data[i] = QUADSPI_DR8;
    }
    if (wait_flag(QSPI_SR_TCF, 1u, start)) return -1;
    QUADSPI_FCR = QSPI_FCR_CTCF;
    return 0;
}

static int write_enable(void)
{
    if (command(QSPI_CMD(0x06, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_NONE), 0)) return -1;
    return autopoll(W25_WEL, W25_WEL);
}

static int round_trip(uint32_t block, uint8_t *status, uint32_t *sum)
{
    if (write_enable()) return -1;
    if (command(QSPI_CMD(0xD8, QSPI_1, QSPI_1, 3, QSPI_NONE, 0, QSPI_NONE), block)) return -1;
    if (autopoll(W25_BUSY, 0u)) return -1;
    if (receive(QSPI_CMD(0x05, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_1), 0, status, 1u)) return -1;
    for (uint32_t i = 0; i < PAGE; i++) page[i] = (uint8_t)(block >> 16) * 31u + (uint8_t)(i * 7u);
    if (write_enable()) return -1;
    if (transmit(QSPI_CMD(0x02, QSPI_1, QSPI_1, 3, QSPI_NONE, 0, QSPI_1), block, page, PAGE)) return -1;
    if (autopoll(W25_BUSY, 0u)) return -1;
    for (uint32_t i = 0; i < PAGE; i++) page[i] = 0;
    if (receive(QSPI_CMD(0x03, QSPI_1, QSPI_1, 3, QSPI_NONE, 0, QSPI_1), block, page, PAGE)) return -1;
    uint32_t s = *sum;
    for (uint32_t i = 0; i < PAGE; i++) s = s * 16777619u ^ page[i];   /* FNV-1 step */
    *sum = s;
    return 0;
}

int main(void)
{
    clock_init();
    delay_init();
    console_init();
    qspi_init();
    nor_reset();
    SYST_RVR = BOARD_CPU_HZ / 1000u - 1u;   /* 1 ms, processor clock (B3.3.3 CLKSOURCE = 1) */
    SYST_CVR = 0u;
    SYST_CSR = 7u;                          /* ENABLE, TICKINT, CLKSOURCE */
    console_puts("halpoll: erasing " BOARD_FLASH_NAME " 64 KB blocks through QUADSPI indirect mode\n");
    uint32_t sum = 2166136261u;            /* FNV-1 offset basis */
    int failed = 0;
    for (uint32_t r = 0; r < ROUNDS; r++) {
        uint8_t status = 0xEE;
        uint32_t block = AREA + r * BLOCK;
        uint32_t t0 = get_tick();
        int err = round_trip(block, &status, &sum);
        console_puts("halpoll: block ");
        console_hex(block, 6);
        console_puts(err ? " timed out" : " erased, status ");
        if (!err) console_hex(status, 2);
        console_puts(", ");
        console_dec(get_tick() - t0);
        console_puts(" ms\n");
        if (err || (status & W25_BUSY)) failed = 1;
    }
    console_puts("halpoll: checksum ");
    console_hex(sum, 8);
    console_puts(failed ? " FAILED\n" : " ok\n");
    console_flush();
    semihost_exit(failed ? 1u : 0u);
}
