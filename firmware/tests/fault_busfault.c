/*
 * Precise BusFault: a load from 0x70000000, which is unmapped both on the
 * xipkit generic-m7 board and on QEMU's mps2-an500 (whose 16 MiB "mps.ram"
 * occupies 0x60000000..0x60FFFFFF, so 0x60000000 would NOT fault there).
 * BusFault is enabled in SHCSR, so exception 5 is taken with CFSR.PRECISERR
 * and CFSR.BFARVALID set and BFAR = 0x70000000. Expected exit status 105.
 */
#include "fault.h"

int main(void)
{
    SCB_SHCSR |= SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA | SHCSR_MEMFAULTENA;
    announce("load from unmapped 0x70000000 with BusFault enabled");
    uint32_t v = *(volatile uint32_t *)0x70000000u;
    printf("not reached %lu\n", (unsigned long)v);
    return 1;
}
