@ 16-bit Thumb encodings (ARMv7-M ARM A5.2), every operand class.
	.syntax unified
	.thumb
	.text
t16_start:
	@ shift (immediate), add, subtract, move, compare (A5.2.1)
	.irp rd, r0, r3, r7
	movs \rd, r1
	lsls \rd, r2, #1
	lsls \rd, r2, #31
	lsrs \rd, r4, #1
	lsrs \rd, r4, #32
	asrs \rd, r5, #7
	asrs \rd, r5, #32
	adds \rd, r1, r2
	subs \rd, r6, r7
	adds \rd, r1, #0
	adds \rd, r1, #7
	subs \rd, r2, #3
	movs \rd, #0
	movs \rd, #32
	movs \rd, #33
	movs \rd, #255
	cmp \rd, #0
	cmp \rd, #200
	adds \rd, #1
	adds \rd, #128
	subs \rd, #9
	subs \rd, #250
	.endr
	@ data processing (register) (A5.2.2)
	.irp op, ands, eors, lsls, lsrs, asrs, adcs, sbcs, rors, orrs, bics, mvns
	\op r0, r1
	\op r7, r6
	.endr
	tst r2, r3
	negs r4, r5
	rsbs r1, r2, #0
	cmp r6, r7
	cmn r0, r7
	muls r3, r4, r3
	@ special data and branch/exchange (A5.2.3)
	add r0, r8
	add r8, r0
	add r12, lr
	add sp, r3
	add r2, sp
	cmp r0, r9
	cmp r10, r1
	cmp lr, r12
	mov r0, r1
	mov r1, r8
	mov r8, r1
	mov r8, r8
	mov sp, r7
	mov r7, sp
	mov lr, pc
	bx lr
	bx r0
	bx r9
	blx r3
	blx lr
	@ literal loads (A7.7.43)
	ldr r0, t16_lit
	ldr r7, t16_lit
	@ register-offset loads and stores (A5.2.4)
	str r0, [r1, r2]
	strh r3, [r4, r5]
	strb r6, [r7, r0]
	ldrsb r1, [r2, r3]
	ldr r4, [r5, r6]
	ldrh r7, [r0, r1]
	ldrb r2, [r3, r4]
	ldrsh r5, [r6, r7]
	@ immediate-offset loads and stores
	.irp imm, 0, 4, 32, 36, 124
	str r0, [r1, #\imm]
	ldr r2, [r3, #\imm]
	.endr
	.irp imm, 0, 1, 17, 31
	strb r4, [r5, #\imm]
	ldrb r6, [r7, #\imm]
	.endr
	.irp imm, 0, 2, 32, 34, 62
	strh r0, [r7, #\imm]
	ldrh r1, [r6, #\imm]
	.endr
	.irp imm, 0, 4, 32, 36, 1020
	str r2, [sp, #\imm]
	ldr r3, [sp, #\imm]
	add r4, sp, #\imm
	.endr
	adr r0, t16_lit
	adr r5, t16_lit
	@ miscellaneous (A5.2.5)
	add sp, #0
	add sp, #32
	add sp, #36
	add sp, #508
	sub sp, #4
	sub sp, #508
	sxth r0, r1
	sxtb r2, r3
	uxth r4, r5
	uxtb r6, r7
	rev r0, r7
	rev16 r1, r6
	revsh r2, r5
	push {r0}
	push {r0, r7}
	push {r4, r5, r6, r7, lr}
	push {lr}
	push {r0, r1, r2, r3, r4, r5, r6, r7, lr}
	pop {r1}
	pop {r4, pc}
	pop {pc}
	pop {r0, r1, r2, r3, r4, r5, r6, r7, pc}
	cpsie i
	cpsid i
	cpsie f
	cpsid f
	cpsie if
	cpsid if
	bkpt 0
	bkpt 0xab
	bkpt 255
	nop
	yield
	wfe
	wfi
	sev
	@ load/store multiple (A7.7.40, A7.7.156)
	stmia r0!, {r1}
	stmia r1!, {r0, r2, r3}
	stmia r7!, {r0, r1, r2, r3, r4, r5, r6}
	ldmia r0!, {r1, r2}
	ldmia r0, {r0, r1}
	ldmia r3, {r1, r3, r5}
	ldmia r7!, {r0}
	@ exceptions and undefined
	svc 0
	svc 32
	svc 33
	svc 255
	udf 0
	udf 32
	udf 255
	@ branches
t16_back:
	b.n t16_back
	b.n t16_fwd
	beq.n t16_back
	bne.n t16_fwd
	bcs.n t16_back
	bcc.n t16_fwd
	bmi.n t16_back
	bpl.n t16_fwd
	bvs.n t16_back
	bvc.n t16_fwd
	bhi.n t16_back
	bls.n t16_fwd
	bge.n t16_back
	blt.n t16_fwd
	bgt.n t16_back
	ble.n t16_fwd
	cbz r0, t16_fwd
	cbnz r7, t16_fwd
	cbz r3, t16_fwd2
t16_fwd:
	nop
	.rept 60
	nop
	.endr
t16_fwd2:
	nop
	.align 2
t16_lit:
	nop
	nop
	@ far branch targets for 11-bit and 8-bit offsets
t16_far_back:
	.rept 120
	nop
	.endr
	beq.n t16_far_back
	b.n t16_far_back
	b.n t16_start
	nop
