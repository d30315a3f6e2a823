/*
 * Escalation to HardFault (ARMv7-M ARM B1.5.4 "Fault handling"): with
 * BusFault, UsageFault and MemManage disabled in SHCSR (their reset state),
 * a load from unmapped 0x70000000 escalates: exception 3 with HFSR.FORCED,
 * and CFSR still records PRECISERR/BFARVALID with BFAR = 0x70000000.
 * Expected exit status 103.
 */
#include "fault.h"

int main(void)
{
    SCB_SHCSR &= ~(SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA | SHCSR_MEMFAULTENA);
    announce("load from unmapped 0x70000000 with configurable faults disabled");
    uint32_t v = *(volatile uint32_t *)0x70000000u;
    printf("not reached %lu\n", (unsigned long)v);
    return 1;
}
