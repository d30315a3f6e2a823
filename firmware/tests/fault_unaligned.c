/*
 * UsageFault by an unaligned word load with CCR.UNALIGN_TRP set (ARMv7-M ARM
 * A3.2.1, B3.2.8): exception 6 with CFSR.UNALIGNED. Expected exit status 106.
 */
#include "fault.h"

static uint32_t words[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u};

int main(void)
{
    SCB_SHCSR |= SHCSR_USGFAULTENA;
    SCB_CCR |= CCR_UNALIGN_TRP;
    __asm__ volatile("dsb\n\tisb");
    const uint8_t *p = (const uint8_t *)words + 2;
    uint32_t v;
    announce("ldr from words+2 with CCR.UNALIGN_TRP set");
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
    printf("not reached %lu\n", (unsigned long)v);
    return 1;
}
