/*
 * Exceptions taken synchronously (SVC, PendSV) and asynchronously (SysTick),
 * with handlers that use FP registers so that the lazy FP context stacking of
 * ARMv7-M (B1.5.7 "Stack alignment on exception entry", B1.5.7/B3.2.21 FPCCR:
 * ASPEN/LSPEN, both set at reset) is exercised, and checks that the thread's
 * integer and FP state, including FPSCR, survives every exception.
 * Only timing-independent facts are printed: what a handler computed over a
 * fixed number of its own activations, the order of handler events, values
 * of EXC_RETURN/CONTROL, and counts of state corruptions (expected 0);
 * never how many ticks happened during some piece of thread code.
 */
#include "xtest.h"
#include <math.h>

#define REG(a) (*(volatile uint32_t *)(a))
/* System control block and SysTick, ARMv7-M ARM B3.2.2 (Table B3-4) and B3.3.2 (Table B3-7). */
#define ICSR       REG(0xE000ED04u)
#define SHPR2      REG(0xE000ED1Cu)
#define SHPR3      REG(0xE000ED20u)
#define FPCCR      REG(0xE000EF34u)
#define FPDSCR     REG(0xE000EF3Cu)
#define SYST_CSR   REG(0xE000E010u)
#define SYST_RVR   REG(0xE000E014u)
#define SYST_CVR   REG(0xE000E018u)
#define ICSR_PENDSVSET (1u << 28)

static inline uint32_t get_fpscr(void) { uint32_t v; __asm__ volatile("vmrs %0, fpscr" : "=r"(v)); return v; }
static inline void set_fpscr(uint32_t v) { __asm__ volatile("vmsr fpscr, %0" : : "r"(v) : "memory"); }
static inline uint32_t get_control(void) { uint32_t v; __asm__ volatile("mrs %0, control" : "=r"(v)); return v; }

/* ---- event log written only by handlers ---- */
static volatile char elog[96];
static volatile uint32_t elog_n;
static void log_event(char c) { if (elog_n < sizeof elog - 1) elog[elog_n++] = c; }

/* Clobbers every caller-saved FP register (s0-s15) and FPSCR's rounding mode inside a handler. */
static void trash_fp_caller_saved(void)
{
    __asm__ volatile("vmov.f32 s0, #1.0\n\tvmov.f32 s1, #2.0\n\tvmov.f32 s2, #3.0\n\tvmov.f32 s3, #4.0\n\t"
                     "vmov.f32 s4, #5.0\n\tvmov.f32 s5, #6.0\n\tvmov.f32 s6, #7.0\n\tvmov.f32 s7, #8.0\n\t"
                     "vmov.f32 s8, #9.0\n\tvmov.f32 s9, #10.0\n\tvmov.f32 s10, #11.0\n\tvmov.f32 s11, #12.0\n\t"
                     "vmov.f32 s12, #13.0\n\tvmov.f32 s13, #14.0\n\tvmov.f32 s14, #15.0\n\tvmov.f32 s15, #16.0"
                     ::: "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12", "s13",
                       "s14", "s15");
    set_fpscr(0x00C00000u);  /* round towards zero */
}

/* ---- SVC ---- */
/* Main stack for handlers while the thread runs on the process stack. */
static uint64_t handler_stack[1024];
static volatile uint32_t svc_fpscr_seen, svc_exc_return, svc_frame_on_psp, svc_count;

void svc_dispatch(uint32_t *frame, uint32_t exc_return) __attribute__((used));
void svc_dispatch(uint32_t *frame, uint32_t exc_return)
{
    /* The SVC immediate is the low byte of the 16-bit SVC instruction before the stacked PC (A7.7.175). */
    uint32_t number = ((const uint8_t *)frame[6])[-2];
    svc_count++;
    svc_exc_return = exc_return;
    uint32_t psp;
    __asm__ volatile("mrs %0, psp" : "=r"(psp));
    svc_frame_on_psp = (exc_return & 4u) != 0 && (uint32_t)frame == psp;
    svc_fpscr_seen = get_fpscr();  /* first FP instruction of the handler: FPSCR comes from FPDSCR */
    switch (number) {
    case 1: /* r0 = r0 * r1 + r2, computed in double precision */
        frame[0] = (uint32_t)((double)frame[0] * (double)frame[1] + (double)frame[2]);
        break;
    case 2: /* sqrt of r0 in single precision, then trash the caller-saved FP registers */
        frame[0] = (uint32_t)(sqrtf((float)frame[0]) * 1000.0f);
        trash_fp_caller_saved();
        break;
    case 3: /* drop privilege back: clear CONTROL.nPRIV (only possible from handler mode) */
    {
        uint32_t c;
        __asm__ volatile("mrs %0, control\n\tbic %0, %0, #1\n\tmsr control, %0\n\tisb" : "=&r"(c) :: "memory");
        break;
    }
    case 4: /* pend PendSV from inside the SVC handler */
        ICSR = ICSR_PENDSVSET;
        __asm__ volatile("dsb\n\tisb" ::: "memory");
        log_event('s');
        break;
    default:
        frame[0] = 0xBAD00000u | number;
    }
}

__attribute__((naked)) void SVC_Handler(void)
{
    __asm__ volatile("tst lr, #4\n\t"
                     "ite eq\n\t"
                     "mrseq r0, msp\n\t"
                     "mrsne r0, psp\n\t"
                     "mov r1, lr\n\t"
                     "push {r4, lr}\n\t"
                     "bl svc_dispatch\n\t"
                     "pop {r4, pc}");
}

static uint32_t svc_call1(uint32_t a, uint32_t b, uint32_t c)
{
    register uint32_t r0 __asm__("r0") = a;
    register uint32_t r1 __asm__("r1") = b;
    register uint32_t r2 __asm__("r2") = c;
    __asm__ volatile("svc #1" : "+r"(r0) : "r"(r1), "r"(r2) : "memory");
    return r0;
}

/* Loads s0-s31 and r4-r11 with patterns, takes SVC #2, and counts registers that changed. */
static uint32_t svc_preserves_state(uint32_t in_r0, uint32_t *out_r0)
{
    static uint32_t fin[32], fout[32];
    for (int i = 0; i < 32; i++) fin[i] = 0x3F800000u + (uint32_t)i * 0x00012345u;
    uint32_t bad = 0;
    register uint32_t r0 __asm__("r0") = in_r0;
    __asm__ volatile("vldmia %[in], {s0-s31}\n\t"
                     "svc #2\n\t"
                     "vstmia %[out], {s0-s31}"
                     : "+r"(r0)
                     : [in] "r"(fin), [out] "r"(fout)
                     : "memory", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "s12",
                       "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23", "s24", "s25",
                       "s26", "s27", "s28", "s29", "s30", "s31");
    for (int i = 0; i < 32; i++) bad += fin[i] != fout[i];
    *out_r0 = r0;
    return bad;
}

/* ---- PendSV ---- */
static volatile uint32_t pendsv_count;
static volatile double pendsv_acc = 1.0;

void PendSV_Handler(void)
{
    pendsv_count++;
    pendsv_acc = pendsv_acc * 1.5 + 0.25;
    log_event('P');
    trash_fp_caller_saved();
}

/* ---- SysTick ---- */
#define TICKS 12
static volatile uint32_t ticks, tick_exc_return_or, tick_exc_return_and = 0xFFFFFFFFu;
static volatile double tick_acc;
static volatile float tick_accf = 1.0f;

void SysTick_Handler(void)
{
    uint32_t lr;
    __asm__ volatile("mov %0, lr" : "=r"(lr));  /* EXC_RETURN, before any call (compiled code keeps LR first) */
    if (ticks >= TICKS) return;
    ticks++;
    tick_exc_return_or |= lr;
    tick_exc_return_and &= lr;
    tick_acc = tick_acc * 0.75 + sqrt((double)ticks);
    tick_accf = fmaf(tick_accf, 1.25f, -0.5f / (float)ticks);
    log_event('T');
    if (ticks % 4 == 0) {
        ICSR = ICSR_PENDSVSET;  /* higher priority: taken right here */
        __asm__ volatile("dsb\n\tisb" ::: "memory");
        log_event('t');
    }
    trash_fp_caller_saved();
    if (ticks == TICKS) SYST_CSR = 0;
}

/* A deterministic FP workload for the thread while SysTick interrupts it. */
static double thread_work(uint32_t iterations)
{
    double a = 0.5, b = 1.0;
    float f = 0.25f;
    for (uint32_t i = 1; i <= iterations; i++) {
        /* Explicit fused operations, so the result does not depend on the compiler contracting a*b+c. */
        a = fma(a, 0.999, 1.0 / (double)i);
        b = fma(b, 1.0000001, -a * 1e-7);
        f = fmaf(f, 0.9999f, (float)(i & 7) * 0.001f);
    }
    return a + b + f;
}

/* Spins with known values in every FP register and FPSCR; counts differences seen afterwards. */
static uint32_t fp_registers_survive(uint32_t rounds)
{
    static uint32_t fin[32], fout[32];
    uint32_t bad = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        for (int i = 0; i < 32; i++) fin[i] = 0x40000000u + r * 977u + (uint32_t)i * 0x01010101u;
        uint32_t fpscr_in = 0x00400000u | (r & 0x1Fu), fpscr_out;  /* round to +inf, some flags */
        __asm__ volatile("vmsr fpscr, %[fi]\n\t"
                         "vldmia %[in], {s0-s31}\n\t"
                         "mov r3, #400\n"
                         "1:\n\t"
                         "subs r3, r3, #1\n\t"
                         "bne 1b\n\t"
                         "vstmia %[out], {s0-s31}\n\t"
                         "vmrs %[fo], fpscr"
                         : [fo] "=r"(fpscr_out)
                         : [in] "r"(fin), [out] "r"(fout), [fi] "r"(fpscr_in)
                         : "r3", "cc", "memory", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10",
                           "s11", "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20", "s21", "s22", "s23",
                           "s24", "s25", "s26", "s27", "s28", "s29", "s30", "s31");
        for (int i = 0; i < 32; i++) bad += fin[i] != fout[i];
        bad += (fpscr_out & 0x0FFFFFFFu) != fpscr_in;
    }
    set_fpscr(0);
    return bad;
}

int main(void)
{
    printf("exceptions: SVC, PendSV, SysTick with lazy FP stacking\n");
    /* CONTROL.FPCA here depends on whether compiled startup code already used FP: not printed. */
    printf("FPCCR=0x%08lx FPDSCR=0x%08lx\n", (unsigned long)FPCCR, (unsigned long)FPDSCR);
    volatile double warm = 2.0;
    warm = warm * 3.0;  /* thread uses FP: CONTROL.FPCA = 1 from here on */
    printf("CONTROL after FP use=0x%lx\n", (unsigned long)get_control());

    /* SVC with arguments and a result. */
    set_fpscr(0x00800000u);  /* thread: round towards -inf */
    uint32_t r = svc_call1(1000, 2000, 345);
    uint32_t thread_fpscr = get_fpscr();
    set_fpscr(0);
    printf("svc#1 -> %lu, handler FPSCR=0x%08lx, thread FPSCR after=0x%08lx, EXC_RETURN=0x%08lx\n",
           (unsigned long)r, (unsigned long)svc_fpscr_seen, (unsigned long)thread_fpscr,
           (unsigned long)svc_exc_return);
    uint32_t r0out;
    uint32_t bad = svc_preserves_state(2, &r0out);
    printf("svc#2 -> %lu, FP registers changed by SVC: %lu\n", (unsigned long)r0out, (unsigned long)bad);
    FPDSCR = 0x03000000u;  /* handlers now start with DN and FZ set */
    (void)svc_call1(3, 4, 5);
    printf("with FPDSCR=0x03000000 the handler saw FPSCR=0x%08lx\n", (unsigned long)svc_fpscr_seen);
    FPDSCR = 0;

    /* PendSV set by the thread is taken at once (lowest priority, but thread mode has none). */
    uint32_t before = pendsv_count;
    ICSR = ICSR_PENDSVSET;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    uint32_t after_pend = pendsv_count;
    printf("pendsv taken synchronously: %lu -> %lu, acc=%.17g\n", (unsigned long)before, (unsigned long)after_pend,
           pendsv_acc);

    /* Priorities (SHPR2/3, B3.2.11/12): PendSV equal to SVC waits; PendSV higher preempts the SVC handler. */
    SHPR2 = 0x80u << 24;                  /* SVCall priority 0x80 */
    SHPR3 = (0x80u << 16) | (0x80u << 24); /* PendSV 0x80, SysTick 0x80 */
    elog_n = 0;
    register uint32_t x0 __asm__("r0") = 0;
    __asm__ volatile("svc #4" : "+r"(x0) :: "memory");
    log_event('|');
    SHPR3 = (0x40u << 16) | (0x80u << 24); /* PendSV 0x40 now preempts SVC at 0x80 */
    __asm__ volatile("svc #4" : "+r"(x0) :: "memory");
    elog[elog_n] = 0;
    printf("svc/pendsv order: %s\n", (const char *)elog);

    /* Thread on the process stack, then unprivileged, then back via SVC #3. The thread keeps its stack
       memory (PSP = SP first, since main's frame lives there) and handlers get a main stack of their own;
       the way back copies PSP to MSP. */
    uint32_t ctl;
    __asm__ volatile("mov %0, sp\n\t"
                     "msr psp, %0\n\t"
                     "mrs %0, control\n\t"
                     "orr %0, %0, #2\n\t"
                     "msr control, %0\n\t"
                     "isb\n\t"
                     "msr msp, %1"
                     : "=&r"(ctl) : "r"(handler_stack + 1024) : "memory");
    r = svc_call1(7, 6, 1);
    printf("on PSP: CONTROL=0x%lx svc#1 -> %lu frame on PSP=%lu EXC_RETURN=0x%08lx\n", (unsigned long)get_control(),
           (unsigned long)r, (unsigned long)svc_frame_on_psp, (unsigned long)svc_exc_return);
    /* No printf while unprivileged: QEMU refuses semihosting from unprivileged code (BKPT -> HardFault). */
    __asm__ volatile("mrs %0, control\n\torr %0, %0, #1\n\tmsr control, %0\n\tisb" : "=&r"(ctl) :: "memory");
    uint32_t ctl_unpriv = get_control();
    __asm__ volatile("svc #3" ::: "memory", "r0");
    uint32_t ctl_back = get_control();
    __asm__ volatile("mrs %0, psp\n\t"
                     "msr msp, %0\n\t"
                     "mrs %0, control\n\t"
                     "bic %0, %0, #2\n\t"
                     "msr control, %0\n\t"
                     "isb"
                     : "=&r"(ctl) :: "memory");
    printf("unprivileged CONTROL=0x%lx, after svc#3 0x%lx, back on MSP 0x%lx\n", (unsigned long)ctl_unpriv,
           (unsigned long)ctl_back, (unsigned long)get_control());

    /* SysTick: the thread computes and checks FP state while ticks arrive at arbitrary points. */
    double expected = thread_work(20000);
    elog_n = 0;
    /* PendSV above SysTick: it preempts the SysTick handler that pends it, so the event order does not
       depend on whether another SysTick is already pending by then (which would depend on timing). */
    SHPR3 = (0x40u << 16) | (0x80u << 24);
    SYST_RVR = 2999;
    SYST_CVR = 0;
    SYST_CSR = 7;  /* ENABLE | TICKINT | CLKSOURCE=processor clock (B3.3.3) */
    double got = thread_work(20000);
    uint32_t fp_bad = fp_registers_survive(300);
    while (ticks < TICKS) {
        __asm__ volatile("" ::: "memory");
    }
    double got2 = thread_work(20000);
    elog[elog_n] = 0;
    printf("thread result %.17g same as without ticks: %d %d\n", got, got == expected, got2 == expected);
    printf("FP register/FPSCR corruptions seen by thread: %lu\n", (unsigned long)fp_bad);
    printf("ticks=%lu tick_acc=%.17g tick_accf=%.9g pendsv_acc=%.17g\n", (unsigned long)ticks, tick_acc,
           (double)tick_accf, pendsv_acc);
    printf("systick EXC_RETURN and=0x%08lx or=0x%08lx\n", (unsigned long)tick_exc_return_and,
           (unsigned long)tick_exc_return_or);
    printf("event order: %s\n", (const char *)elog);
    printf("SysTick CSR after stop=0x%08lx svc count=%lu pendsv count=%lu\n", (unsigned long)(SYST_CSR & ~0x10000u),
           (unsigned long)svc_count, (unsigned long)pendsv_count);
    fflush(stdout);
    exit(17);
}
