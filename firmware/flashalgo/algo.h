/*
 * The contract between a flash algorithm's chip driver (one file per target) and the two entry-point
 * sets built from it: cmsis.c (CMSIS-Pack FLM: Init/UnInit/EraseSector/ProgramPage/..., 0 = success)
 * and stldr.c (STM32CubeProgrammer external loader: Init/Write/SectorErase/..., 1 = success).
 *
 * Every driver function leaves the flash readable at ALGO_BASE (memory-mapped mode for a QUADSPI
 * chip), the rule OpenOCD's stmqspi driver states and ST's loaders follow (Init enables
 * memory-mapped mode; Verify and CheckSum read through the window), so reads need no driver call.
 */
#ifndef ALGO_H
#define ALGO_H
#include <stdint.h>

/* Provided by the driver file. */
int  drv_init(void);                                           /* 0 = success                    */
int  drv_erase_sector(uint32_t addr);                          /* sector holding addr             */
int  drv_erase_chip(void);
int  drv_program(uint32_t addr, uint32_t size, const uint8_t *buf); /* within one page           */
void drv_prepare_read(uint32_t addr, uint32_t size);          /* cache maintenance before reading */

/* Copies flash contents through the window (both entry sets' Read). */
static inline void algo_read(uint32_t adr, uint32_t sz, uint8_t *buf)
{
    drv_prepare_read(adr, sz);
    const volatile uint8_t *p = (const volatile uint8_t *)adr;
    for (uint32_t i = 0; i < sz; i++) buf[i] = p[i];
}

/* The driver's geometry (a #define set per driver, used by the descriptor structs). */
#if defined(ALGO_W25Q128JV_H750)
#define ALGO_NAME          "W25Q128JV_STM32H750-W25Q128"
#define ALGO_BASE          0x90000000u   /* QUADSPI memory-mapped bank (RM0433 §23.3.5)    */
#define ALGO_SIZE          0x01000000u   /* 16 MiB (W25Q128JV §1)                          */
#define ALGO_PAGE          256u          /* W25Q128JV §8.2.14 page program: up to 256 bytes */
#define ALGO_SECTOR        4096u         /* §8.2.17 Sector Erase 20h                        */
#define ALGO_ERASED        0xFFu
#define ALGO_PROG_TIMEOUT_MS  100u       /* tPP max 3 ms (§9.6), with room for Init/clock  */
#define ALGO_ERASE_TIMEOUT_MS 1000u      /* tSE max 400 ms (§9.6)                           */
#define ALGO_DEVTYPE_CMSIS 5u            /* FlashOS.h EXTSPI                                */
#define ALGO_DEVTYPE_ST    3u            /* Dev_Inf.h NOR_FLASH, as ST's QSPI loaders use   */
#elif defined(ALGO_MT25TL01G_H757)
#define ALGO_NAME          "MT25TL01G_STM32H757-MT25TL01G"
#define ALGO_BASE          0x90000000u
#define ALGO_SIZE          0x08000000u   /* two 64 MiB dies (MT25TL01G)                     */
#ifndef BROKEN_SINGLE_DIE_GEOMETRY
#define ALGO_PAGE          512u          /* 256-byte page per die, both dies at once (DFM)  */
#define ALGO_SECTOR        8192u         /* 4KB subsector erase 20h on both dies            */
#else
#define ALGO_PAGE          256u          /* wrong: one die's page, as if dual-flash did not double it */
#define ALGO_SECTOR        4096u         /* wrong: one die's subsector                      */
#endif
#define ALGO_ERASED        0xFFu
#define ALGO_PROG_TIMEOUT_MS  100u       /* page program max 1.8 ms (MT25Q table)           */
#define ALGO_ERASE_TIMEOUT_MS 1000u      /* 4KB subsector erase max 400 ms (MT25Q table)    */
#define ALGO_DEVTYPE_CMSIS 5u
#define ALGO_DEVTYPE_ST    3u
#elif defined(ALGO_H750_INTERNAL) || defined(ALGO_H757_INTERNAL)
#if defined(ALGO_H750_INTERNAL)
#define ALGO_NAME          "STM32H750_INTERNAL-FLASH"
#define ALGO_SIZE          0x00020000u   /* one 128 KB sector, bank 1 (RM0433 §4.3.2, STM32H750xB) */
#else
#define ALGO_NAME          "STM32H757_INTERNAL-FLASH"
#define ALGO_SIZE          0x00200000u   /* two banks of 8 x 128 KB (RM0399 §4.3.2)            */
#endif
#define ALGO_BASE          0x08000000u
#define ALGO_PAGE          1024u         /* what ProgramPage takes: 32 flash words of 256 bits */
#define ALGO_SECTOR        0x20000u      /* 128 KB sectors                                     */
#define ALGO_ERASED        0xFFu
#define ALGO_PROG_TIMEOUT_MS  100u
#define ALGO_ERASE_TIMEOUT_MS 5000u      /* sector erase max 4 s (DS12110 tERASE128KB)         */
#define ALGO_DEVTYPE_CMSIS 1u            /* FlashOS.h ONCHIP                                   */
#define ALGO_DEVTYPE_ST    1u            /* Dev_Inf.h MCU_FLASH                                */
#elif defined(ALGO_L476_INTERNAL)
#define ALGO_NAME          "STM32L476_INTERNAL-FLASH"
#define ALGO_BASE          0x08000000u
#define ALGO_SIZE          0x00100000u   /* two 512 KB banks (RM0351 §3.3.1)                   */
#define ALGO_PAGE          1024u         /* what ProgramPage takes: 128 double words           */
#define ALGO_SECTOR        2048u         /* 2 KB pages, the erase unit                          */
#define ALGO_ERASED        0xFFu
#define ALGO_PROG_TIMEOUT_MS  100u       /* double word max 90.8 us (DS10198)                  */
#define ALGO_ERASE_TIMEOUT_MS 100u       /* page erase max 24.5 ms (DS10198)                   */
#define ALGO_DEVTYPE_CMSIS 1u
#define ALGO_DEVTYPE_ST    1u
#elif defined(ALGO_MX25UW25645G_H7S3)
#define ALGO_NAME          "MX25UW25645G_NUCLEO-H7S3L8"
#define ALGO_BASE          0x70000000u   /* XSPI2 memory-mapped window (RM0477 memory map)          */
#define ALGO_SIZE          0x02000000u   /* 256 Mbit (MX25UW25645G)                                 */
#define ALGO_PAGE          256u          /* page program 12EDh: up to 256 bytes                     */
#define ALGO_SECTOR        4096u         /* SE4B 21DEh, 4 KB                                        */
#define ALGO_ERASED        0xFFu
#define ALGO_PROG_TIMEOUT_MS  100u       /* tPP max 750 us (catalog entry), with room for Init      */
#define ALGO_ERASE_TIMEOUT_MS 1000u      /* tSE max 400 ms (catalog entry, ST BSP mx25uw25645g.h)   */
#define ALGO_DEVTYPE_CMSIS 5u            /* FlashOS.h EXTSPI                                        */
#define ALGO_DEVTYPE_ST    3u            /* Dev_Inf.h NOR_FLASH                                     */
#else
#error "define the algorithm's target (ALGO_W25Q128JV_H750, ALGO_MX25UW25645G_H7S3, ALGO_MT25TL01G_H757, ALGO_H750_INTERNAL, ALGO_H757_INTERNAL, ALGO_L476_INTERNAL)"
#endif

#endif
