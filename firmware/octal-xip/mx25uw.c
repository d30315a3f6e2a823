/*
 * Macronix octal flash library (MX25UW25645G on the NUCLEO-H7S3L8's XSPI2, MX25LM51245G on the
 * STM32H7B3I-DK's OCTOSPI1: the same command set) over the controller board.h names. Commands and their OPI forms (16-bit instruction = opcode
 * then its complement, 4-byte address, DTR on every phase, 20 dummy cycles for 8DTRD at the
 * default CR2 300h code, 4 for RDSR): Macronix MX25UW25645G datasheet command tables and
 * "Configuration Register 2". XSPI_CCR fields: RM0477 "XSPI registers" (IMODE 2:0, IDTR 3, ISIZE 5:4,
 * ADMODE 10:8, ADDTR 11, ADSIZE 13:12, DMODE 26:24, DDTR 27, DQSE 29); CR.FMODE 29:28.
 */
#include "mx25uw.h"
#include "board.h"

#define X MX_CTRL
/* Phase modes: 1 = one line, 4 = eight lines. */
#define SPI_I        (1u)
#define SPI_A4       (1u << 8 | 3u << 12)
#define SPI_A3       (1u << 8 | 2u << 12)
#define SPI_D        (1u << 24)
#define OPI_I        (4u | 1u << 3 | 1u << 4)
#define OPI_A4       (4u << 8 | 1u << 11 | 3u << 12)
#define OPI_D        (4u << 24 | 1u << 27)
#define DQSE         (1u << 29)

enum { WRITE = 0, READ = 1, POLL = 2, MAPPED = 3 };

static void write_enable(void);

static void wait_tcf(void) {
    while (!(XSPI_SR(X) & XSPI_SR_TCF)) {}
    XSPI_FCR(X) = XSPI_SR_TCF;
}

static void mode(int m) {
    XSPI_CR(X) = (XSPI_CR(X) & ~XSPI_CR_FMODE(3)) | XSPI_CR_FMODE(m);
}

/* One indirect command; n data bytes from src (write) or into dst (read). */
static void cmd(int m, uint32_t ccr, uint32_t dummy, uint32_t ir, int has_addr, uint32_t addr,
                const uint8_t *src, uint8_t *dst, uint32_t n) {
    while (XSPI_SR(X) & XSPI_SR_BUSY) {}
    XSPI_FCR(X) = 0x1B;
    mode(m);
    if (n) XSPI_DLR(X) = n - 1;
    XSPI_CCR(X) = ccr;
    XSPI_TCR(X) = dummy;
    XSPI_IR(X) = ir;
    if (has_addr) XSPI_AR(X) = addr;
    uint32_t i = 0;
    if (src) {
        /* Word writes move four bytes each (RM0477 XSPI_DR): a quarter of the bus accesses. */
        for (; i + 4 <= n; i += 4) {
            XSPI_DR32(X) = (uint32_t)src[i] | (uint32_t)src[i + 1] << 8 | (uint32_t)src[i + 2] << 16
                    | (uint32_t)src[i + 3] << 24;
        }
        for (; i < n; i++) XSPI_DR8(X) = src[i];
    } else {
        for (; i < n; i++) dst[i] = XSPI_DR8(X);
    }
    wait_tcf();
}

void mx_init(void) {
    XSPI_DCR1(X) = MX_DEVSIZE << 16 | 1u << 8;  /* DEVSIZE: 2^(DEVSIZE+1) bytes; CSHT: 2 cycles */
    XSPI_DCR2(X) = 3;                    /* CLK = kernel clock / 4 */
    XSPI_CR(X) = 3u << 8 | XSPI_CR_EN;   /* FTHRES 4 bytes */
}

void mx_reset_any_mode(void) {
    /* A chip left in DTR-OPI or STR-OPI (by a bootloader, say) takes no SPI command: reset in the
     * octal modes first (RSTEN 6699h, RST 9966h), then in SPI; a mode a chip is not in ignores it. */
    while (XSPI_SR(X) & XSPI_SR_BUSY) {}
    XSPI_CR(X) |= XSPI_CR_ABORT;
    while (XSPI_CR(X) & XSPI_CR_ABORT) {}
    cmd(WRITE, OPI_I, 0, 0x6699, 0, 0, 0, 0, 0);
    cmd(WRITE, OPI_I, 0, 0x9966, 0, 0, 0, 0, 0);
    cmd(WRITE, OPI_I & ~(1u << 3), 0, 0x6699, 0, 0, 0, 0, 0);
    cmd(WRITE, OPI_I & ~(1u << 3), 0, 0x9966, 0, 0, 0, 0, 0);
    mx_reset();
}

void mx_erase_chip(void) {
    write_enable();
    cmd(WRITE, OPI_I, 0, 0x609F, 0, 0, 0, 0, 0);
    mx_wait_ready();
}

void mx_reset(void) {
    cmd(WRITE, SPI_I, 0, 0x66, 0, 0, 0, 0, 0);
    cmd(WRITE, SPI_I, 0, 0x99, 0, 0, 0, 0, 0);
    /* tREADY2 after a reset (datasheet AC characteristics; 40 us in our catalog entry): at up to
     * 600 MHz, 40 us is under 24000 cycles, and this loop takes more than two cycles a turn. */
    for (volatile uint32_t i = 0; i < 20000; i++) {}
}

int mx_read_sfdp(uint8_t *dst, uint32_t n) {
    cmd(READ, SPI_I | SPI_A3 | SPI_D, 8, 0x5A, 1, 0, 0, dst, n);
    return n >= 4 && dst[0] == 'S' && dst[1] == 'F' && dst[2] == 'D' && dst[3] == 'P' ? 0 : -1;
}

void mx_enter_dtr_opi(void) {
    static const uint8_t dc20 = 0x00, dopi = 0x02;
    cmd(WRITE, SPI_I, 0, 0x06, 0, 0, 0, 0, 0);
    cmd(WRITE, SPI_I | SPI_A4 | SPI_D, 0, 0x72, 1, 0x300, &dc20, 0, 1);
    cmd(WRITE, SPI_I, 0, 0x06, 0, 0, 0, 0, 0);
    cmd(WRITE, SPI_I | SPI_A4 | SPI_D, 0, 0x72, 1, 0x000, &dopi, 0, 1);
}

void mx_wait_ready(void) {
    while (XSPI_SR(X) & XSPI_SR_BUSY) {}
    XSPI_FCR(X) = 0x1B;
    XSPI_CR(X) |= XSPI_CR_APMS;
    mode(POLL);
    XSPI_PSMKR(X) = 0x01;
    XSPI_PSMAR(X) = 0x00;
    XSPI_PIR(X) = 0x10;
    XSPI_DLR(X) = 1;  /* DTR: the part sends SR twice */
    XSPI_CCR(X) = OPI_I | OPI_A4 | OPI_D | DQSE;
    XSPI_TCR(X) = 4;
    XSPI_IR(X) = 0x05FA;
    XSPI_AR(X) = 0;
    while (!(XSPI_SR(X) & XSPI_SR_SMF)) {}
    XSPI_FCR(X) = XSPI_SR_SMF;
    XSPI_CR(X) &= ~XSPI_CR_APMS;
}

static void write_enable(void) {
    cmd(WRITE, OPI_I, 0, 0x06F9, 0, 0, 0, 0, 0);
}

void mx_erase4k(uint32_t addr) {
    write_enable();
    cmd(WRITE, OPI_I | OPI_A4, 0, 0x21DE, 1, addr, 0, 0, 0);
    mx_wait_ready();
}

void mx_program(uint32_t addr, const uint8_t *src, uint32_t n) {
    write_enable();
    cmd(WRITE, OPI_I | OPI_A4 | OPI_D, 0, 0x12ED, 1, addr, src, 0, n);
    mx_wait_ready();
}

void mx_read(uint32_t addr, uint8_t *dst, uint32_t n) {
    cmd(READ, OPI_I | OPI_A4 | OPI_D | DQSE, 20, 0xEE11, 1, addr, 0, dst, n);
}

void mx_memory_mapped(void) {
    while (XSPI_SR(X) & XSPI_SR_BUSY) {}
    XSPI_CCR(X) = OPI_I | OPI_A4 | OPI_D | DQSE;
    XSPI_TCR(X) = 20;
    XSPI_IR(X) = 0xEE11;
    mode(MAPPED);
}
