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
 *   BOOT_MODE_SWAP        (MCUBOOT_SWAP_USING_SCRATCH) images run from slot 0; a valid image in
 *                         slot 1 with the trailer magic trades places with slot 0, erase unit by
 *                         erase unit through the scratch area, and is booted once on trial
 *                         (copy_done); found again unconfirmed (image_ok), the two slots trade
 *                         places back (revert) and the old image runs, confirmed for good. Every
 *                         step is recorded in slot 0's trailer, so a power cut anywhere resumes.
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
#elif defined(BOOT_MODE_SWAP)
#define MODE_NAME "swap"
#else
#error "define BOOT_MODE_OVERWRITE, BOOT_MODE_DIRECT_XIP or BOOT_MODE_SWAP"
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
#elif defined(BOOT_MODE_SWAP)
/*
 * Swap with a scratch area (MCUboot docs/design.md "Image swapping", our own code and trailer
 * use). The image must end before the slot's last erase unit: the trailer sectors never move, so
 * slot 0's trailer can hold the swap's status throughout. Sector i of the n swapped trades places
 * in three steps, each one copying a whole erase unit whose source the earlier steps left intact:
 *   3i+0  scratch  <- slot 1 [i]
 *   3i+1  slot 1[i] <- slot 0 [i]
 *   3i+2  slot 0[i] <- scratch
 * and a status entry is written in slot 0's trailer when a step is done. After a power cut the
 * first step without its entry runs again from the start (it is idempotent: its source is intact).
 *
 * Slot 0's trailer (offsets from the slot's end, BOOT_MAX_ALIGN 8):
 *   16 magic, 24 image_ok, 32 copy_done, 40 swap_info (0x02: image 0, BOOT_SWAP_TYPE_TEST),
 *   48 swap_size (bytes swapped, u32), then the status entries of the test swap at
 *   48 + 8 (1 + k), those of the revert at 48 + 8 (1 + MAX_STEPS + k), k = 0 .. 3n-1.
 * States, read at each boot in this order:
 *   magic, swap_info, copy_done unset      a test swap was started: resume it, then boot on trial
 *   magic, swap_info, copy_done, no image_ok  the trial was not confirmed: revert (resumable), then
 *                                          image_ok is written (the old image is permanent)
 *   slot 1 trailer magic                   a new image: validate it, erase slot 0's trailer, write
 *                                          swap_size and swap_info, then the magic, and swap
 *   otherwise                              boot slot 0 (it must verify); counter raised
 * A test swap ends by erasing slot 1's trailer (no longer pending) and writing copy_done.
 * Any status or flag byte other than 0xff counts as written: it is written once its step is done,
 * so a torn entry still means the step completed. image_ok counts only as 0x01.
 */
#define SWAP_SECTORS (SLOT_SIZE / SECTOR_SIZE - 1u)  /* all but the trailer's erase unit */
#define MAX_STEPS    (3u * SWAP_SECTORS)
#define TEST_STATUS   0u
#define REVERT_STATUS 1u

static uint8_t page[PAGE_SIZE];

static int written(uint32_t offset)
{
    uint8_t b[2];                               /* even length: dual-flash mode reads byte pairs */
    nor_read(offset, b, 2);
    return b[0] != FLAG_UNSET;
}

static void write_flag(uint32_t offset)
{
    /* Two bytes, the second left erased: dual-flash programs need even lengths. */
    static const uint8_t set[2] = {FLAG_SET, 0xFFu};
    mflash_program(offset, set, 2);
}

static uint32_t status_entry(unsigned region, unsigned step)
{
    return TRAILER(0, TRAILER_SWAP_SIZE_OFF + 8u * (1u + region * MAX_STEPS + step));
}

/* One erase unit from src to dst; pages still erased at the source are not programmed. */
static void copy_sector(uint32_t dst, uint32_t src)
{
    mflash_erase(dst);
    for (uint32_t at = 0; at < SECTOR_SIZE; at += PAGE_SIZE) {
        nor_read(src + at, page, PAGE_SIZE);
        uint8_t all = 0xFFu;
        for (uint32_t i = 0; i < PAGE_SIZE; i++) all &= page[i];
        if (all != 0xFFu) mflash_program(dst + at, page, PAGE_SIZE);
    }
}

/* Runs the steps of a swap of n sectors not yet recorded in the status region. */
static void swap_sectors(unsigned region, uint32_t n)
{
    unsigned first = 0;
    while (first < 3u * n && written(status_entry(region, first))) first++;
    if (first > 0 && first < 3u * n) {
        say("mcuboot: resuming at step ");
        say_dec(first);
        say(" of ");
        say_dec(3u * n);
        say("\n");
    }
    for (unsigned k = first; k < 3u * n; k++) {
        uint32_t i = (k / 3u) * SECTOR_SIZE;
        switch (k % 3u) {
        case 0: copy_sector(SCRATCH_OFFSET, SLOT1_OFFSET + i); break;
        case 1: copy_sector(SLOT1_OFFSET + i, SLOT0_OFFSET + i); break;
        default: copy_sector(SLOT0_OFFSET + i, SCRATCH_OFFSET); break;
        }
        write_flag(status_entry(region, k));
    }
}

static int swap_recorded(void)
{
    return trailer_magic_good(0) && trailer_byte(0, TRAILER_SWAP_INFO_OFF) == SWAP_TYPE_TEST;
}

/* The sectors of the recorded swap (a whole slot if the field makes no sense). */
static uint32_t swap_count(void)
{
    uint8_t b[4];
    nor_read(TRAILER(0, TRAILER_SWAP_SIZE_OFF), b, 4);
    uint32_t bytes = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    uint32_t n = bytes / SECTOR_SIZE;
    return n >= 1u && n <= SWAP_SECTORS ? n : SWAP_SECTORS;
}

/* Slot 0's trailer set for a test swap of n sectors: the magic last, so a cut before it leaves no swap recorded. */
static void start_test_swap(uint32_t n)
{
    erase_trailer(0);
    uint8_t f[16];
    for (unsigned i = 0; i < 16; i++) f[i] = 0xFFu;
    uint32_t bytes = n * SECTOR_SIZE;
    for (unsigned i = 0; i < 4; i++) f[i] = (uint8_t)(bytes >> (8 * i));       /* swap_size at 48 */
    f[TRAILER_SWAP_SIZE_OFF - TRAILER_SWAP_INFO_OFF] = SWAP_TYPE_TEST;          /* swap_info at 40 */
    mflash_program(TRAILER(0, TRAILER_SWAP_SIZE_OFF), f, 16);
    mflash_program(TRAILER(0, TRAILER_MAGIC_OFF), boot_trailer_magic, 16);
}

static void finish_test_swap(uint32_t n)
{
    swap_sectors(TEST_STATUS, n);
    erase_trailer(1);
    write_flag(TRAILER(0, TRAILER_COPY_DONE_OFF));
}

static void revert(void)
{
    swap_sectors(REVERT_STATUS, swap_count());
    write_flag(TRAILER(0, TRAILER_IMAGE_OK_OFF));
}

static uint32_t sectors_of(uint32_t bytes)
{
    return (bytes + SECTOR_SIZE - 1u) / SECTOR_SIZE;
}

static void __attribute__((noreturn)) boot(void)
{
    image_info info;
    int trial = 0;
    if (swap_recorded() && !written(TRAILER(0, TRAILER_COPY_DONE_OFF))) {
        say("mcuboot: an interrupted swap is in slot 0's trailer: completing it\n");
        finish_test_swap(swap_count());
        trial = 1;
    } else if (swap_recorded() && trailer_byte(0, TRAILER_IMAGE_OK_OFF) != FLAG_SET) {
        say("mcuboot: slot 0: not confirmed after its trial boot: reverting\n");
        revert();
    } else if (trailer_magic_good(1)) {
        const char *why = acceptable(1, &info);
        if (!why && info.total > SWAP_SECTORS * SECTOR_SIZE) why = "image reaches the trailer's erase unit";
        if (why) {
            rejected(1, why);
            erase_trailer(1);
        } else {
            image_info old;
            uint32_t n = sectors_of(info.total);
            if (image_header(SLOT0_OFFSET, &old) != 0) n = SWAP_SECTORS;
            else if (sectors_of(old.total) > n) n = sectors_of(old.total);
            say_slot(1, ": swapping ");
            image_print_version(&info);
            say(" into slot 0 for a trial boot\n");
            start_test_swap(n);
            finish_test_swap(n);
            trial = 1;
        }
    }
    const char *why = acceptable(0, &info);
    if (why && trial) {
        /* What was swapped in does not verify now: put the old image back at once. */
        rejected(0, why);
        revert();
        trial = 0;
        why = acceptable(0, &info);
    }
    if (why) {
        rejected(0, why);
        say("mcuboot: no bootable image\n");
        semihost_exit(1);
    }
    if (trial) {
        say_slot(0, ": trial boot of ");
        image_print_version(&info);
        say("\n");
        start(0, &info);
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
