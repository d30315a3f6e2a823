@ 32-bit loads and stores (ARMv7-M ARM A5.3.5-A5.3.10): every addressing mode, width and sign,
@ unprivileged forms, hints, multiple, dual and exclusive.
	.syntax unified
	.thumb
	.text
ls_start:
	.irp op, ldr, ldrb, ldrh, ldrsb, ldrsh
	\op\().w r0, [r1]
	\op\().w r2, [r3, #4]
	\op\().w r4, [r5, #32]
	\op\().w r6, [r7, #33]
	\op\().w r8, [r9, #4095]
	\op r10, [r11, #-1]
	\op r12, [lr, #-255]
	\op r0, [r1, #4]!
	\op r2, [r3, #-8]!
	\op r4, [r5], #1
	\op r6, [r7], #-255
	\op\().w r8, [r9, r10]
	\op\().w r11, [r12, lr, lsl #1]
	\op\().w r0, [r1, r2, lsl #3]
	\op\()t r3, [r4]
	\op\()t r5, [r6, #255]
	\op\().w r1, [sp, #16]
	.endr
	ldr.w pc, [sp], #4
	ldr.w r0, [sp, #-4]!
	.irp op, str, strb, strh
	\op\().w r0, [r1]
	\op\().w r2, [r3, #4]
	\op\().w r4, [r5, #4095]
	\op r6, [r7, #-1]
	\op r8, [r9, #-255]
	\op r10, [r11, #4]!
	\op r12, [lr, #-4]!
	\op r0, [r1], #4
	\op r2, [r3], #-4
	\op\().w r4, [r5, r6]
	\op\().w r7, [r8, r9, lsl #2]
	\op\()t r10, [r11]
	\op\()t r12, [r0, #8]
	.endr
	str.w r0, [sp, #-4]!
	@ PC-relative (literal) forms, both directions
	.irp op, ldr, ldrb, ldrh, ldrsb, ldrsh
	\op\().w r0, ls_lit
	\op\().w r1, ls_start
	.endr
	ldr.w r2, [pc, #0]
	ldr.w r3, [pc, #-0]
	ldr r4, [pc, #4095]
	ldr r5, [pc, #-4095]
	@ preload hints
	pld [r0]
	pld [r1, #4]
	pld [r2, #4095]
	pld [r3, #-4]
	pld [r4, #-255]
	pld [r5, r6]
	pld [r7, r8, lsl #3]
	pld ls_lit
	pld ls_start
	pli [r0]
	pli [r1, #12]
	pli [r2, #-12]
	pli [r3, r4, lsl #1]
	pli ls_lit
	pli ls_start
	@ load/store multiple (A5.3.5)
	ldmia.w r0, {r1, r2}
	ldmia.w r0!, {r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, lr}
	ldm.w r1, {r2, pc}
	ldmdb r3, {r4, r5}
	ldmdb r6!, {r0, r1, lr}
	stmia.w r0, {r1, r2}
	stmia.w r3!, {r4, r5, r6, r7, r8, r9, r10, r11, r12, lr}
	stmdb r0, {r1, r2}
	stmdb r1!, {r2, r3, r4}
	push.w {r4, r5, r6, r7, r8, r9, r10, r11, lr}
	push.w {r0, r8}
	pop.w {r4, r5, r6, r7, r8, r9, r10, r11, pc}
	pop.w {r0, r8}
	pop.w {r4}
	push.w {r5}
	@ load/store dual (A5.3.6)
	ldrd r0, r1, [r2]
	ldrd r2, r3, [r4, #8]
	ldrd r4, r5, [r6, #-8]
	ldrd r6, r7, [r8, #1020]
	ldrd r8, r9, [r10, #-1020]
	ldrd r10, r11, [r12, #16]!
	ldrd r12, lr, [r0, #-16]!
	ldrd r0, r2, [r1], #4
	ldrd r3, r4, [r5], #-36
	ldrd r0, r1, [sp, #40]
	ldrd r2, r3, ls_lit
	ldrd r4, r5, [pc, #-12]
	strd r0, r1, [r2]
	strd r2, r3, [r4, #8]
	strd r4, r5, [r6, #-8]
	strd r6, r7, [r8, #1020]
	strd r8, r9, [r10, #16]!
	strd r10, r11, [r12, #-16]!
	strd r0, r2, [r1], #4
	strd r3, r4, [r5], #-36
	strd r6, r7, [sp, #-8]!
	@ exclusives (A5.3.6)
	ldrex r0, [r1]
	ldrex r2, [r3, #4]
	ldrex r4, [r5, #1020]
	ldrexb r6, [r7]
	ldrexh r8, [r9]
	.inst.w 0xe8d2017f	@ ldrexd (not in ARMv7-M, objdump decodes it)
	strex r0, r1, [r2]
	strex r3, r4, [r5, #8]
	strex r6, r7, [r8, #1020]
	strexb r9, r10, [r11]
	strexh r12, lr, [r0]
	.inst.w 0xe8c42370	@ strexd (not in ARMv7-M)
	clrex
	@ table branches
	tbb [r0, r1]
	tbh [r2, r3, lsl #1]
	tbb [pc, r4]
	tbh [pc, r5, lsl #1]
	.align 2
ls_lit:
	nop
	nop
