/*
 * Flash algorithm driver: the STM32L476's dual-bank embedded flash (RM0351 §3 "Embedded flash
 * memory (FLASH)"). Registers (§3.7): KEYR 0x08, SR 0x10, CR 0x14 at 0x40022000. Unlock: KEY1
 * 0x45670123 then KEY2 0xCDEF89AB (§3.3.5). Page erase (§3.3.6): CR = PER | PNB (bits 10:3) | BKER
 * (bit 11: the physical bank), then STRT (bit 16); BSY (SR bit 16) while it runs. Programming
 * (§3.3.7): CR = PG, then a double word written as two words, BSY while it programs. Errors
 * (SR 0xC3FA: OPERR PROGERR WRPERR PGAERR SIZERR PGSERR MISERR FASTERR RDERR OPTVERR) and EOP clear
 * by writing 1. SYSCFG_MEMRMP.FB_MODE (bit 8, 0x40010000, RM0351 §9.2.1) set means bank 2 is seen
 * at 0x08000000 and bank 1 at 0x08080000: BKER names the physical bank, so it follows FB_MODE.
 * Pages are 2 KB, 256 per 512 KB bank. A page erase takes at most 24.5 ms (DS10198), so the core
 * simply polls BSY. No data in RAM.
 */
#include "algo.h"

#define REG32(a)        (*(volatile uint32_t *)(a))
#define FLASH_KEYR      REG32(0x40022008u)
#define FLASH_SR        REG32(0x40022010u)
#define FLASH_CR        REG32(0x40022014u)
#define SYSCFG_MEMRMP   REG32(0x40010000u)
#define FB_MODE         (1u << 8)
#define CR_PG           (1u << 0)
#define CR_PER          (1u << 1)
#define CR_PNB_Pos      3u
#define CR_BKER         (1u << 11)
#define CR_STRT         (1u << 16)
#define CR_LOCK         (1u << 31)
#define SR_EOP          (1u << 0)
#define SR_ERRORS       0x0000C3FAu
#define SR_BSY          (1u << 16)
#define BANK_SIZE       0x00080000u

static void unlock(void)
{
    if (FLASH_CR & CR_LOCK) {
        FLASH_KEYR = 0x45670123u;
        FLASH_KEYR = 0xCDEF89ABu;
    }
    FLASH_SR = SR_ERRORS | SR_EOP;
}

static int finish(void)
{
    while (FLASH_SR & SR_BSY) {}
    uint32_t errors = FLASH_SR & SR_ERRORS;
    FLASH_SR = SR_ERRORS | SR_EOP;
    return errors != 0;
}

int drv_init(void)
{
    return 0;
}

int drv_erase_sector(uint32_t addr)
{
    if (addr < ALGO_BASE || addr - ALGO_BASE >= ALGO_SIZE) return 1;
    uint32_t off = addr - ALGO_BASE;
    int second = off >= BANK_SIZE;                        /* the bank seen at this address */
    if (SYSCFG_MEMRMP & FB_MODE) second = !second;       /* ... is the other physical bank */
    uint32_t page = (off % BANK_SIZE) / ALGO_SECTOR;
    unlock();
    FLASH_CR = CR_PER | page << CR_PNB_Pos | (second ? CR_BKER : 0u);
    FLASH_CR |= CR_STRT;
    int r = finish();
    FLASH_CR = CR_LOCK;
    return r;
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
    if (addr < ALGO_BASE || addr - ALGO_BASE + size > ALGO_SIZE || (addr & 7u)) return 1;
    unlock();
    FLASH_CR = CR_PG;
    int r = 0;
    for (uint32_t off = 0; off < size && r == 0; off += 8u) {
        volatile uint32_t *dst = (volatile uint32_t *)(addr + off);
        for (uint32_t k = 0; k < 8u; k += 4u) {
            uint32_t w = 0;
            for (uint32_t i = 0; i < 4u; i++) {
                uint32_t at = off + k + i;
                w |= (uint32_t)(at < size ? buf[at] : 0xFFu) << (8u * i);   /* pad a short tail with erased bytes */
            }
            dst[k / 4u] = w;
        }
        r = finish();
    }
    FLASH_CR = CR_LOCK;
    return r;
}

void drv_prepare_read(uint32_t addr, uint32_t size)
{
    (void)addr;
    (void)size;   /* the Cortex-M4 has no data cache over the flash */
}
