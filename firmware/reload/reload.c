/*
 * The "flash on debug restart" case of issue 12: three functions, each alone in its own 4 KiB
 * erase block of the W25Q128JV behind the STM32H750's QUADSPI window (reload.ld). GdbReloadTest
 * compiles this file twice at test time, with VARIANT=1 and VARIANT=2, which change scale() only,
 * loads both builds through gdb one after the other and checks that the second load erases and
 * rewrites the block of scale() and nothing else. Not built by make: the test is its build.
 */
#ifndef VARIANT
#error "build with -DVARIANT=1 or -DVARIANT=2"
#endif

__attribute__((section(".text.first"), used, noinline)) int first(int x)
{
    return x + 1;
}

__attribute__((section(".text.scale"), used, noinline)) int scale(int x)
{
#if VARIANT == 1
    return x * 3;
#else
    return x * 5 + 2;
#endif
}

__attribute__((section(".text.last"), used, noinline)) int last(int x)
{
    return x - 7;
}
