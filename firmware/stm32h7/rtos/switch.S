/*
 * PendSV: the thread switch (DDI 0403E B1.5.6 exception entry, B1.5.7 lazy FP preservation,
 * B1.5.8 exception return). Exception entry has already pushed r0-r3, r12, lr, pc, xPSR of the
 * thread on its PSP, and, when the thread had an active FP context (CONTROL.FPCA), reserved room
 * for s0-s15/FPSCR with lazy preservation armed (FPCCR.LSPEN): EXC_RETURN bit 4 is then 0. Here
 * the callee-saved r4-r11, EXC_RETURN and (bit 4 = 0 only) s16-s31 are saved; the VSTM is an FP
 * instruction, so it first makes the hardware write the lazily reserved s0-s15. Restoring mirrors
 * it. In ITCM, like the rest of the kernel.
 */
    .syntax unified
    .cpu cortex-m7
    .fpu fpv5-d16
    .thumb

    .section .ramfunc.PendSV_Handler, "ax", %progbits
    .align 2
    .global PendSV_Handler
    .type PendSV_Handler, %function
    .thumb_func
PendSV_Handler:
    cpsid   i
    ldr     r2, =rtos_current
    ldr     r1, [r2]
    cbz     r1, 1f                      /* first switch from main: nothing to save */
    mrs     r0, psp
    tst     lr, #0x10
    it      eq
    vstmdbeq r0!, {s16-s31}
    stmdb   r0!, {r4-r11, lr}
    str     r0, [r1]                    /* rtos_thread_t.sp */
1:  bl      rtos_pick_next              /* r0 = thread to run, rtos_current updated */
    ldr     r0, [r0]
    ldmia   r0!, {r4-r11, lr}
    tst     lr, #0x10
    it      eq
    vldmiaeq r0!, {s16-s31}
    msr     psp, r0
    isb
    cpsie   i
    bx      lr
    .size PendSV_Handler, . - PendSV_Handler
    .pool
