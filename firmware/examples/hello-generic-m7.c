/* hello for generic-m7: newlib's printf over semihosting (--specs=rdimon.specs), so the output
 * appears on xipkit's (or QEMU's) standard output and the exit status is main's. */
#include <stdio.h>

int main(void)
{
    printf("hello from generic-m7\n");
    return 0;
}
