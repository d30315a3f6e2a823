/* Flash library for Macronix octal NOR (MX25UW25645G, MX25LM51245G) on XSPI/OCTOSPI (SPI and 8D-8D-8D DTR-OPI). */
#ifndef MX25UW_H
#define MX25UW_H
#include <stdint.h>

void mx_init(void);                          /* MX_CTRL: 2^(MX_DEVSIZE+1) bytes, CLK = kernel / 4 */
void mx_reset(void);                         /* RSTEN + RST in SPI */
void mx_reset_any_mode(void);                /* abort, RSTEN + RST in 8D, 8S, then SPI */
void mx_erase_chip(void);                    /* 8D CE 609Fh, waits for WIP = 0 */
int mx_read_sfdp(uint8_t *dst, uint32_t n);  /* SPI 5Ah; 0 when the "SFDP" signature is there */
void mx_enter_dtr_opi(void);                 /* CR2 300h = 20 dummy cycles, CR2 0 = DTR OPI */
void mx_wait_ready(void);                    /* 8D RDSR automatic polling until WIP = 0 */
void mx_erase4k(uint32_t addr);
void mx_program(uint32_t addr, const uint8_t *src, uint32_t n);  /* within one 256-byte page */
void mx_read(uint32_t addr, uint8_t *dst, uint32_t n);
void mx_memory_mapped(void);                 /* 8DTRD EE11h at MX_WINDOW */
#endif
