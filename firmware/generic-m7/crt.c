/*
 * C part of the generic-m7 startup and the default exception reporter.
 *
 * The program is linked with -nostartfiles: newlib's rdimon-crt0 is not used
 * because its _start asks the debugger for the heap and stack through
 * SYS_HEAPINFO, and QEMU answers with its largest RAM block (mps2-an500: the
 * 16 MiB at 0x60000000), which the generic-m7 board does not have. Instead
 * the stack comes from the vector table and the heap runs from "end" up to
 * the stack, and this file does what rdimon-crt0 would otherwise do:
 * open the semihosting standard streams, run constructors, call main, exit.
 */
#include <stdint.h>
#include <stdlib.h>

extern void initialise_monitor_handles(void);
extern void __libc_init_array(void);
extern int main(void);

/* __libc_init_array calls _init and __libc_fini_array calls _fini; crti/crtn are not linked. */
void _init(void) {}
void _fini(void) {}

void xip_c_start(void) __attribute__((noreturn, used));
void xip_c_start(void)
{
    initialise_monitor_handles();
    __libc_init_array();
    exit(main());
}

/* ---- semihosting primitives (ARM "Semihosting for AArch32 and AArch64", v2.0) ---- */

/* BKPT 0xAB is the M-profile semihosting trap; r0 = operation, r1 = parameter. */
static inline uint32_t semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

#define SYS_OPEN 0x01u
#define SYS_WRITE 0x05u
#define SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

/*
 * The report goes to the console opened as ":tt" with mode 4 ("w"), which
 * QEMU sends to its standard output, like printf's output; SYS_WRITE0 would
 * go to QEMU's standard error instead. Its own handle keeps the report
 * independent of newlib's state at the time of the fault.
 */
static uint32_t report_handle;

static void put_str(const char *s)
{
    uint32_t len = 0;
    while (s[len]) len++;
    if (report_handle == 0) {
        uint32_t open_args[3] = {(uint32_t)":tt", 4u, 3u};
        report_handle = semihost(SYS_OPEN, open_args);
    }
    uint32_t write_args[3] = {report_handle, (uint32_t)s, len};
    semihost(SYS_WRITE, write_args);
}

static void put_hex(const char *label, uint32_t v)
{
    char buf[24];
    int n = 0;
    while (*label) buf[n++] = *label++;
    buf[n++] = '0';
    buf[n++] = 'x';
    for (int shift = 28; shift >= 0; shift -= 4) buf[n++] = "0123456789abcdef"[(v >> shift) & 0xF];
    buf[n] = 0;
    put_str(buf);
}

void xip_exit_status(uint32_t status) __attribute__((noreturn));
void xip_exit_status(uint32_t status)
{
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, status};
    semihost(SYS_EXIT_EXTENDED, block);
    for (;;) {}
}

/* System Control Block fault status registers, ARMv7-M ARM B3.2.15 .. B3.2.18, Table B3-4. */
#define REG(addr) (*(volatile uint32_t *)(addr))
#define SCB_CFSR  REG(0xE000ED28u)
#define SCB_HFSR  REG(0xE000ED2Cu)
#define SCB_MMFAR REG(0xE000ED34u)
#define SCB_BFAR  REG(0xE000ED38u)

/*
 * Called by Default_Handler for every exception without a handler of its own.
 * Prints one line and exits with status 100 + exception number
 * (3 HardFault -> 103, 4 MemManage -> 104, 5 BusFault -> 105, 6 UsageFault -> 106, ...).
 */
void xip_unexpected_exception(uint32_t ipsr, const uint32_t *frame, uint32_t exc_return)
    __attribute__((noreturn, used));
void xip_unexpected_exception(uint32_t ipsr, const uint32_t *frame, uint32_t exc_return)
{
    uint32_t exception = ipsr & 0x1FFu;
    put_hex("exception ", exception);
    put_hex(" CFSR=", SCB_CFSR);
    put_hex(" HFSR=", SCB_HFSR);
    uint32_t cfsr = SCB_CFSR;
    /* BFAR/MMFAR hold a meaningful address only while CFSR.BFARVALID (bit 15) /
       CFSR.MMARVALID (bit 7) is set; otherwise their contents are UNKNOWN. */
    if (cfsr & (1u << 15)) put_hex(" BFAR=", SCB_BFAR); else put_str(" BFAR=-");
    if (cfsr & (1u << 7)) put_hex(" MMFAR=", SCB_MMFAR); else put_str(" MMFAR=-");
    /* Exception frame (B1.5.6): r0 r1 r2 r3 r12 lr pc xpsr. */
    put_hex(" PC=", frame[6]);
    put_hex(" XPSR=", frame[7]);
    put_hex(" EXC_RETURN=", exc_return);
    put_str("\n");
    xip_exit_status(100u + exception);
}
