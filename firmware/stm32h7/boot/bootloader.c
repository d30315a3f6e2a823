/*
 * Bootloader in the embedded flash at 0x08000000: brings up clocks, the console and the external
 * NOR flash, maps the flash at 0x90000000 and starts the application linked there.
 *
 *  1. clock_init(): HSE 25 MHz -> PLL1 -> 480 MHz (STM32H750, LDO, VOS0) or 400 MHz (STM32H757,
 *     direct SMPS, VOS1), every ready flag waited for.
 *  2. USART1 on PA9/PA10 at 115200 8N1.
 *  3. QUADSPI: kernel clock rcc_hclk3, prescaler /2, FSIZE, CSHT, sample shift (qspi_init).
 *  4. The chip: reset out of continuous read / QPI, quad mode, memory-mapped fast quad read (nor.c).
 *  5. Check the application's vector table, then hand over (ARMv7-M B1.5.3, B3.2.5): SysTick off,
 *     interrupts masked and cleared in the NVIC, VTOR = 0x90000000, MSP from word 0, branch to the
 *     reset handler in word 1 (a Thumb address: bit 0 set).
 */
#include "hw.h"
#include "qspi.h"

#ifndef APP_BASE
#define APP_BASE QSPI_MEM_BASE /* -DAPP_BASE=... starts an image elsewhere (the RAM-resident benchmark) */
#endif

static int plausible_stack(uint32_t sp)
{
    return (sp >= DTCM_BASE && sp <= DTCM_BASE + 128u * 1024u)
        || (sp >= AXI_SRAM_BASE && sp <= AXI_SRAM_BASE + 512u * 1024u);
}

static void __attribute__((noreturn)) start_app(uint32_t sp, uint32_t entry)
{
    __asm__ volatile("cpsid i" ::: "memory");
    SYST_CSR = 0;
    for (unsigned i = 0; i < 8; i++) {          /* 150 lines = 5 words; clear all 8 */
        NVIC_ICER(i) = 0xFFFFFFFFu;
        NVIC_ICPR(i) = 0xFFFFFFFFu;
    }
    SCB_VTOR = APP_BASE;
    __asm__ volatile("dsb 0xf\n\tisb 0xf" ::: "memory");
    /* The application re-enables interrupts itself when it wants them; PRIMASK is cleared here so
       it starts as after a reset. MSP is switched last: nothing may use the old stack afterwards. */
    __asm__ volatile(
        "msr msp, %0\n\t"
        "cpsie i\n\t"
        "bx %1\n\t"
        :: "r"(sp), "r"(entry | 1u) : "memory");
    __builtin_unreachable();
}

int main(void)
{
    clock_init();
    delay_init();
    console_init();
    console_puts("boot: " BOARD_MCU ", HSE 25 MHz, PLL1 ");
    console_dec(BOARD_CPU_HZ / 1000000u);
    console_puts(" MHz");
#if defined(BOARD_STM32H750_W25Q128)
    console_puts(" (LDO, VOS0)\n");
#else
    console_puts(" (direct SMPS, VOS1)\n");
#endif

    qspi_init();
    nor_reset();
    uint8_t id[6];
    nor_read_id(id);
    console_puts("boot: QUADSPI " BOARD_FLASH_NAME);
    console_puts(BOARD_QSPI_DUAL ? " dual-flash, JEDEC ID (dies interleaved) " : ", JEDEC ID ");
    console_hex_bytes(id, NOR_ID_BYTES);
    console_puts("\n");
    nor_enable_quad();
    nor_report("boot:");
    nor_memory_mapped();

    const volatile uint32_t *vectors = (const volatile uint32_t *)APP_BASE;
    uint32_t sp = vectors[0], entry = vectors[1];
    console_puts("boot: memory-mapped at 0x90000000, app SP ");
    console_hex(sp, 8);
    console_puts(" reset ");
    console_hex(entry, 8);
    console_puts("\n");
    if (!plausible_stack(sp) || (entry & 1u) == 0 || entry < APP_BASE || entry >= APP_BASE + 0x10000000u) {
        console_puts("boot: no application at 0x90000000\n");
        semihost_exit(1);
    }
    console_flush();
    start_app(sp, entry);
}
