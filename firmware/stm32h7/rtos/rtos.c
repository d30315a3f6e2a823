/*
 * The kernel (see rtos.h). Every function is in ITCM (RAMFUNC): PendSV and SysTick must stay
 * reachable whatever the QUADSPI memory-mapped window is doing, and the scheduler is on the path of
 * every mutex operation the flash writer makes.
 */
#include "hw.h"
#include "rtos.h"

/* System control registers this kernel uses (DDI 0403E B3.2.2 Table B3-4, B3.3.2 Table B3-7). */
#define ICSR            REG32(0xE000ED04u)       /* B3.2.4: bit 28 PENDSVSET              */
#define ICSR_PENDSVSET  (1u << 28)
#define SHPR3           REG32(0xE000ED20u)       /* B3.2.12: PRI_14 PendSV 23:16, PRI_15 SysTick 31:24 */
#define FPCCR           REG32(0xE000EF34u)       /* B3.2.22: ASPEN bit 31, LSPEN bit 30   */
#define FPCCR_ASPEN     (1u << 31)
#define FPCCR_LSPEN     (1u << 30)
#define SYST_RVR        REG32(0xE000E014u)       /* B3.3.4 reload value                   */
#define SYST_CVR        REG32(0xE000E018u)       /* B3.3.5 current value                  */
#define SYST_ENABLE_TICKINT_CORE 7u              /* B3.3.3: ENABLE, TICKINT, CLKSOURCE = processor clock */

/* Initial xPSR of a thread: only the Thumb bit (B1.4.2, EPSR.T). */
#define XPSR_THUMB      0x01000000u
/* EXC_RETURN for a thread without FP context: Thread mode, PSP, basic frame (B1.5.8 Table B1-8). */
#define EXC_RETURN_THREAD_PSP 0xFFFFFFFDu

enum { WAIT_NONE = 0, WAIT_MUTEX, WAIT_SEM };

static rtos_thread_t threads[RTOS_MAX_THREADS];
static uint8_t wait_kind[RTOS_MAX_THREADS];
static uint32_t nthreads;
rtos_thread_t *rtos_current;          /* used by PendSV (switch.S) */
static volatile uint32_t ticks;
static uint32_t sched_locked;
static uint32_t switch_deferred;
static uint32_t switches;
static uint32_t max_boost;
static uint32_t idle_stack[128] __attribute__((aligned(8)));

RAMFUNC static uint32_t irq_save(void)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask) :: "memory");
    return primask;
}

RAMFUNC static void irq_restore(uint32_t primask)
{
    __asm__ volatile("msr primask, %0\n\tisb 0xf" :: "r"(primask) : "memory");
}

/* Ask for a switch; with interrupts masked it happens when they are unmasked (PendSV is the
   lowest priority, so it also waits for every other handler to return: B1.5.4 tail-chaining). */
RAMFUNC static void request_switch(void)
{
    if (sched_locked) {
        switch_deferred = 1;
        return;
    }
    ICSR = ICSR_PENDSVSET;
    __asm__ volatile("dsb 0xf\n\tisb 0xf" ::: "memory");
}

RAMFUNC static unsigned index_of(const rtos_thread_t *t)
{
    return (unsigned)(t - threads);
}

/* A ready thread that should run instead of the current one? Equal priority counts only when
   {@code rotate} (tick round robin, yield). */
RAMFUNC static int outranked(int rotate)
{
    const rtos_thread_t *c = rtos_current;
    if (c == 0 || c->state != RTOS_READY) return 1;
    for (uint32_t i = 0; i < nthreads; i++) {
        const rtos_thread_t *t = &threads[i];
        if (t == c || t->state != RTOS_READY) continue;
        if (t->prio > c->prio || (rotate && t->prio == c->prio)) return 1;
    }
    return 0;
}

/* Called by PendSV with interrupts masked: the most urgent ready thread, the one after the current
   among equals (round robin). The idle thread (index 0, priority 0) is always ready. */
RAMFUNC rtos_thread_t *rtos_pick_next(void)
{
    rtos_thread_t *c = rtos_current;
    if (sched_locked && c != 0 && c->state == RTOS_READY) {
        switch_deferred = 1;                 /* a PendSV pended before the lock was taken */
        return c;
    }
    unsigned start = c ? index_of(c) + 1u : 0u;
    rtos_thread_t *best = 0;
    for (uint32_t k = 0; k < nthreads; k++) {
        rtos_thread_t *t = &threads[(start + k) % nthreads];
        if (t->state == RTOS_READY && (best == 0 || t->prio > best->prio)) best = t;
    }
    if (best != c) switches++;
    rtos_current = best;
    return best;
}

RAMFUNC static void idle(void *arg)
{
    (void)arg;
    for (;;) __asm__ volatile("wfi");
}

RAMFUNC static void thread_exit(void)
{
    uint32_t p = irq_save();
    rtos_current->state = RTOS_DONE;
    request_switch();
    irq_restore(p);
    for (;;) {}
}

void rtos_init(void)
{
    nthreads = 0;
    rtos_current = 0;
    rtos_thread_create("idle", idle, 0, idle_stack, sizeof idle_stack / 4u, 0);
}

rtos_thread_t *rtos_thread_create(const char *name, void (*entry)(void *), void *arg,
                                  uint32_t *stack, uint32_t stack_words, uint8_t prio)
{
    if (nthreads == RTOS_MAX_THREADS) return 0;
    rtos_thread_t *t = &threads[nthreads];
    uint32_t *sp = (uint32_t *)((uintptr_t)(stack + stack_words) & ~7u);
    /* Basic exception frame (B1.5.6): r0-r3, r12, lr, return address, xPSR. */
    *--sp = XPSR_THUMB;
    *--sp = (uint32_t)(uintptr_t)entry & ~1u;
    *--sp = (uint32_t)(uintptr_t)thread_exit;
    *--sp = 0;                                   /* r12 */
    *--sp = 0;                                   /* r3  */
    *--sp = 0;                                   /* r2  */
    *--sp = 0;                                   /* r1  */
    *--sp = (uint32_t)(uintptr_t)arg;            /* r0  */
    /* What PendSV pops before returning: r4-r11 and the EXC_RETURN value. */
    *--sp = EXC_RETURN_THREAD_PSP;
    for (int i = 0; i < 8; i++) *--sp = 0;
    t->sp = sp;
    t->name = name;
    t->prio = t->base_prio = prio;
    t->state = RTOS_READY;
    t->blocked_on = 0;
    t->held = 0;
    wait_kind[nthreads] = WAIT_NONE;
    nthreads++;
    return t;
}

void rtos_start(uint32_t core_hz, uint32_t tick_hz)
{
    __asm__ volatile("cpsid i" ::: "memory");
    SHPR3 |= 0xFFu << 16 | 0xFFu << 24;          /* PendSV and SysTick: lowest priority */
    FPCCR |= FPCCR_ASPEN | FPCCR_LSPEN;          /* automatic + lazy FP state preservation */
    SYST_RVR = core_hz / tick_hz - 1u;
    SYST_CVR = 0;
    SYST_CSR = SYST_ENABLE_TICKINT_CORE;
    rtos_current = 0;                            /* PendSV saves nothing the first time */
    ICSR = ICSR_PENDSVSET;
    __asm__ volatile("dsb 0xf\n\tisb 0xf\n\tcpsie i\n\tisb 0xf" ::: "memory");
    for (;;) {}
}

RAMFUNC rtos_thread_t *rtos_self(void)
{
    return rtos_current;
}

RAMFUNC uint32_t rtos_ticks(void)
{
    return ticks;
}

RAMFUNC uint32_t rtos_switches(void)
{
    return switches;
}

RAMFUNC uint32_t rtos_max_inherited_boost(void)
{
    return max_boost;
}

RAMFUNC void rtos_tick_advance(uint32_t n)
{
    uint32_t p = irq_save();
    uint32_t now = ticks += n;
    for (uint32_t i = 0; i < nthreads; i++) {
        rtos_thread_t *t = &threads[i];
        if (t->state == RTOS_SLEEPING && (int32_t)(now - t->wake_tick) >= 0) t->state = RTOS_READY;
    }
    if (outranked(1)) request_switch();
    irq_restore(p);
}

RAMFUNC void SysTick_Handler(void)
{
    rtos_tick_advance(1);
}

RAMFUNC void rtos_sleep(uint32_t n)
{
    uint32_t p = irq_save();
    if (n != 0) {
        rtos_current->state = RTOS_SLEEPING;
        rtos_current->wake_tick = ticks + n;
    }
    if (outranked(1)) request_switch();
    irq_restore(p);
}

RAMFUNC void rtos_yield(void)
{
    rtos_sleep(0);
}

/* ---- blocking and waking ------------------------------------------------------------------- */

RAMFUNC static void block_on(void *object, uint8_t kind)
{
    rtos_current->state = RTOS_BLOCKED;
    rtos_current->blocked_on = object;
    wait_kind[index_of(rtos_current)] = kind;
    request_switch();
}

/* The most urgent thread blocked on {@code object} (0 if none). */
RAMFUNC static rtos_thread_t *first_waiter(const void *object)
{
    rtos_thread_t *best = 0;
    for (uint32_t i = 0; i < nthreads; i++) {
        rtos_thread_t *t = &threads[i];
        if (t->state == RTOS_BLOCKED && t->blocked_on == object && (best == 0 || t->prio > best->prio)) best = t;
    }
    return best;
}

RAMFUNC static void wake(rtos_thread_t *t)
{
    t->state = RTOS_READY;
    t->blocked_on = 0;
    wait_kind[index_of(t)] = WAIT_NONE;
}

void rtos_sem_init(rtos_sem_t *s, uint32_t count)
{
    s->count = count;
}

RAMFUNC void rtos_sem_take(rtos_sem_t *s)
{
    uint32_t p = irq_save();
    if (s->count > 0) s->count--;
    else block_on(s, WAIT_SEM);                  /* the giver hands the count over directly */
    irq_restore(p);
}

RAMFUNC void rtos_sem_give(rtos_sem_t *s)
{
    uint32_t p = irq_save();
    rtos_thread_t *w = first_waiter(s);
    if (w) {
        wake(w);
        if (outranked(0)) request_switch();
    } else {
        s->count++;
    }
    irq_restore(p);
}

/* ---- mutexes with priority inheritance ------------------------------------------------------ */

void rtos_mutex_init(rtos_mutex_t *m)
{
    m->owner = 0;
    m->next_held = 0;
    m->locks = 0;
    m->contended = 0;
}

/* A thread's priority: its base, raised to that of every thread waiting for a mutex it holds. */
RAMFUNC static void recompute_prio(rtos_thread_t *t)
{
    uint8_t prio = t->base_prio;
    for (rtos_mutex_t *m = t->held; m; m = m->next_held) {
        rtos_thread_t *w = first_waiter(m);
        if (w && w->prio > prio) prio = w->prio;
    }
    t->prio = prio;
    if (prio > t->base_prio && (uint32_t)(prio - t->base_prio) > max_boost) max_boost = (uint32_t)(prio - t->base_prio);
}

RAMFUNC static void take_ownership(rtos_mutex_t *m, rtos_thread_t *t)
{
    m->owner = t;
    m->next_held = t->held;
    t->held = m;
    m->locks++;
}

RAMFUNC void rtos_mutex_lock(rtos_mutex_t *m)
{
    uint32_t p = irq_save();
    rtos_thread_t *self = rtos_current;
    if (m->owner == 0) {
        take_ownership(m, self);
    } else {
        m->contended++;
        block_on(m, WAIT_MUTEX);
        /* Inheritance along the chain of owners, each possibly waiting for another mutex. */
        for (rtos_thread_t *o = m->owner; o != 0; ) {
            if (o->prio >= self->prio) break;
            recompute_prio(o);
            unsigned i = index_of(o);
            if (o->state != RTOS_BLOCKED || wait_kind[i] != WAIT_MUTEX) break;
            o = ((rtos_mutex_t *)o->blocked_on)->owner;
        }
        /* The switch happens at irq_restore; unlock hands the mutex over before waking us. */
    }
    irq_restore(p);
}

RAMFUNC void rtos_mutex_unlock(rtos_mutex_t *m)
{
    uint32_t p = irq_save();
    rtos_thread_t *self = rtos_current;
    for (rtos_mutex_t **link = &self->held; *link; link = &(*link)->next_held) {
        if (*link == m) {
            *link = m->next_held;
            break;
        }
    }
    m->next_held = 0;
    rtos_thread_t *w = first_waiter(m);
    if (w) {
        wake(w);
        take_ownership(m, w);
        recompute_prio(w);
    } else {
        m->owner = 0;
    }
    recompute_prio(self);
    if (outranked(0)) request_switch();
    irq_restore(p);
}

RAMFUNC void rtos_sched_lock(void)
{
    uint32_t p = irq_save();
    sched_locked++;
    irq_restore(p);
}

RAMFUNC void rtos_sched_unlock(void)
{
    uint32_t p = irq_save();
    if (--sched_locked == 0 && switch_deferred) {
        switch_deferred = 0;
        if (outranked(1)) request_switch();
    }
    irq_restore(p);
}
