/* C start-up: copy .data (and the RAM vector table) from flash, clear .bss, run main. */
#include <stdint.h>
#include "l476.h"

extern uint32_t __vectors[], __vectors_end[], __ram_vectors[];
extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
int main(void);

void start_c(void)
{
    uint32_t *src = __data_load;
    for (uint32_t *dst = __data_start; dst < __data_end;) *dst++ = *src++;
    for (uint32_t *dst = __bss_start; dst < __bss_end;) *dst++ = 0;
    /* Run with the vector table in SRAM, so the fault handler (also in SRAM) still works when the
     * flash under us has been erased: the buggy firmware demonstrates exactly that. */
    uint32_t *v = __ram_vectors;
    for (uint32_t *p = __vectors; p < __vectors_end;) *v++ = *p++;
    SCB_VTOR = (uint32_t)__ram_vectors;
    __asm volatile("dsb\n\tisb" ::: "memory");
    main();
    for (;;) {
    }
}
