/*
 * Cortex-M7 L1 caches, written from DDI 0403E B2.2.7 ("Cache maintenance operations", Table B2-1:
 * ICIALLU, DCIMVAC, DCISW at 0xE000EF50/5C/60), B4.8 (CLIDR/CCSIDR/CSSELR) and the Cortex-M7 TRM
 * (DDI 0489) "Initializing and enabling the L1 cache": invalidate the whole cache, then set
 * CCR.IC / CCR.DC, with DSB/ISB around.
 */
#include "hw.h"

static inline void dsb(void) { __asm__ volatile("dsb 0xf" ::: "memory"); }
static inline void isb(void) { __asm__ volatile("isb 0xf" ::: "memory"); }

static uint32_t ccsidr_of(int instruction)
{
    SCB_CSSELR = instruction ? 1u : 0u;   /* level 1, InD selects instruction or data cache */
    dsb();
    return SCB_CCSIDR;
}

uint32_t cache_size_bytes(int instruction)
{
    uint32_t c = ccsidr_of(instruction);
    return SCB_CCSIDR_SETS(c) * SCB_CCSIDR_WAYS(c) * (1u << SCB_CCSIDR_LINESIZE(c));
}

void icache_enable(void)
{
    dsb();
    isb();
    SCB_ICIALLU = 0;
    dsb();
    isb();
    SCB_CCR |= SCB_CCR_IC;
    dsb();
    isb();
}

void dcache_enable(void)
{
    uint32_t c = ccsidr_of(0);
    uint32_t sets = SCB_CCSIDR_SETS(c), ways = SCB_CCSIDR_WAYS(c);
    uint32_t set_shift = SCB_CCSIDR_LINESIZE(c);
    uint32_t way_shift = ways > 1 ? (uint32_t)__builtin_clz(ways - 1u) : 0u;   /* 30 for 4 ways */
    /* DCISW operand: way in the top bits, set index above the line offset (B2.2.7). */
    for (uint32_t set = 0; set < sets; set++)
        for (uint32_t way = 0; way < ways; way++)
            SCB_DCISW = (way << way_shift) | (set << set_shift);
    dsb();
    SCB_CCR |= SCB_CCR_DC;
    dsb();
    isb();
}

void dcache_invalidate_by_addr(uint32_t addr, uint32_t size)
{
    uint32_t line = 1u << SCB_CCSIDR_LINESIZE(ccsidr_of(0));
    uint32_t end = addr + size;
    dsb();
    for (uint32_t a = addr & ~(line - 1u); a < end; a += line) SCB_DCIMVAC = a;
    dsb();
    isb();
}
