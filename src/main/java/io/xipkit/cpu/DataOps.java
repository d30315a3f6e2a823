package io.xipkit.cpu;

/**
 * Data-processing instructions (DDI 0403E A4.4, A6.7): the sixteen ALU operations on an
 * immediate or a (shifted) register operand, plus moves, shifts by register, multiplies,
 * divides, bit-field, extend and reverse operations.
 */
final class DataOps {
    private DataOps() {}

    // ALU operation codes, shared by every form.
    static final int AND = 0, BIC = 1, ORR = 2, ORN = 3, EOR = 4, ADD = 5, ADC = 6, SBC = 7,
            SUB = 8, RSB = 9, MOV = 10, MVN = 11, TST = 12, TEQ = 13, CMP = 14, CMN = 15, MUL = 16;

    /** Flag-setting policy: never, always, or only outside an IT block (16-bit encodings). */
    static final int FLAGS_NEVER = 0, FLAGS_ALWAYS = 1, FLAGS_OUTSIDE_IT = 2;

    static boolean isLogical(int opc) {
        return opc == AND || opc == BIC || opc == ORR || opc == ORN || opc == EOR || opc == MOV
                || opc == MVN || opc == TST || opc == TEQ || opc == MUL;
    }

    static boolean writesResult(int opc) {
        return opc != TST && opc != TEQ && opc != CMP && opc != CMN;
    }

    /**
     * Performs an ALU operation. For logical operations with flags, {@code shifterCarry} is the
     * carry-out of the second operand's shift (or the current carry when unchanged).
     */
    static int alu(Core c, int opc, int a, int b, boolean setFlags, boolean shifterCarry) {
        int r;
        switch (opc) {
            case AND: case TST: r = a & b; break;
            case BIC: r = a & ~b; break;
            case ORR: r = a | b; break;
            case ORN: r = a | ~b; break;
            case EOR: case TEQ: r = a ^ b; break;
            case MOV: r = b; break;
            case MVN: r = ~b; break;
            case MUL: r = a * b; break;
            case ADD: case CMN:
                return setFlags ? c.addWithCarryFlags(a, b, false) : a + b;
            case ADC:
                return setFlags ? c.addWithCarryFlags(a, b, c.c) : a + b + (c.c ? 1 : 0);
            case SUB: case CMP:
                return setFlags ? c.addWithCarryFlags(a, ~b, true) : a - b;
            case SBC:
                return setFlags ? c.addWithCarryFlags(a, ~b, c.c) : a + ~b + (c.c ? 1 : 0);
            case RSB:
                return setFlags ? c.addWithCarryFlags(~a, b, true) : b - a;
            default:
                throw new IllegalStateException("opc " + opc);
        }
        if (setFlags) {
            c.n = r < 0;
            c.z = r == 0;
            if (opc != MUL) c.c = shifterCarry;
        }
        return r;
    }

    static boolean flags(Core c, int policy) {
        return policy == FLAGS_ALWAYS || (policy == FLAGS_OUTSIDE_IT && c.curIt == 0);
    }

    /** The op for an ALU operation on a shifted register, specialised for the common shapes. */
    static Op reg(int size, int opc, int rd, int rn, int rm, int shiftType, int shiftAmount, int flagPolicy) {
        boolean noShift = shiftType == Shifter.LSL && shiftAmount == 0;
        if (noShift && opc == MOV && flagPolicy == FLAGS_NEVER) return new MovReg(size, rd, rm);
        if (noShift && opc == CMP) return new CmpReg(size, rn, rm);
        return new AluReg(size, opc, rd, rn, rm, shiftType, shiftAmount, flagPolicy);
    }

    /** The op for an ALU operation with an immediate, specialised for the common shapes. */
    static Op imm(int size, int opc, int rd, int rn, int imm, int flagPolicy, int immCarry) {
        if (opc == CMP) return new CmpImm(size, rn, imm);
        return new AluImm(size, opc, rd, rn, imm, flagPolicy, immCarry);
    }

    /** MOV Rd, Rm without flags. */
    static final class MovReg extends Op {
        final int rd, rm;

        MovReg(int size, int rd, int rm) {
            super(size);
            this.rd = rd;
            this.rm = rm;
        }

        @Override
        public void exec(Core c) {
            c.r[rd] = c.r[rm];
        }
    }

    /** CMP Rn, Rm: flags of Rn - Rm. */
    static final class CmpReg extends Op {
        final int rn, rm;

        CmpReg(int size, int rn, int rm) {
            super(size);
            this.rn = rn;
            this.rm = rm;
        }

        @Override
        public void exec(Core c) {
            c.addWithCarryFlags(c.r[rn], ~c.r[rm], true);
        }
    }

    /** CMP Rn, #imm: flags of Rn - imm. */
    static final class CmpImm extends Op {
        final int rn, notImm;

        CmpImm(int size, int rn, int imm) {
            super(size);
            this.rn = rn;
            this.notImm = ~imm;
        }

        @Override
        public void exec(Core c) {
            c.addWithCarryFlags(c.r[rn], notImm, true);
        }
    }

    /** ALU op with an immediate second operand (16-bit imm3/imm8 forms and modified immediates). */
    static final class AluImm extends Op {
        final int opc, rd, rn, imm, flagPolicy;
        /** -1: carry unchanged by the immediate; 0/1: carry out of ThumbExpandImm_C. */
        final int immCarry;

        AluImm(int size, int opc, int rd, int rn, int imm, int flagPolicy, int immCarry) {
            super(size);
            this.opc = opc;
            this.rd = rd;
            this.rn = rn;
            this.imm = imm;
            this.flagPolicy = flagPolicy;
            this.immCarry = immCarry;
        }

        @Override
        public void exec(Core c) {
            boolean s = flags(c, flagPolicy);
            int r = alu(c, opc, c.r[rn], imm, s, immCarry < 0 ? c.c : immCarry == 1);
            if (writesResult(opc)) c.r[rd] = r;
        }
    }

    /** ADD/SUB immediate without flags: the most common instruction shape, kept minimal. */
    static final class AddImm extends Op {
        final int rd, rn, imm;

        AddImm(int size, int rd, int rn, int imm) {
            super(size);
            this.rd = rd;
            this.rn = rn;
            this.imm = imm;
        }

        @Override
        public void exec(Core c) {
            c.r[rd] = c.r[rn] + imm;
        }
    }

    /** MOV immediate without flags. */
    static final class MovImm extends Op {
        final int rd, imm;

        MovImm(int size, int rd, int imm) {
            super(size);
            this.rd = rd;
            this.imm = imm;
        }

        @Override
        public void exec(Core c) {
            c.r[rd] = imm;
        }
    }

    /** ALU op with a register second operand shifted by an immediate. */
    static final class AluReg extends Op {
        final int opc, rd, rn, rm, shiftType, shiftAmount, flagPolicy;

        AluReg(int size, int opc, int rd, int rn, int rm, int shiftType, int shiftAmount, int flagPolicy) {
            super(size);
            this.opc = opc;
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.shiftType = shiftType;
            this.shiftAmount = shiftAmount;
            this.flagPolicy = flagPolicy;
        }

        @Override
        public void exec(Core c) {
            boolean s = flags(c, flagPolicy);
            int m = c.r[rm];
            int b;
            boolean carry = c.c;
            if (shiftType == Shifter.LSL && shiftAmount == 0) {
                b = m;
            } else {
                b = Shifter.shift(m, shiftType, shiftAmount, c.c);
                if (s && isLogical(opc)) carry = Shifter.carry(m, shiftType, shiftAmount, c.c);
            }
            int r = alu(c, opc, c.r[rn], b, s, carry);
            if (writesResult(opc)) c.r[rd] = r;
        }
    }

    /** ADD/MOV to the PC from the 16-bit high-register forms: ALUWritePC (a branch). */
    static final class AluRegToPc extends Op {
        final int opc, rn, rm;

        AluRegToPc(int opc, int rn, int rm) {
            super(2);
            this.opc = opc;
            this.rn = rn;
            this.rm = rm;
        }

        @Override
        public void exec(Core c) {
            int v = opc == MOV ? c.r[rm] : c.r[rn] + c.r[rm];
            c.branchWritePc(v);
        }
    }

    /** LSL/LSR/ASR/ROR by a register (16-bit and 32-bit forms). */
    static final class ShiftByReg extends Op {
        final int rd, rn, rm, type, flagPolicy;

        ShiftByReg(int size, int rd, int rn, int rm, int type, int flagPolicy) {
            super(size);
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.type = type;
            this.flagPolicy = flagPolicy;
        }

        @Override
        public void exec(Core c) {
            int value = c.r[rn];
            int amount = c.r[rm] & 0xFF;
            int r = Shifter.shift(value, type, amount, c.c);
            if (flags(c, flagPolicy)) {
                c.c = Shifter.carry(value, type, amount, c.c);
                c.setNZ(r);
            }
            c.r[rd] = r;
        }
    }

    /** MUL, MLA, MLS (A6.7.74, A6.7.75, A6.7.83). */
    static final class Multiply extends Op {
        static final int MUL = 0, MLA = 1, MLS = 2;
        final int kind, rd, rn, rm, ra, flagPolicy;

        Multiply(int size, int kind, int rd, int rn, int rm, int ra, int flagPolicy) {
            super(size);
            this.kind = kind;
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.ra = ra;
            this.flagPolicy = flagPolicy;
        }

        @Override
        public void exec(Core c) {
            int p = c.r[rn] * c.r[rm];
            int r = kind == MUL ? p : kind == MLA ? c.r[ra] + p : c.r[ra] - p;
            if (flags(c, flagPolicy)) c.setNZ(r);
            c.r[rd] = r;
        }
    }

    /** SMULL, UMULL, SMLAL, UMLAL (A6.7.138, A6.7.150, A6.7.126, A6.7.149). */
    static final class LongMultiply extends Op {
        final boolean signed, accumulate;
        final int rdLo, rdHi, rn, rm;

        LongMultiply(boolean signed, boolean accumulate, int rdLo, int rdHi, int rn, int rm) {
            super(4);
            this.signed = signed;
            this.accumulate = accumulate;
            this.rdLo = rdLo;
            this.rdHi = rdHi;
            this.rn = rn;
            this.rm = rm;
        }

        @Override
        public void exec(Core c) {
            long a = signed ? c.r[rn] : c.r[rn] & 0xFFFFFFFFL;
            long b = signed ? c.r[rm] : c.r[rm] & 0xFFFFFFFFL;
            long p = a * b;
            if (accumulate) p += ((long) c.r[rdHi] << 32) | (c.r[rdLo] & 0xFFFFFFFFL);
            c.r[rdLo] = (int) p;
            c.r[rdHi] = (int) (p >>> 32);
        }
    }

    /** SDIV, UDIV (A6.7.114, A6.7.145): division by zero gives 0 unless CCR.DIV_0_TRP. */
    static final class Divide extends Op {
        final boolean signed;
        final int rd, rn, rm;

        Divide(boolean signed, int rd, int rn, int rm) {
            super(4);
            this.signed = signed;
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
        }

        @Override
        public void exec(Core c) {
            int d = c.r[rm];
            if (d == 0) {
                if (c.divByZeroTrap) throw new CpuFault(FaultKind.DIVBYZERO);
                c.r[rd] = 0;
                return;
            }
            int n = c.r[rn];
            // Integer.MIN_VALUE / -1 overflows to MIN_VALUE in both Java and the architecture.
            c.r[rd] = signed ? n / d : Integer.divideUnsigned(n, d);
        }
    }

    /** SBFX, UBFX, BFI, BFC (A6.7.106, A6.7.140, A6.7.14, A6.7.13). */
    static final class BitField extends Op {
        static final int SBFX = 0, UBFX = 1, BFI = 2, BFC = 3;
        final int kind, rd, rn, lsb, width;

        BitField(int kind, int rd, int rn, int lsb, int width) {
            super(4);
            this.kind = kind;
            this.rd = rd;
            this.rn = rn;
            this.lsb = lsb;
            this.width = width;
        }

        @Override
        public void exec(Core c) {
            int mask = width >= 32 ? -1 : (1 << width) - 1;
            switch (kind) {
                case SBFX:
                    c.r[rd] = (c.r[rn] << (32 - lsb - width)) >> (32 - width);
                    break;
                case UBFX:
                    c.r[rd] = (c.r[rn] >>> lsb) & mask;
                    break;
                case BFI:
                    c.r[rd] = (c.r[rd] & ~(mask << lsb)) | ((c.r[rn] & mask) << lsb);
                    break;
                default:
                    c.r[rd] = c.r[rd] & ~(mask << lsb);
                    break;
            }
        }
    }

    /** MOVT (A6.7.79): writes the top halfword. */
    static final class MovTop extends Op {
        final int rd, imm16;

        MovTop(int rd, int imm16) {
            super(4);
            this.rd = rd;
            this.imm16 = imm16;
        }

        @Override
        public void exec(Core c) {
            c.r[rd] = (c.r[rd] & 0xFFFF) | (imm16 << 16);
        }
    }

    /** SXTB/SXTH/UXTB/UXTH and the accumulating SXTAB/SXTAH/UXTAB/UXTAH, with rotation. */
    static final class Extend extends Op {
        static final int SXTB = 0, SXTH = 1, UXTB = 2, UXTH = 3;
        final int kind, rd, rn, rm, rotation;

        /** rn = -1 for the non-accumulating forms. */
        Extend(int size, int kind, int rd, int rn, int rm, int rotation) {
            super(size);
            this.kind = kind;
            this.rd = rd;
            this.rn = rn;
            this.rm = rm;
            this.rotation = rotation;
        }

        @Override
        public void exec(Core c) {
            int v = Integer.rotateRight(c.r[rm], rotation);
            switch (kind) {
                case SXTB: v = (byte) v; break;
                case SXTH: v = (short) v; break;
                case UXTB: v &= 0xFF; break;
                default: v &= 0xFFFF; break;
            }
            c.r[rd] = rn < 0 ? v : c.r[rn] + v;
        }
    }

    /** REV, REV16, REVSH, RBIT, CLZ (A6.7.96–98, A6.7.95, A6.7.23). */
    static final class BitOp extends Op {
        static final int REV = 0, REV16 = 1, REVSH = 2, RBIT = 3, CLZ = 4;
        final int kind, rd, rm;

        BitOp(int size, int kind, int rd, int rm) {
            super(size);
            this.kind = kind;
            this.rd = rd;
            this.rm = rm;
        }

        @Override
        public void exec(Core c) {
            int v = c.r[rm];
            switch (kind) {
                case REV: v = Integer.reverseBytes(v); break;
                case REV16: v = ((v >>> 8) & 0x00FF00FF) | ((v << 8) & 0xFF00FF00); break;
                case REVSH: v = (short) (((v & 0xFF) << 8) | ((v >>> 8) & 0xFF)); break;
                case RBIT: v = Integer.reverse(v); break;
                default: v = Integer.numberOfLeadingZeros(v); break;
            }
            c.r[rd] = v;
        }
    }
}
