/* Blinky linked at 0x70000000 (XSPI2 window), started by the bootloader: LD1 (PD10) blinks. */
#include "h7s3.h"
#include "start.h"

static void delay(volatile uint32_t n) {
    while (n--) {}
}

int main(void) {
    uart_init();
    puts_uart("blinky: running from 0x70000000\n");
    GPIO_MODER(GPIOD) = (GPIO_MODER(GPIOD) & ~(3u << 20)) | 1u << 20;  /* PD10 output */
    for (int i = 0; i < 3; i++) {
        GPIO_ODR(GPIOD) |= 1u << 10;
        delay(20000);
        GPIO_ODR(GPIOD) &= ~(1u << 10);
        delay(20000);
    }
    puts_uart("blinky: done\n");
    return 0;
}
