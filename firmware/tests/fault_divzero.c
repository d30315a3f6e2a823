/*
 * UsageFault by integer division by zero with CCR.DIV_0_TRP set (ARMv7-M ARM
 * B3.2.8): SDIV traps instead of returning 0; exception 6 with
 * CFSR.DIVBYZERO. Expected exit status 106.
 */
#include "fault.h"

int main(void)
{
    SCB_SHCSR |= SHCSR_USGFAULTENA;
    SCB_CCR |= CCR_DIV_0_TRP;
    __asm__ volatile("dsb\n\tisb");
    volatile int32_t a = 1000, b = 0;
    int32_t q;
    announce("sdiv by zero with CCR.DIV_0_TRP set");
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(a), "r"(b));
    printf("not reached %ld\n", (long)q);
    return 1;
}
