/*
 * Writing the external flash the application executes from and reads assets from (MT25TL01G, two
 * MT25QL512 dies in QUADSPI dual-flash mode, both in quad I/O protocol, memory-mapped with the DTR
 * read EDh 4-4D-4D). See docs/XIP-WRITES.md for the sequence and why each step is there.
 *
 * Offsets are window offsets (0 = 0x90000000). Dual-flash mode halves them on the wires and sends
 * even bytes to die 1, odd bytes to die 2 (RM0399 "QUADSPI dual-flash mode"), so one erase unit is
 * 2 x 4 KB = 8 KB of the window and one program page 2 x 256 = 512 bytes.
 */
#ifndef XIP_FLASH_H
#define XIP_FLASH_H
#include <stdint.h>
#include "rtos.h"

#define XIP_FLASH_ERASE_UNIT 8192u
#define XIP_FLASH_PAGE       512u

/* The mutex every reader of the window holds while it reads (the writer takes it too). */
extern rtos_mutex_t xip_flash_mutex;

/* Boot loader side: dies reset, 4-byte addressing, quad I/O protocol, QPI DTR memory-mapped. */
void xip_flash_setup(void);
/* QUADSPI CCR of the memory-mapped read (for reports). */
uint32_t xip_flash_mmap_ccr(void);

/* Application side. Both take the mutex, lock the scheduler, mask interrupts, leave memory-mapped
   mode, do the operation in indirect mode (waiting for WIP = 0 on both dies), re-enter memory-mapped
   mode and invalidate the D-cache lines of the range. They return 0, or the flag status register
   bytes (die 1 low) when a die reports an erase or program error. */
uint32_t xip_flash_erase(uint32_t offset);                                    /* one 8 KB unit, aligned */
uint32_t xip_flash_program(uint32_t offset, const void *data, uint32_t len);  /* even offset and length, within a 512-byte page */

/* Readers: copy through the window under the mutex. */
void xip_flash_read(uint32_t offset, void *dst, uint32_t len);

/* Fault handlers: back to memory-mapped mode if a fault struck while the window was away (ITCM). */
void xip_flash_restore_window(void);

/* Counters. */
uint32_t xip_flash_operations(void);

#endif
