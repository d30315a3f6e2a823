/*
 * Boot loader for the xipwrite application on stm32h757-mt25tl01g: clocks, console, QUADSPI in
 * dual-flash mode, then the dies in quad I/O protocol with 4-byte addresses and the window mapped
 * with the DTR quad read EDh 4-4D-4D (xip_flash_setup), the mode the application re-enters after
 * each write. Hand-over as boot/bootloader.c (DDI 0403E B1.5.3, B3.2.5).
 */
#include "hw.h"
#include "qspi.h"
#include "xip_flash.h"

int main(void)
{
    clock_init();
    delay_init();
    console_init();
    console_puts("boot: " BOARD_MCU " xipwrite, PLL1 ");
    console_dec(BOARD_CPU_HZ / 1000000u);
    console_puts(" MHz\n");
    qspi_init();
    xip_flash_setup();
    console_puts("boot: " BOARD_FLASH_NAME " quad I/O protocol, memory-mapped CCR ");
    console_hex(xip_flash_mmap_ccr(), 8);
    console_puts(" (EDh 4-4D-4D, 8 dummy clocks)\n");

    const volatile uint32_t *vectors = (const volatile uint32_t *)QSPI_MEM_BASE;
    uint32_t sp = vectors[0], entry = vectors[1];
    if ((entry & 1u) == 0 || entry < QSPI_MEM_BASE || entry >= QSPI_MEM_BASE + 0x10000000u) {
        console_puts("boot: no application at 0x90000000\n");
        semihost_exit(1);
    }
    console_flush();
    __asm__ volatile("cpsid i" ::: "memory");
    SYST_CSR = 0;
    SCB_VTOR = QSPI_MEM_BASE;
    __asm__ volatile("dsb 0xf\n\tisb 0xf\n\tmsr msp, %0\n\tcpsie i\n\tbx %1"
                     :: "r"(sp), "r"(entry) : "memory");
    __builtin_unreachable();
}
