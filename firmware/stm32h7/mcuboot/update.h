/*
 * The application side of the reference boot loader (MCUboot's bootutil "boot_set_confirmed" and
 * "boot_set_pending" for an image received over the console). For applications executing in place
 * from the W25Q128JV: every flash operation runs from ITCM with the memory-mapped window away.
 * The application keeps PRIMASK set (update_console_getc sleeps with it, see update.c).
 */
#ifndef MCUBOOT_UPDATE_H
#define MCUBOOT_UPDATE_H
#include <stdint.h>

unsigned update_running_slot(void);           /* the slot this image was linked for        */
unsigned update_other_slot(void);             /* where a new image goes: 1 from slot 0 ...   */
int update_is_confirmed(void);                /* image_ok of the running slot is set         */
void update_confirm(void);                    /* writes image_ok = 1 (if not yet)            */
/* Receives len bytes of a signed image from the console into the other slot (its sectors and
   trailer sector erased first), then writes the trailer magic: the boot loader tries it at the
   next reset. Returns 0, or -1 when the image does not fit the slot. */
int update_receive(uint32_t len);
uint8_t update_console_getc(void);            /* next console byte, sleeping in WFI meanwhile */
void update_console_init(void);               /* console.c's USART1 plus the RX wake-up        */
void update_reset(void) __attribute__((noreturn)); /* SYSRESETREQ                            */

#endif
