/*
 * Flash algorithm driver: the STM32H7's embedded flash (RM0433 §4 "Embedded flash memory (FLASH)";
 * the STM32H757's two banks work the same way, RM0399 §4). Registers (§4.9): KEYR 0x04, CR 0x0C,
 * SR 0x10, CCR 0x14 of bank 1 at 0x52002000, bank 2's at +0x100. Unlock: KEY1 0x45670123 then
 * KEY2 0xCDEF89AB into KEYR (§4.5.1). Sector erase (§4.3.10): CR = PSIZE | SER | SNB, then START;
 * the erase runs while QW is set. Programming (§4.3.9): CR = PSIZE | PG, then one 256-bit flash word
 * written as eight words; it is programmed while QW is set. EOP (SR bit 16) ends each operation,
 * EOPIE (CR bit 16) and the error interrupt enables (CR bits 17-26, the positions of the SR error
 * flags) raise the FLASH interrupt (NVIC line 4): the core sleeps in WFI with PRIMASK set until
 * then (ARMv7-M ARM B1.5.19), so an erase costs the debugger no polling. Flags clear through CCR.
 * No data in RAM, so the code runs wherever a tool places it.
 */
#include "algo.h"
#include "stm32h7_regs.h"

#define FLASH_REGS      0x52002000u
#define BANK2_REGS      (FLASH_REGS + 0x100u)
#define BANK_SIZE       0x00100000u            /* bank 2 starts 1 MB above bank 1 (RM0399 §4.3.2) */
#define KEYR(b)         REG32((b) + 0x04u)
#define CR(b)           REG32((b) + 0x0Cu)
#define SR(b)           REG32((b) + 0x10u)
#define CCR(b)          REG32((b) + 0x14u)
#define CR_LOCK         (1u << 0)
#define CR_PG           (1u << 1)
#define CR_SER          (1u << 2)
#define CR_BER          (1u << 3)
#define CR_PSIZE_X64    (3u << 4)
#define CR_START        (1u << 7)
#define CR_SNB_Pos      8u
#define CR_EOPIE        (1u << 16)
#define SR_BSY          (1u << 0)
#define SR_QW           (1u << 2)
#define SR_EOP          (1u << 16)
#define SR_ERRORS       0x07EE0000u            /* WRPERR PGSERR STRBERR INCERR OPERR RDPERR RDSERR SNECCERR DBECCERR */
#define FLASH_IRQ       4u
#define FLASH_WORD      32u
#define NVIC_ISER(n)    REG32(0xE000E100u + 4u * (n))

static uint32_t bank_of(uint32_t addr)
{
    return addr - ALGO_BASE >= BANK_SIZE ? BANK2_REGS : FLASH_REGS;
}

static void unlock(uint32_t b)
{
    if (CR(b) & CR_LOCK) {
        KEYR(b) = 0x45670123u;
        KEYR(b) = 0xCDEF89ABu;
    }
    CCR(b) = SR_ERRORS | SR_EOP;
}

/* Sleeps until the bank's queue is empty; 0 when no error flag came up. */
static int finish(uint32_t b)
{
    __asm volatile("cpsid i" ::: "memory");
    NVIC_ISER(FLASH_IRQ / 32u) = 1u << (FLASH_IRQ % 32u);
    while (SR(b) & (SR_QW | SR_BSY)) __asm volatile("wfi" ::: "memory");
    NVIC_ICER(FLASH_IRQ / 32u) = 1u << (FLASH_IRQ % 32u);
    NVIC_ICPR(FLASH_IRQ / 32u) = 1u << (FLASH_IRQ % 32u);
    uint32_t errors = SR(b) & SR_ERRORS;
    CCR(b) = SR_ERRORS | SR_EOP;
    CR(b) = CR_LOCK;
    return errors != 0;
}

int drv_init(void)
{
    return 0;
}

int drv_erase_sector(uint32_t addr)
{
    if (addr < ALGO_BASE || addr - ALGO_BASE >= ALGO_SIZE) return 1;
    uint32_t b = bank_of(addr);
    uint32_t sector = ((addr - ALGO_BASE) % BANK_SIZE) / ALGO_SECTOR;
    unlock(b);
    uint32_t cr = CR_PSIZE_X64 | CR_SER | sector << CR_SNB_Pos | CR_EOPIE | SR_ERRORS;
    CR(b) = cr;
    CR(b) = cr | CR_START;
    return finish(b);
}

int drv_erase_chip(void)
{
    for (uint32_t a = ALGO_BASE; a - ALGO_BASE < ALGO_SIZE; a += ALGO_SECTOR) {
        if (drv_erase_sector(a) != 0) return 1;
    }
    return 0;
}

int drv_program(uint32_t addr, uint32_t size, const uint8_t *buf)
{
    if (addr < ALGO_BASE || addr - ALGO_BASE + size > ALGO_SIZE || (addr & (FLASH_WORD - 1u))) return 1;
    uint32_t b = bank_of(addr);
    for (uint32_t off = 0; off < size; off += FLASH_WORD) {
        unlock(b);
        CR(b) = CR_PSIZE_X64 | CR_PG | CR_EOPIE | SR_ERRORS;
        volatile uint32_t *dst = (volatile uint32_t *)(addr + off);
        for (uint32_t k = 0; k < FLASH_WORD; k += 4u) {
            uint32_t w = 0;
            for (uint32_t i = 0; i < 4u; i++) {
                uint32_t at = off + k + i;
                w |= (uint32_t)(at < size ? buf[at] : 0xFFu) << (8u * i);   /* pad a short tail with erased bytes */
            }
            dst[k / 4u] = w;
        }
        if (finish(b) != 0) return 1;
    }
    return 0;
}

void drv_prepare_read(uint32_t addr, uint32_t size)
{
    (void)addr;
    (void)size;   /* the embedded flash is read through the AXI bus; no cache lines of it go stale here */
}
