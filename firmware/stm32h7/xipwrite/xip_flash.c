/*
 * xip_flash: the write path for a QPI DTR memory-mapped MT25TL01G (see xip_flash.h).
 *
 * Everything between leaving and re-entering memory-mapped mode runs from ITCM (RAMFUNC, copied
 * there by the startup code) and touches only ITCM code, RAM data and registers: while QUADSPI is
 * in indirect mode any access to 0x90000000-0x9FFFFFFF — an instruction fetch, a literal, a vector
 * fetch — is answered with a bus error (RM0399 QUADSPI: the memory-mapped region is accessible
 * only in memory-mapped mode). Hence:
 *  1. the mutex: threads that read assets through the window hold it, so none is in the middle of
 *     a read when the window goes away (and they wait, at the writer's priority if needed);
 *  2. the scheduler lock and PRIMASK: no other thread (whose code is in the window) and no handler
 *     (whose vector and code are in the window) runs until the window is back;
 *  3. ABORT leaves memory-mapped mode (RM0399 QUADSPI_CR.ABORT), then WRITE ENABLE, erase/program,
 *     READ STATUS automatic polling until WIP = 0 on both dies (status bytes interleaved: mask
 *     0101h), with the CPU asleep in WFI: the status-match interrupt wakes it although PRIMASK
 *     keeps it from being taken (DDI 0403E B1.5.19 "WFI ... wakeup");
 *  4. memory-mapped mode again with the same DTR read the boot loader set up;
 *  5. DCIMVAC over the range: the D-cache may hold lines read before the write (DDI 0403E B2.2.7).
 *     No code changed, so the I-cache is left alone.
 * Micron MT25Q datasheet: WRITE ENABLE 06h, 4-BYTE 4KB SUBSECTOR ERASE 21h, 4-BYTE PAGE PROGRAM
 * 12h, READ STATUS 05h (WIP bit 0, WEL bit 1), READ FLAG STATUS 70h (erase error bit 5, program
 * error bit 4), all taken in quad I/O protocol with instruction, address and data on four lines;
 * DTR QUAD I/O FAST READ EDh, 8 dummy clocks in quad protocol.
 */
#include "hw.h"
#include "qspi.h"
#include "xip_flash.h"
#include "wrongway.h"

#define QSPI_CCR_DHHC   (1u << 30)               /* delay data output by 1/4 cycle in DDR (RM0399) */
#define QSPI_CR_SMIE    (1u << 19)               /* status match interrupt enable                 */
#define QSPI_IRQ        92u                      /* RM0399 Table "NVIC": QUADSPI global interrupt  */
#define NVIC_ISER(n)    REG32(0xE000E100u + 4u * (n))
#define ICSR            REG32(0xE000ED04u)       /* DDI 0403E B3.2.4                              */
#define ICSR_PENDSTSET  (1u << 26)
#define ICSR_PENDSTCLR  (1u << 25)
#define DTR_PRESCALER   3u                       /* 200 MHz / 4 = 50 MHz in DTR, as ST's board support uses */

#define QPI(op)            QSPI_CMD(op, QSPI_4, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_NONE)
#define QPI_STATUS(op)     QSPI_CMD(op, QSPI_4, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_4)
#define QPI_ERASE_4K       QSPI_CMD(0x21, QSPI_4, QSPI_4, 4, QSPI_NONE, 0, QSPI_NONE)
#define QPI_PROGRAM        QSPI_CMD(0x12, QSPI_4, QSPI_4, 4, QSPI_NONE, 0, QSPI_4)
#define MMAP_DTR_CCR       (QSPI_CMD(0xED, QSPI_4, QSPI_4, 4, QSPI_NONE, 8, QSPI_4) | QSPI_CCR_DDRM | QSPI_CCR_DHHC)
#define SPI(op)            QSPI_CMD(op, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_NONE)
#define SPI_STATUS(op)     QSPI_CMD(op, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_1)

#define WIP_BOTH 0x0101u
#define WEL_BOTH 0x0202u
#define FSR_ERRORS_BOTH 0x3030u                  /* erase error bit 5, program error bit 4, both dies */

rtos_mutex_t xip_flash_mutex;
static uint32_t operations;
static uint32_t ticks_held;          /* SysTick periods that elapsed with interrupts masked */

uint32_t xip_flash_mmap_ccr(void)
{
    return QSPI_FMODE_MEMORY_MAPPED | MMAP_DTR_CCR;
}

/* Automatic polling until (status & mask) == match, asleep meanwhile (see step 3 above). */
WRITE_PATH static void poll_asleep(uint32_t ccr, uint32_t mask, uint32_t match, uint32_t interval)
{
    while (QUADSPI_SR & QSPI_SR_BUSY) {}
    QUADSPI_PSMKR = mask;
    QUADSPI_PSMAR = match;
    QUADSPI_PIR = interval;
    QUADSPI_DLR = 1u;                            /* one status byte per die */
#if WRONG_NO_LOCKS
    QUADSPI_CR = (QUADSPI_CR & ~QSPI_CR_PMM) | QSPI_CR_APMS;     /* polled by a sleeping thread */
#else
    QUADSPI_CR = (QUADSPI_CR & ~QSPI_CR_PMM) | QSPI_CR_APMS | QSPI_CR_SMIE;
    NVIC_ISER(QSPI_IRQ / 32u) = 1u << (QSPI_IRQ % 32u);
#endif
    QUADSPI_CCR = QSPI_FMODE_AUTO_POLL | ccr;
#if WRONG_NO_LOCKS
    /* Wrong: wait by sleeping, letting the other threads run while the window is away. */
    while (!(QUADSPI_SR & QSPI_SR_SMF)) rtos_sleep(1);
#endif
    while (!(QUADSPI_SR & QSPI_SR_SMF)) {
        /* A pending SysTick cannot be taken (PRIMASK) and would end every WFI at once: count it
           and clear it; the kernel is given the ticks afterwards. */
        if (ICSR & ICSR_PENDSTSET) {
            ICSR = ICSR_PENDSTCLR;
            ticks_held++;
        }
        __asm__ volatile("wfi");
    }
    QUADSPI_FCR = QSPI_FCR_CSMF | QSPI_FCR_CTCF;
    while (QUADSPI_SR & QSPI_SR_BUSY) {}
    QUADSPI_CR &= ~QSPI_CR_SMIE;
    NVIC_ICER(QSPI_IRQ / 32u) = 1u << (QSPI_IRQ % 32u);
    NVIC_ICPR(QSPI_IRQ / 32u) = 1u << (QSPI_IRQ % 32u);  /* never taken: its vector is in the window */
}

WRITE_PATH static void write_enable(void)
{
    qspi_command(QPI(0x06), 0);
    poll_asleep(QPI_STATUS(0x05), WEL_BOTH, WEL_BOTH, 16u);
}

WRITE_PATH static uint32_t flag_errors(void)
{
    uint8_t fsr[2];
    qspi_read(QPI_STATUS(0x70), 0, fsr, 2);
    uint32_t v = (uint32_t)fsr[0] | (uint32_t)fsr[1] << 8;
    if (v & FSR_ERRORS_BOTH) {
        qspi_command(QPI(0x50), 0);              /* CLEAR FLAG STATUS REGISTER */
        return v;
    }
    return 0;
}

WRITE_PATH __attribute__((unused)) static void dcache_invalidate(uint32_t addr, uint32_t len)
{
    __asm__ volatile("dsb 0xf" ::: "memory");
    for (uint32_t a = addr & ~31u; a < addr + len; a += 32u) SCB_DCIMVAC = a;   /* 32-byte lines (Cortex-M7) */
    __asm__ volatile("dsb 0xf\n\tisb 0xf" ::: "memory");
}

void xip_flash_setup(void)
{
    /* DTR: slower clock, no sample shift (RM0399: SSHIFT must stay 0 in DDR mode). */
    QUADSPI_CR &= ~QSPI_CR_EN;
    QUADSPI_CR = (QUADSPI_CR & ~((0xFFu << QSPI_CR_PRESCALER_Pos) | QSPI_CR_SSHIFT))
               | (DTR_PRESCALER << QSPI_CR_PRESCALER_Pos);
    QUADSPI_CR |= QSPI_CR_EN;
    nor_reset();                                 /* 66h/99h in quad then single protocol, WIP = 0 */
    qspi_command(SPI(0x06), 0);
    qspi_poll(SPI_STATUS(0x05), WEL_BOTH, WEL_BOTH, 2);
    qspi_command(SPI(0xB7), 0);                  /* ENTER 4-BYTE ADDRESS MODE */
    qspi_command(SPI(0x35), 0);                  /* ENTER QUAD INPUT/OUTPUT MODE */
    qspi_memory_mapped(MMAP_DTR_CCR, 0);
}

/* Steps 2-5 around one indirect-mode operation; op 0 = erase, 1 = program. */
WRITE_PATH static uint32_t locked_operation(int program, uint32_t offset, const uint8_t *data, uint32_t len)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask" : "=r"(primask) :: "memory");
#if !WRONG_UNMASKED
    __asm__ volatile("cpsid i" ::: "memory");
#endif
    qspi_abort();
    write_enable();
    if (program) {
        qspi_write(QPI_PROGRAM, offset, data, len);
        poll_asleep(QPI_STATUS(0x05), WIP_WAITED, 0, 64u);
    } else {
        qspi_command(QPI_ERASE_4K, offset);
        poll_asleep(QPI_STATUS(0x05), WIP_WAITED, 0, 0x2000u);
    }
    uint32_t errors = flag_errors();
    qspi_memory_mapped(MMAP_REENTRY_CCR, 0);
#if !WRONG_NO_INVALIDATE
    dcache_invalidate(QSPI_MEM_BASE + offset, len);
#endif
    operations++;
    if (SYST_CSR & (1u << 16)) ticks_held++;     /* COUNTFLAG: a wrap since the last read (B3.3.3) */
    __asm__ volatile("msr primask, %0\n\tisb 0xf" :: "r"(primask) : "memory");
    return errors;
}

static uint32_t guarded(int program, uint32_t offset, const uint8_t *data, uint32_t len)
{
#if !WRONG_NO_LOCKS
    rtos_mutex_lock(&xip_flash_mutex);
    rtos_sched_lock();
#endif
    ticks_held = 0;
    uint32_t errors = WRITE_PATH_CALL(locked_operation)(program, offset, data, len);
    rtos_tick_advance(ticks_held);
#if !WRONG_NO_LOCKS
    rtos_sched_unlock();
    rtos_mutex_unlock(&xip_flash_mutex);
#endif
    return errors;
}

uint32_t xip_flash_erase(uint32_t offset)
{
    return guarded(0, offset & ~(XIP_FLASH_ERASE_UNIT - 1u), 0, XIP_FLASH_ERASE_UNIT);
}

uint32_t xip_flash_program(uint32_t offset, const void *data, uint32_t len)
{
    /* {@code data} must be in RAM: the window is gone while the bytes go through the FIFO. */
    return guarded(1, offset, (const uint8_t *)data, len);
}

void xip_flash_read(uint32_t offset, void *dst, uint32_t len)
{
    XIP_READ_LOCK(&xip_flash_mutex);
    const volatile uint8_t *src = (const volatile uint8_t *)(QSPI_MEM_BASE + offset);
    uint8_t *d = dst;
    for (uint32_t i = 0; i < len; i++) d[i] = src[i];
    XIP_READ_UNLOCK(&xip_flash_mutex);
}

RAMFUNC void xip_flash_restore_window(void)
{
    if ((QUADSPI_CCR & (3u << QSPI_CCR_FMODE_Pos)) != QSPI_FMODE_MEMORY_MAPPED) {
        qspi_abort();
        qspi_memory_mapped(MMAP_DTR_CCR, 0);
    }
}

uint32_t xip_flash_operations(void)
{
    return operations;
}
