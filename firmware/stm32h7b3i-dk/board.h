/*
 * What the shared octal XIP firmware (../octal-xip) needs to know about the STM32H7B3I-DK: the
 * MX25LM51245G (64 MiB: DEVSIZE 25) on OCTOSPI1 through OCTOSPIM port 1 (its reset routing), the
 * window at 0x90000000 (RM0455 memory map), the console on USART1 at PCLK2 = HSI 64 MHz out of
 * reset, the RAM an application's initial SP may point into (DTCM 128 KB at 0x20000000, AXI SRAM
 * 1 MB at 0x24000000), the LED blinky blinks (LD1 red, PG11).
 */
#ifndef BOARD_H
#define BOARD_H
#include "h7b3.h"

#define MX_CTRL       OCTOSPI1
#define MX_DEVSIZE    25u
#define MX_WINDOW     OCTOSPI1_WINDOW
#define MX_WINDOW_STR "0x90000000"
#define MX_SIZE       (64u << 20)
#define MX_BANNER     "bootloader: OCTOSPI1 + MX25LM51245G\n"
#define LED_PORT      GPIOG
#define LED_PIN       11u
#define CONSOLE       USART1
#define CONSOLE_HZ    64000000u
#define RAM_OK(sp) (((sp) >= 0x20000000u && (sp) <= 0x20020000u) || ((sp) >= 0x24000000u && (sp) <= 0x24100000u))

#endif
