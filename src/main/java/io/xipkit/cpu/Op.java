package io.xipkit.cpu;

/**
 * One decoded instruction at one address. Decoded once and cached by the core; executing it
 * must not allocate. Operands that depend only on the instruction's address (PC-relative
 * targets and literals) are resolved at decode time.
 *
 * <p>Before {@link #exec} the core has set {@code core.nextPc} to the address of the following
 * instruction and {@code core.r[15]} to this instruction's address + 4 (the Thumb PC value).
 */
public abstract class Op {
    /** 2 or 4. */
    public final int size;

    protected Op(int size) {
        this.size = size;
    }

    public abstract void exec(Core c);
}
