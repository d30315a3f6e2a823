/* The anti-rollback security counter in the embedded flash (nvcounter.c). */
#ifndef MCUBOOT_NVCOUNTER_H
#define MCUBOOT_NVCOUNTER_H
#include <stdint.h>

uint32_t nvcounter_read(void);          /* 0 on a fresh part */
int nvcounter_raise(uint32_t value);    /* 0 when stored (or already >= value), -1 on a flash error */

#endif
