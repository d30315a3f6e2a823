package io.xipkit.cpu.jit;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Bytecode for ConditionPassed (DDI 0403E A7.3.1, Table A7-1) with the condition known at
 * translation time: a few reads of the core's flag fields instead of a call into the general
 * helper, whose 16-way switch HotSpot would otherwise parse in every block that branches on a
 * condition (and which C1, over its inlining size, calls).
 */
final class ConditionEmitter {
    private static final String CORE = "io/xipkit/cpu/Core";

    private ConditionEmitter() {}

    /** Jumps to {@code to} when condition {@code cond} passes on the core's flags, else falls through. */
    static void jumpIfPassed(MethodVisitor m, int coreLocal, int cond, Label to) {
        m.visitJumpInsn(push(m, coreLocal, cond), to);
    }

    /** Jumps to {@code to} when condition {@code cond} fails, else falls through. */
    static void jumpIfFailed(MethodVisitor m, int coreLocal, int cond, Label to) {
        m.visitJumpInsn(push(m, coreLocal, cond) == Opcodes.IFNE ? Opcodes.IFEQ : Opcodes.IFNE, to);
    }

    /** Pushes an int from which the condition's outcome follows, and returns the jump (IFNE or IFEQ) taken when it passes. */
    private static int push(MethodVisitor m, int coreLocal, int cond) {
        switch (cond & 0xF) {
            case 0x0, 0x1 -> flag(m, coreLocal, "z");
            case 0x2, 0x3 -> flag(m, coreLocal, "c");
            case 0x4, 0x5 -> flag(m, coreLocal, "n");
            case 0x6, 0x7 -> flag(m, coreLocal, "v");
            case 0x8, 0x9 -> {                       // HI: C and not Z; LS its inverse
                flag(m, coreLocal, "c");
                flag(m, coreLocal, "z");
                m.visitInsn(Opcodes.ICONST_1);
                m.visitInsn(Opcodes.IXOR);
                m.visitInsn(Opcodes.IAND);
            }
            case 0xA, 0xB -> nXorV(m, coreLocal);     // GE: N == V; LT its inverse
            case 0xC, 0xD -> {                        // GT: not Z and N == V; LE its inverse
                flag(m, coreLocal, "z");
                nXorV(m, coreLocal);
                m.visitInsn(Opcodes.IOR);
                return (cond & 1) == 0 ? Opcodes.IFEQ : Opcodes.IFNE;
            }
            default -> {                              // AL (and 0b1111, which passes as AL does)
                m.visitInsn(Opcodes.ICONST_1);
                return Opcodes.IFNE;
            }
        }
        boolean inverse = (cond & 1) != 0;
        if ((cond & 0xE) == 0xA) inverse = !inverse;  // n ^ v is non-zero when GE fails
        return inverse ? Opcodes.IFEQ : Opcodes.IFNE;
    }

    private static void flag(MethodVisitor m, int coreLocal, String name) {
        m.visitVarInsn(Opcodes.ALOAD, coreLocal);
        m.visitFieldInsn(Opcodes.GETFIELD, CORE, name, "Z");
    }

    private static void nXorV(MethodVisitor m, int coreLocal) {
        flag(m, coreLocal, "n");
        flag(m, coreLocal, "v");
        m.visitInsn(Opcodes.IXOR);
    }
}
