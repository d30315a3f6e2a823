/*
 * A small preemptive kernel for the STM32H7 reference programs (not a product): fixed-priority
 * threads (higher number = more urgent, round robin among equals on each tick), sleep in ticks,
 * counting semaphores, mutexes with priority inheritance, a scheduler lock. Written from the
 * ARMv7-M Architecture Reference Manual (DDI 0403E): exception entry/return and EXC_RETURN
 * (B1.5.6-B1.5.8), lazy floating-point state preservation (B1.5.7, FPCCR B3.2.22), PendSV and
 * SysTick (B1.5.2, B3.3), ICSR/SHPR3 (B3.2.4, B3.2.12).
 *
 * Threads run in Thread mode on PSP; handlers use MSP. PendSV (lowest priority) switches threads;
 * SysTick (lowest priority too, so the two never nest) counts ticks. Kernel state is changed with
 * PRIMASK set. The kernel's code lives in ITCM (RAMFUNC) so that it keeps working whatever the
 * QUADSPI window is doing; it never runs while a flash write holds interrupts masked.
 */
#ifndef RTOS_H
#define RTOS_H
#include <stdint.h>

#define RTOS_MAX_THREADS 10u

typedef struct rtos_mutex rtos_mutex_t;

typedef struct rtos_thread {
    uint32_t *sp;                   /* saved PSP: first member, PendSV uses offset 0 */
    const char *name;
    uint8_t prio;                   /* effective priority (raised by inheritance)    */
    uint8_t base_prio;              /* priority given at creation                     */
    uint8_t state;                  /* RTOS_READY, ...                                */
    uint32_t wake_tick;             /* RTOS_SLEEPING: tick to wake at                 */
    void *blocked_on;               /* rtos_mutex_t / rtos_sem_t while blocked        */
    rtos_mutex_t *held;             /* mutexes owned, linked through rtos_mutex.next_held */
} rtos_thread_t;

struct rtos_mutex {
    rtos_thread_t *owner;
    rtos_mutex_t *next_held;        /* the owner's list of held mutexes */
    uint32_t locks;                 /* number of successful locks, for reports */
    uint32_t contended;             /* locks that had to wait                  */
};

typedef struct {
    uint32_t count;
} rtos_sem_t;

enum { RTOS_READY = 0, RTOS_SLEEPING, RTOS_BLOCKED, RTOS_DONE };

/* Before rtos_start: create threads (stack: 8-byte aligned words, size in words). */
void rtos_init(void);
rtos_thread_t *rtos_thread_create(const char *name, void (*entry)(void *), void *arg,
                                  uint32_t *stack, uint32_t stack_words, uint8_t prio);
/* Starts SysTick (reload = core clock / tick_hz) and switches to the most urgent thread; the caller
   (main, on MSP) becomes the handler stack and never runs again. */
void rtos_start(uint32_t core_hz, uint32_t tick_hz) __attribute__((noreturn));

rtos_thread_t *rtos_self(void);
uint32_t rtos_ticks(void);
void rtos_sleep(uint32_t ticks);            /* 0 = yield to a thread of equal priority */
void rtos_yield(void);

void rtos_sem_init(rtos_sem_t *s, uint32_t count);
void rtos_sem_take(rtos_sem_t *s);
void rtos_sem_give(rtos_sem_t *s);

void rtos_mutex_init(rtos_mutex_t *m);
void rtos_mutex_lock(rtos_mutex_t *m);      /* not recursive */
void rtos_mutex_unlock(rtos_mutex_t *m);

/* Scheduler lock: no thread switch until the matching unlock (interrupts still run; a switch they
   ask for happens at the unlock). Nests. A thread must not block while it holds the lock. */
void rtos_sched_lock(void);
void rtos_sched_unlock(void);

/* Ticks that passed while interrupts were masked (SysTick pending cleared by the caller). */
void rtos_tick_advance(uint32_t n);

/* Statistics for reports. */
uint32_t rtos_switches(void);
uint32_t rtos_max_inherited_boost(void);    /* highest priority a thread ran at above its base */

#endif
