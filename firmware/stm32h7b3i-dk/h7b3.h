/*
 * STM32H7B3LI addresses used by the STM32H7B3I-DK firmware: RM0455 memory map (register boundary
 * addresses: GPIOG 0x5802_1800, USART1 0x4001_1000, OCTOSPI1 0x5200_5000 with its window at
 * 0x9000_0000). Board: UM2569 (LD1 red PG11, LD2 blue PG2; VCP on USART1 PA9/PA10). Register
 * offsets and fields: ../octal-xip/octal.h (OCTOSPI has the XSPI layout for what we use).
 */
#ifndef H7B3_H
#define H7B3_H
#include "octal.h"

#define GPIOG 0x58021800u
#define USART1 0x40011000u
#define OCTOSPI1 0x52005000u

#define OCTOSPI1_WINDOW 0x90000000u

#endif
