/*
 * Flash algorithm driver for the NUCLEO-H7S3L8's MX25UW25645G on XSPI2 (octal DTR, window at
 * 0x70000000), over the board firmware's own flash library (../octal-xip/mx25uw.c with
 * ../nucleo-h7s3l8/board.h). The library source is compiled into this translation unit because an
 * algorithm is linked from its driver and entry objects only (see the Makefile's build_one).
 *
 * Init resets the chip whatever mode a previous program left it in (8D, 8S, then SPI), checks the
 * SFDP signature, switches it to DTR-OPI and maps it; every call leaves it memory-mapped (algo.h).
 * The H7S3 XSPI kernel clock is taken as the board firmware's (no RCC set-up here either).
 */
#include "mx25uw.c"
#include "algo.h"

#define SCB_CCR     (*(volatile uint32_t *)0xE000ED14u)
#define SCB_DCIMVAC (*(volatile uint32_t *)0xE000EF5Cu)

static void leave_mapped(void)
{
    XSPI_CR(X) |= XSPI_CR_ABORT;
    while (XSPI_CR(X) & XSPI_CR_ABORT) {}
}

int drv_init(void)
{
    uint8_t sfdp[8];
    mx_init();
    mx_reset_any_mode();
    if (mx_read_sfdp(sfdp, sizeof sfdp) != 0) return 1;
    mx_enter_dtr_opi();
    mx_memory_mapped();
    return 0;
}

int drv_erase_sector(uint32_t addr)
{
    if (addr < ALGO_BASE || addr - ALGO_BASE >= ALGO_SIZE) return 1;
    leave_mapped();
    mx_erase4k((addr - ALGO_BASE) & ~(ALGO_SECTOR - 1u));
    mx_memory_mapped();
    return 0;
}

int drv_erase_chip(void)
{
    leave_mapped();
    mx_erase_chip();
    mx_memory_mapped();
    return 0;
}

int drv_program(uint32_t addr, uint32_t size, const uint8_t *buf)
{
    if (addr < ALGO_BASE || addr - ALGO_BASE + size > ALGO_SIZE) return 1;
    if ((addr & (ALGO_PAGE - 1u)) + size > ALGO_PAGE) return 1;      /* one page at most */
    if (size == 0) return 0;
    leave_mapped();
    mx_program(addr - ALGO_BASE, buf, size);
    mx_memory_mapped();
    return 0;
}

void drv_prepare_read(uint32_t addr, uint32_t size)
{
    /* Lines of the window the D-cache holds from before the erase/program are stale (ARMv7-M
     * DCIMVAC, by 32-byte line on the Cortex-M7; only when CCR.DC says the cache is on). */
    if (!(SCB_CCR & (1u << 16))) return;
    for (uint32_t a = addr & ~31u; a < addr + size; a += 32u) SCB_DCIMVAC = a;
    __asm volatile("dsb\n\tisb" ::: "memory");
}
