/* Blinky linked at the octal window (board.h MX_WINDOW), started by the bootloader: the board's LD1 blinks. */
#include "board.h"
#include "start.h"

static void delay(volatile uint32_t n) {
    while (n--) {}
}

int main(void) {
    uart_init();
    puts_uart("blinky: running from " MX_WINDOW_STR "\n");
    GPIO_MODER(LED_PORT) = (GPIO_MODER(LED_PORT) & ~(3u << (2 * LED_PIN))) | 1u << (2 * LED_PIN);  /* output */
    for (int i = 0; i < 3; i++) {
        GPIO_ODR(LED_PORT) |= 1u << LED_PIN;
        delay(20000);
        GPIO_ODR(LED_PORT) &= ~(1u << LED_PIN);
        delay(20000);
    }
    puts_uart("blinky: done\n");
    return 0;
}
