/*
 * The image the UART bootloader test writes with stm32flash: linked for 0x90100000, executed in
 * place through the QUADSPI window the bootloader left memory-mapped, with the clocks it set up.
 * Prints where it runs from and a checksum of its own code, then exits with status 42 (semihosting).
 */
#include "hw.h"

extern const uint8_t __vectors[];
extern const uint8_t __data_load[];

int main(void)
{
    console_init();
    uint32_t sum = 0;
    for (const uint8_t *p = __vectors; p < __data_load; p++) sum = sum * 31u + *p;
    console_puts("uartboot-app: running in place at ");
    console_hex((uint32_t)__vectors, 8);
    console_puts(", VTOR ");
    console_hex(SCB_VTOR, 8);
    console_puts(", code checksum ");
    console_hex(sum, 8);
    console_puts("\n");
    console_flush();
    return 42;
}
