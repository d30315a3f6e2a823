/*
 * hello for the STM32 boards: writes a line to the console UART, the ST-LINK virtual COM port
 * (USART1 on PA9/PA10 on the STM32H7 boards, USART2 on PA2/PA3 on the NUCLEO-L476RG), then
 * returns; startup.S ends the run through semihosting with main's return value.
 * The core runs from its reset clock: HSI 64 MHz on the H7 (RM0433 8.5.2), MSI 4 MHz on the L4
 * (RM0351 6.2.3), so BRR = clock / 115200 (oversampling by 16, RM0433 48.5.7 / RM0351 40.5.4).
 * No vendor headers: the few register addresses come from the reference manuals.
 */
#include <stdint.h>

#define REG(a) (*(volatile uint32_t *)(a))

#ifdef STM32H7
#define RCC_AHB4ENR   REG(0x580244E0u)          /* RM0433 8.7.43: GPIOAEN bit 0 */
#define RCC_APB2ENR   REG(0x580244F0u)          /* RM0433 8.7.47: USART1EN bit 4 */
#define GPIOA         0x58020000u
#define USART         0x40011000u               /* USART1 */
#define TX_PIN        9u
#define CLOCK_HZ      64000000u
static void clocks_on(void) { RCC_AHB4ENR |= 1u << 0; RCC_APB2ENR |= 1u << 4; }
#else
#define RCC_AHB2ENR   REG(0x4002104Cu)          /* RM0351 6.4.17: GPIOAEN bit 0 */
#define RCC_APB1ENR1  REG(0x40021058u)          /* RM0351 6.4.19: USART2EN bit 17 */
#define GPIOA         0x48000000u
#define USART         0x40004400u               /* USART2 */
#define TX_PIN        2u
#define CLOCK_HZ      4000000u
static void clocks_on(void) { RCC_AHB2ENR |= 1u << 0; RCC_APB1ENR1 |= 1u << 17; }
#endif

#define GPIO_MODER    REG(GPIOA + 0x00u)
#define GPIO_AFR(n)   REG(GPIOA + 0x20u + 4u * ((n) / 8u))
#define USART_CR1     REG(USART + 0x00u)        /* UE bit 0, RE bit 2, TE bit 3 */
#define USART_BRR     REG(USART + 0x0Cu)
#define USART_ISR     REG(USART + 0x1Cu)        /* TC bit 6, TXE bit 7 */
#define USART_TDR     REG(USART + 0x28u)

static void uart_init(void)
{
    clocks_on();
    for (uint32_t pin = TX_PIN; pin <= TX_PIN + 1u; pin++) {   /* TX, RX: alternate function 7 */
        GPIO_MODER = (GPIO_MODER & ~(3u << (2u * pin))) | (2u << (2u * pin));
        GPIO_AFR(pin) = (GPIO_AFR(pin) & ~(15u << (4u * (pin % 8u)))) | (7u << (4u * (pin % 8u)));
    }
    USART_BRR = (CLOCK_HZ + 115200u / 2u) / 115200u;
    USART_CR1 = (1u << 3) | (1u << 2) | (1u << 0);
}

static void uart_puts(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n') {
            while (!(USART_ISR & (1u << 7))) {}
            USART_TDR = '\r';
        }
        while (!(USART_ISR & (1u << 7))) {}
        USART_TDR = (uint8_t)*s;
    }
    while (!(USART_ISR & (1u << 6))) {}         /* the last stop bit is out before we stop */
}

int main(void)
{
    uart_init();
    uart_puts("hello from " BOARD "\n");
    return 0;
}
