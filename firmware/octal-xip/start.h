#ifndef START_H
#define START_H
#include <stdint.h>
void uart_init(void);
void puts_uart(const char *s);
void put_hex(uint32_t v);
void fw_exit(int code) __attribute__((noreturn));
#endif
