/*
 * The D-cache versus external-flash rewrite scenario shared by pitfall_stale_dcache (invalidate = 0)
 * and fresh_after_invalidate (invalidate = 1).
 *
 * 0x90010000 holds OLD_VALUE (section .xipdata, loaded into the chip with the ELF). With the D-cache
 * on, a read through the window allocates the 32-byte line (the window is write-through cacheable
 * Normal memory in the default memory map, DDI 0403E B3.1 Table B3-1). Then, with interrupts
 * masked and from ITCM code, memory-mapped mode is left (ABORT), the 4 KB sector is erased and
 * NEW_VALUE programmed in indirect mode, the flash is read back with 03h, and memory-mapped mode is
 * entered again. Nothing told the cache: without invalidation the next read hits the old line
 * (stale); DCIMVAC on the line (B2.2.7, "SCB_InvalidateDCache_by_Addr") makes it miss and fetch the
 * new data (fresh).
 */
#include "pitfall.h"

#define TEST_ADDR   (QSPI_MEM_BASE + 0x10000u)
#define OLD_VALUE   0xC0DE0001u
#define NEW_VALUE   0xC0DE0002u

/* A whole cache line of old data, so that the line holds nothing else. */
__attribute__((section(".xipdata"), used, aligned(32)))
const uint32_t xip_test_line[8] = {OLD_VALUE, 1, 2, 3, 4, 5, 6, 7};

RAMFUNC static uint32_t rewrite_in_indirect_mode(uint32_t value)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask) :: "memory");
    qspi_abort();
    nor_erase_4k(TEST_ADDR - QSPI_MEM_BASE);
    nor_program(TEST_ADDR - QSPI_MEM_BASE, (const uint8_t *)&value, sizeof value);
    uint32_t check = 0;
    nor_read(TEST_ADDR - QSPI_MEM_BASE, (uint8_t *)&check, sizeof check);
    nor_memory_mapped();
    __asm__ volatile("msr primask, %0" :: "r"(primask) : "memory");
    return check;
}

int xip_rewrite_scenario(int invalidate)
{
    pitfall_setup();
    nor_memory_mapped();
    dcache_enable();
    const volatile uint32_t *p = (const volatile uint32_t *)TEST_ADDR;

    uint32_t before = *p;
    console_puts("pitfall: D-cache on, ");
    console_hex(TEST_ADDR, 8);
    console_puts(" reads ");
    console_hex(before, 8);
    console_puts("\n");

    uint32_t check = rewrite_in_indirect_mode(NEW_VALUE);
    console_puts("pitfall: left memory-mapped mode, erased and programmed ");
    console_hex(NEW_VALUE, 8);
    console_puts(" in indirect mode; chip holds ");
    console_hex(check, 8);
    console_puts("\n");

    if (invalidate) {
        dcache_invalidate_by_addr(TEST_ADDR, 32);
        console_puts("pitfall: D-cache line invalidated (DCIMVAC)\n");
    }
    uint32_t after = *p;
    console_puts("pitfall: memory-mapped again, ");
    console_hex(TEST_ADDR, 8);
    console_puts(" reads ");
    console_hex(after, 8);
    if (after == OLD_VALUE) {
        console_puts(" (old value: stale D-cache line)\n");
        return EXIT_READ_OLD;
    }
    if (after == NEW_VALUE) {
        console_puts(" (new value)\n");
        return EXIT_READ_NEW;
    }
    console_puts(" (unexpected)\n");
    return EXIT_READ_OTHER;
}
