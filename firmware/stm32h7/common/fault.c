/* Exceptions without a handler of their own: one console line with the fault status registers
   (DDI 0403E B3.2.15-B3.2.18), then exit with status 100 + exception number. */
#include "hw.h"

void unexpected_exception(uint32_t ipsr) __attribute__((noreturn, used));
void unexpected_exception(uint32_t ipsr)
{
    uint32_t cfsr = SCB_CFSR;
    if (USART1_CR1 & USART_CR1_UE) {
        console_puts("exception ");
        console_dec(ipsr & 0x1FFu);
        console_puts(" CFSR=");
        console_hex(cfsr, 8);
        console_puts(" HFSR=");
        console_hex(SCB_HFSR, 8);
        if (cfsr & SCB_CFSR_BFARVALID) {
            console_puts(" BFAR=");
            console_hex(SCB_BFAR, 8);
        }
        console_puts("\n");
    }
    semihost_exit(100u + (ipsr & 0x1FFu));
}
