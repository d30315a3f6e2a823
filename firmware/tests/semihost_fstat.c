/*
 * newlib's fstat() and isatty() on the console streams, answered by the
 * semihosting host: fstat asks SYS_FLEN (0x0C) for the handle's length and
 * fails when the host answers -1; isatty asks SYS_ISTTY (0x09). Arm
 * "Semihosting for AArch32 and AArch64" 6.5 SYS_FLEN, 6.9 SYS_ISTTY. Under the
 * test harness standard output is redirected (a pipe, not a terminal), so the
 * host says "not a terminal". Expected exit status 0.
 */
#include "xtest.h"
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *name, int fd)
{
    struct stat st;
    memset(&st, 0, sizeof st);
    int r = fstat(fd, &st);
    printf("%s: fstat=%d size=%ld chr=%d isatty=%d\n", name, r, r == 0 ? (long)st.st_size : -1L,
           r == 0 ? (S_ISCHR(st.st_mode) ? 1 : 0) : -1, isatty(fd));
    fflush(stdout);
}

int main(void)
{
    printf("semihost_fstat: console streams\n");
    fflush(stdout);
    report("stdout", 1);
    report("stderr", 2);
    report("stdin", 0);
    xt_finish("semihost_fstat", 0);
    return 0;
}
