package io.xipkit.cpu;

import static io.xipkit.cpu.DataOps.FLAGS_ALWAYS;
import static io.xipkit.cpu.DataOps.FLAGS_NEVER;
import static io.xipkit.cpu.DataOps.FLAGS_OUTSIDE_IT;

// Kept whole over 600 lines (issue 9): the A5 encoding tree as one decode table; the DSP and FP sub-tables already live in DspDecoder and FpDecoder.
/**
 * Decodes Thumb and Thumb-2 instructions into {@link Op}s (DDI 0403E, A5 "The Thumb Instruction
 * Set Encoding"; section numbers below refer to it). DSP-extension and floating-point encodings
 * are delegated to {@link DspDecoder} and {@link FpDecoder}. PC-relative operands are resolved
 * here, since an op is cached for exactly one address.
 */
final class ThumbDecoder {
    private final CoreVariant variant;

    ThumbDecoder(CoreVariant variant) {
        this.variant = variant;
    }

    /** A5.1: halfwords starting 0b11101, 0b11110 or 0b11111 begin a 32-bit instruction. */
    static boolean is32Bit(int hw1) {
        return (hw1 & 0xF800) >= 0xE800;
    }

    private static int bits(int v, int hi, int lo) {
        return (v >>> lo) & ((1 << (hi - lo + 1)) - 1);
    }

    private static boolean bit(int v, int n) {
        return ((v >>> n) & 1) != 0;
    }

    private static int align4(int a) {
        return a & ~3;
    }

    // =============================================================================================
    // 16-bit encodings (A5.2)
    // =============================================================================================

    Op decode16(int pc, int hw) {
        int opcode = bits(hw, 15, 10);
        if ((opcode & 0x30) == 0x00) return shiftAddSubMoveCompare(hw);
        if (opcode == 0x10) return dataProcessing16(hw);
        if (opcode == 0x11) return specialDataBranch(hw);
        if ((opcode & 0x3E) == 0x12) {
            // LDR (literal) T1
            return new MemoryOps.LoadLiteral(2, MemoryOps.WORD, bits(hw, 10, 8), align4(pc + 4) + bits(hw, 7, 0) * 4);
        }
        if ((opcode & 0x3C) == 0x14 || (opcode & 0x38) == 0x18 || (opcode & 0x38) == 0x20) return loadStore16(hw);
        if ((opcode & 0x3E) == 0x28) {
            // ADR T1
            return new DataOps.MovImm(2, bits(hw, 10, 8), align4(pc + 4) + bits(hw, 7, 0) * 4);
        }
        if ((opcode & 0x3E) == 0x2A) {
            // ADD (SP plus immediate) T1
            return new DataOps.AddImm(2, bits(hw, 10, 8), 13, bits(hw, 7, 0) * 4);
        }
        if ((opcode & 0x3C) == 0x2C) return misc16(pc, hw);
        if ((opcode & 0x3E) == 0x30) {
            // STM T1 (always writeback)
            int list = bits(hw, 7, 0);
            if (list == 0) return undefined(2);
            return new MemoryOps.Multiple(2, false, false, bits(hw, 10, 8), list, true);
        }
        if ((opcode & 0x3E) == 0x32) {
            // LDM T1: writeback unless Rn is in the list
            int rn = bits(hw, 10, 8);
            int list = bits(hw, 7, 0);
            if (list == 0) return undefined(2);
            return new MemoryOps.Multiple(2, true, false, rn, list, (list & (1 << rn)) == 0);
        }
        if ((opcode & 0x3C) == 0x34) {
            int cond = bits(hw, 11, 8);
            if (cond == 0xE) return undefined(2); // UDF
            if (cond == 0xF) return new ControlOps.SupervisorCall(bits(hw, 7, 0));
            int imm = ((byte) bits(hw, 7, 0)) * 2;
            return ControlOps.branch(pc, 2, pc + 4 + imm, cond, false);
        }
        if ((opcode & 0x3E) == 0x38) {
            int imm = ((bits(hw, 10, 0) << 21) >> 21) * 2;
            return ControlOps.branch(pc, 2, pc + 4 + imm, 0xE, false);
        }
        return undefined(2);
    }

    /** A5.2.1 Shift (immediate), add, subtract, move, and compare. */
    private Op shiftAddSubMoveCompare(int hw) {
        int op = bits(hw, 13, 9);
        int rd = bits(hw, 2, 0);
        int rn = bits(hw, 5, 3);
        int imm5 = bits(hw, 10, 6);
        if (op < 0xC) {
            int type = op >>> 2;
            if (type == 0 && imm5 == 0) {
                // MOVS Rd, Rm (MOV register T2): flags N, Z only, carry unchanged.
                return DataOps.reg(2, DataOps.MOV, rd, 0, rn, Shifter.LSL, 0, FLAGS_OUTSIDE_IT);
            }
            return DataOps.reg(2, DataOps.MOV, rd, 0, rn, type, Shifter.decodeAmount(type, imm5), FLAGS_OUTSIDE_IT);
        }
        int rm = bits(hw, 8, 6);
        switch (op) {
            case 0xC: return DataOps.reg(2, DataOps.ADD, rd, rn, rm, Shifter.LSL, 0, FLAGS_OUTSIDE_IT);
            case 0xD: return DataOps.reg(2, DataOps.SUB, rd, rn, rm, Shifter.LSL, 0, FLAGS_OUTSIDE_IT);
            case 0xE: return DataOps.imm(2, DataOps.ADD, rd, rn, bits(hw, 8, 6), FLAGS_OUTSIDE_IT, -1);
            case 0xF: return DataOps.imm(2, DataOps.SUB, rd, rn, bits(hw, 8, 6), FLAGS_OUTSIDE_IT, -1);
            default: break;
        }
        int rdn = bits(hw, 10, 8);
        int imm8 = bits(hw, 7, 0);
        switch (op >>> 2) {
            case 4: return DataOps.imm(2, DataOps.MOV, rdn, 0, imm8, FLAGS_OUTSIDE_IT, -1);
            case 5: return DataOps.imm(2, DataOps.CMP, 0, rdn, imm8, FLAGS_ALWAYS, -1);
            case 6: return DataOps.imm(2, DataOps.ADD, rdn, rdn, imm8, FLAGS_OUTSIDE_IT, -1);
            default: return DataOps.imm(2, DataOps.SUB, rdn, rdn, imm8, FLAGS_OUTSIDE_IT, -1);
        }
    }

    /** A5.2.2 Data processing (register). */
    private Op dataProcessing16(int hw) {
        int op = bits(hw, 9, 6);
        int rm = bits(hw, 5, 3);
        int rdn = bits(hw, 2, 0);
        switch (op) {
            case 0x0: return DataOps.reg(2, DataOps.AND, rdn, rdn, rm, Shifter.LSL, 0, FLAGS_OUTSIDE_IT);
            case 0x1: return DataOps.reg(2, DataOps.EOR, rdn, rdn, rm, Shifter.LSL, 0, FLAGS_OUTSIDE_IT);
            case 0x2: return new DataOps.ShiftByReg(2, rdn, rdn, rm, Shifter.LSL, FLAGS_OUTSIDE_IT);
            case 0x3: return new DataOps.ShiftByReg(2, rdn, rdn, rm, Shifter.LSR, FLAGS_OUTSIDE_IT);
            case 0x4: return new DataOps.ShiftByReg(2, rdn, rdn, rm, Shifter.ASR, FLAGS_OUTSIDE_IT);
            case 0x5: return DataOps.reg(2, DataOps.ADC, rdn, rdn, rm, Shifter.LSL, 0, FLAGS_OUTSIDE_IT);
            case 0x6: return DataOps.reg(2, DataOps.SBC, rdn, rdn, rm, Shifter.LSL, 0, FLAGS_OUTSIDE_IT);
            case 0x7: return new DataOps.ShiftByReg(2, rdn, rdn, rm, Shifter.ROR, FLAGS_OUTSIDE_IT);
            case 0x8: return DataOps.reg(2, DataOps.TST, 0, rdn, rm, Shifter.LSL, 0, FLAGS_ALWAYS);
            case 0x9: return DataOps.imm(2, DataOps.RSB, rdn, rm, 0, FLAGS_OUTSIDE_IT, -1);
            case 0xA: return DataOps.reg(2, DataOps.CMP, 0, rdn, rm, Shifter.LSL, 0, FLAGS_ALWAYS);
            case 0xB: return DataOps.reg(2, DataOps.CMN, 0, rdn, rm, Shifter.LSL, 0, FLAGS_ALWAYS);
            case 0xC: return DataOps.reg(2, DataOps.ORR, rdn, rdn, rm, Shifter.LSL, 0, FLAGS_OUTSIDE_IT);
            case 0xD: return new DataOps.Multiply(2, DataOps.Multiply.MUL, rdn, rm, rdn, 0, FLAGS_OUTSIDE_IT);
            case 0xE: return DataOps.reg(2, DataOps.BIC, rdn, rdn, rm, Shifter.LSL, 0, FLAGS_OUTSIDE_IT);
            default: return DataOps.reg(2, DataOps.MVN, rdn, 0, rm, Shifter.LSL, 0, FLAGS_OUTSIDE_IT);
        }
    }

    /** A5.2.3 Special data instructions and branch and exchange. */
    private Op specialDataBranch(int hw) {
        int op = bits(hw, 9, 6);
        int rm = bits(hw, 6, 3);
        int rdn = (bits(hw, 7, 7) << 3) | bits(hw, 2, 0);
        if (op < 4) {
            // ADD (register) T2, no flags
            if (rdn == 15) return new DataOps.AluRegToPc(DataOps.ADD, 15, rm);
            return DataOps.reg(2, DataOps.ADD, rdn, rdn, rm, Shifter.LSL, 0, FLAGS_NEVER);
        }
        if (op < 8) {
            // CMP (register) T2
            return DataOps.reg(2, DataOps.CMP, 0, rdn, rm, Shifter.LSL, 0, FLAGS_ALWAYS);
        }
        if (op < 12) {
            if (rdn == 15) return new DataOps.AluRegToPc(DataOps.MOV, 0, rm);
            return DataOps.reg(2, DataOps.MOV, rdn, 0, rm, Shifter.LSL, 0, FLAGS_NEVER);
        }
        return new ControlOps.BranchExchange(rm, op >= 14);
    }

    /** A5.2.4 Load/store single data item. */
    private Op loadStore16(int hw) {
        int opA = bits(hw, 15, 12);
        int opB = bits(hw, 11, 9);
        int rt = bits(hw, 2, 0);
        int rn = bits(hw, 5, 3);
        int imm5 = bits(hw, 10, 6);
        switch (opA) {
            case 0x5: {
                int rm = bits(hw, 8, 6);
                final int[] kinds = {MemoryOps.WORD, MemoryOps.HALF, MemoryOps.BYTE, MemoryOps.SBYTE,
                    MemoryOps.WORD, MemoryOps.HALF, MemoryOps.BYTE, MemoryOps.SHALF};
                boolean load = opB >= 3;
                return new MemoryOps.SingleReg(2, load, kinds[opB], rt, rn, rm, 0);
            }
            case 0x6:
                return bit(opB, 2) ? new MemoryOps.LoadWordImm(2, rt, rn, imm5 * 4)
                        : new MemoryOps.StoreWordImm(2, rt, rn, imm5 * 4);
            case 0x7:
                return new MemoryOps.SingleImm(2, bit(opB, 2), MemoryOps.BYTE, rt, rn, imm5, true, false);
            case 0x8:
                return new MemoryOps.SingleImm(2, bit(opB, 2), MemoryOps.HALF, rt, rn, imm5 * 2, true, false);
            default: {
                int rtSp = bits(hw, 10, 8);
                int imm = bits(hw, 7, 0) * 4;
                return bit(opB, 2) ? new MemoryOps.LoadWordImm(2, rtSp, 13, imm)
                        : new MemoryOps.StoreWordImm(2, rtSp, 13, imm);
            }
        }
    }

    /** A5.2.5 Miscellaneous 16-bit instructions. */
    private Op misc16(int pc, int hw) {
        int op = bits(hw, 11, 5);
        if ((op & 0x7C) == 0x00) return new DataOps.AddImm(2, 13, 13, bits(hw, 6, 0) * 4);
        if ((op & 0x7C) == 0x04) return new DataOps.AddImm(2, 13, 13, -bits(hw, 6, 0) * 4);
        if ((op & 0x28) == 0x08) {
            // CBZ / CBNZ
            int imm = (bits(hw, 9, 9) << 6) | (bits(hw, 7, 3) << 1);
            return new ControlOps.CompareBranch(bits(hw, 2, 0), pc + 4 + imm, bit(hw, 11));
        }
        int rd = bits(hw, 2, 0);
        int rm = bits(hw, 5, 3);
        if ((op & 0x7E) == 0x10) return new DataOps.Extend(2, DataOps.Extend.SXTH, rd, -1, rm, 0);
        if ((op & 0x7E) == 0x12) return new DataOps.Extend(2, DataOps.Extend.SXTB, rd, -1, rm, 0);
        if ((op & 0x7E) == 0x14) return new DataOps.Extend(2, DataOps.Extend.UXTH, rd, -1, rm, 0);
        if ((op & 0x7E) == 0x16) return new DataOps.Extend(2, DataOps.Extend.UXTB, rd, -1, rm, 0);
        if ((op & 0x70) == 0x20) {
            int list = bits(hw, 7, 0) | (bit(hw, 8) ? 1 << 14 : 0);
            if (list == 0) return undefined(2);
            return new MemoryOps.Multiple(2, false, true, 13, list, true);
        }
        if (op == 0x33) {
            return new ControlOps.ChangeProcessorState(bit(hw, 4), bit(hw, 1), bit(hw, 0));
        }
        if ((op & 0x7E) == 0x50) return new DataOps.BitOp(2, DataOps.BitOp.REV, rd, rm);
        if ((op & 0x7E) == 0x52) return new DataOps.BitOp(2, DataOps.BitOp.REV16, rd, rm);
        if ((op & 0x7E) == 0x56) return new DataOps.BitOp(2, DataOps.BitOp.REVSH, rd, rm);
        if ((op & 0x70) == 0x60) {
            int list = bits(hw, 7, 0) | (bit(hw, 8) ? 1 << 15 : 0);
            if (list == 0) return undefined(2);
            return new MemoryOps.Multiple(2, true, false, 13, list, true);
        }
        if ((op & 0x78) == 0x70) return new ControlOps.Breakpoint(bits(hw, 7, 0));
        if ((op & 0x78) == 0x78) {
            int mask = bits(hw, 3, 0);
            if (mask != 0) {
                int firstCond = bits(hw, 7, 4);
                if (firstCond == 0xF || (firstCond == 0xE && Integer.bitCount(mask) != 1)) return undefined(2);
                return new ControlOps.IfThen((firstCond << 4) | mask);
            }
            return hint(2, bits(hw, 7, 4));
        }
        return undefined(2);
    }

    private static Op hint(int size, int op) {
        switch (op) {
            case 2: return new ControlOps.Hint(size, ControlOps.Hint.WFE);
            case 3: return new ControlOps.Hint(size, ControlOps.Hint.WFI);
            case 4: return new ControlOps.Hint(size, ControlOps.Hint.SEV);
            default: return new ControlOps.Nop(size); // NOP, YIELD, unallocated hints execute as NOP
        }
    }

    // =============================================================================================
    // 32-bit encodings (A5.3)
    // =============================================================================================

    Op decode32(int pc, int hw1, int hw2) {
        if ((hw1 & 0xEC00) == 0xEC00) {
            Op fp = FpDecoder.decode32(variant, pc, hw1, hw2);
            return fp != null ? fp : undefined(4);
        }
        Op dsp = DspDecoder.decode32(pc, hw1, hw2);
        if (dsp != null) return dsp;
        int op1 = bits(hw1, 12, 11);
        int op2 = bits(hw1, 10, 4);
        if (op1 == 1) {
            if ((op2 & 0x64) == 0x00) return loadStoreMultiple(hw1, hw2);
            if ((op2 & 0x64) == 0x04) return loadStoreDualExclusive(pc, hw1, hw2);
            if ((op2 & 0x60) == 0x20) return dataProcessingShiftedRegister(hw1, hw2);
            return undefined(4);
        }
        if (op1 == 2) {
            if (bit(hw2, 15)) return branchesAndMisc(pc, hw1, hw2);
            if (bit(op2, 5)) return plainBinaryImmediate(pc, hw1, hw2);
            return modifiedImmediate(hw1, hw2);
        }
        // op1 == 3
        if ((op2 & 0x71) == 0x00) return storeSingle(hw1, hw2);
        if ((op2 & 0x67) == 0x01) return loadSingle(pc, hw1, hw2, MemoryOps.BYTE);
        if ((op2 & 0x67) == 0x03) return loadSingle(pc, hw1, hw2, MemoryOps.HALF);
        if ((op2 & 0x67) == 0x05) return loadSingle(pc, hw1, hw2, MemoryOps.WORD);
        if ((op2 & 0x70) == 0x20) return dataProcessingRegister(hw1, hw2);
        if ((op2 & 0x78) == 0x30) return multiply(hw1, hw2);
        if ((op2 & 0x78) == 0x38) return longMultiplyDivide(hw1, hw2);
        return undefined(4);
    }

    /** A5.3.5 Load/store multiple. */
    private Op loadStoreMultiple(int hw1, int hw2) {
        int op = bits(hw1, 8, 7);
        boolean load = bit(hw1, 4);
        boolean w = bit(hw1, 5);
        int rn = bits(hw1, 3, 0);
        int list = hw2 & (load ? 0xDFFF : 0x5FFF);
        if (op != 1 && op != 2) return undefined(4);
        if (rn == 15 || Integer.bitCount(list) < 1) return undefined(4);
        if (load && (hw2 & 0xC000) == 0xC000) return undefined(4); // PC and LR both: UNPREDICTABLE
        if (w && (list & (1 << rn)) != 0) return undefined(4);    // writeback with Rn in list
        return new MemoryOps.Multiple(4, load, op == 2, rn, list, w);
    }

    /** A5.3.6 Load/store dual or exclusive, table branch. */
    private Op loadStoreDualExclusive(int pc, int hw1, int hw2) {
        int op1 = bits(hw1, 8, 7);
        int op2 = bits(hw1, 5, 4);
        int op3 = bits(hw2, 7, 4);
        int rn = bits(hw1, 3, 0);
        int rt = bits(hw2, 15, 12);
        if (op1 == 0 && op2 == 0) {
            return new MemoryOps.StoreExclusive(MemoryOps.WORD, bits(hw2, 11, 8), rt, rn, bits(hw2, 7, 0) * 4);
        }
        if (op1 == 0 && op2 == 1) {
            return new MemoryOps.LoadExclusive(MemoryOps.WORD, rt, rn, bits(hw2, 7, 0) * 4);
        }
        if (((op1 & 2) == 0 && op2 == 2) || ((op1 & 2) != 0 && (op2 & 1) == 0)) {
            return dual(pc, hw1, hw2, false);
        }
        if (((op1 & 2) == 0 && op2 == 3) || ((op1 & 2) != 0 && (op2 & 1) == 1)) {
            return dual(pc, hw1, hw2, true);
        }
        if (op1 == 1 && op2 == 0) {
            int rd = bits(hw2, 3, 0);
            if (op3 == 4) return new MemoryOps.StoreExclusive(MemoryOps.BYTE, rd, rt, rn, 0);
            if (op3 == 5) return new MemoryOps.StoreExclusive(MemoryOps.HALF, rd, rt, rn, 0);
            return undefined(4);
        }
        if (op1 == 1 && op2 == 1) {
            int rm = bits(hw2, 3, 0);
            if (op3 == 0) return new ControlOps.TableBranch(rn, rm, false);
            if (op3 == 1) return new ControlOps.TableBranch(rn, rm, true);
            if (op3 == 4) return new MemoryOps.LoadExclusive(MemoryOps.BYTE, rt, rn, 0);
            if (op3 == 5) return new MemoryOps.LoadExclusive(MemoryOps.HALF, rt, rn, 0);
        }
        return undefined(4);
    }

    private Op dual(int pc, int hw1, int hw2, boolean load) {
        boolean p = bit(hw1, 8);
        boolean u = bit(hw1, 7);
        boolean w = bit(hw1, 5);
        int rn = bits(hw1, 3, 0);
        int rt = bits(hw2, 15, 12);
        int rt2 = bits(hw2, 11, 8);
        int imm = bits(hw2, 7, 0) * 4;
        int offset = u ? imm : -imm;
        if (load && rn == 15) {
            // LDRD (literal): Align(PC, 4) +/- imm
            return new MemoryOps.Dual(true, rt, rt2, 15, 0, true, false, true, align4(pc + 4) + offset);
        }
        if (!p && !w) return undefined(4);
        return new MemoryOps.Dual(load, rt, rt2, rn, offset, p, w, false, 0);
    }

    /** A5.3.11 Data processing (shifted register). */
    private Op dataProcessingShiftedRegister(int hw1, int hw2) {
        int op = bits(hw1, 8, 5);
        boolean s = bit(hw1, 4);
        int rn = bits(hw1, 3, 0);
        int rd = bits(hw2, 11, 8);
        int rm = bits(hw2, 3, 0);
        int imm5 = (bits(hw2, 14, 12) << 2) | bits(hw2, 7, 6);
        int type = bits(hw2, 5, 4);
        int shiftType = Shifter.decodeType(type, imm5);
        int amount = Shifter.decodeAmount(type, imm5);
        int flags = s ? FLAGS_ALWAYS : FLAGS_NEVER;
        int opc = aluOpcode(op, rd, rn, s);
        if (opc < 0 || (DataOps.writesResult(opc) && rd == 15)) return undefined(4);
        return DataOps.reg(4, opc, rd, rn, rm, shiftType, amount, flags);
    }

    /**
     * The ALU operation of the 4-bit op field shared by A5.3.1 (modified immediate) and A5.3.11
     * (shifted register), with the Rd = PC / Rn = PC aliases (TST, TEQ, CMN, CMP, MOV, MVN);
     * -1 for an unallocated op.
     */
    private static int aluOpcode(int op, int rd, int rn, boolean s) {
        switch (op) {
            case 0x0: return rd == 15 && s ? DataOps.TST : DataOps.AND;
            case 0x1: return DataOps.BIC;
            case 0x2: return rn == 15 ? DataOps.MOV : DataOps.ORR;
            case 0x3: return rn == 15 ? DataOps.MVN : DataOps.ORN;
            case 0x4: return rd == 15 && s ? DataOps.TEQ : DataOps.EOR;
            case 0x8: return rd == 15 && s ? DataOps.CMN : DataOps.ADD;
            case 0xA: return DataOps.ADC;
            case 0xB: return DataOps.SBC;
            case 0xD: return rd == 15 && s ? DataOps.CMP : DataOps.SUB;
            case 0xE: return DataOps.RSB;
            default: return -1;
        }
    }

    /** A5.3.1 Data processing (modified immediate). */
    private Op modifiedImmediate(int hw1, int hw2) {
        int op = bits(hw1, 8, 5);
        boolean s = bit(hw1, 4);
        int rn = bits(hw1, 3, 0);
        int rd = bits(hw2, 11, 8);
        int imm12 = (bits(hw1, 10, 10) << 11) | (bits(hw2, 14, 12) << 8) | bits(hw2, 7, 0);
        int imm = Shifter.expandImm(imm12);
        int carry = Shifter.expandImmSetsCarry(imm12) ? (imm < 0 ? 1 : 0) : -1;
        int flags = s ? FLAGS_ALWAYS : FLAGS_NEVER;
        int opc = aluOpcode(op, rd, rn, s);
        if (opc < 0 || (DataOps.writesResult(opc) && rd == 15)) return undefined(4);
        if (!s && opc == DataOps.MOV) return new DataOps.MovImm(4, rd, imm);
        if (!s && opc == DataOps.ADD) return new DataOps.AddImm(4, rd, rn, imm);
        if (!s && opc == DataOps.SUB) return new DataOps.AddImm(4, rd, rn, -imm);
        return DataOps.imm(4, opc, rd, rn, imm, flags, carry);
    }

    /** A5.3.3 Data processing (plain binary immediate); SSAT/USAT go to the DSP decoder. */
    private Op plainBinaryImmediate(int pc, int hw1, int hw2) {
        int op = bits(hw1, 8, 4);
        int rn = bits(hw1, 3, 0);
        int rd = bits(hw2, 11, 8);
        int imm12 = (bits(hw1, 10, 10) << 11) | (bits(hw2, 14, 12) << 8) | bits(hw2, 7, 0);
        int lsb = (bits(hw2, 14, 12) << 2) | bits(hw2, 7, 6);
        int low5 = bits(hw2, 4, 0);
        switch (op) {
            case 0x00:
                if (rn == 15) return new DataOps.MovImm(4, rd, align4(pc + 4) + imm12);
                return new DataOps.AddImm(4, rd, rn, imm12);
            case 0x0A:
                if (rn == 15) return new DataOps.MovImm(4, rd, align4(pc + 4) - imm12);
                return new DataOps.AddImm(4, rd, rn, -imm12);
            case 0x04:
                return new DataOps.MovImm(4, rd, (rn << 12) | imm12);
            case 0x0C:
                return new DataOps.MovTop(rd, (rn << 12) | imm12);
            case 0x14:
                return new DataOps.BitField(DataOps.BitField.SBFX, rd, rn, lsb, low5 + 1);
            case 0x1C:
                return new DataOps.BitField(DataOps.BitField.UBFX, rd, rn, lsb, low5 + 1);
            case 0x16:
                if (low5 < lsb) return undefined(4);
                return new DataOps.BitField(rn == 15 ? DataOps.BitField.BFC : DataOps.BitField.BFI, rd, rn, lsb,
                        low5 - lsb + 1);
            default:
                return undefined(4);
        }
    }

    /** A5.3.4 Branches and miscellaneous control. */
    private Op branchesAndMisc(int pc, int hw1, int hw2) {
        int op = bits(hw1, 10, 4);
        int op1 = bits(hw2, 14, 12);
        int s = bits(hw1, 10, 10);
        int j1 = bits(hw2, 13, 13);
        int j2 = bits(hw2, 11, 11);
        if ((op1 & 5) == 0) {
            if ((op & 0x38) != 0x38) {
                // B T3 (conditional)
                int imm = (s << 20) | (j2 << 19) | (j1 << 18) | (bits(hw1, 5, 0) << 12) | (bits(hw2, 10, 0) << 1);
                imm = (imm << 11) >> 11;
                return ControlOps.branch(pc, 4, pc + 4 + imm, bits(hw1, 9, 6), false);
            }
            if ((op & 0x7E) == 0x38) {
                return new ControlOps.MoveToSpecial(bits(hw1, 3, 0), bits(hw2, 7, 0), bits(hw2, 11, 10));
            }
            if (op == 0x3A) return hint(4, bits(hw2, 7, 0) >= 0xF0 ? 0 : bits(hw2, 7, 0));
            if (op == 0x3B) {
                int mop = bits(hw2, 7, 4);
                if (mop == 2) return new ControlOps.ClearExclusive();
                if (mop == 4 || mop == 5 || mop == 6) return new ControlOps.Nop(4); // DSB, DMB, ISB
                return undefined(4);
            }
            if ((op & 0x7E) == 0x3E) return new ControlOps.MoveFromSpecial(bits(hw2, 11, 8), bits(hw2, 7, 0));
            return undefined(4);
        }
        if (op1 == 2 && op == 0x7F) return undefined(4); // UDF.W
        if ((op1 & 5) == 1 || (op1 & 5) == 5) {
            int i1 = (~(j1 ^ s)) & 1;
            int i2 = (~(j2 ^ s)) & 1;
            int imm = (s << 24) | (i1 << 23) | (i2 << 22) | (bits(hw1, 9, 0) << 12) | (bits(hw2, 10, 0) << 1);
            imm = (imm << 7) >> 7;
            return ControlOps.branch(pc, 4, pc + 4 + imm, 0xE, (op1 & 4) != 0);
        }
        return undefined(4);
    }

    /** A5.3.10 Store single data item. */
    private Op storeSingle(int hw1, int hw2) {
        int op1 = bits(hw1, 7, 5);
        int rn = bits(hw1, 3, 0);
        int rt = bits(hw2, 15, 12);
        int size = op1 & 3;
        int kind = size == 0 ? MemoryOps.BYTE : size == 1 ? MemoryOps.HALF : size == 2 ? MemoryOps.WORD : -1;
        if (kind < 0 || rn == 15) return undefined(4);
        if (bit(op1, 2)) {
            int imm12 = bits(hw2, 11, 0);
            if (kind == MemoryOps.WORD) return new MemoryOps.StoreWordImm(4, rt, rn, imm12);
            return new MemoryOps.SingleImm(4, false, kind, rt, rn, imm12, true, false);
        }
        if (bit(hw2, 11)) return imm8Form(false, kind, hw1, hw2);
        if (bits(hw2, 11, 6) == 0) {
            return new MemoryOps.SingleReg(4, false, kind, rt, rn, bits(hw2, 3, 0), bits(hw2, 5, 4));
        }
        return undefined(4);
    }

    /** The T3/T4 "imm8 with P/U/W" forms shared by loads and stores (incl. LDRT/STRT). */
    private Op imm8Form(boolean load, int kind, int hw1, int hw2) {
        int rn = bits(hw1, 3, 0);
        int rt = bits(hw2, 15, 12);
        boolean p = bit(hw2, 10);
        boolean u = bit(hw2, 9);
        boolean w = bit(hw2, 8);
        int imm8 = bits(hw2, 7, 0);
        if (!p && !w) return undefined(4);
        // P=1 U=1 W=0 is the unprivileged form (LDRT/STRT...): checked by the MPU as unprivileged.
        if (p && u && !w) return new UnprivilegedAccessOp(load, kind, rt, rn, imm8);
        int offset = u ? imm8 : -imm8;
        return new MemoryOps.SingleImm(4, load, kind, rt, rn, offset, p, w);
    }

    /** A5.3.7–A5.3.9 Load word, halfword, byte (and memory hints). */
    private Op loadSingle(int pc, int hw1, int hw2, int size) {
        boolean signed = bit(hw1, 8);
        boolean up = bit(hw1, 7);
        int rn = bits(hw1, 3, 0);
        int rt = bits(hw2, 15, 12);
        int kind = size == MemoryOps.WORD ? MemoryOps.WORD
                : size == MemoryOps.HALF ? (signed ? MemoryOps.SHALF : MemoryOps.HALF)
                : (signed ? MemoryOps.SBYTE : MemoryOps.BYTE);
        if (size == MemoryOps.WORD && signed) return undefined(4);
        boolean hint = rt == 15 && size != MemoryOps.WORD;
        if (rn == 15) {
            if (hint) return new ControlOps.Nop(4); // PLD/PLI (literal)
            int imm12 = bits(hw2, 11, 0);
            int addr = align4(pc + 4) + (up ? imm12 : -imm12);
            return new MemoryOps.LoadLiteral(4, kind, rt, addr);
        }
        if (up) {
            if (hint) return new ControlOps.Nop(4);
            int imm12 = bits(hw2, 11, 0);
            if (kind == MemoryOps.WORD && rt != 15) return new MemoryOps.LoadWordImm(4, rt, rn, imm12);
            return new MemoryOps.SingleImm(4, true, kind, rt, rn, imm12, true, false);
        }
        if (bit(hw2, 11)) {
            // PLD/PLI with negative imm8 offset are hints (Rt = 15, P=1 U=0 W=0).
            if (hint && bits(hw2, 11, 8) == 0xC) return new ControlOps.Nop(4);
            if (hint) return undefined(4);
            return imm8Form(true, kind, hw1, hw2);
        }
        if (bits(hw2, 11, 6) == 0) {
            if (hint) return new ControlOps.Nop(4);
            return new MemoryOps.SingleReg(4, true, kind, rt, rn, bits(hw2, 3, 0), bits(hw2, 5, 4));
        }
        return undefined(4);
    }

    /** A5.3.12 Data processing (register) — the non-DSP part. */
    private Op dataProcessingRegister(int hw1, int hw2) {
        int op1 = bits(hw1, 7, 4);
        int op2 = bits(hw2, 7, 4);
        int rn = bits(hw1, 3, 0);
        int rd = bits(hw2, 11, 8);
        int rm = bits(hw2, 3, 0);
        if ((op1 & 0x8) == 0 && op2 == 0) {
            int type = (op1 >>> 1) & 3;
            return new DataOps.ShiftByReg(4, rd, rn, rm, type, bit(hw1, 4) ? FLAGS_ALWAYS : FLAGS_NEVER);
        }
        if ((op2 & 0x8) != 0 && op1 < 6) {
            int rotation = bits(hw2, 5, 4) * 8;
            int acc = rn == 15 ? -1 : rn;
            switch (op1) {
                case 0: return new DataOps.Extend(4, DataOps.Extend.SXTH, rd, acc, rm, rotation);
                case 1: return new DataOps.Extend(4, DataOps.Extend.UXTH, rd, acc, rm, rotation);
                case 4: return new DataOps.Extend(4, DataOps.Extend.SXTB, rd, acc, rm, rotation);
                case 5: return new DataOps.Extend(4, DataOps.Extend.UXTB, rd, acc, rm, rotation);
                default: return undefined(4); // SXTB16 family: DSP decoder
            }
        }
        if ((op1 & 0xC) == 0x8 && (op2 & 0xC) == 0x8) {
            int mop1 = op1 & 3;
            int mop2 = op2 & 3;
            if (mop1 == 1) {
                switch (mop2) {
                    case 0: return new DataOps.BitOp(4, DataOps.BitOp.REV, rd, rm);
                    case 1: return new DataOps.BitOp(4, DataOps.BitOp.REV16, rd, rm);
                    case 2: return new DataOps.BitOp(4, DataOps.BitOp.RBIT, rd, rm);
                    default: return new DataOps.BitOp(4, DataOps.BitOp.REVSH, rd, rm);
                }
            }
            if (mop1 == 3 && mop2 == 0) return new DataOps.BitOp(4, DataOps.BitOp.CLZ, rd, rm);
        }
        return undefined(4);
    }

    /** A5.3.16 Multiply, multiply accumulate — MUL, MLA, MLS (the rest is DSP). */
    private Op multiply(int hw1, int hw2) {
        int op1 = bits(hw1, 6, 4);
        int op2 = bits(hw2, 5, 4);
        int rn = bits(hw1, 3, 0);
        int ra = bits(hw2, 15, 12);
        int rd = bits(hw2, 11, 8);
        int rm = bits(hw2, 3, 0);
        if (op1 == 0 && op2 == 0) {
            if (ra == 15) return new DataOps.Multiply(4, DataOps.Multiply.MUL, rd, rn, rm, 0, FLAGS_NEVER);
            return new DataOps.Multiply(4, DataOps.Multiply.MLA, rd, rn, rm, ra, FLAGS_NEVER);
        }
        if (op1 == 0 && op2 == 1) return new DataOps.Multiply(4, DataOps.Multiply.MLS, rd, rn, rm, ra, FLAGS_NEVER);
        return undefined(4);
    }

    /** A5.3.17 Long multiply, long multiply accumulate, and divide (non-DSP part). */
    private Op longMultiplyDivide(int hw1, int hw2) {
        int op1 = bits(hw1, 6, 4);
        int op2 = bits(hw2, 7, 4);
        int rn = bits(hw1, 3, 0);
        int rdLo = bits(hw2, 15, 12);
        int rdHi = bits(hw2, 11, 8);
        int rm = bits(hw2, 3, 0);
        if (op1 == 0 && op2 == 0) return new DataOps.LongMultiply(true, false, rdLo, rdHi, rn, rm);
        if (op1 == 1 && op2 == 0xF) return new DataOps.Divide(true, rdHi, rn, rm);
        if (op1 == 2 && op2 == 0) return new DataOps.LongMultiply(false, false, rdLo, rdHi, rn, rm);
        if (op1 == 3 && op2 == 0xF) return new DataOps.Divide(false, rdHi, rn, rm);
        if (op1 == 4 && op2 == 0) return new DataOps.LongMultiply(true, true, rdLo, rdHi, rn, rm);
        if (op1 == 6 && op2 == 0) return new DataOps.LongMultiply(false, true, rdLo, rdHi, rn, rm);
        return undefined(4);
    }

    private static Op undefined(int size) {
        return new UndefinedOp(size);
    }

    /** An UNDEFINED encoding: UsageFault UNDEFINSTR when executed. */
    static final class UndefinedOp extends Op {
        UndefinedOp(int size) {
            super(size);
        }

        @Override
        public void exec(Core c) {
            throw Core.undefined();
        }
    }
}
