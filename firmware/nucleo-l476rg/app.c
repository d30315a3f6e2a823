/*
 * Dual-bank in-application update for the STM32L476 (NUCLEO-L476RG), built twice from this file
 * with VERSION="v1" / "v2" (and once more with BUGGY_BANK_SELECTION for the classic mistake, and
 * with EARLY_BANK_SWITCH for the other one: BFB2 set before the new bank is programmed and verified).
 *
 * At start: prints its version and the bank it runs from (SYSCFG_MEMRMP.FB_MODE, RM0351 9.2.1) on
 * USART2 (115200 8N1, the ST-LINK virtual COM port), then blinks LD2 (PA5) while waiting for an
 * update: a 4-byte little-endian length, the image, and its 4-byte little-endian CRC-32
 * (IEEE 802.3, reflected, as zlib's crc32). The image goes to the bank that is NOT running, which is
 * always the one at 0x0808 0000: erase by physical bank (MER1/MER2 name physical banks, RM0351
 * 3.3.6) but program by address (RM0351 3.3.7). After a CRC check over the programmed flash, BFB2
 * is set to boot the new bank (RM0351 3.4.1 BFB2; AN2606 dual-bank boot), the option bytes are
 * programmed (OPTSTRT) and loaded (OBL_LAUNCH), which resets the MCU into the new image.
 */
#include <stdint.h>
#include "l476.h"

#ifndef VERSION
#define VERSION "v?"
#endif

/* ------------------------------------------------------------------ console */

static void uart_init(void)
{
    RCC_AHB2ENR |= RCC_AHB2ENR_GPIOAEN;
    RCC_APB1ENR1 |= RCC_APB1ENR1_USART2EN;
    RCC_APB2ENR |= RCC_APB2ENR_SYSCFGEN;
    /* PA2, PA3: alternate function 7; PA5 (LD2): output. */
    GPIOA_AFRL = (GPIOA_AFRL & ~0x0000FF00u) | 0x00007700u;
    GPIOA_MODER = (GPIOA_MODER & ~((3u << 4) | (3u << 6) | (3u << 10))) | (2u << 4) | (2u << 6) | (1u << 10);
    /* 4 MHz MSI / 115200 = 34.7 -> 35 (RM0351 40.5.4, oversampling by 16). */
    USART2_BRR = 35;
    USART2_CR1 = USART_CR1_TE | USART_CR1_RE | USART_CR1_UE;
}

__attribute__((section(".ramfunc"), noinline)) static void putc_(char c)
{
    while (!(USART2_ISR & USART_ISR_TXE)) {
    }
    USART2_TDR = (uint8_t)c;
}

__attribute__((section(".ramfunc"), noinline)) static void puts_(const char *s)
{
    while (*s) putc_(*s++);
}

__attribute__((section(".ramfunc"), noinline)) static void puthex(uint32_t v)
{
    static char digits[] __attribute__((section(".data.fault"))) = "0123456789ABCDEF";
    for (int i = 28; i >= 0; i -= 4) putc_(digits[(v >> i) & 0xF]);
}

static void putdec(uint32_t v)
{
    char buf[11];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) putc_(buf[--n]);
}

/* Waits for a byte; while idle, toggles LD2 now and then so the board shows it is alive. */
static uint8_t getc_blinking(void)
{
    uint32_t spin = 0;
    for (;;) {
        uint32_t isr = USART2_ISR;
        if (isr & USART_ISR_ORE) USART2_ICR = USART_ISR_ORE;
        if (isr & USART_ISR_RXNE) return (uint8_t)USART2_RDR;
        if (++spin == 20000) {
            spin = 0;
            GPIOA_ODR ^= 1u << 5;
        }
    }
}

static uint32_t get32(void)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) v |= (uint32_t)getc_blinking() << (8 * i);
    return v;
}

/* ------------------------------------------------------------------ fault report */

/* In SRAM, with the vector table (crt.c): it still runs when the flash it came from is erased. */
/* Its texts are in .data too: .rodata may be gone. */
static char fault_text[] __attribute__((section(".data.fault"))) = "\r\nFAULT: CFSR=";
static char hfsr_text[] __attribute__((section(".data.fault"))) = " HFSR=";
static char eol_text[] __attribute__((section(".data.fault"))) = "\r\n";

__attribute__((section(".ramfunc"), noinline, used)) void Fault_Handler(void)
{
    puts_(fault_text);
    puthex(SCB_CFSR);
    puts_(hfsr_text);
    puthex(SCB_HFSR);
    puts_(eol_text);
    for (;;) {
    }
}

/* ------------------------------------------------------------------ flash */

static uint32_t running_bank(void)
{
    return (SYSCFG_MEMRMP & SYSCFG_MEMRMP_FB_MODE) ? 2 : 1;
}

static uint32_t bank_to_update(void)
{
#ifdef BUGGY_BANK_SELECTION
    /* The classic mistake: "the other half of the address space is bank 2". True only while the
     * banks are not swapped; after booting bank 2 (FB_MODE = 1), 0x0808 0000 is bank 1 and this
     * erases the bank we are running from. */
    return (FLASH_OTHER_HALF - FLASH_MAIN) / FLASH_BANK_SIZE + 1;
#else
    /* Erase names physical banks: the one not running. */
    return running_bank() == 1 ? 2 : 1;
#endif
}

static uint32_t flash_wait(void)
{
    while (FLASH_SR & FLASH_SR_BSY) {
    }
    uint32_t sr = FLASH_SR;
    FLASH_SR = sr; /* clear EOP and error flags (rc_w1) */
    return sr & FLASH_SR_ERRORS;
}

static void flash_unlock(void)
{
    if (FLASH_CR & FLASH_CR_LOCK) {
        FLASH_KEYR = FLASH_KEY1;
        FLASH_KEYR = FLASH_KEY2;
    }
}

static int flash_mass_erase(uint32_t bank)
{
    flash_wait();
    FLASH_CR = bank == 1 ? FLASH_CR_MER1 : FLASH_CR_MER2;
    FLASH_CR |= FLASH_CR_STRT;
    uint32_t err = flash_wait();
    FLASH_CR = 0;
    return err ? -1 : 0;
}

static int flash_program64(uint32_t address, uint32_t lo, uint32_t hi)
{
    FLASH_CR = FLASH_CR_PG;
    REG32(address) = lo;
    REG32(address + 4) = hi;
    uint32_t err = flash_wait();
    FLASH_CR = 0;
    if (err) {
        puts_("program error SR=");
        puthex(err);
        puts_("\r\n");
        return -1;
    }
    return 0;
}

static uint32_t crc32(const uint8_t *p, uint32_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
    return ~crc;
}

/* Selects the bank the next boot starts: BFB2 in the option bytes, OPTSTRT (RM0351 3.4.2). Set from
 * the bank just written rather than toggled: with BFB2 = 1 and an invalid bank 2 the part boots bank
 * 1, and a toggle would then select the wrong bank. */
static void write_boot_bank(uint32_t bank)
{
    if (FLASH_CR & FLASH_CR_OPTLOCK) {
        FLASH_OPTKEYR = FLASH_OPTKEY1;
        FLASH_OPTKEYR = FLASH_OPTKEY2;
    }
    if (bank == 2) FLASH_OPTR |= FLASH_OPTR_BFB2;
    else FLASH_OPTR &= ~FLASH_OPTR_BFB2;
    flash_wait();
    FLASH_CR = FLASH_CR_OPTSTRT;
    flash_wait();
}

static void boot_bank(uint32_t bank)
{
    write_boot_bank(bank);
    FLASH_CR = FLASH_CR_OBL_LAUNCH; /* option byte load: resets the MCU */
    for (;;) {
    }
}

#ifdef EARLY_BANK_SWITCH
/* The other classic mistake: select the new bank for the next boot as soon as it is erased, before
 * it holds a verified image, so that "the reset at the end only has to happen". Without a power cut
 * it works; a cut while the bank is being programmed leaves BFB2 = 1 over a part-written bank 2,
 * whose stack pointer is already valid, and the dual-bank boot starts it (AN2606 STM32L47xxx/48xxx
 * dual bank boot). */
static void select_boot_bank_early(uint32_t bank)
{
    write_boot_bank(bank);
    FLASH_CR = 0;
}
#endif

static void update(void)
{
    uint32_t length = get32();
    if (length == 0 || length > FLASH_BANK_SIZE) {
        puts_("bad length\r\n");
        return;
    }
    uint32_t bank = bank_to_update();
    puts_("erasing bank ");
    putdec(bank);
    puts_("\r\n");
    flash_unlock();
    if (flash_mass_erase(bank) != 0) {
        puts_("erase failed\r\n");
        return;
    }
#ifdef EARLY_BANK_SWITCH
    select_boot_bank_early(bank);
#endif
    puts_("send ");
    putdec(length);
    puts_(" bytes\r\n");
    for (uint32_t off = 0; off < length; off += 8) {
        uint8_t b[8];
        for (int i = 0; i < 8; i++) b[i] = off + i < length ? getc_blinking() : 0xFF;
        uint32_t lo = b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
        uint32_t hi = b[4] | b[5] << 8 | b[6] << 16 | (uint32_t)b[7] << 24;
        if (flash_program64(FLASH_OTHER_HALF + off, lo, hi) != 0) return;
    }
    uint32_t expected = get32();
    uint32_t actual = crc32((const uint8_t *)FLASH_OTHER_HALF, length);
    if (actual != expected) {
        puts_("crc mismatch ");
        puthex(actual);
        puts_("\r\n");
        return;
    }
    puts_("crc ok, booting bank ");
    putdec(bank);
    puts_("\r\n");
    boot_bank(bank);
}

int main(void)
{
    uart_init();
    puts_("app " VERSION " running from bank ");
    putdec(running_bank());
    puts_("\r\nready\r\n");
    for (;;) update();
}
