/*
 * The application library of the reference boot loader (update.h). Flash offsets and trailer
 * fields: layout.h. Writing the flash the code executes from: QUADSPI leaves memory-mapped mode
 * (CR.ABORT), the chip is programmed or erased in indirect mode and memory-mapped mode comes back,
 * all from ITCM (RAMFUNC) with interrupts masked, so no instruction is fetched from the window while
 * it is away (RM0433 23.3.11: the window is unavailable outside memory-mapped mode). The
 * application does not enable the D-cache, so no cache line of the window needs invalidating.
 */
#include "hw.h"
#include "qspi.h"
#include "layout.h"
#include "update.h"
#include "flash.h"

#define USART_CR1_RXFNEIE (1u << 5)                    /* RM0433 48.8.1 RXFIFO not empty interrupt enable */
#define USART_ISR_RXFNE   (1u << 5)
#define USART_ISR_ORE     (1u << 3)
#define USART1_ICR        REG32(USART1_BASE + 0x20u)  /* RM0433 48.8.11 */
#define USART_ICR_ORECF   (1u << 3)
#define USART1_IRQ        37u                          /* RM0433 Table 145 */
#define NVIC_ISER(n)      REG32(0xE000E100u + 4u * (n))
#define SCB_AIRCR         REG32(0xE000ED0Cu)           /* DDI 0403E B3.2.6: VECTKEY 0x05FA, SYSRESETREQ bit 2 */

extern const uint8_t __vectors[];
static uint8_t page[PAGE_SIZE];

RAMFUNC static void flash_erase(uint32_t offset)
{
    qspi_abort();
    mflash_erase(offset);
    nor_memory_mapped();
}

RAMFUNC static void flash_program(uint32_t offset, const uint8_t *data, uint32_t len)
{
    qspi_abort();
    mflash_program(offset, data, len);
    nor_memory_mapped();
}

unsigned update_running_slot(void)
{
    return ((uint32_t)__vectors - WINDOW_BASE) >= SLOT1_OFFSET ? 1u : 0u;
}

unsigned update_other_slot(void)
{
    /* Overwrite-only and swap images always run from slot 0 and stage in slot 1; direct-XIP images
       run from either slot and the new one goes to the other. */
    return 1u - update_running_slot();
}

int update_is_confirmed(void)
{
    return *(const volatile uint8_t *)(WINDOW_BASE + TRAILER(update_running_slot(), TRAILER_IMAGE_OK_OFF)) == FLAG_SET;
}

void update_confirm(void)
{
    if (update_is_confirmed()) return;
    page[0] = FLAG_SET;
    page[1] = 0xFFu;                                   /* even length for dual-flash mode */
    flash_program(TRAILER(update_running_slot(), TRAILER_IMAGE_OK_OFF), page, 2);
}

void update_console_init(void)
{
    console_init();
    /* RXFNEIE only to wake WFI: PRIMASK keeps the interrupt from being taken (DDI 0403E B1.5.19). */
    __asm__ volatile("cpsid i" ::: "memory");
    USART1_CR1 |= USART_CR1_RXFNEIE;
    NVIC_ISER(USART1_IRQ / 32u) = 1u << (USART1_IRQ % 32u);
}

uint8_t update_console_getc(void)
{
    for (;;) {
        uint32_t isr = USART1_ISR;
        if (isr & USART_ISR_ORE) USART1_ICR = USART_ICR_ORECF;
        if (isr & USART_ISR_RXFNE) return (uint8_t)USART1_RDR;
        NVIC_ICPR(USART1_IRQ / 32u) = 1u << (USART1_IRQ % 32u);
        if (USART1_ISR & USART_ISR_RXFNE) continue;
        __asm__ volatile("dsb 0xf\n\twfi" ::: "memory");
    }
}

int update_receive(uint32_t len)
{
    unsigned slot = update_other_slot();
    uint32_t base = SLOT_OFFSET(slot);
    int fits = len <= SLOT_SIZE - SECTOR_SIZE;
    /* Erase first: the trailer sector (no magic while the image is incomplete), then the image's. */
    if (fits) {
        flash_erase(base + SLOT_SIZE - SECTOR_SIZE);
        for (uint32_t s = 0; s < len; s += SECTOR_SIZE) flash_erase(base + s);
    }
    for (uint32_t at = 0; at < len; at += PAGE_SIZE) {
        uint32_t n = len - at < PAGE_SIZE ? len - at : PAGE_SIZE;
        for (uint32_t i = 0; i < n; i++) page[i] = update_console_getc();
        if (n & 1u) page[n++] = 0xFFu;                 /* even length for dual-flash mode */
        if (fits) flash_program(base + at, page, n);
    }
    if (!fits) return -1;
    for (unsigned i = 0; i < 16; i++) page[i] = boot_trailer_magic[i];
    flash_program(TRAILER(slot, TRAILER_MAGIC_OFF), page, 16);
    return 0;
}

void update_reset(void)
{
    console_flush();
    __asm__ volatile("dsb 0xf" ::: "memory");
    SCB_AIRCR = 0x05FA0004u;
    __asm__ volatile("dsb 0xf" ::: "memory");
    for (;;) {}
}
