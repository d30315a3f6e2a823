package io.xipkit.cpu;

/**
 * A floating-point instruction: {@link #exec} is ExecuteFPCheck (DDI 0403E B1.5.7 and the
 * pseudocode's ExecuteFPCheck: CPACR access, lazy state preservation, CONTROL.FPCA) followed by
 * the instruction itself, {@link #execEnabled}.
 *
 * <p>A translated block calls {@code execEnabled} directly for a floating-point instruction that
 * follows another one in the same block: the check's inputs (CPACR, FPCCR, CONTROL, the privilege)
 * change only through system instructions and exceptions, which end a block or leave it, and
 * stores into the System Control Space, after which the block leaves too; once one check has
 * passed, a second is a no-op (the first cleared LSPACT and set FPCA).
 */
public abstract class FpOp extends Op {
    FpOp() {
        super(4);
    }

    @Override
    public final void exec(Core c) {
        c.exceptions.fpuAccess();
        execEnabled(c);
    }

    /** The instruction once ExecuteFPCheck has passed. */
    public abstract void execEnabled(Core c);

    /** Whether the instruction reads or writes the core registers R0–R14 or the APSR flags. */
    public boolean touchesCoreRegisters() {
        return false;
    }
}
