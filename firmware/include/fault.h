/*
 * Shared by the fault_*.c programs: SCB registers that enable fault
 * handlers and traps (ARMv7-M ARM B3.2.8 CCR, B3.2.13 SHCSR). These programs
 * install no handlers of their own: the startup's Default_Handler prints
 * CFSR/HFSR/BFAR/MMFAR and the stacked PC, then exits with status
 * 100 + exception number.
 */
#ifndef FAULT_H
#define FAULT_H
#include <stdint.h>
#include <stdio.h>

#define SCB_CCR   (*(volatile uint32_t *)0xE000ED14u)
#define SCB_SHCSR (*(volatile uint32_t *)0xE000ED24u)
#define CCR_UNALIGN_TRP (1u << 3)
#define CCR_DIV_0_TRP   (1u << 4)
#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)

/* Print the announcement and make sure it has left newlib's buffer before the fault. */
static void announce(const char *what)
{
    printf("about to fault: %s\n", what);
    fflush(stdout);
}

#endif
