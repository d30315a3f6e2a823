/*
 * UART bootloader in the embedded flash at 0x08000000 of stm32h750-w25q128, speaking the USART
 * protocol of ST's system-memory bootloader (AN3155 "USART protocol used in the STM32
 * bootloader", written from the application note: frame, commands and replies), extended to the
 * external NOR flash behind QUADSPI so that a stock stm32flash programs it:
 *
 *   0x90000000..0x90FFFFFF  W25Q128JV (16 MB): Read Memory, Write Memory, Extended Erase, Go
 *   0x24000000..0x2407FFFF  AXI SRAM: Read Memory, Write Memory, Go
 *   0x08000000..0x0801FFFF  embedded flash (this bootloader): Read Memory only
 *   0x20000000..0x2001FFFF  DTCM (this bootloader's data and stack): Read Memory only
 *
 * The console UART belongs to the protocol: nothing else is ever printed on it.
 *
 * Frame (AN3155 section 2 "USART connection"): 8 data bits, even parity, 1 stop bit. The host
 * starts with 0x7F (AN3155 section 2: the bootloader measures the baud rate on it; here the baud
 * rate is fixed at BOARD_CONSOLE_BAUD, the host's rate being that of the link), answered with ACK.
 * Every command is a byte and its complement (XOR = 0xFF) answered with ACK 0x79 or NACK 0x1F
 * (AN3155 section 3 "Bootloader command set"); addresses are 4 bytes MSB first + their XOR;
 * data blocks are N-1 (one byte) + N bytes (N <= 256) + the XOR of all of them.
 *
 *   0x00 Get         ACK, N = 7, version 0x31, the 7 command codes, ACK
 *   0x01 Get Version ACK, version 0x31, option bytes 0x00 0x00, ACK
 *   0x02 Get ID      ACK, N = 1, PID 0x04 0x50 (RM0433 60.5.8 DBGMCU_IDC.DEV_ID of the
 *                    STM32H742/743/750/753: 0x450), ACK
 *   0x11 Read Memory ACK, address, ACK, N-1 + complement, ACK, N bytes
 *   0x21 Go          ACK, address, ACK, then jump: MSP = [address], PC = [address + 4] (AN3155
 *                    "Go command": the address is that of a vector table)
 *   0x31 Write Memory ACK, address, ACK, N-1, data, checksum, ACK once written
 *   0x44 Extended Erase ACK, N-1 (2 bytes MSB first) + page numbers (2 bytes each) + checksum,
 *                    ACK once erased. Pages 0x1000..0x1FFF are the external 4 KB sectors 0..4095;
 *                    mass (0xFFFF) and bank (0xFFFE, 0xFFFD) erase and every other page are refused
 *                    with NACK, since the embedded flash holds this bootloader.
 *
 * Writes to the external flash behave like writes to RAM: bytes outside the written range keep
 * their content. NOR programming can only clear bits (W25Q128JV 8.2.15 Page Program), so a block
 * that needs a 0 -> 1 change reads its 4 KB sector, erases it (20h, 8.2.17) and programs it back
 * merged; a block that only clears bits is programmed directly, page by page (no page program may
 * cross a 256-byte page, 8.2.15). stm32flash never erases outside the embedded flash, so this is
 * what makes "stm32flash -w" correct on a chip that already holds an older image.
 *
 * Reset: with an application at 0x90100000 (a plausible vector table), the bootloader waits
 * BOOT_WINDOW_MS for 0x7F and otherwise starts that application; without one it waits for a host
 * forever.
 */
#include "hw.h"
#include "qspi.h"

#define ACK  0x79u
#define NACK 0x1Fu
#define BL_VERSION 0x31u
#define PID_MSB 0x04u
#define PID_LSB 0x50u

#define APP_BASE       0x90100000u
#define BOOT_WINDOW_MS 20u
#define EXT_SIZE       (1u << (BOARD_QSPI_FSIZE + 1u))   /* DCR.FSIZE: 2^(FSIZE+1) bytes */
#define SECTOR_SIZE    4096u                             /* W25Q128JV 4 KB sector erase 20h */
#define PAGE_SIZE      256u                              /* W25Q128JV page program 02h      */
#define EXT_PAGE_FIRST 0x1000u

/* Registers this program needs beyond stm32h7_regs.h. */
#define USART1_ICR        REG32(USART1_BASE + 0x20u)  /* RM0433 48.8.11 interrupt flag clear */
#define USART_CR1_RXFNEIE (1u << 5)                    /* RM0433 48.8.1 RX FIFO not empty interrupt enable */
#define USART_CR1_TXFNFIE (1u << 7)                    /* TX FIFO not full (TXE) interrupt enable */
#define USART_CR1_PCE     (1u << 10)                   /* parity control enable (PS = 0: even) */
#define USART_CR1_M0      (1u << 12)                   /* M1:M0 = 01: 9-bit word = 8 data + parity */
#define USART_ISR_ORE     (1u << 3)
#define USART_ISR_RXFNE   (1u << 5)
#define USART_ICR_ORECF   (1u << 3)
#define USART1_IRQ        37u                          /* RM0433 Table 145: USART1 global interrupt */
#define NVIC_ISER(n)      REG32(0xE000E100u + 4u * (n)) /* DDI 0403E B3.4.3 interrupt set-enable */

static uint8_t sector_buf[SECTOR_SIZE];
static uint8_t block[256];

/* ------------------------------------------------------------------------------------------ */
/* The link                                                                                    */

static void link_init(void)
{
    static const pin_af_t pins[] = BOARD_USART1_PINS;
    RCC_APB2ENR |= RCC_APB2ENR_USART1EN;
    (void)RCC_APB2ENR;
    gpio_set_af(pins, sizeof pins / sizeof pins[0], 0);
    USART1_CR1 = 0;
    USART1_CR2 = 0;                                     /* 1 stop bit */
    USART1_CR3 = 0;
    USART1_PRESC = 0;
    USART1_BRR = (BOARD_PCLK2_HZ + BOARD_CONSOLE_BAUD / 2u) / BOARD_CONSOLE_BAUD;
    /* 8E1 (AN3155 section 2); RXFNEIE only to wake WFI: PRIMASK keeps the interrupt from being
       taken (DDI 0403E B1.5.19: WFI wakes on a pending interrupt that PRIMASK alone masks). */
    USART1_CR1 = USART_CR1_M0 | USART_CR1_PCE | USART_CR1_RXFNEIE | USART_CR1_TE | USART_CR1_RE | USART_CR1_UE;
    while ((USART1_ISR & (USART_ISR_TEACK | USART_ISR_REACK)) != (USART_ISR_TEACK | USART_ISR_REACK)) {}
    __asm__ volatile("cpsid i" ::: "memory");
    NVIC_ISER(USART1_IRQ / 32u) = 1u << (USART1_IRQ % 32u);
}

static int link_ready(void)
{
    uint32_t isr = USART1_ISR;
    if (isr & USART_ISR_ORE) USART1_ICR = USART_ICR_ORECF;
    return (isr & USART_ISR_RXFNE) != 0;
}

static uint8_t link_get(void)
{
    while (!link_ready()) {
        /* Clear the latched pending bit, look again, then sleep until the next byte pends it. */
        NVIC_ICPR(USART1_IRQ / 32u) = 1u << (USART1_IRQ % 32u);
        if (link_ready()) break;
        __asm__ volatile("dsb 0xf\n\twfi" ::: "memory");
    }
    return (uint8_t)USART1_RDR;                          /* bit 8 is the parity bit: dropped */
}

static void link_put(uint8_t b)
{
    /* Sleep while the previous frame leaves: TXFNFIE wakes WFI when TDR empties (enabled only
       here, since the flag is set almost always); a byte received meanwhile wakes it too. */
    if (!(USART1_ISR & USART_ISR_TXE)) {
        USART1_CR1 |= USART_CR1_TXFNFIE;
        while (!(USART1_ISR & USART_ISR_TXE)) {
            NVIC_ICPR(USART1_IRQ / 32u) = 1u << (USART1_IRQ % 32u);
            if (USART1_ISR & USART_ISR_TXE) break;
            __asm__ volatile("dsb 0xf\n\twfi" ::: "memory");
        }
        USART1_CR1 &= ~USART_CR1_TXFNFIE;
    }
    USART1_TDR = b;
}

/* ------------------------------------------------------------------------------------------ */
/* Memory regions                                                                              */

enum { R_NONE, R_EXT, R_SRAM, R_FLASH, R_DTCM };
#define MAY_READ  1u
#define MAY_WRITE 2u
#define MAY_GO    4u

typedef struct {
    uint32_t base, size;
    uint8_t kind, rights;
} region_t;

static const region_t regions[] = {
    {QSPI_MEM_BASE, EXT_SIZE, R_EXT, MAY_READ | MAY_WRITE | MAY_GO},
    {AXI_SRAM_BASE, 512u * 1024u, R_SRAM, MAY_READ | MAY_WRITE | MAY_GO},
    {0x08000000u, 128u * 1024u, R_FLASH, MAY_READ},
    {DTCM_BASE, 128u * 1024u, R_DTCM, MAY_READ},
};

/* The region holding [addr, addr + len) entirely, with the right asked for; NULL otherwise. */
static const region_t *region_for(uint32_t addr, uint32_t len, uint8_t right)
{
    for (unsigned i = 0; i < sizeof regions / sizeof regions[0]; i++) {
        const region_t *r = &regions[i];
        if (addr >= r->base && addr - r->base < r->size && len <= r->size - (addr - r->base)) {
            return (r->rights & right) ? r : 0;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* External flash: writes that keep the bytes around them                                      */

typedef void chunk_fn(uint32_t off, const uint8_t *data, uint32_t len);

/* Calls fn on [off, off + len) cut at every multiple of unit (a power of two). */
static void in_chunks(uint32_t off, const uint8_t *data, uint32_t len, uint32_t unit, chunk_fn *fn)
{
    while (len) {
        uint32_t n = unit - (off & (unit - 1u));
        if (n > len) n = len;
        fn(off, data, n);
        off += n;
        data += n;
        len -= n;
    }
}

/* Writes len bytes (within one sector) at offset off of the chip. */
static void ext_write_in_sector(uint32_t off, const uint8_t *data, uint32_t len)
{
    uint32_t sector = off & ~(SECTOR_SIZE - 1u);
    nor_read(off, sector_buf, len);
    int clears_only = 1;
    for (uint32_t i = 0; i < len; i++) {
        if ((uint8_t)(sector_buf[i] & data[i]) != data[i]) clears_only = 0;
    }
    if (clears_only) {
        in_chunks(off, data, len, PAGE_SIZE, nor_program);
        return;
    }
    nor_read(sector, sector_buf, SECTOR_SIZE);
    for (uint32_t i = 0; i < len; i++) sector_buf[off - sector + i] = data[i];
    nor_erase_4k(sector);
    in_chunks(sector, sector_buf, SECTOR_SIZE, PAGE_SIZE, nor_program);
}

/* ------------------------------------------------------------------------------------------ */
/* Hand-over                                                                                   */

static int plausible_vectors(uint32_t sp, uint32_t entry)
{
    int stack_ok = (sp > DTCM_BASE && sp <= DTCM_BASE + 128u * 1024u)
                || (sp > AXI_SRAM_BASE && sp <= AXI_SRAM_BASE + 512u * 1024u);
    return stack_ok && (entry & 1u) && region_for(entry & ~1u, 2, MAY_GO) != 0;
}

/* ARMv7-M hand-over (DDI 0403E B1.5.3, B3.2.5): the bootloader's interrupt source off, SysTick
   off, NVIC cleared, VTOR = the image's vector table, MSP from its word 0, jump to word 1. */
static void __attribute__((noreturn)) start_image(uint32_t vectors, uint32_t sp, uint32_t entry)
{
    while (!(USART1_ISR & USART_ISR_TC)) {}             /* the last ACK has left */
    USART1_CR1 &= ~USART_CR1_RXFNEIE;
    SYST_CSR = 0;
    for (unsigned i = 0; i < 8; i++) {
        NVIC_ICER(i) = 0xFFFFFFFFu;
        NVIC_ICPR(i) = 0xFFFFFFFFu;
    }
    SCB_VTOR = vectors;
    __asm__ volatile("dsb 0xf\n\tisb 0xf" ::: "memory");
    __asm__ volatile("msr msp, %0\n\tcpsie i\n\tbx %1\n\t" :: "r"(sp), "r"(entry) : "memory");
    __builtin_unreachable();
}

/* Reads the two vector words at addr; the external flash through indirect reads. */
static void vectors_at(uint32_t addr, uint32_t *sp, uint32_t *entry)
{
    uint32_t w[2];
    if (addr >= QSPI_MEM_BASE && addr - QSPI_MEM_BASE < EXT_SIZE) {
        nor_read(addr - QSPI_MEM_BASE, (uint8_t *)w, 8);
    } else {
        w[0] = ((const volatile uint32_t *)addr)[0];
        w[1] = ((const volatile uint32_t *)addr)[1];
    }
    *sp = w[0];
    *entry = w[1];
}

/* ------------------------------------------------------------------------------------------ */
/* Commands                                                                                    */

/* 4 address bytes MSB first + their XOR (AN3155 3.4); 0 and *ok = 0 on a bad checksum. */
static uint32_t get_address(int *ok)
{
    uint8_t b[4], x = 0;
    for (int i = 0; i < 4; i++) {
        b[i] = link_get();
        x ^= b[i];
    }
    *ok = link_get() == x;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void cmd_get(void)
{
    static const uint8_t cmds[] = {0x00, 0x01, 0x02, 0x11, 0x21, 0x31, 0x44};
    link_put(ACK);
    link_put(sizeof cmds);                               /* N = bytes that follow - 1 */
    link_put(BL_VERSION);
    for (unsigned i = 0; i < sizeof cmds; i++) link_put(cmds[i]);
    link_put(ACK);
}

/* The command's ACK, then the address phase: ACK when the checksum is right and the address
   lies in a region with the right asked for, NACK (and 0 returned) otherwise. */
static int address_phase(uint8_t right, uint32_t *addr)
{
    int ok;
    link_put(ACK);
    *addr = get_address(&ok);
    ok = ok && region_for(*addr, 1, right);
    link_put(ok ? ACK : NACK);
    return ok;
}

static void cmd_read(void)
{
    uint32_t addr;
    if (!address_phase(MAY_READ, &addr)) return;
    uint8_t n = link_get(), c = link_get();
    const region_t *r = region_for(addr, n + 1u, MAY_READ);
    if ((uint8_t)(n ^ c) != 0xFFu || !r) {
        link_put(NACK);
        return;
    }
    link_put(ACK);
    if (r->kind == R_EXT) {
        nor_read(addr - QSPI_MEM_BASE, block, n + 1u);
        for (unsigned i = 0; i <= n; i++) link_put(block[i]);
    } else {
        for (unsigned i = 0; i <= n; i++) link_put(((const volatile uint8_t *)addr)[i]);
    }
}

static void cmd_write(void)
{
    uint32_t addr;
    if (!address_phase(MAY_WRITE, &addr)) return;
    uint8_t n = link_get(), x = n;
    for (unsigned i = 0; i <= n; i++) {
        block[i] = link_get();
        x ^= block[i];
    }
    const region_t *r = region_for(addr, n + 1u, MAY_WRITE);
    if (link_get() != x || !r) {
        link_put(NACK);
        return;
    }
    if (r->kind == R_EXT) {
        in_chunks(addr - QSPI_MEM_BASE, block, n + 1u, SECTOR_SIZE, ext_write_in_sector);
    } else {
        for (unsigned i = 0; i <= n; i++) ((volatile uint8_t *)addr)[i] = block[i];
    }
    link_put(ACK);
}

static void cmd_extended_erase(void)
{
    link_put(ACK);
    uint8_t hi = link_get(), lo = link_get(), x = hi ^ lo;
    uint32_t count = (uint32_t)hi << 8 | lo;
    if (count >= 0xFFF0u) {                              /* special erase: 0xFFFF, 0xFFFE, 0xFFFD */
        (void)link_get();
        link_put(NACK);
        return;
    }
    count += 1u;
    /* The page list is read whole before erasing anything: a bad checksum erases nothing. */
    static uint16_t pages[SECTOR_SIZE];
    int ok = 1;
    for (uint32_t i = 0; i < count; i++) {
        uint8_t a = link_get(), b = link_get();
        x ^= a ^ b;
        uint32_t p = (uint32_t)a << 8 | b;
        if (p < EXT_PAGE_FIRST || p - EXT_PAGE_FIRST >= EXT_SIZE / SECTOR_SIZE || i >= SECTOR_SIZE) ok = 0;
        else pages[i] = (uint16_t)(p - EXT_PAGE_FIRST);
    }
    if (link_get() != x || !ok) {
        link_put(NACK);
        return;
    }
    for (uint32_t i = 0; i < count; i++) nor_erase_4k((uint32_t)pages[i] * SECTOR_SIZE);
    link_put(ACK);
}

static void cmd_go(void)
{
    int ok;
    link_put(ACK);
    uint32_t addr = get_address(&ok);
    uint32_t sp = 0, entry = 0;
    if (ok && region_for(addr, 8, MAY_GO)) vectors_at(addr, &sp, &entry);
    if (!ok || !plausible_vectors(sp, entry)) {
        link_put(NACK);
        return;
    }
    link_put(ACK);
    nor_memory_mapped();                                 /* the image may execute in place */
    start_image(addr, sp, entry);
}

static void __attribute__((noreturn)) serve(void)
{
    for (;;) {
        uint8_t c = link_get(), x = link_get();
        if ((uint8_t)(c ^ x) != 0xFFu) {
            link_put(NACK);
            continue;
        }
        switch (c) {
        case 0x00: cmd_get(); break;
        case 0x01:
            link_put(ACK);
            link_put(BL_VERSION);
            link_put(0x00);
            link_put(0x00);
            link_put(ACK);
            break;
        case 0x02:
            link_put(ACK);
            link_put(1);
            link_put(PID_MSB);
            link_put(PID_LSB);
            link_put(ACK);
            break;
        case 0x11: cmd_read(); break;
        case 0x21: cmd_go(); break;
        case 0x31: cmd_write(); break;
        case 0x44: cmd_extended_erase(); break;
        default: link_put(NACK); break;
        }
    }
}

int main(void)
{
    clock_init();
    delay_init();
    link_init();
    qspi_init();
    nor_reset();
    nor_enable_quad();

    uint32_t sp, entry;
    vectors_at(APP_BASE, &sp, &entry);
    if (plausible_vectors(sp, entry)) {
        uint32_t start = DWT_CYCCNT, window = (BOARD_CPU_HZ / 1000u) * BOOT_WINDOW_MS;
        for (;;) {
            if (link_ready() && (uint8_t)USART1_RDR == 0x7Fu) break;
            if ((uint32_t)(DWT_CYCCNT - start) >= window) {
                nor_memory_mapped();
                start_image(APP_BASE, sp, entry);
            }
        }
    } else {
        while (link_get() != 0x7Fu) {}
    }
    link_put(ACK);
    serve();
}
