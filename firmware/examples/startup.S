/*
 * Start-up shared by the "hello" examples (Cortex-M7 and Cortex-M4F; gcc's -mcpu picks which).
 * The core starts by reading the vector table at the boot address (ARMv7-M ARM DDI 0403E,
 * B1.5.3 "The vector table", B1.5.5 "Reset behavior"): word 0 is the initial SP, word 1 the
 * reset handler (Thumb bit set). Every fault goes to a handler that loops on itself, which
 * xipkit reports as "fault handler spins" with the fault registers.
 * The reset handler grants the FPU (CPACR CP10/CP11 full access, B3.2.20) before any C code
 * could touch an FP register, then
 *   - with NEWLIB_CRT0 (generic-m7, --specs=rdimon.specs): jumps to newlib's _start, which sets
 *     up stack and heap through semihosting, calls main and exit();
 *   - otherwise: copies .data from flash, zeroes .bss, calls main and ends the run through
 *     semihosting SYS_EXIT_EXTENDED (0x20) with main's return value (Arm semihosting spec 6.6).
 */
    .syntax unified
    .thumb

    .section .vectors, "a", %progbits
    .align 7
    .global __vectors
__vectors:
    .word __stack_top                   /* 0: initial SP                                */
    .word Reset_Handler                 /* 1: reset                                     */
    .rept 14
    .word Fault_Handler                 /* 2..15: NMI, HardFault, ... SysTick           */
    .endr

    .section .text.Reset_Handler, "ax", %progbits
    .global Reset_Handler
    .type Reset_Handler, %function
    .thumb_func
Reset_Handler:
    ldr r0, =0xE000ED88                 /* CPACR */
    ldr r1, [r0]
    orr r1, r1, #(0xF << 20)
    str r1, [r0]
    dsb
    isb
#ifdef NEWLIB_CRT0
    b _start
#else
    ldr r0, =__data_start               /* copy .data from its load address in flash */
    ldr r1, =__data_end
    ldr r2, =__data_load
1:  cmp r0, r1
    bhs 2f
    ldr r3, [r2], #4
    str r3, [r0], #4
    b 1b
2:  ldr r0, =__bss_start__              /* zero .bss */
    ldr r1, =__bss_end__
    movs r3, #0
3:  cmp r0, r1
    bhs 4f
    str r3, [r0], #4
    b 3b
4:  bl main
    ldr r1, =exit_block                 /* SYS_EXIT_EXTENDED {ADP_Stopped_ApplicationExit, status} */
    str r0, [r1, #4]
    movs r0, #0x20
    bkpt 0xab
5:  b 5b
#endif
    .size Reset_Handler, . - Reset_Handler

    .section .text.Fault_Handler, "ax", %progbits
    .type Fault_Handler, %function
    .thumb_func
Fault_Handler:
    b Fault_Handler
    .size Fault_Handler, . - Fault_Handler

#ifndef NEWLIB_CRT0
    .section .data.exit_block, "aw", %progbits
    .align 2
exit_block:
    .word 0x20026, 0
#endif
