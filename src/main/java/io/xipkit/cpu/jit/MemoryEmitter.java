package io.xipkit.cpu.jit;

import io.xipkit.cpu.OpForm;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Bytecode for the fast way of one load or store: addresses from registers held in locals, each
 * load read straight from the array the block's load table ({@link CoreArrays}: the core's
 * {@code loadPages} of the block's access context) names for its page (plain memory, aligned: the
 * gate and the bus's fast path in one lookup), each store likewise through the store table (which
 * also leaves out pages near decoded code), the registers written only once every item succeeded.
 * Any item that cannot be served that way jumps to the caller's slow label, which runs the
 * instruction's own {@code exec} from the start, as the interpreter does: the loads done so far
 * had no effect, and the stores done so far were of the same values to plain RAM, written again.
 *
 * <p>Every register the instruction reads is loaded before the first jump to the slow label, so
 * that {@link RegisterLocals} holds the same registers on both ways; the slow way reloads
 * {@link #writes} from the core's array after {@code exec}.
 */
final class MemoryEmitter {
    private static final String CORE = "io/xipkit/cpu/Core";
    private static final String VIEWS = "io/xipkit/cpu/ArrayViews";
    private final int coreLocal;
    /**
     * Scratch: an item's address and the array it is read from, the access address, the writeback
     * value, then one int per item.
     */
    private final int xLocal, arrayLocal, aLocal, wLocal, vLocal;

    MemoryEmitter(int coreLocal, int firstScratch) {
        this.coreLocal = coreLocal;
        this.xLocal = firstScratch;
        this.arrayLocal = firstScratch + 1;
        this.aLocal = firstScratch + 2;
        this.wLocal = firstScratch + 3;
        this.vLocal = firstScratch + 4;
    }

    /** Scratch locals used from {@code firstScratch}. */
    static final int SCRATCH = 4 + 16;

    /** Whether {@code f} is a load or store this emitter handles. */
    static boolean handles(OpForm f) {
        return f instanceof OpForm.Single || f instanceof OpForm.Dual || f instanceof OpForm.Multiple l && !returns(l);
    }

    /** Whether {@code f} is a load multiple into the PC (POP {..., PC}), which {@link #emitReturn} handles. */
    static boolean returns(OpForm f) {
        return f instanceof OpForm.Multiple l && l.load() && (l.list() & 0x8000) != 0;
    }

    /** The most words of an FP load or store emitted inline (one scratch local each). */
    static final int FP_WORDS = 16;

    /** Whether {@code f} is an FP load or store {@link #emitFp} handles. */
    static boolean handlesFp(OpForm f) {
        return f instanceof OpForm.FpLoadStore l && l.words() <= FP_WORDS;
    }

    /** Whether the load or store {@code f} ({@link #handles}) is a load. */
    static boolean isLoad(OpForm f) {
        if (f instanceof OpForm.Single s) return s.load();
        if (f instanceof OpForm.Dual d) return d.load();
        return ((OpForm.Multiple) f).load();
    }

    /** The registers (bit x for Rx) the instruction writes. */
    static int writes(OpForm f) {
        if (f instanceof OpForm.FpLoadStore l) return l.writeback() ? 1 << l.rn() : 0;
        if (f instanceof OpForm.Single s) return (s.load() ? 1 << s.rt() : 0) | (s.writeback() ? 1 << s.rn() : 0);
        if (f instanceof OpForm.Dual d) return (d.load() ? (1 << d.rt()) | (1 << d.rt2()) : 0) | (d.writeback() ? 1 << d.rn() : 0);
        OpForm.Multiple l = (OpForm.Multiple) f;
        return (l.load() ? l.list() : 0) | (multipleWriteback(l) ? 1 << l.rn() : 0);
    }

    /**
     * The start address of a load or store multiple into aLocal and, if it writes Rn back, the
     * value it writes into wLocal (Rn - 4n for decrement before, else Rn + 4n); returns whether.
     */
    private boolean multipleAddresses(MethodVisitor m, OpForm.Multiple l, RegisterLocals regs, int pc) {
        int count = Integer.bitCount(l.list());
        regs.load(m, l.rn(), pc);
        if (l.decrementBefore()) {
            m.visitLdcInsn(4 * count);
            m.visitInsn(Opcodes.ISUB);
        }
        m.visitVarInsn(Opcodes.ISTORE, aLocal);
        boolean wb = multipleWriteback(l);
        if (wb) {
            m.visitVarInsn(Opcodes.ILOAD, aLocal);
            if (!l.decrementBefore()) {
                m.visitLdcInsn(4 * count);
                m.visitInsn(Opcodes.IADD);
            }
            m.visitVarInsn(Opcodes.ISTORE, wLocal);
        }
        return wb;
    }

    /** A loaded base register wins over writeback (as {@code MemoryOps.Multiple} does). */
    private static boolean multipleWriteback(OpForm.Multiple l) {
        return l.writeback() && !(l.load() && (l.list() & (1 << l.rn())) != 0);
    }

    /** Emits the fast way of the instruction at {@code pc}; jumps to {@code slow} with nothing written to registers. */
    void emit(MethodVisitor m, OpForm f, RegisterLocals regs, int pc, Label slow) {
        if (f instanceof OpForm.Single s) single(m, s, regs, pc, slow);
        else if (f instanceof OpForm.Dual d) dual(m, d, regs, pc, slow);
        else multiple(m, (OpForm.Multiple) f, regs, pc, slow);
    }

    private void single(MethodVisitor m, OpForm.Single s, RegisterLocals regs, int pc, Label slow) {
        if (s.rn() < 0) {
            m.visitLdcInsn(s.offset());
            m.visitVarInsn(Opcodes.ISTORE, aLocal);
        } else {
            regs.load(m, s.rn(), pc);
            if (s.rm() >= 0) {
                regs.load(m, s.rm(), pc);
                if (s.shift() != 0) {
                    m.visitLdcInsn(s.shift());
                    m.visitInsn(Opcodes.ISHL);
                }
                m.visitInsn(Opcodes.IADD);
            } else if (s.offset() != 0) {
                m.visitLdcInsn(s.offset());
                m.visitInsn(Opcodes.IADD);
            }
            address(m, s.rn(), s.index(), s.writeback(), regs, pc);
        }
        int size = s.bytes();
        if (s.load()) {
            read(m, aLocal, 0, size, vLocal, slow);
            if (s.kind() == OpForm.SBYTE || s.kind() == OpForm.SHALF) {
                m.visitVarInsn(Opcodes.ILOAD, vLocal);
                m.visitInsn(s.kind() == OpForm.SBYTE ? Opcodes.I2B : Opcodes.I2S);
                m.visitVarInsn(Opcodes.ISTORE, vLocal);
            }
            writeback(m, s.writeback(), s.rn(), regs);
            m.visitVarInsn(Opcodes.ILOAD, vLocal);
            regs.store(m, s.rt());
        } else {
            regs.load(m, s.rt(), pc);
            m.visitVarInsn(Opcodes.ISTORE, vLocal);
            write(m, aLocal, 0, size, vLocal, slow);
            writeback(m, s.writeback(), s.rn(), regs);
        }
    }

    private void dual(MethodVisitor m, OpForm.Dual d, RegisterLocals regs, int pc, Label slow) {
        if (d.rn() < 0) {
            m.visitLdcInsn(d.offset());
            m.visitVarInsn(Opcodes.ISTORE, aLocal);
        } else {
            regs.load(m, d.rn(), pc);
            if (d.offset() != 0) {
                m.visitLdcInsn(d.offset());
                m.visitInsn(Opcodes.IADD);
            }
            address(m, d.rn(), d.index(), d.writeback(), regs, pc);
        }
        if (d.load()) {
            read(m, aLocal, 0, 4, vLocal, slow);
            read(m, aLocal, 4, 4, vLocal + 1, slow);
            m.visitVarInsn(Opcodes.ILOAD, vLocal);
            regs.store(m, d.rt());
            m.visitVarInsn(Opcodes.ILOAD, vLocal + 1);
            regs.store(m, d.rt2());
        } else {
            regs.load(m, d.rt(), pc);
            m.visitVarInsn(Opcodes.ISTORE, vLocal);
            regs.load(m, d.rt2(), pc);
            m.visitVarInsn(Opcodes.ISTORE, vLocal + 1);
            write(m, aLocal, 0, 4, vLocal, slow);
            write(m, aLocal, 4, 4, vLocal + 1, slow);
        }
        writeback(m, d.writeback(), d.rn(), regs);
    }

    private void multiple(MethodVisitor m, OpForm.Multiple l, RegisterLocals regs, int pc, Label slow) {
        int count = Integer.bitCount(l.list());
        boolean wb = multipleAddresses(m, l, regs, pc);
        if (l.load()) {
            for (int j = 0; j < count; j++) read(m, aLocal, 4 * j, 4, vLocal + j, slow);
            for (int x = 0, j = 0; x < 15; x++) {
                if ((l.list() & (1 << x)) == 0) continue;
                m.visitVarInsn(Opcodes.ILOAD, vLocal + j++);
                regs.store(m, x);
            }
        } else {
            for (int x = 0, j = 0; x < 16; x++) {
                if ((l.list() & (1 << x)) == 0) continue;
                regs.load(m, x, pc);
                m.visitVarInsn(Opcodes.ISTORE, vLocal + j++);
            }
            for (int j = 0; j < count; j++) write(m, aLocal, 4 * j, 4, vLocal + j, slow);
        }
        if (wb) {
            m.visitVarInsn(Opcodes.ILOAD, wLocal);
            regs.store(m, l.rn());
        }
    }

    /**
     * The fast way of a load multiple into the PC ({@link #returns}): every word loaded, the
     * registers and Rn written only then, and the loaded PC left in {@code core.nextPc} for the
     * way out. A PC value that LoadWritePC would not simply branch to (bit 0 clear: INVSTATE;
     * 0xFxxxxxxx: maybe EXC_RETURN) jumps to slow before anything is written, as a failed load does.
     */
    void emitReturn(MethodVisitor m, OpForm.Multiple l, RegisterLocals regs, int pc, Label slow) {
        int count = Integer.bitCount(l.list());
        int pcItem = vLocal + count - 1;          // the PC, the highest register, is the last word
        boolean wb = multipleAddresses(m, l, regs, pc);
        for (int j = 0; j < count; j++) read(m, aLocal, 4 * j, 4, vLocal + j, slow);
        m.visitVarInsn(Opcodes.ILOAD, pcItem);
        m.visitIntInsn(Opcodes.BIPUSH, 28);
        m.visitInsn(Opcodes.IUSHR);
        m.visitIntInsn(Opcodes.BIPUSH, 15);
        m.visitJumpInsn(Opcodes.IF_ICMPEQ, slow);
        m.visitVarInsn(Opcodes.ILOAD, pcItem);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.IAND);
        m.visitJumpInsn(Opcodes.IFEQ, slow);
        for (int x = 0, j = 0; x < 15; x++) {
            if ((l.list() & (1 << x)) == 0) continue;
            m.visitVarInsn(Opcodes.ILOAD, vLocal + j++);
            regs.store(m, x);
        }
        if (wb) {
            m.visitVarInsn(Opcodes.ILOAD, wLocal);
            regs.store(m, l.rn());
        }
        m.visitVarInsn(Opcodes.ALOAD, coreLocal);
        m.visitVarInsn(Opcodes.ILOAD, pcItem);
        m.visitInsn(Opcodes.ICONST_M1);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.IXOR);
        m.visitInsn(Opcodes.IAND);
        m.visitFieldInsn(Opcodes.PUTFIELD, CORE, "nextPc", "I");
    }

    /**
     * The fast way of an FP load or store whose ExecuteFPCheck has passed: the words between
     * plain RAM and the core's S registers, Rn written back only once every word succeeded.
     */
    void emitFp(MethodVisitor m, OpForm.FpLoadStore l, RegisterLocals regs, int pc, Label slow) {
        if (l.rn() < 0) {
            m.visitLdcInsn(l.offset());
            m.visitVarInsn(Opcodes.ISTORE, aLocal);
        } else {
            regs.load(m, l.rn(), pc);
            if (l.writeback()) {
                m.visitInsn(Opcodes.DUP);
                m.visitLdcInsn(l.wbDelta());
                m.visitInsn(Opcodes.IADD);
                m.visitVarInsn(Opcodes.ISTORE, wLocal);
            }
            if (l.offset() != 0) {
                m.visitLdcInsn(l.offset());
                m.visitInsn(Opcodes.IADD);
            }
            m.visitVarInsn(Opcodes.ISTORE, aLocal);
        }
        if (l.load()) {
            for (int j = 0; j < l.words(); j++) read(m, aLocal, 4 * j, 4, vLocal + j, slow);
            for (int j = 0; j < l.words(); j++) {
                pushS(m, l.first() + j);
                m.visitVarInsn(Opcodes.ILOAD, vLocal + j);
                m.visitInsn(Opcodes.IASTORE);
            }
        } else {
            for (int j = 0; j < l.words(); j++) {
                pushS(m, l.first() + j);
                m.visitInsn(Opcodes.IALOAD);
                m.visitVarInsn(Opcodes.ISTORE, vLocal + j);
            }
            for (int j = 0; j < l.words(); j++) write(m, aLocal, 4 * j, 4, vLocal + j, slow);
        }
        if (l.writeback()) {
            m.visitVarInsn(Opcodes.ILOAD, wLocal);
            regs.store(m, l.rn());
        }
    }

    /** Pushes the core's S register array and index {@code x}. */
    private void pushS(MethodVisitor m, int x) {
        m.visitFieldInsn(Opcodes.GETSTATIC, BlockCompiler.NAME, BlockCompiler.S, "[I");
        m.visitLdcInsn(x);
    }

    /** With the offset address on the stack: the access address into aLocal, the writeback value into wLocal. */
    private void address(MethodVisitor m, int rn, boolean index, boolean writeback, RegisterLocals regs, int pc) {
        if (writeback) {
            m.visitInsn(Opcodes.DUP);
            m.visitVarInsn(Opcodes.ISTORE, wLocal);
        }
        if (index) {
            m.visitVarInsn(Opcodes.ISTORE, aLocal);
        } else {
            m.visitInsn(Opcodes.POP);
            regs.load(m, rn, pc);
            m.visitVarInsn(Opcodes.ISTORE, aLocal);
        }
    }

    private void writeback(MethodVisitor m, boolean writeback, int rn, RegisterLocals regs) {
        if (!writeback) return;
        m.visitVarInsn(Opcodes.ILOAD, wLocal);
        regs.store(m, rn);
    }

    /**
     * into = item at aLocal + plus, or to slow: {@code MemoryPath.tryRead} written out, one lookup
     * in the block's load table (the gate and the bus's fast path folded) and the array read,
     * so that no call is left for C1 to make and less for C2 to inline.
     */
    private void read(MethodVisitor m, int address, int plus, int size, int into, Label slow) {
        item(m, address, plus, size, slow, BlockCompiler.LOADS);
        switch (size) {
            case 1 -> {
                m.visitInsn(Opcodes.BALOAD);
                m.visitIntInsn(Opcodes.SIPUSH, 0xFF);
                m.visitInsn(Opcodes.IAND);
            }
            case 2 -> {
                m.visitMethodInsn(Opcodes.INVOKESTATIC, VIEWS, "getShort", "([BI)S", false);
                m.visitLdcInsn(0xFFFF);
                m.visitInsn(Opcodes.IAND);
            }
            default -> m.visitMethodInsn(Opcodes.INVOKESTATIC, VIEWS, "getInt", "([BI)I", false);
        }
        m.visitVarInsn(Opcodes.ISTORE, into);
    }

    /**
     * The item at the address in local {@code address} + {@code plus}: jumps to slow when it is
     * unaligned or the block's {@code table} (its static field of loads or stores) has no array for its page;
     * else leaves on the stack what the access needs: the array and the index in it (for
     * {@code ArrayViews} with size 2 and 4).
     */
    private int item(MethodVisitor m, int address, int plus, int size, Label slow, String table) {
        int x = address;
        if (plus != 0) {
            x = xLocal;
            m.visitVarInsn(Opcodes.ILOAD, address);
            m.visitLdcInsn(plus);
            m.visitInsn(Opcodes.IADD);
            m.visitVarInsn(Opcodes.ISTORE, x);
        }
        if (size > 1) {
            m.visitVarInsn(Opcodes.ILOAD, x);
            m.visitLdcInsn(size - 1);
            m.visitInsn(Opcodes.IAND);
            m.visitJumpInsn(Opcodes.IFNE, slow);
        }
        m.visitFieldInsn(Opcodes.GETSTATIC, BlockCompiler.NAME, table, "[[B");
        page(m, x);
        m.visitInsn(Opcodes.AALOAD);
        m.visitVarInsn(Opcodes.ASTORE, arrayLocal);
        m.visitVarInsn(Opcodes.ALOAD, arrayLocal);
        m.visitJumpInsn(Opcodes.IFNULL, slow);
        m.visitVarInsn(Opcodes.ALOAD, arrayLocal);
        m.visitFieldInsn(Opcodes.GETSTATIC, BlockCompiler.NAME, BlockCompiler.INDEX, "[I");
        page(m, x);
        m.visitInsn(Opcodes.IALOAD);
        m.visitVarInsn(Opcodes.ILOAD, x);
        m.visitLdcInsn(0xFFFF);
        m.visitInsn(Opcodes.IAND);
        m.visitInsn(Opcodes.IADD);
        return x;
    }

    /** Pushes the 64 KiB page number of the address in local {@code x}. */
    private static void page(MethodVisitor m, int x) {
        m.visitVarInsn(Opcodes.ILOAD, x);
        m.visitIntInsn(Opcodes.BIPUSH, 16);
        m.visitInsn(Opcodes.IUSHR);
    }

    /** Item at aLocal + plus = the int in local {@code from}, or to slow: {@code MemoryPath.tryWrite} written out, as {@link #read}. */
    private void write(MethodVisitor m, int address, int plus, int size, int from, Label slow) {
        int x = item(m, address, plus, size, slow, BlockCompiler.STORES);
        switch (size) {
            case 1 -> {
                m.visitVarInsn(Opcodes.ILOAD, from);
                m.visitInsn(Opcodes.BASTORE);
            }
            case 2 -> {
                m.visitVarInsn(Opcodes.ILOAD, from);
                m.visitInsn(Opcodes.I2S);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, VIEWS, "setShort", "([BIS)V", false);
            }
            default -> {
                m.visitVarInsn(Opcodes.ILOAD, from);
                m.visitMethodInsn(Opcodes.INVOKESTATIC, VIEWS, "setInt", "([BII)V", false);
            }
        }
    }
}
