/*
 * Boot loader of the self-updating firmware (issue 16 (b)) in the STM32H750's embedded flash: brings
 * up clocks, console, QUADSPI and the W25Q128JV as boot/bootloader.c does, maps the chip at
 * 0x90000000, checks the image in every slot (image.h: header magic and CRC, link address, size,
 * image CRC, vector table) and starts the valid one with the highest version. It says on the console
 * what each slot holds and why a slot is rejected; with no valid image it says so and exits with 1.
 *
 * Hand-over (DDI 0403E B1.5.3 exception entry/return, B3.2.5 VTOR): interrupts masked, SysTick off,
 * every NVIC line disabled and cleared, VTOR = the image's vector table (slot + 0x400, 1 KB
 * aligned), MSP = its word 0, then a branch to its word 1 (a Thumb address: bit 0 set, checked).
 */
#include "hw.h"
#include "qspi.h"
#include "say.h"
#include "image.h"

static void __attribute__((noreturn)) start(uint32_t vectors, uint32_t sp, uint32_t entry)
{
    __asm__ volatile("cpsid i" ::: "memory");
    SYST_CSR = 0;
    for (unsigned i = 0; i < 8; i++) {
        NVIC_ICER(i) = 0xFFFFFFFFu;
        NVIC_ICPR(i) = 0xFFFFFFFFu;
    }
    SCB_VTOR = vectors;
    __asm__ volatile("dsb 0xf\n\tisb 0xf\n\tmsr msp, %0\n\tcpsie i\n\tbx %1"
                     :: "r"(sp), "r"(entry) : "memory");
    __builtin_unreachable();
}

int main(void)
{
    __asm__ volatile("cpsid i" ::: "memory");       /* say() sleeps on the USART interrupt, never taken */
    clock_init();
    delay_init();
    console_init();
    qspi_init();
    nor_reset();
    nor_enable_quad();
    nor_memory_mapped();
    say("boot: " BOARD_MCU " selfupdate, " BOARD_FLASH_NAME " memory-mapped at 0x90000000 (EBh 1-4-4), ");
    say_dec(SLOTS);
    say(" slots of 128 KB\n");

    int best = -1;
    uint32_t valid = 0;
    image_info_t info, chosen = {0};
    for (unsigned slot = 0; slot < SLOTS; slot++) {
        image_status_t s = image_check(slot, &info);
        say("boot: slot ");
        say_dec(slot);
        say(" at ");
        say_hex(WINDOW_BASE + SLOT_OFFSET(slot));
        say(": ");
        if (s == IMAGE_OK || s >= IMAGE_WRONG_SLOT) {   /* the header is intact: say what it claims */
            say("v");
            say_dec(info.header.version);
            say(", ");
            say_dec(info.header.size);
            say(" bytes: ");
        }
        if (s != IMAGE_OK) say("rejected: ");
        say(image_status_text(s));
        if (s == IMAGE_WRONG_SLOT) {
            say(" (vector table at ");
            say_hex(info.header.load);
            say(")");
        } else if (s == IMAGE_BAD_CRC) {
            say(": header says ");
            say_hex(info.header.crc);
            say(", image has ");
            say_hex(info.computed_crc);
        } else if (s == IMAGE_OK) {
            say(", CRC ");
            say_hex(info.header.crc);
        }
        say("\n");
        if (s != IMAGE_OK) continue;
        valid++;
        if (best < 0 || info.header.version > chosen.header.version) {
            best = (int)slot;
            chosen = info;
        }
    }
    if (best < 0) {
        say("boot: no valid image in any of the ");
        say_dec(SLOTS);
        say(" slots: nothing to start (program one with a valid header, see selfupdate/image.h)\n");
        semihost_exit(1);
    }
    say("boot: booting slot ");
    say_dec((uint32_t)best);
    say(" v");
    say_dec(chosen.header.version);
    if (valid > 1) {
        say(" (newest of ");
        say_dec(valid);
        say(" valid images)");
    } else {
        say(" (the only valid image)");
    }
    say(", VTOR ");
    say_hex(chosen.header.load);
    say(", SP ");
    say_hex(chosen.sp);
    say(", reset ");
    say_hex(chosen.entry);
    say("\n");
    console_flush();
    start(chosen.header.load, chosen.sp, chosen.entry);
}
