/* USART1 console, polled (RM0433 §48.5 "USART functional description": character transmission
   procedure: BRR, CR1.TE/UE, wait TEACK; per character wait TXE then write TDR; TC at the end). */
#include "hw.h"

void console_init(void)
{
    static const pin_af_t pins[] = BOARD_USART1_PINS;
    RCC_APB2ENR |= RCC_APB2ENR_USART1EN;
    (void)RCC_APB2ENR;
    gpio_set_af(pins, sizeof pins / sizeof pins[0], 0);
    USART1_CR1 = 0;                       /* UE = 0 while configuring                 */
    USART1_CR2 = 0;                       /* 1 stop bit                               */
    USART1_CR3 = 0;
    USART1_PRESC = 0;
    /* Oversampling by 16: USARTDIV = usart_ker_ck / baud, rounded (kernel clock rcc_pclk2). */
    USART1_BRR = (BOARD_PCLK2_HZ + BOARD_CONSOLE_BAUD / 2u) / BOARD_CONSOLE_BAUD;
    USART1_CR1 = USART_CR1_TE | USART_CR1_RE | USART_CR1_UE;   /* 8 data bits, no parity */
    while ((USART1_ISR & (USART_ISR_TEACK | USART_ISR_REACK)) != (USART_ISR_TEACK | USART_ISR_REACK)) {}
}

void console_putc(char c)
{
    while (!(USART1_ISR & USART_ISR_TXE)) {}
    USART1_TDR = (uint8_t)c;
}

void console_puts(const char *s)
{
    while (*s) console_putc(*s++);
}

void console_hex(uint32_t v, unsigned digits)
{
    console_putc('0');
    console_putc('x');
    for (int shift = (int)(digits - 1) * 4; shift >= 0; shift -= 4) console_putc("0123456789abcdef"[(v >> shift) & 0xFu]);
}

void console_hex_bytes(const uint8_t *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (i) console_putc(' ');
        console_putc("0123456789abcdef"[b[i] >> 4]);
        console_putc("0123456789abcdef"[b[i] & 0xFu]);
    }
}

void console_dec(uint32_t v)
{
    char buf[11];
    int n = 0;
    do { buf[n++] = (char)('0' + v % 10u); v /= 10u; } while (v);
    while (n) console_putc(buf[--n]);
}

void console_flush(void)
{
    while (!(USART1_ISR & USART_ISR_TC)) {}
}
