/* Tiny Cortex-M test program for the image loader tests (see regen.sh).
 * It is never executed by the tests; it only has to produce a realistic ELF:
 * a vector table and code in flash, initialised data whose load address (LMA) differs from its
 * run address (VMA), and .bss that is zero-filled. */
#include <stdint.h>

extern uint32_t _estack;
volatile uint32_t counter = 0x11223344u;   /* .data: VMA in RAM, LMA in flash */
static uint8_t scratch[64];                /* .bss */
const uint16_t table[4] = {1, 2, 3, 4};    /* .rodata, OBJECT symbol */

void Reset_Handler(void);
void Default_Handler(void) { for (;;) { } }

__attribute__((section(".isr_vector"), used))
const void *const vectors[4] = { &_estack, Reset_Handler, Default_Handler, Default_Handler };

static int step(int x) { return x * 3 + table[x & 3]; }

void Reset_Handler(void) {
    for (int i = 0; i < 64; i++) scratch[i] = (uint8_t)step(i);
    for (;;) counter += scratch[counter & 63];
}
