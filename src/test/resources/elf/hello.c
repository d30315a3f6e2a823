/* Prints "hello" through semihosting (newlib rdimon) and exits with status 7. */
#include <stdio.h>
#include <stdlib.h>
int main(void) { puts("hello"); exit(7); }
