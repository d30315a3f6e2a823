/*
 * SysTick as the board leaves it at reset (ARMv7-M ARM B3.3.2 Table B3-7):
 * SYST_CSR, SYST_RVR, SYST_CVR and SYST_CALIB read before anything writes
 * them. RVR and CVR are UNKNOWN at reset in the architecture (B3.3.4,
 * B3.3.5); the mps2-an500 machine clears them. Then the counter is started
 * with the reference clock (CLKSOURCE = 0) and stopped again, to check that
 * the clock source bit and COUNTFLAG read back as written. Expected exit 0.
 */
#include "xtest.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define SYST_CSR   REG(0xE000E010u)
#define SYST_RVR   REG(0xE000E014u)
#define SYST_CVR   REG(0xE000E018u)
#define SYST_CALIB REG(0xE000E01Cu)

int main(void)
{
    uint32_t csr = SYST_CSR, rvr = SYST_RVR, cvr = SYST_CVR, calib = SYST_CALIB;
    printf("reset: SYST_CSR=0x%08lx SYST_RVR=0x%08lx SYST_CVR=0x%08lx SYST_CALIB=0x%08lx\n",
           (unsigned long)csr, (unsigned long)rvr, (unsigned long)cvr, (unsigned long)calib);
    /* B3.3.6: NOREF bit 31, SKEW bit 30, TENMS bits 23:0. */
    printf("calib: NOREF=%lu SKEW=%lu TENMS=%lu\n", (unsigned long)(calib >> 31),
           (unsigned long)((calib >> 30) & 1u), (unsigned long)(calib & 0xFFFFFFu));
    SYST_RVR = 0x00FFFFFFu;
    SYST_CVR = 0;
    SYST_CSR = 1;                        /* ENABLE, reference clock */
    printf("enabled on the reference clock: CSR & 7 = %lu\n", (unsigned long)(SYST_CSR & 7u));
    SYST_CSR = 0;
    SYST_CVR = 0;                        /* clears COUNTFLAG too (B3.3.5) */
    printf("stopped: CSR=0x%08lx RVR=0x%08lx CVR=0x%08lx\n", (unsigned long)SYST_CSR,
           (unsigned long)SYST_RVR, (unsigned long)SYST_CVR);
    xt_finish("systick_reset", 0);
    return 0;
}
