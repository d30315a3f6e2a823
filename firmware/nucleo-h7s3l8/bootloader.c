/*
 * NUCLEO-H7S3L8 bootloader in the 64 KB internal flash: brings up XSPI2, resets the MX25UW25645G,
 * checks its SFDP signature, switches it to DTR-OPI, maps it at 0x70000000 and jumps to the
 * application there (VTOR, MSP, reset vector with its Thumb bit). An erased external flash
 * (initial SP 0xFFFFFFFF) or a vector table that does not point into RAM and the window is
 * reported on the console instead of jumped into.
 */
#include "h7s3.h"
#include "mx25uw.h"
#include "start.h"

static int sane(uint32_t sp, uint32_t pc) {
    int sp_ok = (sp >= 0x20000000u && sp <= 0x20010000u) || (sp >= 0x24000000u && sp <= 0x24072000u);
    int pc_ok = (pc & 1u) && pc >= XSPI2_WINDOW && pc < XSPI2_WINDOW + (32u << 20);
    return sp_ok && pc_ok;
}

int main(void) {
    uint8_t sfdp[8];
    uart_init();
    puts_uart("bootloader: XSPI2 + MX25UW25645G\n");
    mx_init();
    mx_reset();
    if (mx_read_sfdp(sfdp, sizeof sfdp) != 0) {
        puts_uart("bootloader: no SFDP signature from the external flash\n");
        return 1;
    }
    mx_enter_dtr_opi();
    mx_memory_mapped();
    puts_uart("bootloader: octal DTR, memory-mapped at 0x70000000\n");
    volatile uint32_t *app = (volatile uint32_t *)XSPI2_WINDOW;
    uint32_t sp = app[0], pc = app[1];
    if (sp == 0xFFFFFFFFu && pc == 0xFFFFFFFFu) {
        puts_uart("bootloader: external flash is empty (erased vector table at 0x70000000): nothing to boot\n");
        return 2;
    }
    if (!sane(sp, pc)) {
        puts_uart("bootloader: no application at 0x70000000: SP ");
        put_hex(sp);
        puts_uart(" PC ");
        put_hex(pc);
        puts_uart("\n");
        return 2;
    }
    puts_uart("bootloader: jumping to ");
    put_hex(pc);
    puts_uart("\n");
    SCB_VTOR = XSPI2_WINDOW;
    __asm__ volatile("msr msp, %0\n\tdsb\n\tisb\n\tbx %1" : : "r"(sp), "r"(pc) : "memory");
    for (;;) {}
}
