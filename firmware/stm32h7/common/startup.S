/*
 * Startup shared by every STM32H7 program: vector table, reset handler, default handler.
 *
 * Vector table: DDI 0403E B1.5.2/B1.5.3 (word 0 initial SP_main, word n handler of exception n),
 * followed by the 150 STM32H7 interrupt lines (RM0433 §19.1.2, Table 145 "NVIC": IRQ 0..149).
 * Aligned to 1 KB because VTOR ignores the low bits below the table size rounded up to a power of
 * two (B3.2.5): 16 + 150 words = 664 bytes -> 1024.
 *
 * Reset: CP10/CP11 full access in CPACR (B3.2.20) before any FP instruction, then copy .ramfunc
 * (ITCM) and .data from their load images, zero .bss, call main, exit with its result.
 */
    .syntax unified
    .cpu cortex-m7
    .fpu fpv5-d16
    .thumb

    .section .vectors, "a", %progbits
    .align 10
    .global __vectors
__vectors:
    .word __stack_top
    .word Reset_Handler
    .word NMI_Handler
    .word HardFault_Handler
    .word MemManage_Handler
    .word BusFault_Handler
    .word UsageFault_Handler
    .word Default_Handler
    .word Default_Handler
    .word Default_Handler
    .word Default_Handler
    .word SVC_Handler
    .word DebugMon_Handler
    .word Default_Handler
    .word PendSV_Handler
    .word SysTick_Handler
    .rept 150
    .word Default_Handler
    .endr

    .macro weak_handler name
    .weak \name
    .thumb_set \name, Default_Handler
    .endm
    weak_handler NMI_Handler
    weak_handler HardFault_Handler
    weak_handler MemManage_Handler
    weak_handler BusFault_Handler
    weak_handler UsageFault_Handler
    weak_handler SVC_Handler
    weak_handler DebugMon_Handler
    weak_handler PendSV_Handler
    weak_handler SysTick_Handler

    .section .text.Reset_Handler, "ax", %progbits
    .align 2
    .global Reset_Handler
    .type Reset_Handler, %function
    .thumb_func
Reset_Handler:
    ldr     r0, =0xE000ED88
    ldr     r1, [r0]
    orr     r1, r1, #(0xF << 20)
    str     r1, [r0]
    dsb
    isb

    ldr     r0, =__ramfunc_load
    ldr     r1, =__ramfunc_start
    ldr     r2, =__ramfunc_end
    bl      copy_words
    ldr     r0, =__data_load
    ldr     r1, =__data_start
    ldr     r2, =__data_end
    bl      copy_words

    ldr     r1, =__bss_start__
    ldr     r2, =__bss_end__
    movs    r3, #0
1:  cmp     r1, r2
    bhs     2f
    str     r3, [r1], #4
    b       1b
2:  dsb
    isb                                 /* the copied ITCM code is visible to instruction fetch */
    bl      main
    bl      semihost_exit               /* never returns */
    b       .
    .size Reset_Handler, . - Reset_Handler

    .type copy_words, %function
    .thumb_func
copy_words:                             /* r0 source, r1 destination, r2 destination end */
    cmp     r1, r2
    bhs     3f
    ldr     r3, [r0], #4
    str     r3, [r1], #4
    b       copy_words
3:  bx      lr
    .size copy_words, . - copy_words
    .pool

    .section .text.Default_Handler, "ax", %progbits
    .align 2
    .global Default_Handler
    .type Default_Handler, %function
    .thumb_func
Default_Handler:
    mrs     r0, ipsr
    b       unexpected_exception
    .size Default_Handler, . - Default_Handler
