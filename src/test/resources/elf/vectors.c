/* Minimal Cortex-M vector table (ARMv7-M ARM DDI 0403E B1.5.3): initial SP, reset = newlib's _start. */
extern void _start(void);
__attribute__((section(".vectors"), used))
static const void *const vectors[2] = { (const void *)0x20400000, (const void *)_start };
