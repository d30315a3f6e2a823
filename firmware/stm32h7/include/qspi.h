/* QUADSPI driver (RM0433 §23 "Quad-SPI interface") and the external NOR chip on top of it. */
#ifndef QSPI_H
#define QSPI_H
#include <stdint.h>

/* Line counts of a phase: CCR IMODE/ADMODE/ABMODE/DMODE coding. */
#define QSPI_NONE 0u
#define QSPI_1    1u
#define QSPI_2    2u
#define QSPI_4    3u

/* A command: CCR fields (without FMODE) built with QSPI_CMD(). */
#define QSPI_CMD(op, imode, admode, adsize_bytes, abmode, dummy, dmode)                         \
    (QSPI_CCR_INSTRUCTION(op) | ((uint32_t)(imode) << QSPI_CCR_IMODE_Pos)                       \
     | ((uint32_t)(admode) << QSPI_CCR_ADMODE_Pos) | ((uint32_t)((adsize_bytes) ? (adsize_bytes) - 1 : 0) << QSPI_CCR_ADSIZE_Pos) \
     | ((uint32_t)(abmode) << QSPI_CCR_ABMODE_Pos) | ((uint32_t)(dummy) << QSPI_CCR_DCYC_Pos)  \
     | ((uint32_t)(dmode) << QSPI_CCR_DMODE_Pos))

void qspi_init(void);                                   /* clocks, pins, reset, CR/DCR, enable */
void qspi_command(uint32_t ccr, uint32_t addr);         /* indirect, no data phase             */
void qspi_write(uint32_t ccr, uint32_t addr, const uint8_t *data, uint32_t len);
void qspi_read(uint32_t ccr, uint32_t addr, uint8_t *data, uint32_t len);
void qspi_poll(uint32_t ccr, uint32_t mask, uint32_t match, uint32_t len); /* auto-poll, stop on match */
void qspi_abort(void);                                  /* leaves memory-mapped mode            */
void qspi_memory_mapped(uint32_t ccr, uint32_t alternate);

/* nor.c: the board's NOR chip. */
void nor_reset(void);                      /* out of continuous read / QPI, 66h + 99h           */
void nor_read_id(uint8_t *id);             /* 9Fh: 3 bytes (single) or 6 interleaved (dual)     */
void nor_enable_quad(void);                /* Winbond: QE in SR2; Micron: 4-byte mode + VCR      */
void nor_memory_mapped(void);              /* EBh fast quad I/O read in memory-mapped mode       */
void nor_report(const char *prefix);      /* prints what nor_enable_quad found and did          */
void nor_erase_4k(uint32_t addr);          /* WREN, 20h, poll WIP                                */
void nor_program(uint32_t addr, const uint8_t *data, uint32_t len); /* WREN, 02h, poll WIP (one page) */
void nor_read(uint32_t addr, uint8_t *data, uint32_t len);          /* 03h in indirect mode        */
#define NOR_ID_BYTES (BOARD_QSPI_DUAL ? 6u : 3u)

#endif
