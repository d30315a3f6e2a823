package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The frames the translator writes instead of ASM computing them pass the JVM's verifier. */
class FixedFramesTest {
    private static final String NAME = "io/xipkit/cpu/jit/FramesProbe";

    @Test
    void aLoopWithAnEarlyExitVerifiesAndRunsWithTheFixedFrames() throws Throwable {
        // static int sum(int n): int s = 0; int i = 0; top: if (i == n) return s; if (i == 7) return -s; s += i; i++; goto top
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, "java/lang/Object", null);
        FixedFrames m = new FixedFrames(cw.visitMethod(Opcodes.ACC_STATIC, "sum", "(I)I", null, null), 3,
                0, Opcodes.INTEGER, 1, Opcodes.INTEGER, 2, Opcodes.INTEGER);
        m.visitCode();
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, 1);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, 2);
        Label top = new Label(), more = new Label(), early = new Label();
        m.visitLabel(top);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IF_ICMPNE, more);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(more);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitIntInsn(Opcodes.BIPUSH, 7);
        m.visitJumpInsn(Opcodes.IF_ICMPEQ, early);
        m.visitIincInsn(1, 0);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitInsn(Opcodes.IADD);
        m.visitVarInsn(Opcodes.ISTORE, 1);
        m.visitIincInsn(2, 1);
        m.visitJumpInsn(Opcodes.GOTO, top);
        m.visitLabel(early);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitInsn(Opcodes.INEG);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(2, m.maxLocals());
        m.visitEnd();
        cw.visitEnd();
        MethodHandles.Lookup probe = MethodHandles.lookup().defineHiddenClass(cw.toByteArray(), true);
        var sum = probe.findStatic(probe.lookupClass(), "sum", MethodType.methodType(int.class, int.class));
        assertThat((int) sum.invokeExact(5)).isEqualTo(10);
        assertThat((int) sum.invokeExact(9)).isEqualTo(-21);
    }

    @Test
    void twoLabelsAtOneOffsetThatNeedDifferentStacksAreRefused() {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, "java/lang/Object", null);
        MethodVisitor target = cw.visitMethod(Opcodes.ACC_STATIC, "m", "()V", null, null);
        FixedFrames m = new FixedFrames(target, 0);
        m.visitCode();
        m.visitInsn(Opcodes.NOP);
        m.visitLabel(new Label());
        assertThatThrownBy(() -> m.visitLabelWithStack(new Label(), "java/lang/Throwable"))
                .isInstanceOf(IllegalStateException.class);
    }
}
