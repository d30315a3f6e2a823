/*
 * Bootloader in internal flash (NUCLEO-H7S3L8: XSPI2 + MX25UW25645G at 0x70000000; STM32H7B3I-DK:
 * OCTOSPI1 + MX25LM51245G at 0x90000000; board.h says which): brings up the controller, resets the
 * chip, checks its SFDP signature, switches it to DTR-OPI, maps it and jumps to the application there (VTOR, MSP, reset vector with its Thumb bit). An erased external flash
 * (initial SP 0xFFFFFFFF) or a vector table that does not point into RAM and the window is
 * reported on the console instead of jumped into.
 */
#include "board.h"
#include "mx25uw.h"
#include "start.h"

static int sane(uint32_t sp, uint32_t pc) {
    int sp_ok = RAM_OK(sp);
    int pc_ok = (pc & 1u) && pc >= MX_WINDOW && pc < MX_WINDOW + MX_SIZE;
    return sp_ok && pc_ok;
}

int main(void) {
    uint8_t sfdp[8];
#ifdef BOARD_CLOCKS
    BOARD_CLOCKS();   /* a board that runs its memory at speed sets up clocks and power first */
#endif
    uart_init();
    puts_uart(MX_BANNER);
    mx_init();
    mx_reset();
    if (mx_read_sfdp(sfdp, sizeof sfdp) != 0) {
        puts_uart("bootloader: no SFDP signature from the external flash\n");
        return 1;
    }
    mx_enter_dtr_opi();
    mx_memory_mapped();
    puts_uart("bootloader: octal DTR, memory-mapped at " MX_WINDOW_STR "\n");
    volatile uint32_t *app = (volatile uint32_t *)MX_WINDOW;
    uint32_t sp = app[0], pc = app[1];
    if (sp == 0xFFFFFFFFu && pc == 0xFFFFFFFFu) {
        puts_uart("bootloader: external flash is empty (erased vector table at " MX_WINDOW_STR "): nothing to boot\n");
        return 2;
    }
    if (!sane(sp, pc)) {
        puts_uart("bootloader: no application at " MX_WINDOW_STR ": SP ");
        put_hex(sp);
        puts_uart(" PC ");
        put_hex(pc);
        puts_uart("\n");
        return 2;
    }
    puts_uart("bootloader: jumping to ");
    put_hex(pc);
    puts_uart("\n");
    SCB_VTOR = MX_WINDOW;
    __asm__ volatile("msr msp, %0\n\tdsb\n\tisb\n\tbx %1" : : "r"(sp), "r"(pc) : "memory");
    for (;;) {}
}
