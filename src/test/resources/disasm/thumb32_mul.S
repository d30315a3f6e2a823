@ Multiply, DSP extension and miscellaneous register operations (ARMv7-M ARM A5.3.13-A5.3.17).
	.syntax unified
	.thumb
	.text
mul_start:
	mul.w r0, r1, r2
	mul r8, r9, r10
	mla r0, r1, r2, r3
	mls r4, r5, r6, r7
	.irp x, b, t
	.irp y, b, t
	smul\x\y r0, r1, r2
	smla\x\y r3, r4, r5, r6
	smlal\x\y r7, r8, r9, r10
	.endr
	smulw\x r0, r1, r2
	smlaw\x r3, r4, r5, r6
	.endr
	smuad r0, r1, r2
	smuadx r3, r4, r5
	smlad r0, r1, r2, r3
	smladx r4, r5, r6, r7
	smusd r0, r1, r2
	smusdx r3, r4, r5
	smlsd r0, r1, r2, r3
	smlsdx r4, r5, r6, r7
	smmul r0, r1, r2
	smmulr r3, r4, r5
	smmla r0, r1, r2, r3
	smmlar r4, r5, r6, r7
	smmls r0, r1, r2, r3
	smmlsr r4, r5, r6, r7
	usad8 r0, r1, r2
	usada8 r3, r4, r5, r6
	smull r0, r1, r2, r3
	umull r4, r5, r6, r7
	smlal r8, r9, r10, r11
	umlal r12, lr, r0, r1
	umaal r2, r3, r4, r5
	smlald r0, r1, r2, r3
	smlaldx r4, r5, r6, r7
	smlsld r0, r1, r2, r3
	smlsldx r4, r5, r6, r7
	sdiv r0, r1, r2
	udiv r3, r4, r5
	sdiv r12, lr, r8
	@ parallel add/subtract, every prefix and operation (A5.3.15, A5.3.16)
	.irp pre, s, q, sh, u, uq, uh
	.irp op, add8, add16, asx, sub8, sub16, sax
	\pre\op r0, r1, r2
	.endr
	.endr
	sadd16 r8, r9, r10
	uhsax r11, r12, lr
	@ miscellaneous (A5.3.17)
	qadd r0, r1, r2
	qdadd r3, r4, r5
	qsub r6, r7, r8
	qdsub r9, r10, r11
	rev.w r0, r1
	rev16.w r2, r3
	rbit r4, r5
	revsh.w r6, r7
	rev r8, r9
	sel r0, r1, r2
	clz r3, r4
	clz r12, lr
