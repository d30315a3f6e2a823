@ 32-bit data processing (ARMv7-M ARM A5.3.1, A5.3.3, A5.3.11): every modified-immediate form,
@ every shift type, plain binary immediates, bit-field and saturate.
	.syntax unified
	.thumb
	.text
dp_start:
	@ modified immediate: the four replicated patterns and every rotation of a byte (A5.3.2)
	.irp imm, 0, 1, 32, 33, 255, 0x00ab00ab, 0xab00ab00, 0xabababab, 0x00010001, 0xffffffff, 0x80000000
	and r0, r1, #\imm
	.endr
	.set i, 0
	.rept 25
	orr r2, r3, #(0xa5 << i)
	.set i, i + 1
	.endr
	.set i, 0
	.rept 25
	mov.w r4, #(0x80 << i)
	.set i, i + 1
	.endr
	@ every data-processing opcode with an immediate, with and without S
	.irp op, and, bic, orr, orn, eor, add, adc, sbc, sub, rsb
	\op r0, r1, #0x3fc
	\op\()s r8, r9, #0xff000000
	\op r12, lr, #5
	.endr
	add.w r0, sp, #8
	sub.w sp, sp, #256
	adds.w r0, r1, #1
	subs.w r7, r7, #1
	tst.w r0, #1
	tst r10, #0xf0000000
	teq r1, #0x10000
	cmn.w r2, #1
	cmn r9, #0x800
	cmp.w r3, #4096
	cmp r11, #0xffffffff
	mov.w r5, #0
	movs.w r5, #1
	mvn r6, #0
	mvns r6, #0xff00
	@ shifted register forms, all shift types and amounts
	.irp op, and, bic, orr, orn, eor, add, adc, sbc, sub, rsb
	\op r0, r1, r2
	\op\()s r3, r4, r5, lsl #1
	\op r6, r7, r8, lsr #32
	\op r9, r10, r11, asr #3
	\op r12, r14, r1, ror #31
	\op\()s.w r0, r0, r1, rrx
	.endr
	add.w r0, sp, r1
	add.w sp, sp, r2, lsl #2
	sub.w r1, sp, r3
	and.w r0, r1
	tst.w r0, r1
	tst r8, r9, lsl #4
	teq r1, r2
	teq r3, r4, asr #5
	cmn.w r5, r6
	cmn r7, r8, lsr #1
	cmp.w r9, r10
	cmp r11, r12, ror #2
	mov.w r0, r1
	movs.w r2, r3
	mov.w r4, r5, lsl #2
	movs r6, r7, lsr #3
	mov r8, r9, asr #31
	movs r10, r11, ror #7
	mov.w r12, lr, rrx
	movs.w r0, r1, rrx
	lsl.w r0, r1, #1
	lsls.w r2, r3, #31
	lsr.w r4, r5, #32
	asr.w r6, r7, #1
	ror.w r8, r9, #16
	rrx r10, r11
	rrxs r12, r0
	mvn.w r1, r2
	mvns r3, r4, lsl #8
	mvn r5, r6, ror #24
	pkhbt r0, r1, r2
	pkhbt r3, r4, r5, lsl #16
	pkhtb r6, r7, r8, asr #16
	pkhtb r9, r10, r11, asr #32
	@ plain binary immediates (A5.3.3)
	addw r0, r1, #0
	addw r2, r3, #4095
	addw r4, sp, #32
	addw r5, pc, #12
	subw r6, r7, #1
	subw r8, sp, #0x800
	subw r9, pc, #100
	movw r0, #0
	movw r1, #0xffff
	movw r2, #0x1234
	movt r3, #0
	movt r4, #0xffff
	movt r5, #0x8000
	adr.w r0, dp_start
	adr.w r1, dp_end
	ssat r0, #1, r1
	ssat r2, #32, r3
	ssat r4, #16, r5, lsl #4
	ssat r6, #8, r7, asr #1
	ssat r8, #12, r9, asr #31
	usat r0, #0, r1
	usat r2, #31, r3
	usat r4, #16, r5, lsl #31
	usat r6, #8, r7, asr #2
	ssat16 r0, #1, r1
	ssat16 r2, #16, r3
	usat16 r4, #0, r5
	usat16 r6, #15, r7
	sbfx r0, r1, #0, #1
	sbfx r2, r3, #31, #1
	sbfx r4, r5, #8, #24
	ubfx r6, r7, #0, #32
	ubfx r8, r9, #4, #4
	bfi r0, r1, #0, #1
	bfi r2, r3, #8, #24
	bfi r4, r5, #31, #1
	bfc r6, #0, #32
	bfc r7, #16, #8
	@ register-controlled shifts and extends (A5.3.12)
	.irp op, lsl, lsr, asr, ror
	\op\().w r0, r1, r2
	\op\()s.w r3, r4, r5
	.endr
	sxth.w r0, r1
	sxth r2, r3, ror #8
	uxth.w r4, r5
	uxth r6, r7, ror #16
	sxtb.w r8, r9
	sxtb r10, r11, ror #24
	uxtb.w r12, lr
	uxtb r0, r1, ror #8
	sxtb16 r2, r3
	sxtb16 r4, r5, ror #16
	uxtb16 r6, r7
	uxtb16 r8, r9, ror #24
	sxtah r0, r1, r2
	sxtah r3, r4, r5, ror #8
	uxtah r6, r7, r8, ror #16
	sxtab r9, r10, r11
	sxtab r12, lr, r0, ror #24
	uxtab r1, r2, r3, ror #8
	sxtab16 r4, r5, r6
	uxtab16 r7, r8, r9, ror #16
dp_end:
	nop
