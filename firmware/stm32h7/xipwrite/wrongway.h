/*
 * The wrong ways of writing the flash one executes from (issue 16, docs/XIP-WRITES.md "What
 * xipkit shows when a step is skipped"): each is one build of the xipwrite application with one
 * define. The reference build defines none of them. Each skips one step of the sequence in
 * xip_flash.c, nothing else:
 *   WRONG_NO_LOCKS        no mutex around the reads and no scheduler lock/PRIMASK around the write;
 *                         the writer sleeps while the dies are busy, so other threads run
 *   WRONG_WRITE_IN_XIP    the write path (locked_operation and its helpers) linked in the window
 *   WRONG_UNMASKED        interrupts left enabled during the write: the QUADSPI status-match
 *                         interrupt is taken, and its handler (the default one) is in the window
 *   WRONG_NO_INVALIDATE   no DCIMVAC over the written range after re-entering memory-mapped mode
 *   WRONG_NO_THUMB_BIT    the ITCM write path called through a pointer with bit 0 clear
 *   WRONG_STR_REENTRY     memory-mapped mode re-entered with DDRM = 0 (STR) while the dies take
 *                         EDh (DTR QUAD I/O FAST READ) with address and data on both edges
 *   WRONG_WIP_ONE_DIE     the WIP poll masks die 1's status byte only (0001h instead of 0101h)
 */
#ifndef WRONGWAY_H
#define WRONGWAY_H
#include "hw.h"

#ifndef WRONG_NO_LOCKS
#define WRONG_NO_LOCKS 0
#endif
#ifndef WRONG_WRITE_IN_XIP
#define WRONG_WRITE_IN_XIP 0
#endif
#ifndef WRONG_UNMASKED
#define WRONG_UNMASKED WRONG_NO_LOCKS   /* sleeping needs the tick: no PRIMASK either */
#endif
#ifndef WRONG_NO_INVALIDATE
#define WRONG_NO_INVALIDATE 0
#endif
#ifndef WRONG_NO_THUMB_BIT
#define WRONG_NO_THUMB_BIT 0
#endif
#ifndef WRONG_STR_REENTRY
#define WRONG_STR_REENTRY 0
#endif
#ifndef WRONG_WIP_ONE_DIE
#define WRONG_WIP_ONE_DIE 0
#endif
#define WRONG_WAY (WRONG_NO_LOCKS || WRONG_WRITE_IN_XIP || WRONG_UNMASKED || WRONG_NO_INVALIDATE \
                   || WRONG_NO_THUMB_BIT || WRONG_STR_REENTRY || WRONG_WIP_ONE_DIE)

/* Where the write path is linked: ITCM, or (wrong) wherever .text goes, the window. */
#if WRONG_WRITE_IN_XIP
#define WRITE_PATH __attribute__((noinline))
#else
#define WRITE_PATH RAMFUNC
#endif

/* How XIP code calls the ITCM write path: a direct call (the linker makes a long-branch veneer
   with the Thumb bit), or (wrong) through an address with bit 0 cleared, as an address computed
   from the section's run address is. */
#if WRONG_NO_THUMB_BIT
typedef uint32_t (*write_path_fn)(int, uint32_t, const uint8_t *, uint32_t);
#define WRITE_PATH_CALL(f) ((write_path_fn)((uintptr_t)(f) & ~1u))
#else
#define WRITE_PATH_CALL(f) f
#endif

/* The readers' lock of the window. */
#if WRONG_NO_LOCKS
#define XIP_READ_LOCK(m) ((void)(m))
#define XIP_READ_UNLOCK(m) ((void)(m))
#else
#define XIP_READ_LOCK(m) rtos_mutex_lock(m)
#define XIP_READ_UNLOCK(m) rtos_mutex_unlock(m)
#endif

/* The WIP bits polled after an erase or program: both dies' status bytes, or (wrong) die 1's. */
#if WRONG_WIP_ONE_DIE
#define WIP_WAITED 0x0001u
#else
#define WIP_WAITED 0x0101u
#endif

/* The CCR that re-enters memory-mapped mode after the write: the boot loader's DTR read, or
   (wrong) the same read with DDRM and DHHC clear. */
#if WRONG_STR_REENTRY
#define MMAP_REENTRY_CCR (MMAP_DTR_CCR & ~(QSPI_CCR_DDRM | QSPI_CCR_DHHC))
#else
#define MMAP_REENTRY_CCR MMAP_DTR_CCR
#endif

#endif
