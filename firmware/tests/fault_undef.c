/*
 * UsageFault by an undefined instruction: UDF #0 (encoding 0xDE00, ARMv7-M
 * ARM A7.7.194) with UsageFault enabled in SHCSR: exception 6 with
 * CFSR.UNDEFINSTR. Expected exit status 106.
 */
#include "fault.h"

int main(void)
{
    SCB_SHCSR |= SHCSR_USGFAULTENA;
    announce("undefined instruction 0xde00 with UsageFault enabled");
    __asm__ volatile(".hword 0xde00");
    printf("not reached\n");
    return 1;
}
