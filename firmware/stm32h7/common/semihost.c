/* ARM "Semihosting for AArch32 and AArch64" v2.0: BKPT 0xAB, r0 = operation, r1 = parameter block.
   SYS_EXIT_EXTENDED (0x20) with {ADP_Stopped_ApplicationExit (0x20026), status}. */
#include "hw.h"

void semihost_exit(uint32_t status)
{
    console_flush();
    uint32_t block[2] = {0x20026u, status};
    register uint32_t r0 __asm__("r0") = 0x20u;
    register uint32_t *r1 __asm__("r1") = block;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    for (;;) {}
}
