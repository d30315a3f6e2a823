/* Functions shared by the STM32H7 reference programs (the common directory). */
#ifndef HW_H
#define HW_H
#include <stdint.h>
#include "stm32h7_regs.h"
#include "board.h"

/* Code placed in ITCM-RAM (copied there by the startup code): the external-flash driver must not
   run from the flash it reprograms. */
#define RAMFUNC __attribute__((section(".ramfunc"), noinline))

/* clock.c: supply, voltage scaling, HSE, PLL1, bus prescalers, flash latency, switch to PLL1. */
void clock_init(void);

/* gpio.c */
void gpio_set_af(const pin_af_t *pins, unsigned count, int very_high_speed);
void gpio_set_output(unsigned port, unsigned pin);
void gpio_write(unsigned port, unsigned pin, int high);

/* console.c: USART1 at BOARD_CONSOLE_BAUD, polled. */
void console_init(void);
void console_putc(char c);
void console_puts(const char *s);
void console_hex(uint32_t v, unsigned digits);   /* "0x" + digits hex digits */
void console_hex_bytes(const uint8_t *b, unsigned n); /* "ef 40 18" */
void console_dec(uint32_t v);
void console_flush(void);                        /* wait for TC: the last stop bit has left */

/* semihost.c: SYS_EXIT_EXTENDED (ARM semihosting v2.0, operation 0x20). */
void semihost_exit(uint32_t status) __attribute__((noreturn));

/* delay.c: DWT cycle counter (enabled by delay_init). */
void delay_init(void);
void delay_cycles(uint32_t cycles);
#define DELAY_US(us) delay_cycles((uint32_t)((BOARD_CPU_HZ / 1000000u) * (us)))

/* cache.c: Cortex-M7 L1 cache maintenance (DDI 0403E B2.2.7; Cortex-M7 TRM "Cache maintenance"). */
void icache_enable(void);
void dcache_enable(void);
void dcache_invalidate_by_addr(uint32_t addr, uint32_t size);
uint32_t cache_size_bytes(int instruction);

#endif
