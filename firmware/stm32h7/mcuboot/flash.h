/* Erase and program of the W25Q128JV for the boot loader and the application library (flash.c). */
#ifndef MCUBOOT_FLASH_H
#define MCUBOOT_FLASH_H
#include <stdint.h>

/* Indirect mode only (the caller leaves and re-enters memory-mapped mode); PRIMASK must be set. */
void mflash_erase(uint32_t offset);                                   /* 4 KB sector, aligned */
void mflash_program(uint32_t offset, const uint8_t *data, uint32_t len); /* within one 256-byte page */

#endif
