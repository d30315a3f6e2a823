/*
 * The board's external NOR flash, driven through QUADSPI in indirect and automatic-polling mode.
 *
 * Winbond W25Q128JV (datasheet Rev. F): SPI/dual/quad, no QPI. Reset: Enable Reset 66h + Reset 99h
 * (§8.2.43), then tRST = 30 us (§9.6). A part left in Continuous Read Mode by an earlier Fast Read
 * Quad I/O (EBh with mode bits M5-4 = 10, §8.2.10) takes the next transaction's first clocks as an
 * address, so first a transaction of 6 address clocks + 2 mode clocks of all ones on IO0-IO3 ends
 * that mode (M5-4 != 10); a part not in that mode sees instruction FFh, which it ignores.
 * Quad enable: QE = SR2 bit 1 (§7.1.4), written with Write Enable 06h + Write Status Register-2 31h
 * (§8.2.5), BUSY = SR1 bit 0 polled with 05h (§7.1.1).
 *
 * Micron MT25TL01G = two MT25QL512 dies, one per QUADSPI bank, in dual-flash mode (DFM = 1): every
 * command goes to both dies at once, every status/ID byte comes back twice (die 1 in even bytes),
 * and the address in AR is halved (RM0433 §23.3.10 "Dual-flash mode"). The die may be in extended
 * SPI or in quad I/O protocol (35h), so RESET ENABLE 66h + RESET MEMORY 99h are sent on four lines
 * and then on one line (MT25Q datasheet "Command Definitions", "RESET ENABLE and RESET MEMORY";
 * tSHSL3 reset recovery 40 us). There is no QE bit: Quad I/O Fast Read EBh (1-4-4) works after
 * reset, with the dummy clocks of the volatile configuration register (VCR bits 7:4, 10 by default
 * for EBh). 64 MB per die needs 4-byte addresses: WRITE ENABLE + ENTER 4-BYTE ADDRESS MODE B7h,
 * confirmed by flag status register bit 0 (70h).
 */
#include "hw.h"
#include "qspi.h"

#if !BOARD_QSPI_DUAL
#define NOR_ADDR_BYTES 3u
#define STATUS_BYTES   1u
#define BUSY_MASK      0x01u
#define WEL_MASK       0x02u
#else
#define NOR_ADDR_BYTES 4u
#define STATUS_BYTES   2u
#define BUSY_MASK      0x0101u      /* WIP of both dies */
#define WEL_MASK       0x0202u
#define MT25Q_VCR      0xABu        /* dummy 1010 = 10 clocks, XIP off (bit 3 = 1), wrap 11 = continuous */
#endif

#define CMD_SPI(op)      QSPI_CMD(op, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_NONE)
#define CMD_QPI(op)      QSPI_CMD(op, QSPI_4, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_NONE)
#define CMD_SPI_DATA(op) QSPI_CMD(op, QSPI_1, QSPI_NONE, 0, QSPI_NONE, 0, QSPI_1)

static uint8_t quad_status[2];      /* W25Q: SR2 before/after; MT25Q: FSR of die 1 and 2 */
#if BOARD_QSPI_DUAL
static uint8_t quad_config[2];      /* MT25Q: VCR of die 1 and 2                            */
#endif
static int quad_written;

RAMFUNC static void wait_ready(void)
{
    qspi_poll(CMD_SPI_DATA(0x05), BUSY_MASK, 0, STATUS_BYTES);
}

RAMFUNC static void write_enable(void)
{
    qspi_command(CMD_SPI(0x06), 0);
    qspi_poll(CMD_SPI_DATA(0x05), WEL_MASK, WEL_MASK, STATUS_BYTES);
}

void nor_reset(void)
{
#if !BOARD_QSPI_DUAL
    /* No instruction; address 0xFFFFFF and mode byte 0xFF on four lines, no data. */
    QUADSPI_ABR = 0xFFu;
    qspi_command(QSPI_CMD(0, QSPI_NONE, QSPI_4, 3, QSPI_4, 0, QSPI_NONE), 0xFFFFFFu);
    qspi_command(CMD_SPI(0x66), 0);
    qspi_command(CMD_SPI(0x99), 0);
    DELAY_US(30);
#else
    qspi_command(CMD_QPI(0x66), 0);
    qspi_command(CMD_QPI(0x99), 0);
    DELAY_US(40);
    qspi_command(CMD_SPI(0x66), 0);
    qspi_command(CMD_SPI(0x99), 0);
    DELAY_US(40);
#endif
    wait_ready();
}

void nor_read_id(uint8_t *id)
{
    qspi_read(CMD_SPI_DATA(0x9F), 0, id, NOR_ID_BYTES);
}

void nor_enable_quad(void)
{
#if !BOARD_QSPI_DUAL
    uint8_t sr2;
    qspi_read(CMD_SPI_DATA(0x35), 0, &sr2, 1);
    quad_status[0] = sr2;
    if (!(sr2 & 0x02u)) {
        /* Non-volatile write: only when QE is really clear (parts ship with QE = 1). */
        uint8_t v = (uint8_t)(sr2 | 0x02u);
        write_enable();
        qspi_write(CMD_SPI_DATA(0x31), 0, &v, 1);
        wait_ready();
        qspi_read(CMD_SPI_DATA(0x35), 0, &sr2, 1);
        quad_written = 1;
    }
    quad_status[1] = sr2;
#else
    write_enable();
    qspi_command(CMD_SPI(0xB7), 0);
    qspi_read(CMD_SPI_DATA(0x70), 0, quad_status, 2);
    uint8_t vcr[2] = {MT25Q_VCR, MT25Q_VCR};    /* one byte per die */
    write_enable();
    qspi_write(CMD_SPI_DATA(0x81), 0, vcr, 2);
    wait_ready();
    qspi_read(CMD_SPI_DATA(0x85), 0, quad_config, 2);
    quad_written = 1;
#endif
}

void nor_report(const char *prefix)
{
    console_puts(prefix);
#if !BOARD_QSPI_DUAL
    console_puts(" W25Q128JV SR2 ");
    console_hex(quad_status[0], 2);
    if (quad_written) {
        console_puts(", QE set: SR2 ");
        console_hex(quad_status[1], 2);
    } else {
        console_puts(": QE already set");
    }
#else
    console_puts(" MT25TL01G 4-byte addressing, FSR ");
    console_hex_bytes(quad_status, 2);
    console_puts(", VCR ");
    console_hex_bytes(quad_config, 2);
    console_puts(" (");
    console_dec(quad_config[0] >> 4);
    console_puts(" dummy clocks)");
#endif
    console_puts("\n");
}

#if !BOARD_QSPI_DUAL
/* Fast Read Quad I/O: 1-4-4, 24-bit address, mode byte (M7-0 = FFh: no continuous read),
   4 dummy clocks (W25Q128JV §8.2.10, Figure "Fast Read Quad I/O"). */
#define MMAP_CCR (QSPI_CMD(0xEB, QSPI_1, QSPI_4, 3, QSPI_4, 4, QSPI_4) | (0u << QSPI_CCR_ABSIZE_Pos))
#define MMAP_ALT 0xFFu
#else
/* QUAD INPUT/OUTPUT FAST READ: 1-4-4, 4-byte address (after B7h), 10 dummy clocks (VCR). */
#define MMAP_CCR QSPI_CMD(0xEB, QSPI_1, QSPI_4, 4, QSPI_NONE, 10, QSPI_4)
#define MMAP_ALT 0u
#endif

RAMFUNC void nor_memory_mapped(void)
{
    qspi_memory_mapped(MMAP_CCR, MMAP_ALT);
}

RAMFUNC void nor_erase_4k(uint32_t addr)
{
    write_enable();
    qspi_command(QSPI_CMD(0x20, QSPI_1, QSPI_1, NOR_ADDR_BYTES, QSPI_NONE, 0, QSPI_NONE), addr);
    wait_ready();
}

RAMFUNC void nor_program(uint32_t addr, const uint8_t *data, uint32_t len)
{
    write_enable();
    qspi_write(QSPI_CMD(0x02, QSPI_1, QSPI_1, NOR_ADDR_BYTES, QSPI_NONE, 0, QSPI_1), addr, data, len);
    wait_ready();
}

RAMFUNC void nor_read(uint32_t addr, uint8_t *data, uint32_t len)
{
    qspi_read(QSPI_CMD(0x03, QSPI_1, QSPI_1, NOR_ADDR_BYTES, QSPI_NONE, 0, QSPI_1), addr, data, len);
}
