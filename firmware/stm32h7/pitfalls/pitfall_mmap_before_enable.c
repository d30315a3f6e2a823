/*
 * Pitfall: reading the QUADSPI window before memory-mapped mode is enabled.
 *
 * QUADSPI is enabled and the chip is ready, but CCR.FMODE is still 00 (indirect write, the reset
 * value): the window at 0x90000000 only answers in memory-mapped mode (RM0433 §23.3.5), so the
 * load is answered with a bus error. BusFault is enabled (SHCSR.BUSFAULTENA, DDI 0403E B3.2.13)
 * and the D-cache is off, so the load takes a precise BusFault: CFSR.PRECISERR and BFARVALID set,
 * BFAR = 0x90000000 (B3.2.15, B3.2.18). The handler prints CFSR and BFAR and exits with 105.
 */
#include "pitfall.h"

void BusFault_Handler(void)
{
    uint32_t cfsr = SCB_CFSR, bfar = SCB_BFAR;
    console_puts("pitfall: BusFault CFSR=");
    console_hex(cfsr, 8);
    console_puts(" BFAR=");
    if (cfsr & SCB_CFSR_BFARVALID) console_hex(bfar, 8); else console_puts("invalid");
    console_puts((cfsr & SCB_CFSR_PRECISERR) ? " precise\n" : " imprecise\n");
    semihost_exit(EXIT_BUSFAULT);
}

int main(void)
{
    pitfall_setup();
    SCB_SHCSR |= SCB_SHCSR_BUSFAULTENA;
    __asm__ volatile("dsb 0xf\n\tisb 0xf" ::: "memory");
    console_puts("pitfall: QUADSPI enabled, CCR.FMODE = indirect; reading 0x90000000 before memory-mapped mode\n");
    uint32_t v = *(const volatile uint32_t *)QSPI_MEM_BASE;
    console_puts("pitfall: no fault, read ");
    console_hex(v, 8);
    console_puts("\n");
    return EXIT_NO_FAULT;
}
