/*
 * The xipwrite reference application (issue 16 (a)), executing in place at 0x90000000 on
 * stm32h757-mt25tl01g, under the kernel in ../rtos:
 *  - a writer thread makes WRITES config writes to the power-safe store (cfg_store.c, two 8 KB
 *    units at STORE_OFFSET of the same flash), each through xip_flash (ITCM write path);
 *  - four asset-reader threads check 256-byte pieces of the asset table (app/assets.S) through the
 *    window, each piece under the flash mutex;
 *  - a UI-like thread keeps "drawing": floating-point blending of asset words (so lazy FP state
 *    is live across switches), also under the mutex.
 * At start the store is mounted; a value left by an earlier run must be intact: counter WRITES +
 * k * WRITES_AGAIN and the payload its function. A run that finds the store empty makes WRITES
 * writes, a run after that (the reset) WRITES_AGAIN, which keeps the second run of the test short.
 * At the end the store is mounted again and must hold the
 * last value written. One line "summary: writes=.. faults=.. asset_errors=.. store_ok=.." and exit
 * status 0 when all is well.
 *
 * The vector table is copied to RAM and VTOR pointed at it, and every handler is in ITCM, so that
 * an exception while the window is away (a fault) still finds its handler.
 */
#include "hw.h"
#include "qspi.h"
#include "rtos.h"
#include "xip_flash.h"
#include "cfg_store.h"
#include "wrongway.h"

#ifndef WRITES
#define WRITES        1000u                  /* writes of a run that finds the store empty      */
#endif
#define WRITES_AGAIN  100u                   /* writes of a run that finds a value (after reset) */
#define STORE_OFFSET  0x00100000u            /* window offset of the store: 0x90100000 */
#define READERS       4u
#define PIECE_WORDS   64u
#define ASSET_WORDS   16384u

extern const uint32_t assets[];
extern const uint32_t __vectors[];

static uint32_t vectors_ram[256] __attribute__((aligned(1024)));
static uint32_t stacks[READERS + 2][512] __attribute__((aligned(8)));
static rtos_sem_t finished;
static volatile uint32_t done;
static volatile uint32_t asset_errors, asset_pieces, ui_frames;
static volatile uint32_t writes, write_errors, faults;
static uint32_t store_ok = 1;
static float ui_level;

typedef struct {
    uint32_t counter;
    uint32_t words[10];
} config_t;

static void config_fill(config_t *c, uint32_t counter)
{
    c->counter = counter;
    for (uint32_t k = 0; k < 10; k++) c->words[k] = counter * 0x9E3779B1u ^ (k * 0x01000193u + 0x5EEDu);
}

static int config_intact(const config_t *c)
{
    config_t want;
    config_fill(&want, c->counter);
    for (uint32_t k = 0; k < 10; k++) if (c->words[k] != want.words[k]) return 0;
    return 1;
}

static uint32_t asset_word(uint32_t i)
{
    return i * 0x9E3779B1u + 0x7F4A7C15u;
}

/* One piece of the asset table, read through the window while holding the flash mutex. */
static uint32_t check_piece(uint32_t first)
{
    uint32_t bad = 0;
    const volatile uint32_t *p = assets;
    XIP_READ_LOCK(&xip_flash_mutex);
    for (uint32_t i = first; i < first + PIECE_WORDS; i++) bad += p[i] != asset_word(i);
    XIP_READ_UNLOCK(&xip_flash_mutex);
    return bad;
}

static void reader(void *arg)
{
    uint32_t n = (uint32_t)(uintptr_t)arg;
    uint32_t piece = n * 61u;
    while (!done) {
        asset_errors += check_piece((piece % (ASSET_WORDS / PIECE_WORDS)) * PIECE_WORDS);
        asset_pieces++;
        piece += 7u;
        rtos_sleep(1u + (n & 1u));
    }
    rtos_sem_give(&finished);
}

static void ui(void *arg)
{
    (void)arg;
    uint32_t row = 0;
    while (!done) {
        const volatile uint32_t *p = assets;
        float acc = 0.0f;
        XIP_READ_LOCK(&xip_flash_mutex);
        for (uint32_t i = 0; i < PIECE_WORDS; i++) {
            uint32_t w = p[row * PIECE_WORDS + i];
            if (w != asset_word(row * PIECE_WORDS + i)) asset_errors++;
            acc = acc * 0.75f + (float)(w >> 24) * 0.25f;   /* blend: keeps s0-s15 live */
        }
        XIP_READ_UNLOCK(&xip_flash_mutex);
        ui_level = acc;
        ui_frames++;
        row = (row + 1u) % (ASSET_WORDS / PIECE_WORDS);
        rtos_sleep(1);
    }
    rtos_sem_give(&finished);
}

static void report_config(const char *what, int found, const config_t *c, uint32_t seq)
{
    console_puts("app: store ");
    console_puts(what);
    if (!found) {
        console_puts(": empty\n");
        return;
    }
    console_puts(": counter ");
    console_dec(c->counter);
    console_puts(" seq ");
    console_dec(seq);
    console_puts(config_intact(c) ? " intact\n" : " CORRUPT\n");
}

static void summary(void)
{
    console_puts("summary: writes=");
    console_dec(writes);
    console_puts(" faults=");
    console_dec(faults);
    console_puts(" asset_errors=");
    console_dec(asset_errors);
    console_puts(" store_ok=");
    console_dec(store_ok);
    console_puts("\n");
}

static void writer(void *arg)
{
    (void)arg;
    config_t c;
    uint32_t seq = 0;
    int found = cfg_store_mount(STORE_OFFSET) && cfg_store_read(&c, sizeof c, &seq) == sizeof c;
    report_config("at mount", found, &c, seq);
    if (found && (!config_intact(&c) || c.counter < WRITES || (c.counter - WRITES) % WRITES_AGAIN != 0)) store_ok = 0;
    uint32_t start = found ? c.counter : 0u;
    uint32_t count = found ? WRITES_AGAIN : WRITES;
    uint32_t t0 = rtos_ticks();

    for (uint32_t i = 1; i <= count; i++) {
        config_fill(&c, start + i);
        if (cfg_store_write(&c, sizeof c) != 0) write_errors++;
        config_t back;
        if (cfg_store_read(&back, sizeof back, 0) != sizeof back || back.counter != start + i || !config_intact(&back))
            write_errors++;
        writes++;
        rtos_sleep(1);
    }
    uint32_t t1 = rtos_ticks();
    done = 1;
    for (uint32_t k = 0; k < READERS + 1u; k++) rtos_sem_take(&finished);

    found = cfg_store_mount(STORE_OFFSET) && cfg_store_read(&c, sizeof c, &seq) == sizeof c;
    report_config("after remount", found, &c, seq);
    if (!found || c.counter != start + count || !config_intact(&c) || write_errors) store_ok = 0;

    console_puts("app: ");
    console_dec(count);
    console_puts(" writes in ");
    console_dec(t1 - t0);
    console_puts(" ticks, ");
    console_dec(xip_flash_operations());
    console_puts(" flash operations, write errors ");
    console_dec(write_errors);
    console_puts("\napp: asset pieces ");
    console_dec(asset_pieces);
    console_puts(", UI frames ");
    console_dec(ui_frames);
    console_puts(", mutex locks ");
    console_dec(xip_flash_mutex.locks);
    console_puts(" (");
    console_dec(xip_flash_mutex.contended);
    console_puts(" waited), thread switches ");
    console_dec(rtos_switches());
    console_puts(", priority boost ");
    console_dec(rtos_max_inherited_boost());
    console_puts("\n");
    summary();
    semihost_exit(faults == 0 && asset_errors == 0 && store_ok && writes == count ? 0u : 1u);
}

#if WRONG_WAY
/* The wrong ways keep the handler most projects have: it spins, and whoever looks (xipkit's fault
   report, a debugger) finds the core in it. */
RAMFUNC void HardFault_Handler(void)
{
    for (;;) {}
}
#else
/* Faults: the window may be away (indirect mode); bring it back before printing from XIP code. */
RAMFUNC void HardFault_Handler(void)
{
    xip_flash_restore_window();
    faults++;
    uint32_t cfsr = SCB_CFSR, bfar = SCB_BFAR;
    store_ok = 0;
    console_puts("app: fault CFSR=");
    console_hex(cfsr, 8);
    console_puts(" BFAR=");
    console_hex(bfar, 8);
    console_puts("\n");
    summary();
    semihost_exit(3);
}
#endif

int main(void)
{
    delay_init();
    icache_enable();
    dcache_enable();
    for (uint32_t i = 0; i < 16u + 150u; i++) vectors_ram[i] = __vectors[i];
    vectors_ram[3] = (uint32_t)(uintptr_t)HardFault_Handler;
    SCB_VTOR = (uint32_t)(uintptr_t)vectors_ram;
    __asm__ volatile("dsb 0xf\n\tisb 0xf" ::: "memory");
    console_puts("app: xipwrite running from ");
    console_hex((uint32_t)(uintptr_t)&main & ~1u, 8);
    console_puts(", vectors and handlers in RAM\n");

    rtos_init();
    rtos_mutex_init(&xip_flash_mutex);
    rtos_sem_init(&finished, 0);
    rtos_thread_create("writer", writer, 0, stacks[0], 512, 3);
    for (uint32_t n = 0; n < READERS; n++)
        rtos_thread_create("reader", reader, (void *)(uintptr_t)n, stacks[1 + n], 512, 2);
    rtos_thread_create("ui", ui, 0, stacks[READERS + 1], 512, 1);
    rtos_start(BOARD_CPU_HZ, 1000u);
}
