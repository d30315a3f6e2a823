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

    /** A branch to an address known at decode time: {@link Branch} or {@link CompareBranch}. */
    sealed interface DirectBranch extends OpForm {
        int target();
    }

    /** B (unconditional, {@code cond} 14), B&lt;cond&gt; or BL ({@code link}: LR = next | 1) to {@code target}. */
    record Branch(int cond, int target, boolean link) implements DirectBranch {}

    /** CBZ ({@code nonZero} false) or CBNZ: to {@code target} when Rn is (not) zero. */
    record CompareBranch(int rn, boolean nonZero, int target) implements DirectBranch {}

    /** Access kinds of {@link Single#kind}: word, byte, signed byte, halfword, signed halfword. */
    int WORD = MemoryOps.WORD, BYTE = MemoryOps.BYTE, SBYTE = MemoryOps.SBYTE, HALF = MemoryOps.HALF, SHALF = MemoryOps.SHALF;

    /**
     * LDR/STR of every size (A6.7.42-48, A6.7.119-130 family): the offset address is
     * {@code Rn + (Rm << shift)} when {@code rm >= 0}, else {@code Rn + offset}; with {@code rn}
     * -1 (a literal load) it is {@code offset} itself. The access is at the offset address when
     * {@code index}, else at Rn; {@code writeback} puts the offset address into Rn (before a load's
     * Rt, which wins when they are the same register). Never a load into the PC.
     */
    record Single(boolean load, int kind, int rt, int rn, int rm, int shift, int offset, boolean index, boolean writeback)
            implements OpForm {
        /** Bytes accessed. */
        public int bytes() {
            return kind == WORD ? 4 : kind == BYTE || kind == SBYTE ? 1 : 2;
        }
    }

    /** LDRD/STRD (A6.7.50, A6.7.124): words at the address and the address + 4, each aligned; {@code rn} -1 for the literal form. */
    record Dual(boolean load, int rt, int rt2, int rn, int offset, boolean index, boolean writeback) implements OpForm {}

    /**
     * LDM/STM/PUSH/POP (A6.7.40-41, A6.7.117-118): aligned words of the registers in {@code list},
     * lowest register at the lowest address, from Rn (increment after) or Rn - 4 * count
     * (decrement before); writeback unless a load also loads Rn. A load with the PC in the list
     * is a branch (LoadWritePC, A2.3.1): a function return, POP {..., PC}.
     */
    record Multiple(boolean load, boolean decrementBefore, int rn, int list, boolean writeback) implements OpForm {}

    /**
     * VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP (A7.7): {@code words} aligned words from S[first] at
     * {@code Rn + offset}, or at {@code offset} itself when {@code rn} is -1 (a literal load);
     * with {@code writeback} Rn becomes Rn + {@code wbDelta}. A translator may emit it only where
     * ExecuteFPCheck has already passed in the same block ({@link FpOp}).
     */
    record FpLoadStore(boolean load, int rn, int offset, boolean writeback, int wbDelta, int first, int words)
            implements OpForm {}

    /**
     * Register ops that leave N, Z, C and V alone: {@code Rd = f(Rn, Rm, Ra)} for each
     * {@link #kind} (an unused register -1), {@code arg1}/{@code arg2} its constants: MLA, MLS
     * (A6.7.75-76); SBFX, UBFX, BFI, BFC (lsb, width; A6.7.116, A6.7.148, A6.7.14, A6.7.13);
     * SXTB, SXTH, UXTB, UXTH and their accumulating forms with Rn (rotation; A6.7.141-147
     * family); MOVT (imm16; A6.7.79); REV, REV16, REVSH, RBIT, CLZ (A6.7.96-98, A6.7.95, A6.7.23);
     * SMUL/SMLA&lt;x&gt;&lt;y&gt; (arg1, arg2: Rn's, Rm's top half) and SMULW/SMLAW&lt;y&gt; (arg2) with
     * Ra, which set Q when the accumulation overflows (A7.7.133, A7.7.139, A7.7.146, A7.7.148).
     */
    record RegisterOp(int kind, int rd, int rn, int rm, int ra, int arg1, int arg2) implements OpForm {
        public static final int MLA = 0, MLS = 1, SBFX = 2, UBFX = 3, BFI = 4, BFC = 5, SXTB = 6, SXTH = 7,
                UXTB = 8, UXTH = 9, MOVT = 10, REV = 11, REV16 = 12, REVSH = 13, RBIT = 14, CLZ = 15,
                SMUL_HALF = 16, SMUL_WIDE = 17;
    }

    /** The form of {@code op}, or null when a translator must call its {@code exec}. */
    static OpForm of(Op op) {
        OpForm r = registerOp(op);
        if (r != null) return r;
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
        return memory(op);
    }

    /** MUL as an ALU op, the other register ops of {@link RegisterOp}; never with the PC as a destination. */
    private static OpForm registerOp(Op op) {
        if (op instanceof DataOps.Multiply o && o.rd != 15) {
            if (o.kind == DataOps.Multiply.MUL) return reg(MUL, o.rd, o.rn, o.rm, Shifter.LSL, 0, o.flagPolicy);
            if (o.flagPolicy != FLAGS_NEVER) return null;
            return new RegisterOp(o.kind == DataOps.Multiply.MLA ? RegisterOp.MLA : RegisterOp.MLS, o.rd, o.rn, o.rm, o.ra, 0, 0);
        }
        if (op instanceof DataOps.BitField o && o.rd != 15) {
            return new RegisterOp(RegisterOp.SBFX + o.kind, o.rd, o.rn, -1, -1, o.lsb, o.width);
        }
        if (op instanceof DataOps.Extend o && o.rd != 15) {
            return new RegisterOp(RegisterOp.SXTB + o.kind, o.rd, o.rn, o.rm, -1, o.rotation, 0);
        }
        if (op instanceof DataOps.MovTop o && o.rd != 15) return new RegisterOp(RegisterOp.MOVT, o.rd, -1, -1, -1, o.imm16, 0);
        if (op instanceof DataOps.BitOp o && o.rd != 15) return new RegisterOp(RegisterOp.REV + o.kind, o.rd, -1, o.rm, -1, 0, 0);
        if (op instanceof DspHalfwordMultiplyOp o && o.d != 15) {
            return new RegisterOp(o.wide ? RegisterOp.SMUL_WIDE : RegisterOp.SMUL_HALF, o.d, o.n, o.m, o.a,
                    o.nTop ? 1 : 0, o.mTop ? 1 : 0);
        }
        return null;
    }

    /** Loads and stores, except exclusives (the monitor) and single loads into the PC (branches). */
    private static OpForm memory(Op op) {
        if (op instanceof MemoryOps.LoadWordImm o) return new Single(true, WORD, o.rt, o.rn, -1, 0, o.offset, true, false);
        if (op instanceof MemoryOps.StoreWordImm o) return new Single(false, WORD, o.rt, o.rn, -1, 0, o.offset, true, false);
        if (op instanceof MemoryOps.SingleImm o && !(o.load && o.rt == 15)) {
            return new Single(o.load, o.kind, o.rt, o.rn, -1, 0, o.offset, o.index, o.writeback);
        }
        if (op instanceof MemoryOps.SingleReg o && !(o.load && o.rt == 15)) {
            return new Single(o.load, o.kind, o.rt, o.rn, o.rm, o.shift, 0, true, false);
        }
        if (op instanceof MemoryOps.LoadLiteral o && o.rt != 15) return new Single(true, o.kind, o.rt, -1, -1, 0, o.address, true, false);
        if (op instanceof MemoryOps.Dual o) {
            return o.literal ? new Dual(o.load, o.rt, o.rt2, -1, o.literalAddress, true, false)
                    : new Dual(o.load, o.rt, o.rt2, o.rn, o.offset, o.index, o.writeback);
        }
        if (op instanceof MemoryOps.Multiple o) return new Multiple(o.load, o.decrementBefore, o.rn, o.list, o.writeback);
        if (op instanceof FpOps.LoadStore o) {
            return new FpLoadStore(o.load, o.literal ? -1 : o.rn, (o.literal ? o.literalAddress : 0) + o.offset,
                    o.writeback, o.wbDelta, o.first, o.words);
        }
        return null;
    }

    private static Alu reg(int opc, int rd, int rn, int rm, int shiftType, int shiftAmount, int flagPolicy) {
        return new Alu(opc, rd, rn, rm, 0, shiftType, shiftAmount, flagPolicy, -1);
    }
}
