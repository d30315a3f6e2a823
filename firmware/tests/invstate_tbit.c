/*
 * The T bit of the stacked xPSR on an INVSTATE UsageFault (ARMv7-M ARM,
 * DDI 0403E): an interworking branch to an even address clears EPSR.T
 * (A2.3.1 BXWritePC/BLXWritePC), and so does taking an exception through a
 * vector whose bit 0 is clear (B1.5.6 ExceptionTaken: EPSR.T = vector<0>).
 * The next instruction then faults with CFSR.INVSTATE, and the frame that
 * PushStack saves holds the xPSR as it is, T = 0. A handler that returns
 * without setting T in the frame resumes with T = 0 and faults again
 * (B1.5.8 ExceptionReturn restores EPSR.T from the frame); one that sets it
 * resumes normally. Expected exit status 0.
 */
#include "xtest.h"

#define REG(a) (*(volatile uint32_t *)(a))
/* System control block, B3.2.2 Table B3-4. */
#define ICSR   REG(0xE000ED04u)
#define VTOR   REG(0xE000ED08u)
#define SHPR3  REG(0xE000ED20u)
#define SHCSR  REG(0xE000ED24u)
#define CFSR   REG(0xE000ED28u)
#define ICSR_PENDSVSET   (1u << 28)
#define SHCSR_USGFAULTENA (1u << 18)
#define CFSR_INVSTATE    (1u << 17)
#define XPSR_T           (1u << 24)

static volatile uint32_t faults;
static volatile uint32_t fix_from;     /* the fault number from which the handler sets T */
static volatile uint32_t pendsv_runs;

void usage_fault_report(uint32_t *frame) __attribute__((used));
void usage_fault_report(uint32_t *frame)
{
    uint32_t cfsr = CFSR;
    uint32_t xpsr = frame[7];
    faults++;
    printf("usagefault %lu: CFSR=0x%08lx stacked PC=0x%08lx xPSR=0x%08lx T=%lu IPSR=%lu\n",
           (unsigned long)faults, (unsigned long)cfsr, (unsigned long)frame[6], (unsigned long)xpsr,
           (unsigned long)((xpsr >> 24) & 1u), (unsigned long)(xpsr & 0x1FFu));
    CFSR = cfsr;                         /* write-one-to-clear (B3.2.15) */
    if (faults >= fix_from) frame[7] = xpsr | XPSR_T;
    if (faults > 6) {
        printf("too many faults\n");
        xt_finish("invstate_tbit", 1);
    }
}

/* The frame is on the stack EXC_RETURN bit 2 names (B1.5.8). */
__attribute__((naked)) void UsageFault_Handler(void)
{
    __asm__ volatile("tst lr, #4\n\t"
                     "ite eq\n\t"
                     "mrseq r0, msp\n\t"
                     "mrsne r0, psp\n\t"
                     "b usage_fault_report\n\t");
}

__attribute__((noinline)) static int arrive(int x)
{
    return x * 3 + 1;
}

__attribute__((noinline)) void PendSV_Handler(void)
{
    pendsv_runs++;
}

/* A RAM copy of the vector table (VTOR alignment: B3.2.5, 128 words would be plenty). */
static uint32_t ram_vectors[48] __attribute__((aligned(256)));

int main(void)
{
    extern uint32_t __vectors[];
    SHCSR |= SHCSR_USGFAULTENA;

    /* 1. BLX to an even address: the handler leaves T clear once, then sets it. */
    int (*volatile even)(int) = (int (*)(int))((uintptr_t)arrive & ~1u);
    fix_from = 2;
    int r = even(13);
    printf("branch to even address: result %d after %lu faults, target 0x%08lx\n", r, (unsigned long)faults,
           (unsigned long)((uintptr_t)arrive & ~1u));

    /* 2. PendSV through a vector with bit 0 clear; PendSV gets the lowest priority so that
       UsageFault (priority 0) preempts it instead of escalating to HardFault (B1.5.4). */
    for (uint32_t i = 0; i < 48; i++) ram_vectors[i] = __vectors[i];
    ram_vectors[14] = (uint32_t)(uintptr_t)PendSV_Handler & ~1u;
    SHPR3 = (SHPR3 & ~0x00FF0000u) | 0x00F00000u;
    __asm__ volatile("dsb" ::: "memory");
    VTOR = (uint32_t)(uintptr_t)ram_vectors;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    faults = 0;
    fix_from = 1;
    ICSR = ICSR_PENDSVSET;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    printf("vector with bit 0 clear: PendSV ran %lu time(s) after %lu fault(s), handler 0x%08lx\n",
           (unsigned long)pendsv_runs, (unsigned long)faults,
           (unsigned long)((uintptr_t)PendSV_Handler & ~1u));
    VTOR = (uint32_t)(uintptr_t)__vectors;
    xt_finish("invstate_tbit", 0);
    return 0;
}
