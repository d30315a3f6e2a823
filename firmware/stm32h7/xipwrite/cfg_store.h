/*
 * A power-safe configuration/log store in two erase units of the external flash (2 x 8 KB of the
 * window on the dual-flash MT25TL01G). Each write appends one 64-byte record — magic, sequence
 * number, length, up to CFG_STORE_MAX bytes of payload, CRC-32 — to the active unit; when the unit
 * is full the other one is erased and the record goes to its first slot (ping-pong: both units are
 * erased equally often). The current value is the valid record with the highest sequence number.
 *
 * A power cut at any instant leaves either the previous value or the new one: a torn record fails
 * its CRC and is ignored, and a unit is only erased once the other one holds the newest valid
 * record. Mount reads 256 slots at most. Not thread-safe by itself: one writer thread.
 */
#ifndef CFG_STORE_H
#define CFG_STORE_H
#include <stdint.h>

#define CFG_STORE_MAX 48u                          /* payload bytes per record */

/* Store at window offset {@code base} (8 KB aligned, two 8 KB units). Returns 0 if no valid record
   was found (empty store), 1 if a value was found. */
int cfg_store_mount(uint32_t base);
/* The current value: its length (0 if none); {@code seq} gets its sequence number. */
uint32_t cfg_store_read(void *dst, uint32_t max, uint32_t *seq);
/* Appends a new value; 0 on success, nonzero if the flash reported an error or the read-back differs. */
uint32_t cfg_store_write(const void *src, uint32_t len);
/* Erases done since mount, per unit. */
uint32_t cfg_store_erases(unsigned unit);

#endif
