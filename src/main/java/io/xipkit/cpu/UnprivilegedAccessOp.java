package io.xipkit.cpu;

/**
 * LDRT, LDRBT, LDRHT, LDRSBT, LDRSHT, STRT, STRBT, STRHT (DDI 0403E A7.7, the "...T" instructions): an access at
 * [Rn, #imm8] that the MPU checks as unprivileged even when the processor is privileged
 * (MemU_unpriv; B3.5.9 AccType_UNPRIV). Rare in code, so always taken through the core's
 * checked path.
 */
final class UnprivilegedAccessOp extends MemoryOps.ImmediateOffsetAccess {
    private final boolean load;
    private final int kind;

    UnprivilegedAccessOp(boolean load, int kind, int rt, int rn, int offset) {
        super(4, rt, rn, offset);
        this.load = load;
        this.kind = kind;
    }

    @Override
    public void exec(Core c) {
        int a = c.r[rn] + offset;
        int size = kind == MemoryOps.WORD ? 4 : (kind == MemoryOps.BYTE || kind == MemoryOps.SBYTE) ? 1 : 2;
        if (size > 1 && (a & (size - 1)) != 0 && c.unalignTrap) throw new CpuFault(FaultKind.UNALIGNED);
        // Checked as unprivileged whatever the current mode (MemU_unpriv; B3.5.9 AccType_UNPRIV).
        MemoryPath memory = c.memory();
        int context = memory.accessContext == 0 ? 0 : 2;
        if (load) {
            int v = memory.readIn(a, size, context);
            if (kind == MemoryOps.SBYTE) v = (byte) v;
            else if (kind == MemoryOps.SHALF) v = (short) v;
            c.r[rt] = v;
        } else {
            memory.writeIn(a, size, c.r[rt], context);
        }
    }
}
