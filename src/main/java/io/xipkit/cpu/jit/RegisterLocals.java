package io.xipkit.cpu.jit;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * R0–R14 kept in JVM locals while a block's inline bytecode works on them: a register is loaded
 * from the core's array at its first use, and every register written since is stored back before
 * anything that can observe the array (an op's {@code exec}, a fault, an exit). R15 is never held:
 * an instruction reads it as its own address + 4, a constant of the translation.
 *
 * <p>The state is the translator's knowledge at one point of the straight-line bytecode; at a
 * join (the end of a conditional instruction) both ways in must agree: the caller either stores
 * and forgets everything first, or holds every register the conditional op uses before its
 * condition ({@link #hold}).
 */
final class RegisterLocals {
    private final int first;
    private final int arrayLocal;
    private final boolean[] held = new boolean[15];
    private final boolean[] dirty = new boolean[15];

    /** @param first the first of 15 consecutive int locals; {@code arrayLocal} holds the core's {@code r} */
    RegisterLocals(int first, int arrayLocal) {
        this.first = first;
        this.arrayLocal = arrayLocal;
    }

    /** Pushes register {@code x} as the instruction at {@code pc} reads it. */
    void load(MethodVisitor m, int x, int pc) {
        if (x == 15) {
            m.visitLdcInsn(pc + 4);
            return;
        }
        hold(m, x);
        m.visitVarInsn(Opcodes.ILOAD, first + x);
    }

    /** Loads register {@code x} (0–14) into its local if it is not held yet, pushing nothing. */
    void hold(MethodVisitor m, int x) {
        if (x == 15 || held[x]) return;
        m.visitVarInsn(Opcodes.ALOAD, arrayLocal);
        m.visitIntInsn(Opcodes.BIPUSH, x);
        m.visitInsn(Opcodes.IALOAD);
        m.visitVarInsn(Opcodes.ISTORE, first + x);
        held[x] = true;
    }

    /** Pops the int on the stack into register {@code x} (0–14). */
    void store(MethodVisitor m, int x) {
        if (x == 15) throw new IllegalArgumentException("R15 is written by branches only");
        m.visitVarInsn(Opcodes.ISTORE, first + x);
        held[x] = true;
        dirty[x] = true;
    }

    /**
     * Reads register {@code x} from the core's array into its local, whatever the translator
     * knows: for a way that ran an op's exec and rejoins one that wrote {@code x} inline.
     */
    void reload(MethodVisitor m, int x) {
        m.visitVarInsn(Opcodes.ALOAD, arrayLocal);
        m.visitIntInsn(Opcodes.BIPUSH, x);
        m.visitInsn(Opcodes.IALOAD);
        m.visitVarInsn(Opcodes.ISTORE, first + x);
    }

    /** Stores every register written since the last write-back into the core's array. */
    void writeBack(MethodVisitor m) {
        storeDirty(m);
        java.util.Arrays.fill(dirty, false);
    }

    /** The registers written since the last write-back (bit x for Rx), for {@link #storeAll}. */
    int dirtyMask() {
        int mask = 0;
        for (int x = 0; x < 15; x++) if (dirty[x]) mask |= 1 << x;
        return mask;
    }

    /** Stores the registers of {@code mask} (held in their locals) into the core's array. */
    void storeAll(MethodVisitor m, int mask) {
        for (int x = 0; x < 15; x++) {
            if ((mask & (1 << x)) == 0) continue;
            m.visitVarInsn(Opcodes.ALOAD, arrayLocal);
            m.visitIntInsn(Opcodes.BIPUSH, x);
            m.visitVarInsn(Opcodes.ILOAD, first + x);
            m.visitInsn(Opcodes.IASTORE);
        }
    }

    /** Stores the registers written since the last write-back, for a path that leaves the block (the state is kept for the path that stays). */
    void storeDirty(MethodVisitor m) {
        storeAll(m, dirtyMask());
    }

    /** The array may have changed (an op's exec ran): read registers from it again. Call after {@link #writeBack}. */
    void forget() {
        for (int x = 0; x < 15; x++) {
            if (dirty[x]) throw new IllegalStateException("R" + x + " not written back");
            held[x] = false;
        }
    }
}
