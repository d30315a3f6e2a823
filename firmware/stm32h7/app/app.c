/*
 * Application executed in place from the external flash at 0x90000000 (started by the bootloader,
 * which set VTOR, MSP, clocks, USART1 and the QUADSPI memory-mapped mode).
 *
 *  - enables the Cortex-M7 I- and D-caches (cache.c: CCSIDR-based set/way invalidation, CCR.IC/DC);
 *  - says where it runs from (the address of main, in the QUADSPI window);
 *  - blinks the board LED three times (GPIO BSRR writes; the board logs the pin changes);
 *  - reads the 64 KB asset table (assets.S) through the window, computes its checksum and compares
 *    it with the one stored after the table at build time;
 *  - exits through semihosting SYS_EXIT_EXTENDED with status 0 (1 on a checksum mismatch).
 * The default memory map makes 0x80000000-0x9FFFFFFF Normal, write-through cacheable memory
 * (DDI 0403E B3.1, Table B3-1), so the D-cache serves the window without an MPU region.
 */
#include "hw.h"

extern const uint32_t assets[];
extern const uint32_t assets_end[];
extern const uint32_t assets_checksum;

/* FNV-1a over 32-bit words; assets.S computes the same at build time. */
static uint32_t checksum(const uint32_t *p, const uint32_t *end)
{
    uint32_t h = 0x811C9DC5u;
    while (p < end) h = (h ^ *p++) * 0x01000193u;
    return h;
}

int main(void)
{
    delay_init();
    icache_enable();
    dcache_enable();
    console_puts("app: running from ");
    console_hex((uint32_t)(uintptr_t)&main & ~1u, 8);
    console_puts("\n");
    console_puts("app: I-cache ");
    console_dec(cache_size_bytes(1) / 1024u);
    console_puts(" KB, D-cache ");
    console_dec(cache_size_bytes(0) / 1024u);
    console_puts(" KB enabled\n");

    gpio_set_output(BOARD_LED_PORT, BOARD_LED_PIN);
    for (int i = 0; i < 3; i++) {
        gpio_write(BOARD_LED_PORT, BOARD_LED_PIN, 0);
        DELAY_US(1000);
        gpio_write(BOARD_LED_PORT, BOARD_LED_PIN, 1);
        DELAY_US(1000);
    }
    console_puts("app: blinked LED " BOARD_LED_NAME " 3 times\n");

    uint32_t bytes = (uint32_t)((uintptr_t)assets_end - (uintptr_t)assets);
    uint32_t sum = checksum(assets, assets_end);
    console_puts("app: assets ");
    console_dec(bytes);
    console_puts(" bytes at ");
    console_hex((uint32_t)(uintptr_t)assets, 8);
    console_puts(", checksum ");
    console_hex(sum, 8);
    int ok = sum == assets_checksum;
    console_puts(ok ? " ok\n" : " MISMATCH, stored ");
    if (!ok) {
        console_hex(assets_checksum, 8);
        console_puts("\n");
    }
    return ok ? 0 : 1;
}
