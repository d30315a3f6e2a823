/*
 * An endless erase/program loop on the external NOR flash, for the test that kills xipkit at random
 * instants while firmware changes flash (issue 11, tools/state): round r erases the 4 KB sector
 * (r mod 8) of the area at 1 MB and programs its 16 pages of 256 bytes with a pattern of r and the
 * page, then reports the round on the console. Only standard commands: WREN, 20h sector erase,
 * 02h page program, 05h status polled until WIP clears (nor.c, W25Q128JV datasheet 8.2).
 *
 * It stays on the reset clock (HSI 64 MHz, RM0433 8.5.2): the CPU only polls the chip while it is
 * busy, and a slower core polls with fewer instructions, so the simulation gets through more
 * flash operations per second of host time. The console then runs at 64/120 of 115200 baud.
 */
#include "hw.h"
#include "qspi.h"

#define LOOP_BASE 0x100000u
#define SECTORS   8u
#define SECTOR    4096u
#define PAGE      256u

static uint8_t page[PAGE];

int main(void)
{
    delay_init();
    console_init();
    qspi_init();
    nor_reset();
    nor_enable_quad();
    console_puts("loop: erasing and programming " BOARD_FLASH_NAME " at 0x100000\n");
    for (uint32_t r = 0;; r++) {
        uint32_t sector = LOOP_BASE + (r % SECTORS) * SECTOR;
        nor_erase_4k(sector);
        for (uint32_t p = 0; p < SECTOR / PAGE; p++) {
            for (uint32_t i = 0; i < PAGE; i++) page[i] = (uint8_t)(r * 7u + p * 13u + i);
            nor_program(sector + p * PAGE, page, PAGE);
        }
        console_puts("loop: round ");
        console_dec(r);
        console_puts(" done\n");
    }
}
