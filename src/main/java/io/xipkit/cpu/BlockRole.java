package io.xipkit.cpu;

/**
 * What a translator of basic blocks ({@link CodeTranslator}) may do with a decoded instruction.
 * The classification is conservative: an op not known to leave control flow and the system state
 * alone ends its block, so the translated code runs it exactly as the run loop would, as the
 * block's last instruction.
 */
public enum BlockRole {
    /** Registers and flags only: cannot fault, access memory or ask for service. */
    PURE,
    /** Straight-line, but may access memory or fault: the block re-checks the service checkpoint after it. */
    ACCESS,
    /** IT: sets ITSTATE for the following instructions ({@link #itStateOf}). */
    IF_THEN,
    /** Branches, PC writes, system and debug instructions: the last instruction of a block. */
    END;

    /** The role of {@code op}. */
    public static BlockRole of(Op op) {
        if (op instanceof DataOps.MovReg || op instanceof DataOps.CmpReg || op instanceof DataOps.CmpImm
                || op instanceof DataOps.AluImm || op instanceof DataOps.AddImm || op instanceof DataOps.MovImm
                || op instanceof DataOps.AluReg || op instanceof DataOps.ShiftByReg || op instanceof DataOps.Multiply
                || op instanceof DataOps.LongMultiply || op instanceof DataOps.BitField || op instanceof DataOps.MovTop
                || op instanceof DataOps.Extend || op instanceof DataOps.BitOp || op instanceof ControlOps.Nop) {
            return PURE;
        }
        if (op instanceof ControlOps.IfThen) return IF_THEN;
        if (op instanceof MemoryOps.LoadWordImm || op instanceof MemoryOps.StoreWordImm
                || op instanceof MemoryOps.Dual || op instanceof MemoryOps.LoadExclusive
                || op instanceof MemoryOps.StoreExclusive || op instanceof DataOps.Divide
                || op instanceof ControlOps.ClearExclusive || op instanceof UnprivilegedAccessOp
                // FP: may fault (NOCP) and preserve lazily stacked state (B1.5.7); flags via VMRS only.
                || op instanceof FpOps.Arith || op instanceof FpOps.Convert || op instanceof FpOps.MovImm
                || op instanceof FpOps.Transfer || op instanceof FpOps.LoadStore
                || isDsp(op)) {
            return ACCESS;
        }
        // Loads into the PC are interworking branches (and exception returns in Handler mode).
        if (op instanceof MemoryOps.SingleImm s) return s.load && s.rt == 15 ? END : ACCESS;
        if (op instanceof MemoryOps.SingleReg s) return s.load && s.rt == 15 ? END : ACCESS;
        if (op instanceof MemoryOps.LoadLiteral s) return s.rt == 15 ? END : ACCESS;
        if (op instanceof MemoryOps.Multiple m) return m.load && (m.list & 0x8000) != 0 ? END : ACCESS;
        return END;
    }

    /**
     * Whether {@code op} may read R15 (this instruction's address + 4) from the register file; a
     * translated block sets R15 only before those (and at its exits). True for any op not known.
     */
    public static boolean readsPc(Op op) {
        if (op instanceof DataOps.MovImm || op instanceof MemoryOps.LoadLiteral || op instanceof ControlOps.IfThen
                || op instanceof ControlOps.Nop || op instanceof ControlOps.Jump || op instanceof ControlOps.CondBranch) {
            return false;
        }
        if (op instanceof FpOp) return op instanceof FpOps.Transfer || (op instanceof FpOps.LoadStore l && !l.literal && l.rn == 15);
        if (op instanceof DataOps.MovReg o) return o.rm == 15;
        if (op instanceof DataOps.CmpReg o) return (o.rn | o.rm) == 15;
        if (op instanceof DataOps.CmpImm o) return o.rn == 15;
        if (op instanceof DataOps.AluImm o) return o.rn == 15;
        if (op instanceof DataOps.AddImm o) return o.rn == 15;
        if (op instanceof DataOps.AluReg o) return o.rn == 15 || o.rm == 15;
        if (op instanceof DataOps.ShiftByReg o) return o.rn == 15 || o.rm == 15;
        if (op instanceof DataOps.Multiply o) return o.rn == 15 || o.rm == 15 || o.ra == 15;
        if (op instanceof MemoryOps.LoadWordImm o) return o.rn == 15;
        if (op instanceof MemoryOps.StoreWordImm o) return o.rn == 15 || o.rt == 15;
        if (op instanceof MemoryOps.SingleImm o) return o.rn == 15 || o.rt == 15;
        if (op instanceof MemoryOps.SingleReg o) return o.rn == 15 || o.rm == 15 || o.rt == 15;
        if (op instanceof MemoryOps.Multiple o) return o.rn == 15 || (o.list & 0x8000) != 0;
        return true;
    }

    /** DSP extension data processing (registers, Q and GE flags; UNDEFINED encodings fault). */
    private static boolean isDsp(Op op) {
        return op instanceof DspDualMultiplyOp || op instanceof DspExtend16Op || op instanceof DspHalfwordMultiplyOp
                || op instanceof DspLongMultiplyOp || op instanceof DspMostSignificantMultiplyOp || op instanceof DspPackOp
                || op instanceof DspParallelOp || op instanceof DspSaturateOp || op instanceof DspSaturatingAddOp
                || op instanceof DspSelOp || op instanceof DspSumAbsoluteDifferencesOp || op instanceof DspUndefinedOp;
    }

    /** The ITSTATE an IT instruction sets (only for ops whose role is {@link #IF_THEN}). */
    public static int itStateOf(Op op) {
        return ((ControlOps.IfThen) op).itState;
    }

    /** ITSTATE after an instruction executed with {@code it} (ITAdvance, DDI 0403E A7.3.3). */
    public static int advance(int it) {
        return (it & 7) == 0 ? 0 : (it & 0xE0) | ((it << 1) & 0x1F);
    }
}
