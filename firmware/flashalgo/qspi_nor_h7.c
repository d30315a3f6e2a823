/*
 * Flash algorithm driver: SPI NOR on the STM32H7's QUADSPI, for the boards of
 * firmware/stm32h7/include/board.h: W25Q128JV alone (stm32h750-w25q128) or MT25TL01G, two MT25QL512
 * dies in dual-flash mode (stm32h757-mt25tl01g), chosen by BOARD_QSPI_DUAL.
 *
 * Controller: RM0433 §23 "Quad-SPI interface (QUADSPI)". Indirect mode (§23.3.7): DLR, CCR, AR,
 * then DR; the command starts on the CCR write without address/data, on the AR write with an address
 * and no data, else on the first DR write; TCF ends it (cleared via FCR.CTCF). Automatic polling
 * (§23.3.6): the controller reads the status register every PIR clocks until (bytes & PSMKR) == PSMAR,
 * sets SMF, stops (APMS). Memory-mapped mode (§23.3.5): CCR with FMODE = 11; left with CR.ABORT,
 * which hardware clears when done (§23.5.1). BUSY must be 0 before CCR is written. Dual-flash mode
 * (§23.3.10, CR.DFM): each command goes to both dies, each byte of data alternates between them
 * (even bytes in flash 1), status bytes come back once per die, and the address in AR is the
 * controller's: each die sees half of it. So a page, a sector and the flash are twice a die's.
 *
 * W25Q128JV datasheet Rev. F: Write Enable 06h (§8.2.1), Read Status Register-1 05h with
 * BUSY = bit 0 and WEL = bit 1 (§7.1.1, §7.1.2), Read Status Register-2 35h with QE = bit 1
 * (§7.1.4), Write Status Register-2 31h (§8.2.5), Quad Input Page Program 32h (1-1-4, QE = 1,
 * §8.2.15), Sector Erase 20h (§8.2.17), Chip Erase C7h (§8.2.20), Fast Read Quad I/O EBh (1-4-4,
 * mode byte + 4 dummy clocks, §8.2.10; mode FFh keeps it out of Continuous Read Mode), Enable Reset
 * 66h + Reset 99h then tRST 30 us (§8.2.43, §9.6); JEDEC ID EF 40 18 (§8.1.1).
 * MT25QL512 (MT25Q datasheet, "Command Definitions"): RESET ENABLE 66h + RESET MEMORY 99h on four
 * lines and on one (the die may be in quad I/O protocol), 40 us; WRITE ENABLE + ENTER 4-BYTE
 * ADDRESS MODE B7h; READ STATUS REGISTER 05h (bit 0 write in progress, bit 1 write enable latch);
 * QUAD INPUT FAST PROGRAM 32h and 4KB SUBSECTOR ERASE 20h with the 4-byte address; BULK ERASE C7h;
 * QUAD INPUT/OUTPUT FAST READ EBh with 10 dummy clocks (VCR default); READ ID 20 BA 20 per die.
 *
 * No interrupts are taken: the waits for the chip's busy bit let the controller poll and sleep in WFI
 * with PRIMASK set; the QUADSPI interrupt (NVIC line 92, RM0433 Table 148) pending wakes the core
 * without being taken (ARMv7-M ARM B1.5.19 WFI wake-up). So a long erase costs the debugger no polling.
 * No data in RAM: everything is code and read-only constants, so the same object works placed anywhere.
 */
#include "algo.h"
#include "stm32h7_regs.h"
#include "board.h"

#define CMD(op, imode, admode, adsize, abmode, dummy, dmode) \
    ((uint32_t)(op) | (uint32_t)(imode) << QSPI_CCR_IMODE_Pos | (uint32_t)(admode) << QSPI_CCR_ADMODE_Pos \
     | (uint32_t)(adsize) << QSPI_CCR_ADSIZE_Pos | (uint32_t)(abmode) << QSPI_CCR_ABMODE_Pos \
     | (uint32_t)(dummy) << QSPI_CCR_DCYC_Pos | (uint32_t)(dmode) << QSPI_CCR_DMODE_Pos)
#define L1 1u   /* one line   */
#define L4 3u   /* four lines */
#if !BOARD_QSPI_DUAL
#define ADSIZE 2u            /* ADSIZE 10: 24-bit address                */
#define STATUS_LEN 1u        /* status bytes per poll                    */
#define BUSY_MASK 0x01u
#define WEL_MASK 0x02u
#define MMAP_MODE_BYTES L4   /* EBh mode byte on four lines...           */
#define MMAP_DUMMY 4u        /* ...then 4 dummy clocks                   */
#else
#define ADSIZE 3u            /* ADSIZE 11: 32-bit address (after B7h)    */
#define STATUS_LEN 2u        /* one status byte per die                  */
#define BUSY_MASK 0x0101u
#define WEL_MASK 0x0202u
#define MMAP_MODE_BYTES 0u
#define MMAP_DUMMY 10u
#endif
#define CMD_SPI(op)       CMD(op, L1, 0, 0, 0, 0, 0)
#define CMD_SPI_DATA(op)  CMD(op, L1, 0, 0, 0, 0, L1)
#define CMD_ERASE(op)     CMD(op, L1, L1, ADSIZE, 0, 0, 0)
#define CMD_QUAD_PROGRAM  CMD(0x32, L1, L1, ADSIZE, 0, 0, L4)
#define CMD_MMAP          CMD(0xEB, L1, L4, ADSIZE, MMAP_MODE_BYTES, MMAP_DUMMY, L4)   /* ABSIZE 00: one mode byte */

#define QSPI_CR_SMIE     (1u << 19)    /* §23.5.1 status match interrupt enable */
#define QSPI_CR_TCIE     (1u << 17)    /* §23.5.1 transfer complete interrupt enable */
#define QSPI_IRQ         92u
#define NVIC_ISER(n)     REG32(0xE000E100u + 4u * (n))        /* ARMv7-M B3.4.3 */
#define SCB_CCR          REG32(0xE000ED14u)                   /* B3.2.8: DC = bit 16 */
#define SCB_DCIMVAC      REG32(0xE000EF5Cu)                   /* B2.2.7 invalidate by address */

static void wait_not_busy(void)
{
    while (QUADSPI_SR & QSPI_SR_BUSY) {}
}

/* Sleeps until the controller raises `flag` (TCF or SMF), its interrupt enabled but masked. */
static void sleep_until(uint32_t flag, uint32_t enable)
{
    __asm volatile("cpsid i" ::: "memory");
    QUADSPI_CR |= enable;
    NVIC_ISER(QSPI_IRQ / 32u) = 1u << (QSPI_IRQ % 32u);
    while (!(QUADSPI_SR & flag)) __asm volatile("wfi" ::: "memory");
    QUADSPI_CR &= ~enable;
    NVIC_ICER(QSPI_IRQ / 32u) = 1u << (QSPI_IRQ % 32u);
    NVIC_ICPR(QSPI_IRQ / 32u) = 1u << (QSPI_IRQ % 32u);
}

static void complete(void)
{
    while (!(QUADSPI_SR & QSPI_SR_TCF)) {}
    QUADSPI_FCR = QSPI_FCR_CTCF;
    wait_not_busy();
}

/* Out of memory-mapped mode (or any command still running) into idle indirect mode. */
static void leave_mapped(void)
{
    QUADSPI_CR |= QSPI_CR_ABORT;
    while (QUADSPI_CR & QSPI_CR_ABORT) {}
    wait_not_busy();
    QUADSPI_FCR = QSPI_FCR_CTEF | QSPI_FCR_CTCF | QSPI_FCR_CSMF | QSPI_FCR_CTOF;
}

static void enter_mapped(void)
{
    wait_not_busy();
    QUADSPI_ABR = 0xFFu;                 /* mode byte: no Continuous Read Mode */
    QUADSPI_CCR = QSPI_FMODE_MEMORY_MAPPED | CMD_MMAP;
}

static void command(uint32_t ccr, uint32_t addr)
{
    wait_not_busy();
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_WRITE | ccr;
    if (ccr & (3u << QSPI_CCR_ADMODE_Pos)) QUADSPI_AR = addr;
    complete();
}

static void read_bytes(uint32_t ccr, uint8_t *data, uint32_t len)
{
    wait_not_busy();
    QUADSPI_DLR = len - 1u;
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_READ | ccr;
    for (uint32_t i = 0; i < len; i++) {
        while (!(QUADSPI_SR & (QSPI_SR_FTF | QSPI_SR_TCF))) {}
        data[i] = QUADSPI_DR8;
    }
    complete();
}

/* Automatic polling of status register 1 until (SR1 & mask) == match; the core sleeps meanwhile. */
static void poll_sr1(uint32_t mask, uint32_t match, uint32_t interval)
{
    wait_not_busy();
    QUADSPI_PSMKR = mask;
    QUADSPI_PSMAR = match;
    QUADSPI_PIR = interval;
    QUADSPI_DLR = STATUS_LEN - 1u;
    QUADSPI_CR = (QUADSPI_CR & ~QSPI_CR_PMM) | QSPI_CR_APMS;
    QUADSPI_CCR = QSPI_FMODE_AUTO_POLL | CMD_SPI_DATA(0x05);
    sleep_until(QSPI_SR_SMF, QSPI_CR_SMIE);
    QUADSPI_FCR = QSPI_FCR_CSMF | QSPI_FCR_CTCF;
    wait_not_busy();
}

static void write_enable(void)
{
    command(CMD_SPI(0x06), 0);
    poll_sr1(WEL_MASK, WEL_MASK, 16u);
}

/* Polling intervals in QUADSPI clocks (PIR is 16 bits): short for a page, long for an erase. */
#define PIR_PAGE   64u
#define PIR_ERASE  0xFFFFu

static void delay_us(uint32_t us)
{
    /* DWT cycle counter at up to 480 MHz (the core clock is not known here: count for the fastest). */
    SCB_DEMCR |= SCB_DEMCR_TRCENA;
    DWT_LAR = DWT_LAR_KEY;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;
    uint32_t start = DWT_CYCCNT, cycles = 480u * us;
    while ((uint32_t)(DWT_CYCCNT - start) < cycles) {}
}

int drv_init(void)
{
    static const pin_af_t pins[] = BOARD_QSPI_PINS;
    RCC_AHB3ENR |= RCC_AHB3ENR_QSPIEN;
    (void)RCC_AHB3ENR;
    RCC_AHB3RSTR |= RCC_AHB3RSTR_QSPIRST;     /* whatever the firmware left: reset the controller */
    RCC_AHB3RSTR &= ~RCC_AHB3RSTR_QSPIRST;
    leave_mapped();                           /* and abort what it may still be doing (memory-mapped mode) */
    RCC_D1CCIPR &= ~RCC_D1CCIPR_QSPISEL_Msk;  /* kernel clock rcc_hclk3 (RM0433 §8.7.19) */
    for (unsigned i = 0; i < sizeof pins / sizeof pins[0]; i++) {
        unsigned p = pins[i].port, n = pins[i].pin;
        RCC_AHB4ENR |= RCC_AHB4ENR_GPIOEN(p);
        (void)RCC_AHB4ENR;
        if (n < 8) GPIO_AFRL(p) = (GPIO_AFRL(p) & ~(0xFu << (4 * n))) | ((uint32_t)pins[i].af << (4 * n));
        else GPIO_AFRH(p) = (GPIO_AFRH(p) & ~(0xFu << (4 * (n - 8)))) | ((uint32_t)pins[i].af << (4 * (n - 8)));
        GPIO_OSPEEDR(p) |= 3u << (2 * n);
        GPIO_MODER(p) = (GPIO_MODER(p) & ~(3u << (2 * n))) | (GPIO_MODE_AF << (2 * n));
    }
    /* hclk3 is at most 240 MHz on these parts (RM0433/RM0399 clock tree): / 2 stays within both chips' 133 MHz. */
    QUADSPI_DCR = ((uint32_t)BOARD_QSPI_FSIZE << QSPI_DCR_FSIZE_Pos) | ((uint32_t)BOARD_QSPI_CSHT << QSPI_DCR_CSHT_Pos);
    QUADSPI_CR = (1u << QSPI_CR_PRESCALER_Pos) | QSPI_CR_SSHIFT | (BOARD_QSPI_DUAL ? QSPI_CR_DFM : 0u) | QSPI_CR_EN;
#if !BOARD_QSPI_DUAL
    /* A chip left in Continuous Read Mode takes the next clocks as an address: end it with mode
       bits of all ones (address FFFFFFh, mode FFh on four lines), then reset. */
    QUADSPI_ABR = 0xFFu;
    command(CMD(0, 0, L4, ADSIZE, L4, 0, 0), 0xFFFFFFu);
    command(CMD_SPI(0x66), 0);
    command(CMD_SPI(0x99), 0);
    delay_us(30);
    uint8_t id[3];
    read_bytes(CMD_SPI_DATA(0x9F), id, 3);
    if (id[0] != 0xEF || id[1] != 0x40 || id[2] != 0x18) return 1;   /* not a W25Q128JV */
    uint8_t sr2;
    read_bytes(CMD_SPI_DATA(0x35), &sr2, 1);
    if (!(sr2 & 0x02u)) {                     /* QE clear: set it once, non-volatile (tW) */
        uint8_t v = (uint8_t)(sr2 | 0x02u);
        write_enable();
        wait_not_busy();
        QUADSPI_DLR = 0;
        QUADSPI_CCR = QSPI_FMODE_INDIRECT_WRITE | CMD_SPI_DATA(0x31);
        QUADSPI_DR8 = v;
        complete();
        poll_sr1(BUSY_MASK, 0x00u, PIR_ERASE);
    }
#else
    command(CMD(0x66, L4, 0, 0, 0, 0, 0), 0);
    command(CMD(0x99, L4, 0, 0, 0, 0, 0), 0);
    delay_us(40);
    command(CMD_SPI(0x66), 0);
    command(CMD_SPI(0x99), 0);
    delay_us(40);
    uint8_t id[6];                            /* interleaved: die 1 in even bytes */
    read_bytes(CMD_SPI_DATA(0x9F), id, 6);
    for (unsigned i = 0; i < 2; i++) {
        if (id[i] != 0x20 || id[2 + i] != 0xBA || id[4 + i] != 0x20) return 1;   /* not two MT25QL512 */
    }
    write_enable();
    command(CMD_SPI(0xB7), 0);                /* 4-byte addresses on both dies */
#endif
    enter_mapped();
    return 0;
}

int drv_erase_sector(uint32_t addr)
{
    if (addr < ALGO_BASE || addr - ALGO_BASE >= ALGO_SIZE) return 1;
#ifndef BROKEN_KEEPS_MAPPED
    leave_mapped();
#endif
    write_enable();
    command(CMD_ERASE(0x20), (addr - ALGO_BASE) & ~(ALGO_SECTOR - 1u));
    poll_sr1(BUSY_MASK, 0x00u, PIR_ERASE);
    enter_mapped();
    return 0;
}

int drv_erase_chip(void)
{
    leave_mapped();
    write_enable();
    command(CMD_SPI(0xC7), 0);
    poll_sr1(BUSY_MASK, 0x00u, PIR_ERASE);
    enter_mapped();
    return 0;
}

int drv_program(uint32_t addr, uint32_t size, const uint8_t *buf)
{
    if (size == 0) return 0;
    if (addr < ALGO_BASE || addr - ALGO_BASE + size > ALGO_SIZE) return 1;
    if ((addr & (ALGO_PAGE - 1u)) + size > ALGO_PAGE) return 1;      /* one page at most */
#ifndef BROKEN_KEEPS_MAPPED
    leave_mapped();
#endif
#ifndef BROKEN_NO_WIP_WAIT
    write_enable();
#else
    command(CMD_SPI(0x06), 0);               /* WREN without waiting for the chip to be ready */
#endif
    wait_not_busy();
    QUADSPI_DLR = size - 1u;
    QUADSPI_CCR = QSPI_FMODE_INDIRECT_WRITE | CMD_QUAD_PROGRAM;
    QUADSPI_AR = addr - ALGO_BASE;
    /* Whole words where possible (FTHRES = 3: FTF while 4 bytes are free); a word write to DR
       queues its four bytes, lowest first (§23.5.9). */
    QUADSPI_CR = (QUADSPI_CR & ~(0x1Fu << QSPI_CR_FTHRES_Pos)) | (3u << QSPI_CR_FTHRES_Pos);
    uint32_t i = 0;
    for (; i + 4u <= size; i += 4u) {
        while (!(QUADSPI_SR & QSPI_SR_FTF)) {}
        QUADSPI_DR = (uint32_t)buf[i] | (uint32_t)buf[i + 1] << 8 | (uint32_t)buf[i + 2] << 16 | (uint32_t)buf[i + 3] << 24;
    }
    for (; i < size; i++) {
        while (!(QUADSPI_SR & QSPI_SR_FTF)) {}
        QUADSPI_DR8 = buf[i];
    }
    complete();
    QUADSPI_CR &= ~(0x1Fu << QSPI_CR_FTHRES_Pos);
#ifndef BROKEN_NO_WIP_WAIT
    poll_sr1(BUSY_MASK, 0x00u, PIR_PAGE);
#endif
    enter_mapped();
    return 0;
}

void drv_prepare_read(uint32_t addr, uint32_t size)
{
    /* Lines of the window the D-cache holds from before the erase/program are stale. */
    if (!(SCB_CCR & (1u << 16))) return;
    for (uint32_t a = addr & ~31u; a < addr + size; a += 32u) SCB_DCIMVAC = a;
    __asm volatile("dsb\n\tisb" ::: "memory");
}
