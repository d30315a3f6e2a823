/*
 * The self-updating application (issue 16 (b), docs/XIP-WRITES.md "Updating the image it runs
 * from"), executed in place from its slot of the W25Q128JV (image.h), built as v1 for slot 0 with
 * the v2 image for slot 1 embedded (embed.S; -DEMBED), and as v2 for slot 1 with nothing embedded.
 * Every run:
 *  1. copies its vector table to RAM (VTOR) with the handlers that may run while the window is away
 *     (faults, NMI, SysTick, the console's wake-up) pointing into ITCM;
 *  2. appends a record to the boot log in the data sector (DATA_OFFSET);
 *  3. v1: installs the embedded image in the slot it was linked for, unless a valid image of that
 *     version or newer is there: erases the slot's sectors (the header's first), programs the image
 *     after the header area, reads it back through the window, then programs the header (the
 *     commit), and checks the slot as the boot loader will;
 *  4. prints "summary: key=value ..." and exits through semihosting (0 when all went well).
 * Each erase or program goes through flash_op() in ITCM, called through a function pointer (an odd
 * address: Thumb state, DDI 0403E A2.3.1 BXWritePC: bit 0 of the target becomes EPSR.T, and T = 0 faults (INVSTATE)):
 * PRIMASK set, SysTick's interrupt held (a pending SysTick would end every WFI of the status polling
 * at once; the elapsed ticks are counted afterwards from DWT CYCCNT), QUADSPI out of memory-mapped
 * mode (CR.ABORT), mcuboot/flash.c's sector erase or page program in indirect mode with automatic
 * status polling, memory-mapped mode again (common/nor.c), then the D-cache lines of the range
 * invalidated (DCIMVAC) and the I-cache invalidated (ICIALLU: the bytes written are code), DDI 0403E
 * B2.2.7. The bytes to program are copied to RAM first: the window is gone while they are sent.
 */
#include "hw.h"
#include "qspi.h"
#include "say.h"
#include "flash.h"
#include "image.h"

#ifndef APP_VERSION
#error "build with -DAPP_VERSION=n"
#endif

#define SYST_RVR          REG32(0xE000E014u)            /* DDI 0403E B3.3.3 SysTick reload        */
#define SYST_CVR          REG32(0xE000E018u)            /* current value                           */
#define SYST_ENABLE       (1u << 0)
#define SYST_TICKINT      (1u << 1)
#define SYST_CLKSOURCE    (1u << 2)                     /* processor clock                         */
#define TICK_CYCLES       (BOARD_CPU_HZ / 1000u)        /* 1 ms                                    */
#define USART_CR1_TXFNFIE (1u << 7)                     /* RM0433 48.8.1 (say.c's wake-up)         */
#define USART1_IRQ        37u                           /* RM0433 Table 145                        */
#define VECTORS           (16u + 150u)
#define LOG_MAGIC         0x474F4C42u                   /* "BLOG" */
#define LOG_RECORDS       (SECTOR_SIZE / sizeof(log_record_t))

enum { OP_ERASE, OP_PROGRAM };

/* One boot-log record: which image ran, in which boot; CRC-32 of the first 12 bytes. */
typedef struct {
    uint32_t magic;
    uint32_t seq;
    uint32_t version_slot;                             /* version | slot << 16 */
    uint32_t crc;
} log_record_t;

extern const uint32_t __vectors[];
#ifdef EMBED
extern const uint8_t embedded_image[], embedded_image_end[];
#endif

/* Filled in by stamp.sh after the link (image.h); erased words until then, which the boot loader
   rejects as an empty slot. */
__attribute__((section(".image_header"), used))
const image_header_t image_header = {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu,
                                     0xFFFFFFFFu, {0xFFFFFFFFu, 0xFFFFFFFFu}, 0xFFFFFFFFu};

static uint32_t vectors_ram[256] __attribute__((aligned(1024)));
static uint8_t page[PAGE_SIZE] __attribute__((aligned(4)));
static volatile uint32_t ticks, faults;
static uint32_t held_cycles, erases, programs;

typedef void (*flash_fn_t)(uint32_t op, uint32_t offset, const uint8_t *data, uint32_t len);

/* Steps between leaving and re-entering memory-mapped mode: ITCM code, RAM data, registers only. */
RAMFUNC static void flash_op(uint32_t op, uint32_t offset, const uint8_t *data, uint32_t len)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask) :: "memory");
    uint32_t tickint = SYST_CSR & SYST_TICKINT;
    SYST_CSR &= ~SYST_TICKINT;
    uint32_t t0 = DWT_CYCCNT;
    qspi_abort();
    if (op == OP_ERASE) mflash_erase(offset);
    else mflash_program(offset, data, len);
    nor_memory_mapped();
    __asm__ volatile("dsb 0xf" ::: "memory");
    for (uint32_t a = (WINDOW_BASE + offset) & ~31u; a < WINDOW_BASE + offset + len; a += 32u) SCB_DCIMVAC = a;
    SCB_ICIALLU = 0;
    __asm__ volatile("dsb 0xf\n\tisb 0xf" ::: "memory");
    held_cycles += DWT_CYCCNT - t0;
    SYST_CSR |= tickint;
    __asm__ volatile("msr primask, %0\n\tisb 0xf" :: "r"(primask) : "memory");
}

/* Set by main, kept in RAM and called through: a BLX to an odd ITCM address, no veneer in the window. */
static flash_fn_t volatile flash_ram;

static void flash(uint32_t op, uint32_t offset, const uint8_t *src, uint32_t len)
{
    if (op == OP_PROGRAM) for (uint32_t i = 0; i < len; i++) page[i] = src[i];
    flash_ram(op, offset, page, len);
    if (op == OP_ERASE) erases++;
    else programs++;
    uint32_t t = held_cycles / TICK_CYCLES;            /* SysTick periods spent with it held */
    held_cycles -= t * TICK_CYCLES;
    ticks += t;
}

RAMFUNC void SysTick_Handler(void)
{
    ticks++;
}

/* say.c waits in WFI for TXE with TXFNFIE set; with interrupts open the wake-up is taken here. */
RAMFUNC void Console_Handler(void)
{
    USART1_CR1 &= ~USART_CR1_TXFNFIE;
}

static void summary_and_exit(uint32_t status) __attribute__((noreturn));
/* The summary is also printed by the fault handler, where say() would sleep for ever (an interrupt
   cannot wake a core running at HardFault priority); it switches to the polled console. */
static int polled;
static uint32_t running_slot(void);

/* Faults and NMI: the window may be away (a fault inside flash_op); put it back, then report with
   the polled console (say() sleeps until the USART interrupt, which cannot wake a core running at
   HardFault priority, DDI 0403E B1.5.19). A BKPT that escalated (HFSR.DEBUGEVT, C1.5) is
   semihost_exit's with no debugger to serve it: the run is over, nothing to report. */
RAMFUNC void Fault_Handler(void)
{
    if ((QUADSPI_CCR & (3u << QSPI_CCR_FMODE_Pos)) != QSPI_FMODE_MEMORY_MAPPED) {
        qspi_abort();
        nor_memory_mapped();
    }
    if (SCB_HFSR & (1u << 31)) for (;;) __asm__ volatile("wfi");
    faults++;
    polled = 1;
    console_puts("app: FAULT CFSR=");
    console_hex(SCB_CFSR, 8);
    console_puts(" BFAR=");
    console_hex(SCB_BFAR, 8);
    console_puts("\n");
    summary_and_exit(3);
}

static uint32_t running_slot(void)
{
    return ((uint32_t)(uintptr_t)__vectors - WINDOW_BASE) / SLOT_SIZE;
}

static int log_valid(const log_record_t *r)
{
    return r->magic == LOG_MAGIC && r->crc == image_crc32(0, (const uint8_t *)r, 12u);
}

static void log_read(uint32_t i, log_record_t *r)
{
    const volatile uint32_t *p = (const volatile uint32_t *)(WINDOW_BASE + DATA_OFFSET + i * sizeof(log_record_t));
    r->magic = p[0];
    r->seq = p[1];
    r->version_slot = p[2];
    r->crc = p[3];
}

/* Boot log scan: valid records, the highest sequence number, the first slot after every written one. */
static uint32_t log_scan(uint32_t *last_seq, uint32_t *next)
{
    uint32_t valid = 0;
    *last_seq = 0;
    *next = 0;
    for (uint32_t i = 0; i < LOG_RECORDS; i++) {
        log_record_t r;
        log_read(i, &r);
        if (r.magic != 0xFFFFFFFFu || r.seq != 0xFFFFFFFFu || r.version_slot != 0xFFFFFFFFu || r.crc != 0xFFFFFFFFu)
            *next = i + 1u;                            /* written, maybe torn by a power cut */
        if (!log_valid(&r)) continue;
        valid++;
        if (r.seq > *last_seq) *last_seq = r.seq;
    }
    return valid;
}

static uint32_t boots, data_records, data_ok;

static void log_boot(void)
{
    uint32_t last, next;
    log_scan(&last, &next);
    if (next == LOG_RECORDS) {                         /* full: start again from an erased sector */
        flash(OP_ERASE, DATA_OFFSET, page, SECTOR_SIZE);
        next = 0;
    }
    log_record_t r = {LOG_MAGIC, last + 1u, APP_VERSION | running_slot() << 16, 0};
    r.crc = image_crc32(0, (const uint8_t *)&r, 12u);
    flash(OP_PROGRAM, DATA_OFFSET + next * sizeof r, (const uint8_t *)&r, sizeof r);
    uint32_t seq, after;
    data_records = log_scan(&seq, &after);
    log_record_t back;
    log_read(next, &back);
    boots = r.seq;
    data_ok = seq == r.seq && after == next + 1u && log_valid(&back) && back.seq == r.seq;
    say("app: boot log at ");
    say_hex(WINDOW_BASE + DATA_OFFSET);
    say(": boot ");
    say_dec(r.seq);
    say(" recorded in entry ");
    say_dec(next);
    say(", ");
    say_dec(data_records);
    say(data_ok ? " valid entries\n" : " valid entries, READ-BACK MISMATCH\n");
}

static const char *update = "none";
static const char *target_was = "none";             /* what the target slot held before the update */
static uint32_t update_ok = 1, target_slot = SLOTS, installed;

#ifdef EMBED
static int all_erased(const uint8_t *p, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) if (p[i] != 0xFFu) return 0;
    return 1;
}

static void install(const uint8_t *img, uint32_t len)
{
    const image_header_t *h = (const image_header_t *)img;
    uint32_t slot = (h->load - WINDOW_BASE) / SLOT_SIZE;
    target_slot = slot;
    if (slot >= SLOTS || h->load != WINDOW_BASE + SLOT_OFFSET(slot) + HEADER_AREA || slot == running_slot()
            || len > SLOT_SIZE || len != HEADER_AREA + h->size) {
        say("app: embedded image does not fit a free slot\n");
        update = "refused";
        update_ok = 0;
        return;
    }
    image_info_t info;
    image_status_t s = image_check(slot, &info);
    target_was = image_status_word(s);
    if (s == IMAGE_OK && info.header.version >= h->version) {
        say("app: slot ");
        say_dec(slot);
        say(" already holds v");
        say_dec(info.header.version);
        say("\n");
        update = "present";
        return;
    }
    say("app: installing v");
    say_dec(h->version);
    say(" (");
    say_dec(len);
    say(" bytes) into slot ");
    say_dec(slot);
    say(", which holds: ");
    say(image_status_text(s));
    say("\n");
    uint32_t base = SLOT_OFFSET(slot);
    /* The header's sector first: from then on the slot is invalid until the header is rewritten. */
    for (uint32_t at = 0; at < len; at += SECTOR_SIZE) flash(OP_ERASE, base + at, page, SECTOR_SIZE);
    for (uint32_t at = HEADER_AREA; at < len; at += PAGE_SIZE) {
        uint32_t n = len - at < PAGE_SIZE ? len - at : PAGE_SIZE;
        if (!all_erased(img + at, n)) flash(OP_PROGRAM, base + at, img + at, n);
    }
    /* Read back through the window: the cache lines of the old content were invalidated. */
    const volatile uint8_t *w = (const volatile uint8_t *)(WINDOW_BASE + base);
    uint32_t mismatches = 0;
    for (uint32_t i = HEADER_AREA; i < len; i++) mismatches += w[i] != img[i];
    if (mismatches) {
        say("app: read-back of slot ");
        say_dec(slot);
        say(" differs in ");
        say_dec(mismatches);
        say(" bytes: header not written\n");
        update = "failed";
        update_ok = 0;
        return;
    }
    flash(OP_PROGRAM, base, img, sizeof(image_header_t));   /* the commit */
    s = image_check(slot, &info);
    update_ok = s == IMAGE_OK && info.header.version == h->version;
    installed = info.header.version;
    update = update_ok ? "written" : "failed";
    say("app: slot ");
    say_dec(slot);
    say(" now: v");
    say_dec(info.header.version);
    say(" ");
    say(image_status_text(s));
    say(", ");
    say_dec(erases);
    say(" erases and ");
    say_dec(programs);
    say(" programs so far\n");
}
#endif

static void put(const char *s)
{
    if (polled) console_puts(s);
    else say(s);
}

static void put_dec(uint32_t v)
{
    if (polled) console_dec(v);
    else say_dec(v);
}

static void put_hex(uint32_t v)
{
    if (polled) console_hex(v, 8);
    else say_hex(v);
}

static void summary_and_exit(uint32_t status)
{
    put("summary: version=");
    put_dec(APP_VERSION);
    put(" slot=");
    put_dec(running_slot());
    put(" boots=");
    put_dec(boots);
    put(" data_records=");
    put_dec(data_records);
    put(" data_ok=");
    put_dec(data_ok);
    put(" update=");
    put(update);
    put(" target_slot=");
    put_dec(target_slot);
    put(" target_was=");
    put(target_was);
    put(" installed=");
    put_dec(installed);
    put(" erases=");
    put_dec(erases);
    put(" programs=");
    put_dec(programs);
    put(" flash_fn=");
    put_hex((uint32_t)(uintptr_t)flash_ram);
    put(" ticks=");
    put_dec(ticks);
    put(" faults=");
    put_dec(faults);
    put("\n");
    semihost_exit(status);
}

int main(void)
{
    delay_init();
    flash_ram = (flash_fn_t)((uintptr_t)&flash_op | 1u);
    for (uint32_t i = 0; i < VECTORS; i++) vectors_ram[i] = __vectors[i];
    for (uint32_t i = 2; i <= 6; i++) vectors_ram[i] = (uint32_t)(uintptr_t)Fault_Handler;   /* NMI .. UsageFault */
    vectors_ram[15] = (uint32_t)(uintptr_t)SysTick_Handler;
    vectors_ram[16 + USART1_IRQ] = (uint32_t)(uintptr_t)Console_Handler;
    SCB_VTOR = (uint32_t)(uintptr_t)vectors_ram;
    __asm__ volatile("dsb 0xf\n\tisb 0xf" ::: "memory");
    icache_enable();
    dcache_enable();
    SYST_RVR = TICK_CYCLES - 1u;
    SYST_CVR = 0;
    SYST_CSR = SYST_CLKSOURCE | SYST_TICKINT | SYST_ENABLE;
    __asm__ volatile("cpsie i" ::: "memory");

    say("app: v");
    say_dec(APP_VERSION);
    say(" running in slot ");
    say_dec(running_slot());
    say(" at ");
    say_hex((uint32_t)(uintptr_t)__vectors);
    say(" (XIP), vector table at ");
    say_hex(SCB_VTOR);
    say(", flash routine at ");
    say_hex((uint32_t)(uintptr_t)flash_ram);
    say(" (ITCM)\n");

    log_boot();
#ifdef EMBED
    install(embedded_image, (uint32_t)(embedded_image_end - embedded_image));
#endif
    summary_and_exit(faults == 0 && data_ok && update_ok ? 0u : 1u);
}
