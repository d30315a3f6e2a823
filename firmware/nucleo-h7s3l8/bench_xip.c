/*
 * The CPU benchmark of docs/PERFORMANCE.md (firmware/bench/compute.c, through the H750's XIP
 * program ../stm32h7/bench/bench.c) executing in place from the MX25UW25645G at 0x70000000, started
 * by the NUCLEO-H7S3L8 bootloader: the octal window's counterpart of stm32h750-w25q128-bench_xip.
 * Here: the console functions that glue expects (declared in bench/hw.h, which is not included:
 * its core register names clash with octal.h's), on the board's USART3 (../octal-xip/start.c).
 */
#include "board.h"
#include "start.h"

void console_putc(char c) {
    char s[2] = {c, 0};
    puts_uart(s);
}

void console_puts(const char *s) {
    puts_uart(s);
}

/* bench.c prints one address with eight digits, what put_hex prints. */
void console_hex(uint32_t v, unsigned digits) {
    (void)digits;
    put_hex(v);
}

void console_flush(void) {
    while (!(USART_ISR(CONSOLE) & (1u << 6))) {}  /* TC */
}

void semihost_exit(uint32_t status) {
    fw_exit((int)status);
}
