/*
 * STM32H7S3L8 addresses used by the NUCLEO-H7S3L8 firmware: RM0477 memory map (register boundary
 * addresses). Board: UM3276 (LD1 PD10, LD2 PD13, LD3 PB7; VCP on USART3 PD8/PD9). Register
 * offsets and fields: ../octal-xip/octal.h.
 */
#ifndef H7S3_H
#define H7S3_H
#include "octal.h"

#define GPIOB 0x58020400u
#define GPIOD 0x58020C00u
#define USART3 0x40004800u
#define XSPI2 0x5200A000u
#define XSPI_SR_FLEVEL(sr) (((sr) >> 8) & 0x7Fu)

#define XSPI2_WINDOW 0x70000000u

#endif
