/* memset and memcpy: GCC may emit calls to them even with -ffreestanding (GCC manual, "C Language
   Standards": a freestanding environment must provide memcpy, memmove, memset and memcmp), and this
   tree has no C library. */
#include <stddef.h>

void *memset(void *dst, int c, size_t n)
{
    volatile unsigned char *d = dst;   /* volatile: keeps GCC from turning the loop into memset */
    while (n--) *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    volatile unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) *d++ = *s++;
    return dst;
}
