/*
 * The reference boot loader (issue 17 item 2; docs/UPDATE.md section 5): in the embedded flash at
 * 0x08000000, images in the external W25Q128JV (layout.h), MCUboot's image format and trailer,
 * Ed25519 signatures checked with the key compiled in (key.c), the security counter in the
 * embedded flash (nvcounter.c). One mode per build, as MCUboot's configurations:
 *
 *   BOOT_MODE_OVERWRITE   (MCUBOOT_OVERWRITE_ONLY) slot 1 holding a valid image with the trailer
 *                         magic is copied over slot 0, then slot 1 is erased; slot 0 always runs.
 *   BOOT_MODE_DIRECT_XIP  (MCUBOOT_DIRECT_XIP + MCUBOOT_DIRECT_XIP_REVERT) each slot holds an image
 *                         linked for its own address; among the slots with a trailer magic the
 *                         newest version runs in place. An image not confirmed (image_ok) runs
 *                         once: copy_done marks the trial; found again unconfirmed, it is reverted
 *                         (its trailer erased) and the other slot runs.
 *
 * Every image must verify (hash, key, signature) and carry a security counter at least the stored
 * one; the stored counter is raised to that of a confirmed image that boots.
 * The console (USART1, 115200 8N1) prints each decision on lines starting "mcuboot:".
 */
#include "hw.h"
#include "qspi.h"
#include "layout.h"
#include "say.h"
#include "image.h"
#include "nvcounter.h"
#include "flash.h"

#if defined(BOOT_MODE_OVERWRITE)
#define MODE_NAME "overwrite-only"
#elif defined(BOOT_MODE_DIRECT_XIP)
#define MODE_NAME "direct-xip"
#else
#error "define BOOT_MODE_OVERWRITE or BOOT_MODE_DIRECT_XIP"
#endif

/* Transmitter only: the receiver stays off so no console byte meant for the application is taken
   (RM0433 48.5 character transmission procedure, as console.c without RE). */
static void boot_console_init(void)
{
    static const pin_af_t pins[] = BOARD_USART1_PINS;
    RCC_APB2ENR |= RCC_APB2ENR_USART1EN;
    (void)RCC_APB2ENR;
    gpio_set_af(pins, sizeof pins / sizeof pins[0], 0);
    USART1_CR1 = 0;
    USART1_CR2 = 0;
    USART1_CR3 = 0;
    USART1_PRESC = 0;
    USART1_BRR = (BOARD_PCLK2_HZ + BOARD_CONSOLE_BAUD / 2u) / BOARD_CONSOLE_BAUD;
    USART1_CR1 = USART_CR1_TE | USART_CR1_UE;
    while (!(USART1_ISR & USART_ISR_TEACK)) {}
}

static void say_slot(unsigned n, const char *what)
{
    say("mcuboot: slot ");
    say_dec(n);
    say(what);
}

static __attribute__((unused)) uint8_t trailer_byte(unsigned n, uint32_t off)
{
    uint8_t b[2];                               /* even length: dual-flash mode reads byte pairs */
    nor_read(TRAILER(n, off), b, 2);
    return b[0];
}

static int trailer_magic_good(unsigned n)
{
    uint8_t m[16];
    nor_read(TRAILER(n, TRAILER_MAGIC_OFF), m, 16);
    uint8_t diff = 0;
    for (unsigned i = 0; i < 16; i++) diff |= (uint8_t)(m[i] ^ boot_trailer_magic[i]);
    return diff == 0;
}

/* The trailer's sector: erasing it takes the magic away, so the slot is no candidate any more. */
static void erase_trailer(unsigned n)
{
    mflash_erase(SLOT_OFFSET(n) + SLOT_SIZE - SECTOR_SIZE);
}

static void __attribute__((noreturn)) start(unsigned n, const image_info *info)
{
    uint32_t vtor = WINDOW_BASE + SLOT_OFFSET(n) + info->hdr_size;
    nor_memory_mapped();
    const volatile uint32_t *v = (const volatile uint32_t *)vtor;
    uint32_t sp = v[0], entry = v[1];
    /* Linked for this slot: the reset handler inside the slot's payload, a Thumb address. */
    if ((entry & 1u) == 0 || entry < vtor || entry >= vtor + info->img_size
        || !((sp > DTCM_BASE && sp <= DTCM_BASE + 128u * 1024u) || (sp > AXI_SRAM_BASE && sp <= AXI_SRAM_BASE + 512u * 1024u))) {
        say_slot(n, ": vector table not linked for this slot, not started\n");
        semihost_exit(1);
    }
    say_slot(n, ": starting ");
    image_print_version(info);
    say(" at ");
    say_hex(vtor);
    say("\n");
    console_flush();
    /* Hand-over (DDI 0403E B1.5.3, B3.2.5): interrupts masked and cleared, VTOR, MSP, branch. */
    __asm__ volatile("cpsid i" ::: "memory");
    SYST_CSR = 0;
    for (unsigned i = 0; i < 8; i++) {
        NVIC_ICER(i) = 0xFFFFFFFFu;
        NVIC_ICPR(i) = 0xFFFFFFFFu;
    }
    SCB_VTOR = vtor;
    __asm__ volatile("dsb 0xf\n\tisb 0xf\n\tmsr msp, %0\n\tcpsie i\n\tbx %1" :: "r"(sp), "r"(entry) : "memory");
    __builtin_unreachable();
}

/* A valid image whose security counter is not below the stored one: NULL, or the reason. */
static const char *acceptable(unsigned n, image_info *info)
{
    const char *why = image_validate(SLOT_OFFSET(n), info);
    if (why) return why;
    if (info->sec_cnt < nvcounter_read()) return "security counter below the stored one";
    return 0;
}

static void rejected(unsigned n, const char *why)
{
    say_slot(n, ": rejected: ");
    say(why);
    say("\n");
}

static void __attribute__((noreturn)) confirmed(unsigned n, image_info *info)
{
    if (info->sec_cnt > nvcounter_read()) {
        if (nvcounter_raise(info->sec_cnt) == 0) {
            say("mcuboot: security counter raised to ");
            say_dec(info->sec_cnt);
            say("\n");
        } else {
            say("mcuboot: security counter could not be stored\n");
        }
    }
    start(n, info);
}

#if defined(BOOT_MODE_OVERWRITE)
static uint8_t page[PAGE_SIZE];

/* Slot 1 over slot 0, sector by sector, then slot 1's trailer and header sectors erased: a power
   cut before the end leaves slot 1 with its magic, and the copy starts again at the next boot. */
static void install(const image_info *info)
{
    uint32_t sectors = (info->total + SECTOR_SIZE - 1u) / SECTOR_SIZE;
    for (uint32_t s = 0; s < sectors; s++) mflash_erase(SLOT0_OFFSET + s * SECTOR_SIZE);
    mflash_erase(SLOT0_OFFSET + SLOT_SIZE - SECTOR_SIZE);
    for (uint32_t at = 0; at < info->total; at += PAGE_SIZE) {
        nor_read(SLOT1_OFFSET + at, page, PAGE_SIZE);
        mflash_program(SLOT0_OFFSET + at, page, PAGE_SIZE);
    }
    erase_trailer(1);
    mflash_erase(SLOT1_OFFSET);
}

static void __attribute__((noreturn)) boot(void)
{
    image_info info;
    if (trailer_magic_good(1)) {
        const char *why = acceptable(1, &info);
        if (why) {
            rejected(1, why);
            erase_trailer(1);
            mflash_erase(SLOT1_OFFSET);
        } else {
            say_slot(1, ": installing ");
            image_print_version(&info);
            say(" into slot 0\n");
            install(&info);
        }
    }
    const char *why = acceptable(0, &info);
    if (why) {
        rejected(0, why);
        say("mcuboot: no bootable image\n");
        semihost_exit(1);
    }
    confirmed(0, &info);
}
#else
static void __attribute__((noreturn)) boot(void)
{
    int excluded[2] = {0, 0};
    for (;;) {
        image_info info[2];
        int best = -1;
        for (unsigned n = 0; n < 2; n++) {
            if (excluded[n] || image_header(SLOT_OFFSET(n), &info[n]) || !trailer_magic_good(n)) continue;
            if (best < 0 || image_version_cmp(&info[n], &info[best]) > 0) best = (int)n;
        }
        if (best < 0) {
            say("mcuboot: no bootable image\n");
            semihost_exit(1);
        }
        unsigned n = (unsigned)best;
        int ok = trailer_byte(n, TRAILER_IMAGE_OK_OFF) == FLAG_SET;
        if (!ok && trailer_byte(n, TRAILER_COPY_DONE_OFF) != FLAG_UNSET) {
            /* Tried once and never confirmed: revert. */
            say_slot(n, ": ");
            image_print_version(&info[n]);
            say(" was not confirmed after its trial boot: reverted\n");
            erase_trailer(n);
            excluded[n] = 1;
            continue;
        }
        const char *why = acceptable(n, &info[n]);
        if (why) {
            rejected(n, why);
            if (!ok) erase_trailer(n);
            excluded[n] = 1;
            continue;
        }
        if (ok) {
            say_slot(n, ": ");
            image_print_version(&info[n]);
            say(" confirmed\n");
            confirmed(n, &info[n]);
        }
        /* Two bytes, the second left erased: dual-flash programs need even lengths. */
        static const uint8_t set[2] = {FLAG_SET, 0xFFu};
        mflash_program(TRAILER(n, TRAILER_COPY_DONE_OFF), set, 2);
        say_slot(n, ": trial boot of ");
        image_print_version(&info[n]);
        say("\n");
        start(n, &info[n]);
    }
}
#endif

int main(void)
{
    /* PRIMASK set throughout: the flash waits sleep in WFI on interrupts that are never taken. */
    __asm__ volatile("cpsid i" ::: "memory");
    clock_init();
    delay_init();
    boot_console_init();
    qspi_init();
    nor_reset();
    nor_enable_quad();
    say("mcuboot: " MODE_NAME " on " BOARD_NAME ", security counter ");
    say_dec(nvcounter_read());
    say("\n");
    boot();
}
