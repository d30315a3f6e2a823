/* Busy waits on the DWT cycle counter (DDI 0403E C1.8.8 CYCCNT; DEMCR.TRCENA enables the DWT,
   C1.6.5; on the Cortex-M7 the DWT is behind the CoreSight software lock, LAR = 0xC5ACCE55). */
#include "hw.h"

void delay_init(void)
{
    SCB_DEMCR |= SCB_DEMCR_TRCENA;
    DWT_LAR = DWT_LAR_KEY;
    DWT_CYCCNT = 0;
    DWT_CTRL |= DWT_CTRL_CYCCNTENA;
}

RAMFUNC void delay_cycles(uint32_t cycles)
{
    uint32_t start = DWT_CYCCNT;
    while ((uint32_t)(DWT_CYCCNT - start) < cycles) {}
}
