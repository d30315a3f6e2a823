/*
 * Escalation of an undefined instruction to HardFault: UsageFault disabled,
 * so UDF gives exception 3 with HFSR.FORCED and CFSR.UNDEFINSTR.
 * Expected exit status 103.
 */
#include "fault.h"

int main(void)
{
    SCB_SHCSR &= ~SHCSR_USGFAULTENA;
    announce("undefined instruction 0xde00 with UsageFault disabled");
    __asm__ volatile(".hword 0xde00");
    printf("not reached\n");
    return 1;
}
