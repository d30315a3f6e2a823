/*
 * Start-up for the nucleo-l476rg dual-bank update firmware (Cortex-M4F).
 * Vector table: ARMv7-M ARM (DDI 0403E) B1.5.3; word 0 = initial SP, word 1 = reset handler.
 * The STM32L476 has 82 external interrupts (RM0351 11.3, table "STM32L4x6 vector table"); all
 * go to Default_Handler. The reset handler enables the FPU (CPACR CP10/CP11, B3.2.20) before any
 * C code can touch an FP register, then calls start_c (crt.c).
 */
    .syntax unified
    .cpu cortex-m4
    .fpu fpv4-sp-d16
    .thumb

    .section .vectors, "a", %progbits
    .align 9                               /* 98 entries: VTOR alignment 512 (B3.2.5) */
    .global __vectors
__vectors:
    .word __stack_top
    .word Reset_Handler
    .word Fault_Handler                    /* NMI */
    .word Fault_Handler                    /* HardFault */
    .word Fault_Handler                    /* MemManage */
    .word Fault_Handler                    /* BusFault */
    .word Fault_Handler                    /* UsageFault */
    .rept 9
    .word Default_Handler                  /* reserved, SVC, DebugMon, reserved, PendSV, SysTick */
    .endr
    .rept 82
    .word Default_Handler
    .endr
    .global __vectors_end
__vectors_end:

    .section .text.Reset_Handler, "ax", %progbits
    .global Reset_Handler
    .type Reset_Handler, %function
    .thumb_func
Reset_Handler:
    ldr r0, =0xE000ED88
    ldr r1, [r0]
    orr r1, r1, #(0xF << 20)
    str r1, [r0]
    dsb
    isb
    bl start_c
1:  b 1b
    .size Reset_Handler, . - Reset_Handler

    .section .text.Default_Handler, "ax", %progbits
    .weak Default_Handler
    .type Default_Handler, %function
    .thumb_func
Default_Handler:
    b Fault_Handler
    .size Default_Handler, . - Default_Handler
