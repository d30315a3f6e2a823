/* Shared by the pitfall programs: they run from the embedded flash without a bootloader and set up
   clocks, console, QUADSPI and the chip themselves (the bootloader's steps 1-4, quietly). */
#ifndef PITFALL_H
#define PITFALL_H
#include "hw.h"
#include "qspi.h"

/* Exit statuses (distinct from the CLI's own 2-5 and from the app's 0/1). */
#define EXIT_BUSFAULT   105u   /* 100 + exception number 5, as the generic-m7 fault programs  */
#define EXIT_NO_FAULT    50u   /* the read before memory-mapped mode did not fault             */
#define EXIT_READ_OLD    40u   /* read back the value from before the reprogramming (stale)    */
#define EXIT_READ_NEW    41u   /* read back the value just programmed (fresh)                  */
#define EXIT_READ_OTHER  42u   /* neither                                                      */

static inline void pitfall_setup(void)
{
    clock_init();
    delay_init();
    console_init();
    qspi_init();
    nor_reset();
    nor_enable_quad();
}

int xip_rewrite_scenario(int invalidate);   /* xip_rewrite.c */
#endif
