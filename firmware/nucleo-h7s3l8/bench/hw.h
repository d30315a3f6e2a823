/*
 * What the STM32H7 reference tree's benchmark glue (../../stm32h7/bench/bench.c) and L1 cache code
 * (../../stm32h7/common/cache.c) need from that tree's hw.h, on the NUCLEO-H7S3L8: the Cortex-M7
 * System Control Space registers (the same core; stm32h7_regs.h names them from DDI 0403E) and a
 * console, here on USART3 (../bench_xip.c). Nothing board-specific of the H7 tree comes along.
 */
#ifndef HW_H
#define HW_H
#include <stdint.h>
#include "stm32h7_regs.h"

void console_putc(char c);
void console_puts(const char *s);
void console_hex(uint32_t v, unsigned digits);
void console_flush(void);
void semihost_exit(uint32_t status) __attribute__((noreturn));
void icache_enable(void);
void dcache_enable(void);

#endif
