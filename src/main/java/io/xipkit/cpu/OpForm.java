package io.xipkit.cpu;

/**
 * The operands of the decoded instructions a translator emits as bytecode of its own instead of
 * calling {@link Op#exec} (the ops' fields stay package-private): the data-processing forms
 * (DDI 0403E A4.4) and the direct branches. {@link #of} returns null for every other op.
 */
public sealed interface OpForm {
    /** ALU operation codes ({@link Alu#opc}), as in the architecture's data-processing group. */
    int AND = DataOps.AND, BIC = DataOps.BIC, ORR = DataOps.ORR, ORN = DataOps.ORN, EOR = DataOps.EOR,
            ADD = DataOps.ADD, ADC = DataOps.ADC, SBC = DataOps.SBC, SUB = DataOps.SUB, RSB = DataOps.RSB,
            MOV = DataOps.MOV, MVN = DataOps.MVN, TST = DataOps.TST, TEQ = DataOps.TEQ, CMP = DataOps.CMP,
            CMN = DataOps.CMN, MUL = DataOps.MUL;
    /** Shift types of {@link Alu#shiftType} (DecodeImmShift, A7.4.2). */
    int LSL = Shifter.LSL, LSR = Shifter.LSR, ASR = Shifter.ASR, ROR = Shifter.ROR, RRX = Shifter.RRX;
    /** Flag-setting policies of {@link Alu#flagPolicy}. */
    int FLAGS_NEVER = DataOps.FLAGS_NEVER, FLAGS_ALWAYS = DataOps.FLAGS_ALWAYS, FLAGS_OUTSIDE_IT = DataOps.FLAGS_OUTSIDE_IT;

    /**
     * {@code Rd = Rn <opc> operand2}. The second operand is {@code Shift(Rm, shiftType, shiftAmount)}
     * when {@code rm >= 0}, else the immediate {@code imm}, whose carry out is {@code immCarry}
     * (-1: carry unchanged). {@code rn} is meaningless for MOV/MVN.
     */
    record Alu(int opc, int rd, int rn, int rm, int imm, int shiftType, int shiftAmount, int flagPolicy, int immCarry)
            implements OpForm {
        public boolean writesResult() {
            return DataOps.writesResult(opc);
        }

        public boolean logical() {
            return DataOps.isLogical(opc);
        }

        /** Whether the flags are set, for an instruction executing with ITSTATE {@code it}. */
        public boolean setsFlags(int it) {
            return flagPolicy == FLAGS_ALWAYS || (flagPolicy == FLAGS_OUTSIDE_IT && it == 0);
        }

        /** Whether the shifted register operand is Rm itself (LSL #0). */
        public boolean unshifted() {
            return rm < 0 || (shiftType == LSL && shiftAmount == 0);
        }
    }

    /** B (unconditional, {@code cond} 14), B&lt;cond&gt; or BL ({@code link}: LR = next | 1) to {@code target}. */
    record Branch(int cond, int target, boolean link) implements OpForm {}

    /** CBZ ({@code nonZero} false) or CBNZ: to {@code target} when Rn is (not) zero. */
    record CompareBranch(int rn, boolean nonZero, int target) implements OpForm {}

    /** The form of {@code op}, or null when a translator must call its {@code exec}. */
    static OpForm of(Op op) {
        if (op instanceof DataOps.MovReg o) return reg(MOV, o.rd, 0, o.rm, Shifter.LSL, 0, FLAGS_NEVER);
        if (op instanceof DataOps.CmpReg o) return reg(CMP, 0, o.rn, o.rm, Shifter.LSL, 0, FLAGS_ALWAYS);
        if (op instanceof DataOps.CmpImm o) return new Alu(CMP, 0, o.rn, -1, ~o.notImm, 0, 0, FLAGS_ALWAYS, -1);
        if (op instanceof DataOps.AddImm o) return new Alu(ADD, o.rd, o.rn, -1, o.imm, 0, 0, FLAGS_NEVER, -1);
        if (op instanceof DataOps.MovImm o) return new Alu(MOV, o.rd, 0, -1, o.imm, 0, 0, FLAGS_NEVER, -1);
        if (op instanceof DataOps.AluImm o) return new Alu(o.opc, o.rd, o.rn, -1, o.imm, 0, 0, o.flagPolicy, o.immCarry);
        if (op instanceof DataOps.AluReg o) return reg(o.opc, o.rd, o.rn, o.rm, o.shiftType, o.shiftAmount, o.flagPolicy);
        if (op instanceof ControlOps.Jump o) return new Branch(14, o.target, false);
        if (op instanceof ControlOps.CondBranch o) return new Branch(o.cond, o.target, false);
        // BL; not a branch to itself, which the interpreter reports when a fault handler spins on it.
        if (op instanceof ControlOps.Branch o && !o.toItself && o.cond == 0xE) return new Branch(14, o.target, o.link);
        if (op instanceof ControlOps.CompareBranch o) return new CompareBranch(o.rn, o.nonZero, o.target);
        return null;
    }

    private static Alu reg(int opc, int rd, int rn, int rm, int shiftType, int shiftAmount, int flagPolicy) {
        return new Alu(opc, rd, rn, rm, 0, shiftType, shiftAmount, flagPolicy, -1);
    }
}
