package io.xipkit.cpu.jit;

import java.util.Arrays;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes the stack map frames of a block's {@code run} as its labels are placed, instead of ASM
 * computing them ({@code COMPUTE_FRAMES} runs a data-flow analysis over every method, a large part
 * of what a translation cost). They can be written because a block's locals have one type each for
 * the whole method: every local a label's frame names is set before the method's first label and
 * keeps its type, so the frame at each label is the same list of locals, and the operand stack
 * there is empty except where the caller says what it holds ({@link #visitLabelWithStack}).
 *
 * <p>A local left {@code TOP} in the frames (scratch, the caught exception) must not be read after
 * a label before it is stored again; the verifier rejects the class otherwise.
 */
final class FixedFrames extends MethodVisitor {
    private final Object[] locals;
    /** Code offset of the last frame written: a second label at the same offset shares it. */
    private int lastOffset = -1;
    private Object[] lastStack;

    /**
     * @param typed pairs of a local's index and its type at every label ({@link Opcodes#INTEGER},
     *              an internal class name); a local not listed is {@link Opcodes#TOP}. No long or
     *              double: they take two slots but one entry of a frame.
     */
    FixedFrames(MethodVisitor target, int maxLocals, Object... typed) {
        super(Opcodes.ASM9, target);
        locals = new Object[maxLocals];
        Arrays.fill(locals, Opcodes.TOP);
        for (int i = 0; i < typed.length; i += 2) locals[(Integer) typed[i]] = typed[i + 1];
    }

    /** Places {@code label} with the fixed locals and an empty operand stack. */
    @Override
    public void visitLabel(Label label) {
        visitLabelWithStack(label);
    }

    /** Places {@code label} with the fixed locals and {@code stack} (types, bottom first) on the operand stack. */
    void visitLabelWithStack(Label label, Object... stack) {
        super.visitLabel(label);
        int offset = label.getOffset();
        if (offset == lastOffset) {
            // Two labels, one place: one frame, which must suit both (ASM writes one per offset).
            if (!Arrays.equals(stack, lastStack)) throw new IllegalStateException("two frames at offset " + offset);
            return;
        }
        // The locals in full once, then "same locals" frames: ASM writes them as they come.
        if (lastOffset < 0) super.visitFrame(Opcodes.F_FULL, locals.length, locals, stack.length, stack);
        else if (stack.length == 0) super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        else if (stack.length == 1) super.visitFrame(Opcodes.F_SAME1, 0, null, 1, stack);
        else super.visitFrame(Opcodes.F_FULL, locals.length, locals, stack.length, stack);
        lastOffset = offset;
        lastStack = stack;
    }

    /** The method's max locals. */
    int maxLocals() {
        return locals.length;
    }
}
