/*
 * Console output that sleeps instead of spinning: while TDR is full, the TXE interrupt (TXFNFIE,
 * RM0433 48.8.1) is enabled and the core waits in WFI, woken by the pending USART1 interrupt that
 * PRIMASK keeps from being taken (DDI 0403E B1.5.19). At 115200 baud a character takes 87 us,
 * 42,000 cycles at 480 MHz that a spinning console_putc would spend polling.
 */
#include "hw.h"
#include "say.h"

#define USART_CR1_TXFNFIE (1u << 7)                    /* RM0433 48.8.1 TXFIFO not full interrupt enable */
#define USART1_IRQ        37u                          /* RM0433 Table 145 */
#define NVIC_ISER(n)      REG32(0xE000E100u + 4u * (n))
#define IRQ_BIT           (1u << (USART1_IRQ % 32u))

void say_putc(char c)
{
    if (!(USART1_ISR & USART_ISR_TXE)) {
        uint32_t was = NVIC_ISER(USART1_IRQ / 32u) & IRQ_BIT;
        NVIC_ISER(USART1_IRQ / 32u) = IRQ_BIT;
        USART1_CR1 |= USART_CR1_TXFNFIE;
        while (!(USART1_ISR & USART_ISR_TXE)) {
            NVIC_ICPR(USART1_IRQ / 32u) = IRQ_BIT;
            if (USART1_ISR & USART_ISR_TXE) break;
            __asm__ volatile("dsb 0xf\n\twfi" ::: "memory");
        }
        USART1_CR1 &= ~USART_CR1_TXFNFIE;
        if (!was) NVIC_ICER(USART1_IRQ / 32u) = IRQ_BIT;
        NVIC_ICPR(USART1_IRQ / 32u) = IRQ_BIT;
    }
    USART1_TDR = (uint8_t)c;
}

void say(const char *s)
{
    while (*s) say_putc(*s++);
}

void say_dec(uint32_t v)
{
    char buf[11];
    int n = 0;
    do { buf[n++] = (char)('0' + v % 10u); v /= 10u; } while (v);
    while (n) say_putc(buf[--n]);
}

void say_hex(uint32_t v)
{
    say("0x");
    for (int shift = 28; shift >= 0; shift -= 4) say_putc("0123456789abcdef"[(v >> shift) & 0xFu]);
}
