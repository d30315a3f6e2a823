/*
 * Start-up shared by the octal XIP programs (NUCLEO-H7S3L8, STM32H7B3I-DK): the vector table (ARMv7-M ARM DDI 0403E B1.5.3:
 * word 0 initial SP, word 1 reset handler; faults end the run), .data copy and .bss clear, the
 * console on the board's VCP USART (board.h CONSOLE: USART3 on the NUCLEO-H7S3L8, UM3276; USART1
 * on the STM32H7B3I-DK, UM2569) and semihosting SYS_EXIT (ARM "Semihosting for
 * AArch32 and AArch64": operation 0x18 with ADP_Stopped_ApplicationExit 0x20026, BKPT 0xAB).
 */
#include "start.h"
#include "board.h"

extern uint32_t __stack_top, __data_load, __data_start, __data_end, __bss_start, __bss_end;
int main(void);

void fw_exit(int code) {
    (void)code;
    while (!(USART_ISR(CONSOLE) & (1u << 6))) {}  /* TC: the last byte has left the shift register */
    register uint32_t r0 __asm__("r0") = 0x18;
    register uint32_t r1 __asm__("r1") = 0x20026;
    __asm__ volatile("bkpt 0xAB" : : "r"(r0), "r"(r1) : "memory");
    for (;;) {}
}

static void fault(void) {
    puts_uart("fault\n");
    fw_exit(3);
}

void Reset_Handler(void) {
#if defined(__ARM_FP)
    /* Built for the FPU (bench_xip): CP10/CP11 full access before any floating-point instruction
       (ARMv7-M ARM B3.2.20 CPACR at 0xE000ED88), then DSB/ISB. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb 0xf\n\tisb 0xf" ::: "memory");
#endif
    uint32_t *s = &__data_load, *d = &__data_start;
    while (d < &__data_end) *d++ = *s++;
    for (d = &__bss_start; d < &__bss_end; d++) *d = 0;
    fw_exit(main());
}

__attribute__((section(".vectors"), used)) void (*const vectors[16])(void) = {
    (void (*)(void))&__stack_top, Reset_Handler, fault, fault, fault, fault, fault,
};

void uart_init(void) {
    USART_BRR(CONSOLE) = CONSOLE_HZ / 115200u;
    USART_CR1(CONSOLE) = 1u << 3 | 1u;          /* TE, UE */
}

void puts_uart(const char *s) {
    for (; *s; s++) {
        while (!(USART_ISR(CONSOLE) & (1u << 7))) {}  /* TXE */
        USART_TDR(CONSOLE) = (uint8_t)*s;
    }
}

void put_hex(uint32_t v) {
    char b[11] = "0x";
    for (int i = 0; i < 8; i++) b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xF];
    b[10] = 0;
    puts_uart(b);
}
