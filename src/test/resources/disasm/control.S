@ Branches, IT blocks with every condition and mask, and system instructions
@ (ARMv7-M ARM A5.3.4, A7.7.38, B5.2).
	.syntax unified
	.thumb
	.text
ctl_start:
	b.w ctl_start
	b.w ctl_far
	bl ctl_start
	bl ctl_far
	.irp c, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le
	b\c\().w ctl_start
	b\c\().w ctl_mid
	.endr
	@ every condition, every IT mask shape; 16-bit instructions drop their 'S' inside the block
	.irp c, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le
	it \c
	add\c r0, r1
	.endr
	.irp c, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le
	it \c
	adds\c r0, r1, #1
	.endr
	itt eq
	moveq r0, #1
	lsleq r1, r2, #3
	ite ne
	movne r0, #1
	moveq r0, #2
	ittt cs
	addcs r0, r1, r2
	subcs r3, r4, r5
	mulcs r6, r6, r7
	itte cc
	andcc r0, r1
	eorcc r2, r3
	orrcs r4, r5
	itet mi
	negmi r0, r1
	mvnpl r2, r3
	bicmi r4, r5
	itee pl
	ldrpl r0, [r1]
	strmi r2, [r3]
	ldrbmi r4, [r5, #1]
	itttt hi
	addhi.w r0, r1, #0x100
	ldrhi.w r2, [r3, #256]
	mulhi r4, r5, r6
	movwhi r7, #0x1234
	ittte ls
	addls r0, r1
	subls r2, r3, r4
	asrls r5, r6
	rorhi r7, r0
	ittet ge
	movge r0, r1
	cmpge r2, #1
	tstlt r3, r4
	cmnge r5, r6
	ittee lt
	lsllt r0, r1
	lsrlt r2, r3
	adcge r4, r5
	sbcge r6, r7
	itett gt
	mvngt r0, r1
	mvnle r2, r3
	vaddgt.f32 s0, s1, s2
	vmovgt r0, s3
	itete le
	pushle {r0}
	popgt {r1}
	svcle 1
	bkpt 1
	iteet eq
	sxtheq r0, r1
	uxtbne r2, r3
	revne r4, r5
	ldmiaeq r0!, {r1}
	iteee ne
	nopne
	yieldeq
	wfieq
	bxeq lr
	it eq
	beq ctl_start
	it ne
	bne.w ctl_far
	it cs
	blcs ctl_start
	it cc
	bxcc r3
	it mi
	blxmi r4
	it pl
	tbbpl [r0, r1]
	it vs
	tbhvs [r0, r1, lsl #1]
	it vc
	ldrvc pc, [sp], #4
	it hi
	pophi {r4, pc}
	it ls
	movls pc, lr
	it ge
	addge pc, r0
ctl_mid:
	@ special registers, every SYSm (B5.1.1)
	.irp reg, apsr, iapsr, eapsr, xpsr, ipsr, epsr, iepsr, msp, psp, primask, basepri, basepri_max, faultmask, control
	mrs r0, \reg
	mrs r12, \reg
	.endr
	.irp reg, apsr_nzcvq, apsr_g, apsr_nzcvqg, iapsr_nzcvq, eapsr_nzcvq, xpsr_nzcvq, xpsr_g, xpsr_nzcvqg, msp, psp, primask, basepri, basepri_max, faultmask, control
	msr \reg, r1
	.endr
	msr iapsr_g, r2
	msr eapsr_nzcvqg, r3
	@ change processor state
	cpsie i
	cpsid f
	cpsie if
	cpsid if
	@ barriers with every named option and some reserved ones
	.irp opt, sy, st, ish, ishst, nsh, nshst, osh, oshst
	dsb \opt
	dmb \opt
	.endr
	dsb
	dmb
	isb
	isb sy
	.irp n, 0, 1, 4, 5, 8, 9, 12, 13
	dsb #\n
	dmb #\n
	isb #\n
	.endr
	@ hints
	nop.w
	yield.w
	wfe.w
	wfi.w
	sev.w
	dbg #0
	dbg #15
	.inst.w 0xf3af8020
	.inst.w 0xf3af807f
	.inst.w 0xf3af80ff
	.inst.n 0xbf60
	.inst.n 0xbff0
	@ exceptions
	svc #0
	svc #171
	bkpt #0x7f
	udf #0
	udf.w #256
	udf.w #65535
	.rept 600
	nop
	.endr
ctl_far:
	nop
