/*
 * Board configuration, selected at compile time with -DBOARD_STM32H750_W25Q128 or
 * -DBOARD_STM32H757_MT25TL01G (the Makefile builds every program once per board).
 *
 * stm32h750-w25q128: WeAct MiniSTM32H750-like. HSE 25 MHz; QUADSPI bank 1 on PB2 (CLK, AF9),
 *   PB6 (BK1_NCS, AF10), PD11/PD12/PE2/PD13 (BK1_IO0..3, AF9); LED PE3; USART1 on PA9/PA10 (AF7).
 *   Alternate functions: STM32H750xB datasheet DS12556, Table "Port A..E alternate functions".
 * stm32h757-mt25tl01g: STM32H747I-DISCO-like. HSE 25 MHz; MT25TL01G (two MT25QL512 dies) on
 *   QUADSPI in dual-flash mode: CLK PF10 (AF9), BK1_NCS PG6 (AF10, shared by both dies),
 *   BK1_IO0..3 PD11 (AF9), PF9 (AF10), PF7 (AF9), PF6 (AF9), BK2_IO0..3 PH2, PH3, PG9, PG14 (AF9);
 *   LEDs PI12-PI15 (active low); USART1 on PA9/PA10 (AF7). Alternate functions: STM32H747xI/G
 *   datasheet DS12930, Table "Port A..K alternate functions"; pins: STM32H747I-DISCO user manual UM2411.
 */
#ifndef BOARD_H
#define BOARD_H
#include <stdint.h>

typedef struct {
    uint8_t port;   /* GPIO_PORT_x */
    uint8_t pin;    /* 0..15       */
    uint8_t af;     /* AF number   */
} pin_af_t;

#if defined(BOARD_STM32H750_W25Q128)
#define BOARD_NAME        "stm32h750-w25q128"
#define BOARD_MCU         "STM32H750"
#define BOARD_CPU_HZ      480000000u
#define BOARD_HCLK_HZ     240000000u      /* AXI/AHB = CPU / 2 (HPRE = 2)         */
#define BOARD_PCLK2_HZ    120000000u      /* APB2 = HCLK / 2: USART1 kernel clock */
#define BOARD_FLASH_WS    4u              /* RM0433 Table 17: VOS0, ACLK 225-240 MHz -> 4 WS */
#define BOARD_FLASH_WRHIGHFREQ 2u         /* ACLK 185-240 MHz -> programming delay 10 */
#define BOARD_PLL1_M      5u              /* 25 MHz / 5 = 5 MHz reference (range 4-8 MHz) */
#define BOARD_PLL1_N      192u            /* VCO 960 MHz (wide VCO, 192-960 MHz)     */
#define BOARD_PLL1_P      2u              /* 480 MHz                                  */
#define BOARD_PLL1_Q      4u
#define BOARD_PLL1_R      2u
#define BOARD_QSPI_PRESCALER 1u           /* 240 MHz / 2 = 120 MHz (W25Q128JV: 133 MHz max) */
#define BOARD_QSPI_CSHT   5u              /* 6 cycles = 50 ns >= tSHSL2 (W25Q128JV §9.6)      */
#define BOARD_QSPI_FSIZE  23u             /* 2^24 = 16 MB                                      */
#define BOARD_QSPI_DUAL   0
#define BOARD_LED_PORT    GPIO_PORT_E
#define BOARD_LED_PIN     3u
#define BOARD_LED_NAME    "PE3"
#define BOARD_FLASH_NAME  "W25Q128JV"
#define BOARD_QSPI_PINS { \
    {GPIO_PORT_B, 2, 9}, {GPIO_PORT_B, 6, 10}, {GPIO_PORT_D, 11, 9}, \
    {GPIO_PORT_D, 12, 9}, {GPIO_PORT_E, 2, 9}, {GPIO_PORT_D, 13, 9} }

#elif defined(BOARD_STM32H757_MT25TL01G)
#define BOARD_NAME        "stm32h757-mt25tl01g"
#define BOARD_MCU         "STM32H757"
#define BOARD_CPU_HZ      400000000u
#define BOARD_HCLK_HZ     200000000u
#define BOARD_PCLK2_HZ    100000000u
#define BOARD_FLASH_WS    4u              /* RM0399 flash wait-state table: VOS1 at 200 MHz AXI; 4 WS as ST's board examples use */
#define BOARD_FLASH_WRHIGHFREQ 2u
#define BOARD_PLL1_M      5u              /* 5 MHz reference                          */
#define BOARD_PLL1_N      160u            /* VCO 800 MHz                              */
#define BOARD_PLL1_P      2u              /* 400 MHz                                  */
#define BOARD_PLL1_Q      4u
#define BOARD_PLL1_R      2u
#define BOARD_QSPI_PRESCALER 1u           /* 200 MHz / 2 = 100 MHz (MT25QL: 133 MHz STR max) */
#define BOARD_QSPI_CSHT   4u              /* 5 cycles = 50 ns >= tSHSL (non-read)     */
#define BOARD_QSPI_FSIZE  26u             /* DFM: FSIZE is the total of both dies, 2^27 = 128 MB */
#define BOARD_QSPI_DUAL   1
#define BOARD_LED_PORT    GPIO_PORT_I
#define BOARD_LED_PIN     12u
#define BOARD_LED_NAME    "PI12"
#define BOARD_FLASH_NAME  "MT25TL01G"
#define BOARD_QSPI_PINS { \
    {GPIO_PORT_F, 10, 9}, {GPIO_PORT_G, 6, 10}, {GPIO_PORT_D, 11, 9}, {GPIO_PORT_F, 9, 10}, \
    {GPIO_PORT_F, 7, 9}, {GPIO_PORT_F, 6, 9}, {GPIO_PORT_H, 2, 9}, {GPIO_PORT_H, 3, 9}, \
    {GPIO_PORT_G, 9, 9}, {GPIO_PORT_G, 14, 9} }

#else
#error "define BOARD_STM32H750_W25Q128 or BOARD_STM32H757_MT25TL01G"
#endif

#define BOARD_CONSOLE_BAUD 115200u
/* USART1 on PA9 (TX) / PA10 (RX), AF7 on both parts. */
#define BOARD_USART1_PINS { {GPIO_PORT_A, 9, 7}, {GPIO_PORT_A, 10, 7} }

#endif
