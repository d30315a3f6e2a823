/*
 * What the shared octal XIP firmware (../octal-xip) needs to know about the NUCLEO-H7S3L8: the
 * MX25UW25645G (32 MiB: DEVSIZE 24) on XSPI2, its window at 0x70000000 (RM0477 memory map), the
 * console on USART3 at PCLK1 = 150 MHz once BOARD_CLOCKS (h7s3_clocks) ran, the RAM an application's initial SP may point into
 * (DTCM 64 KB at 0x20000000, AXI SRAM 456 KB at 0x24000000), the LED blinky blinks (LD1, PD10).
 */
#ifndef BOARD_H
#define BOARD_H
#include "h7s3.h"

#define MX_CTRL       XSPI2
#define MX_DEVSIZE    24u
#define MX_WINDOW     XSPI2_WINDOW
#define MX_WINDOW_STR "0x70000000"
#define MX_SIZE       (32u << 20)
#define MX_BANNER     "bootloader: XSPI2 + MX25UW25645G\n"
#define LED_PORT      GPIOD
#define LED_PIN       10u
#define CONSOLE       USART3
#define CONSOLE_HZ    PCLK1_HZ
#define BOARD_CLOCKS() h7s3_clocks()
#define RAM_OK(sp) (((sp) >= 0x20000000u && (sp) <= 0x20010000u) || ((sp) >= 0x24000000u && (sp) <= 0x24072000u))

#endif
