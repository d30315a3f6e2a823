/*
 * Pitfall: a command sent in a protocol the chip is not in.
 *
 * After reset the W25Q128JV is in standard SPI mode: it samples the instruction on IO0 only
 * (W25Q128JV datasheet §8.1 "Standard SPI instructions"; QPI mode only after Enter QPI 38h).
 * Here Read Status Register-1 (05h) goes out with the instruction and the data on four lines, as
 * firmware written for QPI mode (or ST's BSP polling before the chip entered QPI) would send it.
 * The chip does not recognise the instruction and drives nothing: the controller samples the
 * board's undriven lines (pull-ups: 0xFF) and the firmware reads "busy, write enabled" where the
 * chip is idle. Nothing faults; only xipkit's model-warning summary says what happened.
 * Then the same read in the right protocol (one line) shows the true status. Exits 0.
 */
#include "pitfall.h"

static uint8_t read_status(uint32_t lines)
{
    uint8_t sr = 0;
    qspi_read(QSPI_CMD(0x05, lines, QSPI_NONE, 0, QSPI_NONE, 0, lines), 0, &sr, 1);
    return sr;
}

int main(void)
{
    pitfall_setup();
    uint8_t wrong = read_status(QSPI_4);
    console_puts("pitfall: status read on 4 lines while the chip is in SPI mode: ");
    console_hex(wrong, 2);
    console_puts("\n");
    uint8_t right = read_status(QSPI_1);
    console_puts("pitfall: status read on 1 line: ");
    console_hex(right, 2);
    console_puts("\n");
    return 0;
}
