/* Console output of the boot loader and the sample application that sleeps while a character
   leaves (say.c); PRIMASK must be set. */
#ifndef MCUBOOT_SAY_H
#define MCUBOOT_SAY_H
#include <stdint.h>

void say_putc(char c);
void say(const char *s);
void say_dec(uint32_t v);
void say_hex(uint32_t v);          /* "0x" and 8 digits */

#endif
