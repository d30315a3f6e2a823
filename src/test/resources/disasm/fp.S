@ FPv5 single and double precision (ARMv7-M ARM chapter A6, plus the ARMv8 additions of the
@ Cortex-M7 FPU): loads/stores and lists, every VMOV form, VMRS/VMSR, arithmetic, conversions.
	.syntax unified
	.thumb
	.text
fp_start:
	@ VLDR/VSTR, both precisions, both offset signs, PC-relative
	.irp off, 0, 4, 32, 36, 1020, -4, -16, -20, -1020
	vldr s0, [r0, #\off]
	vldr s31, [sp, #\off]
	vldr d0, [r1, #\off]
	vldr d15, [r2, #\off]
	vstr s1, [r3, #\off]
	vstr d7, [r4, #\off]
	.endr
	vldr s2, fp_lit
	vldr d3, fp_lit
	vldr s4, fp_start
	vldr d5, fp_start
	vldr s6, [pc, #-0]
	@ multiple transfers and register lists
	vldmia r0, {s0}
	vldmia r0!, {s0-s31}
	vldmia r1, {s5-s9}
	vldmdb r2!, {s10-s11}
	vstmia r3, {s0}
	vstmia r4!, {s1-s3}
	vstmdb r5!, {s16-s31}
	vldmia r0, {d0}
	vldmia r0!, {d0-d15}
	vldmdb r1!, {d8-d15}
	vstmia r2, {d1-d2}
	vstmia r3!, {d4}
	vstmdb sp!, {d8-d9}
	vpush {s0}
	vpush {s16-s31}
	vpush {d8-d15}
	vpush {d0}
	vpop {s0}
	vpop {s16-s31}
	vpop {d8-d15}
	vpop {d15}
	@ transfers between core and FP registers
	vmov s0, r0
	vmov s31, r12
	vmov r1, s1
	vmov lr, s30
	vmov s0, s1, r0, r1
	vmov s30, s31, r2, r3
	vmov r4, r5, s6, s7
	vmov d0, r0, r1
	vmov d15, r2, r3
	vmov r4, r5, d6
	vmov.32 d0[0], r0
	vmov.32 d1[1], r1
	vmov.32 r2, d2[0]
	vmov.32 r3, d15[1]
	vmrs r0, fpscr
	vmrs APSR_nzcv, fpscr
	vmrs r1, fpexc
	vmrs r2, fpsid
	vmrs r3, mvfr0
	vmrs r4, mvfr1
	vmrs r5, mvfr2
	vmsr fpscr, r0
	vmsr fpexc, r1
	vmsr fpsid, r2
	@ register and immediate moves
	vmov.f32 s0, s1
	vmov.f64 d0, d1
	vmov.f32 s31, s30
	vmov.f64 d15, d14
	.irp imm, 1.0, -1.0, 0.5, 2.0, 31.0, -31.0, 0.125, 0.1328125, 1.9375, 10.0, 0.25, 3.0, 1.5, 0.2421875
	vmov.f32 s3, #\imm
	vmov.f64 d3, #\imm
	.endr
	@ two-operand arithmetic
	.irp op, vabs, vneg, vsqrt
	\op\().f32 s0, s1
	\op\().f32 s31, s15
	\op\().f64 d0, d1
	\op\().f64 d15, d7
	.endr
	@ three-operand arithmetic
	.irp op, vadd, vsub, vmul, vnmul, vdiv, vmla, vmls, vnmla, vnmls, vfma, vfms, vfnma, vfnms
	\op\().f32 s0, s1, s2
	\op\().f32 s31, s30, s29
	\op\().f64 d0, d1, d2
	\op\().f64 d15, d14, d13
	.endr
	@ compares
	vcmp.f32 s0, s1
	vcmpe.f32 s2, s3
	vcmp.f64 d0, d1
	vcmpe.f64 d2, d3
	vcmp.f32 s4, #0.0
	vcmpe.f32 s5, #0
	vcmp.f64 d4, #0.0
	vcmpe.f64 d5, #0
	@ conversions: integer, precision, half precision, fixed point, directed rounding
	vcvt.f32.s32 s0, s1
	vcvt.f32.u32 s2, s3
	vcvt.f64.s32 d0, s4
	vcvt.f64.u32 d1, s5
	vcvt.s32.f32 s6, s7
	vcvt.u32.f32 s8, s9
	vcvt.s32.f64 s10, d2
	vcvt.u32.f64 s11, d3
	vcvtr.s32.f32 s12, s13
	vcvtr.u32.f32 s14, s15
	vcvtr.s32.f64 s16, d4
	vcvtr.u32.f64 s17, d5
	vcvt.f64.f32 d6, s18
	vcvt.f32.f64 s19, d7
	vcvtb.f32.f16 s0, s1
	vcvtt.f32.f16 s2, s3
	vcvtb.f16.f32 s4, s5
	vcvtt.f16.f32 s6, s7
	vcvtb.f64.f16 d0, s8
	vcvtt.f64.f16 d1, s9
	vcvtb.f16.f64 s10, d2
	vcvtt.f16.f64 s11, d3
	.irp t, s16, u16
	vcvt.f32.\t s0, s0, #1
	vcvt.f32.\t s1, s1, #16
	vcvt.f64.\t d0, d0, #8
	vcvt.\t\().f32 s2, s2, #1
	vcvt.\t\().f32 s3, s3, #16
	vcvt.\t\().f64 d1, d1, #7
	.endr
	.irp t, s32, u32
	vcvt.f32.\t s0, s0, #1
	vcvt.f32.\t s1, s1, #32
	vcvt.f64.\t d0, d0, #20
	vcvt.\t\().f32 s2, s2, #1
	vcvt.\t\().f32 s3, s3, #32
	vcvt.\t\().f64 d1, d1, #31
	.endr
	.irp r, a, n, p, m
	vcvt\r\().s32.f32 s0, s1
	vcvt\r\().u32.f32 s2, s3
	vcvt\r\().s32.f64 s4, d5
	vcvt\r\().u32.f64 s6, d7
	vrint\r\().f32 s8, s9
	vrint\r\().f64 d10, d11
	.endr
	.irp r, r, z, x
	vrint\r\().f32 s0, s1
	vrint\r\().f64 d2, d3
	.endr
	@ FPv5 selects and min/max
	.irp c, eq, vs, ge, gt
	vsel\c\().f32 s0, s1, s2
	vsel\c\().f64 d0, d1, d2
	.endr
	vmaxnm.f32 s0, s1, s2
	vmaxnm.f64 d3, d4, d5
	vminnm.f32 s6, s7, s8
	vminnm.f64 d9, d10, d11
	@ conditional FP inside IT blocks
	ite eq
	vaddeq.f32 s0, s1, s2
	vsubne.f64 d0, d1, d2
	itt gt
	vldrgt s0, [r0]
	vmovgt.f32 s1, #1.0
	it lt
	vcvtlt.s32.f64 s0, d0
	it mi
	vmrsmi APSR_nzcv, fpscr
	.align 2
fp_lit:
	nop
	nop
