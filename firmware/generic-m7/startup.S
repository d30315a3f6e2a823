/*
 * Startup code for the xipkit board "generic-m7" (= QEMU mps2-an500 memory map).
 *
 * Vector table layout: ARMv7-M Architecture Reference Manual (DDI 0403E),
 * B1.5.2 "Exception number definition" and B1.5.3 "The vector table":
 * word 0 = initial SP_main, word n = handler for exception number n.
 *
 * Every handler is a weak alias of Default_Handler, so a test program
 * defines only the handlers it needs. Default_Handler is not an endless
 * loop: it reports the fault status registers through semihosting and
 * exits with status 100 + exception number (see fault_report.c), so a
 * program that faults unexpectedly ends with a comparable output instead
 * of hanging until a timeout.
 *
 * Written in assembly so that nothing here touches an FP register before
 * CPACR grants access (ARMv7-M ARM B3.2.20, CPACR: CP10/CP11 at bits 23:20).
 */
    .syntax unified
    .cpu cortex-m7
    .fpu fpv5-d16
    .thumb

    .section .vectors, "a", %progbits
    .align 7                            /* VTOR needs >= 128-byte alignment (B3.2.5) */
    .global __vectors
__vectors:
    .word __stack_top                   /*  0: initial SP_main               */
    .word Reset_Handler                 /*  1: Reset                         */
    .word NMI_Handler                   /*  2: NMI                           */
    .word HardFault_Handler             /*  3: HardFault                     */
    .word MemManage_Handler             /*  4: MemManage                     */
    .word BusFault_Handler              /*  5: BusFault                      */
    .word UsageFault_Handler            /*  6: UsageFault                    */
    .word Default_Handler               /*  7: reserved                      */
    .word Default_Handler               /*  8: reserved                      */
    .word Default_Handler               /*  9: reserved                      */
    .word Default_Handler               /* 10: reserved                      */
    .word SVC_Handler                   /* 11: SVCall                        */
    .word DebugMon_Handler              /* 12: DebugMonitor                  */
    .word Default_Handler               /* 13: reserved                      */
    .word PendSV_Handler                /* 14: PendSV                        */
    .word SysTick_Handler               /* 15: SysTick                       */
    /* 16..47: external interrupts 0..31 (none is enabled by the corpus). */
    .rept 32
    .word IRQ_Handler
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
    weak_handler IRQ_Handler

    .section .text.Reset_Handler, "ax", %progbits
    .align 2
    .global Reset_Handler
    .type Reset_Handler, %function
    .thumb_func
Reset_Handler:
    /* CPACR (0xE000ED88): CP10 and CP11 = 0b11, full access, before any FP use. */
    ldr     r0, =0xE000ED88
    ldr     r1, [r0]
    orr     r1, r1, #(0xF << 20)
    str     r1, [r0]
    dsb
    isb

    /* Copy .data from its load image in CODE to RAM (both 8-byte aligned, size multiple of 8). */
    ldr     r0, =__data_load
    ldr     r1, =__data_start
    ldr     r2, =__data_end
1:  cmp     r1, r2
    bhs     2f
    ldr     r3, [r0], #4
    str     r3, [r1], #4
    b       1b

    /* Zero .bss. */
2:  ldr     r1, =__bss_start__
    ldr     r2, =__bss_end__
    movs    r3, #0
3:  cmp     r1, r2
    bhs     4f
    str     r3, [r1], #4
    b       3b

4:  bl      xip_c_start                 /* never returns: ends in exit() */
    b       .
    .size Reset_Handler, . - Reset_Handler
    .pool

    /*
     * Default_Handler: hand the exception number (IPSR) and the stack that
     * holds the exception frame to the C reporter. EXC_RETURN bit 2 tells
     * whether the frame is on MSP or PSP (ARMv7-M ARM B1.5.8).
     */
    .section .text.Default_Handler, "ax", %progbits
    .align 2
    .global Default_Handler
    .type Default_Handler, %function
    .thumb_func
Default_Handler:
    tst     lr, #4
    ite     eq
    mrseq   r1, msp
    mrsne   r1, psp
    mrs     r0, ipsr
    mov     r2, lr
    b       xip_unexpected_exception
    .size Default_Handler, . - Default_Handler
