/*
 * The CPU issue's compute benchmark (firmware/bench/compute.c, unchanged) as an STM32H7
 * application: linked at 0x90000000 it executes in place from the QUADSPI flash, linked in AXI
 * SRAM it runs from RAM; docs/PERFORMANCE.md compares the host time of the two on the virtual
 * board. Output goes to the USART1 console; the exit is through semihosting (status 0).
 * Freestanding: the few C-library calls compute.c makes are provided here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "hw.h"

int bench_printf(const char *fmt, ...);
#define printf bench_printf
#define main compute_main
#include "../../bench/compute.c"
#undef main
#undef printf

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n--) *d++ = (uint8_t)c;
    return dst;
}

/* The formats compute.c uses: %-Ns, %d, %0Nlx. */
int bench_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            console_putc(*p);
            continue;
        }
        p++;
        int left = 0, zero = 0, width = 0;
        if (*p == '-') { left = 1; p++; }
        if (*p == '0') { zero = 1; p++; }
        while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
        while (*p == 'l') p++;
        char buf[16];
        int len = 0;
        const char *s = buf;
        if (*p == 's') {
            s = va_arg(ap, const char *);
            while (s[len]) len++;
        } else if (*p == 'd' || *p == 'x') {
            unsigned long v;
            int neg = 0;
            if (*p == 'd') {
                long x = va_arg(ap, int);
                neg = x < 0;
                v = (unsigned long)(neg ? -x : x);
            } else {
                v = va_arg(ap, unsigned long);
            }
            unsigned base = *p == 'd' ? 10u : 16u;
            char tmp[16];
            int n = 0;
            do { tmp[n++] = "0123456789abcdef"[v % base]; v /= base; } while (v);
            if (neg) buf[len++] = '-';
            while (n) buf[len++] = tmp[--n];
        }
        int pad = width > len ? width - len : 0;
        if (!left) while (pad--) console_putc(zero ? '0' : ' ');
        for (int i = 0; i < len; i++) console_putc(s[i]);
        if (left) while (pad--) console_putc(' ');
    }
    va_end(ap);
    return 0;
}

int main(void)
{
    icache_enable();
    dcache_enable();
    console_puts("bench: running from ");
    console_hex((uint32_t)(uintptr_t)&compute_main & ~1u, 8);
    console_puts("\n");
    compute_main();
    console_flush();
    semihost_exit(0);
}
