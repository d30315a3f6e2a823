/*
 * The anti-rollback security counter, kept in the embedded flash (RM0433 chapter 4): the last
 * 4 KB of bank 1's sector 0 (0x0801F000, above this boot loader's image) is a log of 32-byte flash
 * words, each {value, ~value, 0...}. Flash words can be programmed once between erases (RM0433
 * 4.3.8: 256-bit words with ECC), and erasing would take the sector this code lives in, so the
 * counter only grows by appending; the current value is the last entry whose check word matches
 * (a torn entry does not, and is skipped).
 *
 * Programming (RM0433 4.3.9 "Flash memory programming sequence"): unlock FLASH_KEYR1 with
 * 0x45670123 then 0xCDEF89AB, CR1.PG1 = 1 with PSIZE1 = 10 (32-bit), write the 8 words of the
 * flash word, wait for QW1 = 0 in SR1, check the error flags, PG1 = 0, LOCK1 = 1. Runs from ITCM:
 * the bank being programmed is the one this code is fetched from.
 */
#include "hw.h"
#include "nvcounter.h"

#define FLASH_KEYR1 REG32(FLASH_R_BASE + 0x004u)     /* RM0433 4.9.2 */
#define FLASH_CR1   REG32(FLASH_R_BASE + 0x00Cu)     /* RM0433 4.9.4 */
#define FLASH_SR1   REG32(FLASH_R_BASE + 0x010u)     /* RM0433 4.9.5 */
#define FLASH_CCR1  REG32(FLASH_R_BASE + 0x014u)     /* RM0433 4.9.6 */
#define CR_LOCK     (1u << 0)
#define CR_PG       (1u << 1)
#define CR_PSIZE32  (2u << 4)
#define SR_QW       (1u << 2)
#define SR_ERRORS   (0x7EEu << 16)                   /* WRPERR..DBECCERR, bits 17-26 except 20 */

#define LOG_BASE    0x0801F000u
#define LOG_ENTRIES 128u

static const volatile uint32_t *entry(unsigned i) { return (const volatile uint32_t *)(LOG_BASE + 32u * i); }

uint32_t nvcounter_read(void)
{
    uint32_t value = 0;
    for (unsigned i = 0; i < LOG_ENTRIES; i++) {
        const volatile uint32_t *e = entry(i);
        if (e[0] == 0xFFFFFFFFu && e[1] == 0xFFFFFFFFu) break;
        if (e[1] == ~e[0] && e[0] > value) value = e[0];
    }
    return value;
}

RAMFUNC static int program_word(uint32_t addr, const uint32_t w[8])
{
    if (FLASH_CR1 & CR_LOCK) {
        FLASH_KEYR1 = 0x45670123u;
        FLASH_KEYR1 = 0xCDEF89ABu;
    }
    FLASH_CCR1 = SR_ERRORS | (1u << 16);
    FLASH_CR1 = CR_PG | CR_PSIZE32;
    volatile uint32_t *dst = (volatile uint32_t *)addr;
    for (unsigned i = 0; i < 8; i++) dst[i] = w[i];
    __asm__ volatile("dsb 0xf" ::: "memory");
    while (FLASH_SR1 & SR_QW) {}
    uint32_t errors = FLASH_SR1 & SR_ERRORS;
    FLASH_CR1 = 0;
    FLASH_CR1 = CR_LOCK;
    return errors ? -1 : 0;
}

int nvcounter_raise(uint32_t value)
{
    if (value <= nvcounter_read()) return 0;
    for (unsigned i = 0; i < LOG_ENTRIES; i++) {
        const volatile uint32_t *e = entry(i);
        int erased = 1;
        for (unsigned k = 0; k < 8; k++) erased &= e[k] == 0xFFFFFFFFu;
        if (!erased) continue;
        uint32_t w[8] = {value, ~value, 0, 0, 0, 0, 0, 0};
        return program_word(LOG_BASE + 32u * i, w);
    }
    return -1;                                       /* log full */
}
