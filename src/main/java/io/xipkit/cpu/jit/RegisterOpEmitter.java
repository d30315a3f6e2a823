package io.xipkit.cpu.jit;

import static io.xipkit.cpu.OpForm.RegisterOp.BFC;
import static io.xipkit.cpu.OpForm.RegisterOp.BFI;
import static io.xipkit.cpu.OpForm.RegisterOp.CLZ;
import static io.xipkit.cpu.OpForm.RegisterOp.MLA;
import static io.xipkit.cpu.OpForm.RegisterOp.MLS;
import static io.xipkit.cpu.OpForm.RegisterOp.MOVT;
import static io.xipkit.cpu.OpForm.RegisterOp.RBIT;
import static io.xipkit.cpu.OpForm.RegisterOp.REV;
import static io.xipkit.cpu.OpForm.RegisterOp.REV16;
import static io.xipkit.cpu.OpForm.RegisterOp.REVSH;
import static io.xipkit.cpu.OpForm.RegisterOp.SBFX;
import static io.xipkit.cpu.OpForm.RegisterOp.SMUL_HALF;
import static io.xipkit.cpu.OpForm.RegisterOp.SXTB;
import static io.xipkit.cpu.OpForm.RegisterOp.SXTH;
import static io.xipkit.cpu.OpForm.RegisterOp.UBFX;
import static io.xipkit.cpu.OpForm.RegisterOp.UXTB;

import io.xipkit.cpu.OpForm;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Bytecode for the register ops of {@link OpForm.RegisterOp}, their constants folded in: the same
 * arithmetic as their {@code exec} in {@code DataOps} and {@code DspHalfwordMultiplyOp}, on
 * registers held in locals, so that a multiply or bit-field extract in a block needs no write-back
 * of the registers, no call and (for the DSP multiplies) no service check after it.
 */
final class RegisterOpEmitter {
    private static final String CORE = "io/xipkit/cpu/Core";
    private static final String INTEGER = "java/lang/Integer";
    private final int coreLocal;
    /** Scratch: a long (two slots), the accumulated result whose overflow sets Q. */
    private final int longLocal;

    RegisterOpEmitter(int coreLocal, int longLocal) {
        this.coreLocal = coreLocal;
        this.longLocal = longLocal;
    }

    /** The registers (bit x for Rx, R0-R14) the op reads, which a conditional op holds before its condition. */
    static int reads(OpForm.RegisterOp f) {
        int mask = 0;
        for (int x : new int[] {f.rd(), f.rn(), f.rm(), f.ra()}) if (x >= 0 && x < 15) mask |= 1 << x;
        return mask;
    }

    void emit(MethodVisitor m, OpForm.RegisterOp f, RegisterLocals regs, int pc) {
        int k = f.kind();
        int lsb = f.arg1(), width = f.arg2();
        int mask = width >= 32 ? -1 : (1 << width) - 1;
        switch (k) {
            case MLA, MLS -> {
                regs.load(m, f.ra(), pc);
                regs.load(m, f.rn(), pc);
                regs.load(m, f.rm(), pc);
                m.visitInsn(Opcodes.IMUL);
                m.visitInsn(k == MLA ? Opcodes.IADD : Opcodes.ISUB);
            }
            case SBFX -> {
                regs.load(m, f.rn(), pc);
                m.visitLdcInsn(32 - lsb - width);
                m.visitInsn(Opcodes.ISHL);
                m.visitLdcInsn(32 - width);
                m.visitInsn(Opcodes.ISHR);
            }
            case UBFX -> {
                regs.load(m, f.rn(), pc);
                m.visitLdcInsn(lsb);
                m.visitInsn(Opcodes.IUSHR);
                m.visitLdcInsn(mask);
                m.visitInsn(Opcodes.IAND);
            }
            case BFI, BFC -> {
                regs.load(m, f.rd(), pc);
                m.visitLdcInsn(~(mask << lsb));
                m.visitInsn(Opcodes.IAND);
                if (k == BFI) {
                    regs.load(m, f.rn(), pc);
                    m.visitLdcInsn(mask);
                    m.visitInsn(Opcodes.IAND);
                    m.visitLdcInsn(lsb);
                    m.visitInsn(Opcodes.ISHL);
                    m.visitInsn(Opcodes.IOR);
                }
            }
            case SXTB, SXTH, UXTB, OpForm.RegisterOp.UXTH -> extend(m, f, regs, pc);
            case MOVT -> {
                regs.load(m, f.rd(), pc);
                m.visitLdcInsn(0xFFFF);
                m.visitInsn(Opcodes.IAND);
                m.visitLdcInsn(f.arg1() << 16);
                m.visitInsn(Opcodes.IOR);
            }
            case REV, REV16, REVSH, RBIT, CLZ -> bits(m, k, f, regs, pc);
            case SMUL_HALF -> halfwordMultiply(m, f, regs, pc);
            default -> wideMultiply(m, f, regs, pc);
        }
        regs.store(m, f.rd());
    }

    /** SXTB/SXTH/UXTB/UXTH (ROR'd Rm), plus Rn for the accumulating forms. */
    private static void extend(MethodVisitor m, OpForm.RegisterOp f, RegisterLocals regs, int pc) {
        regs.load(m, f.rm(), pc);
        if (f.arg1() != 0) {
            m.visitLdcInsn(f.arg1());
            m.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "rotateRight", "(II)I", false);
        }
        switch (f.kind()) {
            case SXTB -> m.visitInsn(Opcodes.I2B);
            case SXTH -> m.visitInsn(Opcodes.I2S);
            case UXTB -> {
                m.visitIntInsn(Opcodes.SIPUSH, 0xFF);
                m.visitInsn(Opcodes.IAND);
            }
            default -> {
                m.visitLdcInsn(0xFFFF);
                m.visitInsn(Opcodes.IAND);
            }
        }
        if (f.rn() >= 0) {
            regs.load(m, f.rn(), pc);
            m.visitInsn(Opcodes.IADD);
        }
    }

    private static void bits(MethodVisitor m, int k, OpForm.RegisterOp f, RegisterLocals regs, int pc) {
        regs.load(m, f.rm(), pc);
        switch (k) {
            case REV -> m.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "reverseBytes", "(I)I", false);
            case RBIT -> m.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "reverse", "(I)I", false);
            case CLZ -> m.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "numberOfLeadingZeros", "(I)I", false);
            case REV16 -> {   // ((v >>> 8) & 0x00FF00FF) | ((v << 8) & 0xFF00FF00)
                m.visitInsn(Opcodes.DUP);
                m.visitLdcInsn(8);
                m.visitInsn(Opcodes.IUSHR);
                m.visitLdcInsn(0x00FF00FF);
                m.visitInsn(Opcodes.IAND);
                m.visitInsn(Opcodes.SWAP);
                m.visitLdcInsn(8);
                m.visitInsn(Opcodes.ISHL);
                m.visitLdcInsn(0xFF00FF00);
                m.visitInsn(Opcodes.IAND);
                m.visitInsn(Opcodes.IOR);
            }
            default -> {      // REVSH: (short) (((v & 0xFF) << 8) | ((v >>> 8) & 0xFF))
                m.visitInsn(Opcodes.DUP);
                m.visitIntInsn(Opcodes.SIPUSH, 0xFF);
                m.visitInsn(Opcodes.IAND);
                m.visitLdcInsn(8);
                m.visitInsn(Opcodes.ISHL);
                m.visitInsn(Opcodes.SWAP);
                m.visitLdcInsn(8);
                m.visitInsn(Opcodes.IUSHR);
                m.visitIntInsn(Opcodes.SIPUSH, 0xFF);
                m.visitInsn(Opcodes.IAND);
                m.visitInsn(Opcodes.IOR);
                m.visitInsn(Opcodes.I2S);
            }
        }
    }

    /** Pushes the signed half of register {@code x}: its top (ASR 16) or bottom (sign-extended) 16 bits. */
    private static void half(MethodVisitor m, int x, boolean top, RegisterLocals regs, int pc) {
        regs.load(m, x, pc);
        if (top) {
            m.visitLdcInsn(16);
            m.visitInsn(Opcodes.ISHR);
        } else {
            m.visitInsn(Opcodes.I2S);
        }
    }

    /** SMUL&lt;x&gt;&lt;y&gt;, or SMLA&lt;x&gt;&lt;y&gt; with Ra: the 16 x 16 product (exact in an int), plus Ra as a long. */
    private void halfwordMultiply(MethodVisitor m, OpForm.RegisterOp f, RegisterLocals regs, int pc) {
        half(m, f.rn(), f.arg1() != 0, regs, pc);
        half(m, f.rm(), f.arg2() != 0, regs, pc);
        m.visitInsn(Opcodes.IMUL);
        if (f.ra() < 0) return;
        m.visitInsn(Opcodes.I2L);
        regs.load(m, f.ra(), pc);
        m.visitInsn(Opcodes.I2L);
        m.visitInsn(Opcodes.LADD);
        saturationFlag(m);
    }

    /** SMULW&lt;y&gt; (bits [47:16] of Rn x half of Rm), or SMLAW&lt;y&gt; with Ra added at bit 16. */
    private void wideMultiply(MethodVisitor m, OpForm.RegisterOp f, RegisterLocals regs, int pc) {
        regs.load(m, f.rn(), pc);
        m.visitInsn(Opcodes.I2L);
        half(m, f.rm(), f.arg2() != 0, regs, pc);
        m.visitInsn(Opcodes.I2L);
        m.visitInsn(Opcodes.LMUL);
        if (f.ra() >= 0) {
            regs.load(m, f.ra(), pc);
            m.visitInsn(Opcodes.I2L);
            m.visitLdcInsn(16);
            m.visitInsn(Opcodes.LSHL);
            m.visitInsn(Opcodes.LADD);
        }
        m.visitLdcInsn(16);
        m.visitInsn(Opcodes.LSHR);
        if (f.ra() < 0) {
            m.visitInsn(Opcodes.L2I);
            return;
        }
        saturationFlag(m);
    }

    /**
     * With the exact result (a long) on the stack: leaves it as an int, and sets Q when it did not
     * fit, without a branch: {@code x = result ^ (long) (int) result} is non-zero exactly then, and
     * {@code (x | -x) >>> 63} is 1 for every non-zero x.
     */
    private void saturationFlag(MethodVisitor m) {
        m.visitVarInsn(Opcodes.LSTORE, longLocal);
        m.visitVarInsn(Opcodes.ALOAD, coreLocal);
        m.visitInsn(Opcodes.DUP);
        m.visitFieldInsn(Opcodes.GETFIELD, CORE, "q", "Z");
        m.visitVarInsn(Opcodes.LLOAD, longLocal);
        m.visitVarInsn(Opcodes.LLOAD, longLocal);
        m.visitInsn(Opcodes.L2I);
        m.visitInsn(Opcodes.I2L);
        m.visitInsn(Opcodes.LXOR);
        m.visitInsn(Opcodes.DUP2);
        m.visitInsn(Opcodes.LNEG);
        m.visitInsn(Opcodes.LOR);
        m.visitLdcInsn(63);
        m.visitInsn(Opcodes.LUSHR);
        m.visitInsn(Opcodes.L2I);
        m.visitInsn(Opcodes.IOR);
        m.visitFieldInsn(Opcodes.PUTFIELD, CORE, "q", "Z");
        m.visitVarInsn(Opcodes.LLOAD, longLocal);
        m.visitInsn(Opcodes.L2I);
    }
}
