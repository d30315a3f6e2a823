package io.xipkit.cpu.jit;

import static io.xipkit.cpu.jit.FlagLiveness.C;
import static io.xipkit.cpu.jit.FlagLiveness.N;
import static io.xipkit.cpu.jit.FlagLiveness.V;
import static io.xipkit.cpu.jit.FlagLiveness.Z;

import io.xipkit.cpu.OpForm;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Bytecode for one data-processing instruction with its operands as constants: the interpreter's
 * {@code DataOps.alu} and the barrel shifter (DDI 0403E A4.4, A7.4.2 Shift_C) specialised at
 * translation time, computing only the flags the block still needs.
 */
final class AluEmitter {
    private static final String CORE = "io/xipkit/cpu/Core";
    private final int coreLocal;
    /** Scratch int locals: Rm, the first operand, the second operand. */
    private final int mLocal, aLocal, bLocal;

    AluEmitter(int coreLocal, int firstScratch) {
        this.coreLocal = coreLocal;
        this.mLocal = firstScratch;
        this.aLocal = firstScratch + 1;
        this.bLocal = firstScratch + 2;
    }

    /** Whether {@link #emit} handles {@code f} (results into the PC are branches, left to exec). */
    static boolean handles(OpForm.Alu f) {
        return !(f.writesResult() && f.rd() == 15);
    }

    /**
     * @param it     ITSTATE the instruction executes with (decides the 16-bit forms' flag setting)
     * @param needed flags the block needs after this instruction
     */
    void emit(MethodVisitor m, OpForm.Alu f, int it, int needed, RegisterLocals regs, int pc) {
        boolean s = f.setsFlags(it);
        int opc = f.opc();
        // Operand 2 into bLocal (and Rm into mLocal for the shifter's carry out).
        if (f.rm() >= 0) {
            regs.load(m, f.rm(), pc);
            m.visitVarInsn(Opcodes.ISTORE, mLocal);
            shift(m, f);
        } else {
            m.visitLdcInsn(f.imm());
        }
        m.visitVarInsn(Opcodes.ISTORE, bLocal);
        if (opc != OpForm.MOV && opc != OpForm.MVN) {
            regs.load(m, f.rn(), pc);
            m.visitVarInsn(Opcodes.ISTORE, aLocal);
        }
        if (f.logical()) {
            logical(m, opc);
            if (s && (needed & (N | Z)) != 0) setNZ(m, needed);
            if (s && opc != OpForm.MUL && (needed & C) != 0 && FlagLiveness.changesCarry(f)) {
                m.visitVarInsn(Opcodes.ALOAD, coreLocal);
                if (f.rm() < 0) m.visitLdcInsn(f.immCarry());
                else shifterCarry(m, f);
                m.visitFieldInsn(Opcodes.PUTFIELD, CORE, "c", "Z");
            }
        } else {
            if (s && needed != 0) arithmeticWithFlags(m, opc, needed);
            else arithmetic(m, opc);
        }
        if (f.writesResult()) regs.store(m, f.rd());
        else m.visitInsn(Opcodes.POP);
    }

    /** Pushes Shift(Rm) with the constant type and amount (Rm in mLocal). */
    private void shift(MethodVisitor m, OpForm.Alu f) {
        int k = f.shiftAmount();
        m.visitVarInsn(Opcodes.ILOAD, mLocal);
        switch (f.shiftType()) {
            case OpForm.LSL -> {
                if (k == 0) return;
                m.visitLdcInsn(k);
                m.visitInsn(Opcodes.ISHL);
            }
            case OpForm.LSR -> {
                if (k >= 32) {
                    m.visitInsn(Opcodes.POP);
                    m.visitInsn(Opcodes.ICONST_0);
                    return;
                }
                m.visitLdcInsn(k);
                m.visitInsn(Opcodes.IUSHR);
            }
            case OpForm.ASR -> {
                m.visitLdcInsn(Math.min(k, 31));
                m.visitInsn(Opcodes.ISHR);
            }
            case OpForm.ROR -> {
                m.visitLdcInsn(k);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "rotateRight", "(II)I", false);
            }
            default -> {   // RRX: carry in at bit 31
                m.visitInsn(Opcodes.ICONST_1);
                m.visitInsn(Opcodes.IUSHR);
                m.visitVarInsn(Opcodes.ALOAD, coreLocal);
                m.visitFieldInsn(Opcodes.GETFIELD, CORE, "c", "Z");
                m.visitLdcInsn(31);
                m.visitInsn(Opcodes.ISHL);
                m.visitInsn(Opcodes.IOR);
            }
        }
    }

    /** Pushes Shift_C's carry out (0 or 1) for a shift by a non-zero constant (Rm in mLocal). */
    private void shifterCarry(MethodVisitor m, OpForm.Alu f) {
        int k = f.shiftAmount();
        m.visitVarInsn(Opcodes.ILOAD, mLocal);
        switch (f.shiftType()) {
            case OpForm.LSL -> {
                m.visitLdcInsn(32 - k);
                m.visitInsn(Opcodes.IUSHR);
            }
            case OpForm.LSR -> {
                m.visitLdcInsn(k - 1);
                m.visitInsn(Opcodes.IUSHR);
            }
            case OpForm.ASR -> {
                m.visitLdcInsn(Math.min(k - 1, 31));
                m.visitInsn(Opcodes.ISHR);
            }
            case OpForm.ROR -> {
                m.visitLdcInsn(k);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "rotateRight", "(II)I", false);
                m.visitLdcInsn(31);
                m.visitInsn(Opcodes.IUSHR);
            }
            default -> { }   // RRX: bit 0
        }
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.IAND);
    }

    /** Pushes the result of a logical operation (or MUL) on aLocal and bLocal. */
    private void logical(MethodVisitor m, int opc) {
        if (opc != OpForm.MOV && opc != OpForm.MVN) m.visitVarInsn(Opcodes.ILOAD, aLocal);
        m.visitVarInsn(Opcodes.ILOAD, bLocal);
        switch (opc) {
            case OpForm.AND, OpForm.TST -> m.visitInsn(Opcodes.IAND);
            case OpForm.BIC -> {
                not(m);
                m.visitInsn(Opcodes.IAND);
            }
            case OpForm.ORR -> m.visitInsn(Opcodes.IOR);
            case OpForm.ORN -> {
                not(m);
                m.visitInsn(Opcodes.IOR);
            }
            case OpForm.EOR, OpForm.TEQ -> m.visitInsn(Opcodes.IXOR);
            case OpForm.MOV -> { }
            case OpForm.MVN -> not(m);
            case OpForm.MUL -> m.visitInsn(Opcodes.IMUL);
            default -> throw new IllegalArgumentException("opc " + opc);
        }
    }

    /** Pushes the result of an arithmetic operation: AddWithCarry(x, y, carry) (A2.2.1) with the operands of each opcode. */
    private void arithmetic(MethodVisitor m, int opc) {
        operands(m, opc);
        carryIn(m, opc);
        m.visitInsn(Opcodes.IADD);
        m.visitInsn(Opcodes.IADD);
    }

    /**
     * As {@link #arithmetic}, setting the flags in {@code needed} as AddWithCarry does, in
     * straight-line bytecode (no branch, so no frame; no call into the core's general helper):
     * with x and y the operands as added and r the result, carry out of bit 31 is
     * {@code (x & y) | ((x | y) & ~r)} at bit 31 whatever the carry in, and overflow is
     * {@code (x ^ r) & (y ^ r)} at bit 31.
     */
    private void arithmeticWithFlags(MethodVisitor m, int opc, int needed) {
        operands(m, opc);
        m.visitVarInsn(Opcodes.ISTORE, bLocal);          // y as added
        m.visitVarInsn(Opcodes.ISTORE, aLocal);          // x as added
        m.visitVarInsn(Opcodes.ILOAD, aLocal);
        m.visitVarInsn(Opcodes.ILOAD, bLocal);
        carryIn(m, opc);
        m.visitInsn(Opcodes.IADD);
        m.visitInsn(Opcodes.IADD);
        m.visitVarInsn(Opcodes.ISTORE, mLocal);          // r (Rm is not needed after the shift)
        negativeZero(m, mLocal, needed);
        if ((needed & C) != 0) {
            m.visitVarInsn(Opcodes.ALOAD, coreLocal);
            m.visitVarInsn(Opcodes.ILOAD, aLocal);
            m.visitVarInsn(Opcodes.ILOAD, bLocal);
            m.visitInsn(Opcodes.IAND);
            m.visitVarInsn(Opcodes.ILOAD, aLocal);
            m.visitVarInsn(Opcodes.ILOAD, bLocal);
            m.visitInsn(Opcodes.IOR);
            m.visitVarInsn(Opcodes.ILOAD, mLocal);
            not(m);
            m.visitInsn(Opcodes.IAND);
            m.visitInsn(Opcodes.IOR);
            bit31(m, "c");
        }
        if ((needed & V) != 0) {
            m.visitVarInsn(Opcodes.ALOAD, coreLocal);
            m.visitVarInsn(Opcodes.ILOAD, aLocal);
            m.visitVarInsn(Opcodes.ILOAD, mLocal);
            m.visitInsn(Opcodes.IXOR);
            m.visitVarInsn(Opcodes.ILOAD, bLocal);
            m.visitVarInsn(Opcodes.ILOAD, mLocal);
            m.visitInsn(Opcodes.IXOR);
            m.visitInsn(Opcodes.IAND);
            bit31(m, "v");
        }
        m.visitVarInsn(Opcodes.ILOAD, mLocal);
    }

    /** Pushes x and y as AddWithCarry adds them: Rn or NOT(Rn), operand 2 or NOT(operand 2). */
    private void operands(MethodVisitor m, int opc) {
        m.visitVarInsn(Opcodes.ILOAD, aLocal);
        if (opc == OpForm.RSB) not(m);
        m.visitVarInsn(Opcodes.ILOAD, bLocal);
        if (opc == OpForm.SUB || opc == OpForm.CMP || opc == OpForm.SBC) not(m);
    }

    /** Pushes the carry in (0 or 1) of each opcode. */
    private void carryIn(MethodVisitor m, int opc) {
        switch (opc) {
            case OpForm.ADD, OpForm.CMN -> m.visitInsn(Opcodes.ICONST_0);
            case OpForm.SUB, OpForm.CMP, OpForm.RSB -> m.visitInsn(Opcodes.ICONST_1);
            case OpForm.ADC, OpForm.SBC -> {
                m.visitVarInsn(Opcodes.ALOAD, coreLocal);
                m.visitFieldInsn(Opcodes.GETFIELD, CORE, "c", "Z");
            }
            default -> throw new IllegalArgumentException("opc " + opc);
        }
    }

    /** With the core and an int on the stack: sets the core's flag {@code name} to the int's bit 31. */
    private static void bit31(MethodVisitor m, String name) {
        m.visitLdcInsn(31);
        m.visitInsn(Opcodes.IUSHR);
        m.visitFieldInsn(Opcodes.PUTFIELD, CORE, name, "Z");
    }

    /**
     * The flags of {@code needed} among N and Z, from the result on the stack, which stays there:
     * straight-line bytecode as in {@link #arithmeticWithFlags} (the first operand's local is free
     * by now; Rm's is still the shifter's).
     */
    private void setNZ(MethodVisitor m, int needed) {
        m.visitInsn(Opcodes.DUP);
        m.visitVarInsn(Opcodes.ISTORE, aLocal);
        negativeZero(m, aLocal, needed);
    }

    /** N (bit 31) and Z of the result in local {@code r}, those of {@code needed}. */
    private void negativeZero(MethodVisitor m, int r, int needed) {
        if ((needed & N) != 0) {
            m.visitVarInsn(Opcodes.ALOAD, coreLocal);
            m.visitVarInsn(Opcodes.ILOAD, r);
            bit31(m, "n");
        }
        if ((needed & Z) != 0) {
            // ((r - 1) & ~r) has bit 31 set exactly when r is 0.
            m.visitVarInsn(Opcodes.ALOAD, coreLocal);
            m.visitVarInsn(Opcodes.ILOAD, r);
            m.visitInsn(Opcodes.ICONST_M1);
            m.visitInsn(Opcodes.IADD);
            m.visitVarInsn(Opcodes.ILOAD, r);
            not(m);
            m.visitInsn(Opcodes.IAND);
            bit31(m, "z");
        }
    }

    private static void not(MethodVisitor m) {
        m.visitInsn(Opcodes.ICONST_M1);
        m.visitInsn(Opcodes.IXOR);
    }
}
