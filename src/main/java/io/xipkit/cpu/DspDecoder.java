package io.xipkit.cpu;

/**
 * Decoder for the DSP-extension encodings of ARMv7E-M (parallel add/subtract, saturating
 * arithmetic, packing, SIMD extends, SEL, DSP multiplies). The base decoder asks this class
 * first for every 32-bit non-coprocessor encoding; everything that is not a DSP instruction
 * gets null so the base decoder handles it.
 *
 * <p>Encoding tables: ARM DDI 0403E.e, A5.3.3 (plain binary immediate), A5.3.11 (shifted
 * register), A5.3.12–A5.3.15 (data processing register, parallel add/sub, miscellaneous),
 * A5.3.16–A5.3.17 (multiply, long multiply). Register choices the manual calls UNPREDICTABLE
 * (SP or PC as an operand, RdHi == RdLo) decode as UNDEFINED, which the manual permits.
 */
final class DspDecoder {
    private DspDecoder() {}

    /**
     * Returns the op for a 32-bit encoding this decoder owns, or null when the encoding is not a
     * DSP one (the base decoder then handles it).
     */
    static Op decode32(int pc, int hw1, int hw2) {
        if ((hw1 & 0xFF00) == 0xFA00) return dataProcessingRegister(hw1, hw2);
        if ((hw1 & 0xFF80) == 0xFB00) return multiply(hw1, hw2);
        if ((hw1 & 0xFF80) == 0xFB80) return longMultiply(hw1, hw2);
        // A5.3.1: hw1 = 11110x1x xxxxxxxx with hw2[15] = 0 is "data processing (plain binary immediate)".
        if ((hw1 & 0xFA00) == 0xF200 && (hw2 & 0x8000) == 0) return plainBinaryImmediate(hw1, hw2);
        // A5.3.11: op = 0110 (hw1 = 1110 1010 110S Rn) is PKHBT/PKHTB.
        if ((hw1 & 0xFFE0) == 0xEAC0) return pack(hw1, hw2);
        return null;
    }

    /** SP and PC, which these instructions may not name (UNPREDICTABLE in their decode pseudocode). */
    private static boolean spOrPc(int reg) {
        return reg == 13 || reg == 15;
    }

    private static Op undefined() {
        return new DspUndefinedOp();
    }

    /** A5.3.12 (hw1 = 1111 1010 op1 Rn, hw2 = 1111 Rd op2 Rm) and the groups it leads to. */
    private static Op dataProcessingRegister(int hw1, int hw2) {
        int op1 = (hw1 >>> 4) & 0xF;
        int op2 = (hw2 >>> 4) & 0xF;
        int n = hw1 & 0xF;
        int d = (hw2 >>> 8) & 0xF;
        int m = hw2 & 0xF;
        boolean mine;
        if ((op1 == 0b0010 || op1 == 0b0011) && (op2 & 0b1000) != 0) {
            mine = true; // SXTAB16/SXTB16, UXTAB16/UXTB16
        } else if ((op1 & 0b1000) != 0 && (op2 & 0b1000) == 0) {
            mine = true; // A5.3.13/A5.3.14 parallel add/subtract
        } else if ((op1 & 0b1100) == 0b1000 && (op2 & 0b1100) == 0b1000) {
            // A5.3.15 miscellaneous: op1 = 00 saturating add/sub, op1 = 10 op2 = 00 SEL; the rest is base.
            int mop1 = op1 & 3;
            mine = mop1 == 0b00 || (mop1 == 0b10 && (op2 & 3) == 0);
        } else {
            mine = false;
        }
        if (!mine) return null;
        if ((hw2 & 0xF000) != 0xF000) return undefined(); // A5.3.12: hw2[15:12] != 1111 is UNDEFINED
        if (spOrPc(d) || spOrPc(m)) return undefined();

        if ((op1 & 0b1000) == 0) {
            // A7.7.158/A7.7.159 (SXTAB16/SXTB16), A7.7.194/A7.7.195 (UXTAB16/UXTB16)
            // hw2[6] is (0) in A7.7.158/A7.7.194; other values are UNPREDICTABLE.
            if (n == 13 || (hw2 & 0x0040) != 0) return undefined();
            boolean signed = op1 == 0b0010;
            int rotation = ((hw2 >>> 4) & 3) * 8;
            return new DspExtend16Op(signed, d, n == 15 ? -1 : n, m, rotation);
        }
        if (spOrPc(n)) return undefined();
        if ((op2 & 0b1000) == 0) {
            int kind = (op2 >>> 2) & 1; // 0 = signed (A5.3.13), 1 = unsigned (A5.3.14)
            int prefix = op2 & 3;       // 00 plain, 01 saturating, 10 halving, 11 UNDEFINED
            int operation;
            switch ((hw1 >>> 4) & 7) {
                case 0b001: operation = DspParallelOp.ADD16; break;
                case 0b010: operation = DspParallelOp.ASX; break;
                case 0b110: operation = DspParallelOp.SAX; break;
                case 0b101: operation = DspParallelOp.SUB16; break;
                case 0b000: operation = DspParallelOp.ADD8; break;
                case 0b100: operation = DspParallelOp.SUB8; break;
                default: return undefined();
            }
            if (prefix == 3) return undefined();
            return new DspParallelOp(operation, kind == 0, prefix, d, n, m);
        }
        if ((op1 & 3) == 0) {
            // A7.7.87 QADD, A7.7.89 QDADD, A7.7.91 QDSUB, A7.7.94 QSUB: op2 bit 0 doubles, bit 1 subtracts.
            return new DspSaturatingAddOp((op2 & 2) != 0, (op2 & 1) != 0, d, n, m);
        }
        return new DspSelOp(d, n, m); // A7.7.125
    }

    /** A5.3.16: hw1 = 1111 1011 0 op1 Rn, hw2 = Ra Rd 0 0 op2 Rm. */
    private static Op multiply(int hw1, int hw2) {
        int op1 = (hw1 >>> 4) & 7;
        if (op1 == 0) return null; // MUL, MLA, MLS
        int n = hw1 & 0xF;
        int a = hw2 >>> 12;
        int d = (hw2 >>> 8) & 0xF;
        int op2 = (hw2 >>> 4) & 3;
        int m = hw2 & 0xF;
        if ((hw2 & 0x00C0) != 0) return undefined(); // A5.3.16: hw2[7:6] != 00 is UNDEFINED
        if (op1 != 0b001 && (op2 & 2) != 0) return undefined(); // op2 = 1x only exists for SMLA<x><y>
        if (op1 == 0b111 && op2 != 0) return undefined();
        if (spOrPc(d) || spOrPc(n) || spOrPc(m) || a == 13) return undefined();
        int acc = a == 15 ? -1 : a;
        boolean bit4 = (op2 & 1) != 0;
        switch (op1) {
            case 0b001: // A7.7.133 SMLA<x><y>, A7.7.146 SMUL<x><y>
                return new DspHalfwordMultiplyOp(false, (op2 & 2) != 0, bit4, d, n, m, acc);
            case 0b011: // A7.7.139 SMLAW<y>, A7.7.148 SMULW<y>
                return new DspHalfwordMultiplyOp(true, false, bit4, d, n, m, acc);
            case 0b010: // A7.7.134 SMLAD(X), A7.7.145 SMUAD(X)
                return new DspDualMultiplyOp(false, bit4, d, n, m, acc);
            case 0b100: // A7.7.140 SMLSD(X), A7.7.149 SMUSD(X)
                return new DspDualMultiplyOp(true, bit4, d, n, m, acc);
            case 0b101: // A7.7.142 SMMLA(R), A7.7.144 SMMUL(R)
                return new DspMostSignificantMultiplyOp(false, bit4, d, n, m, acc);
            case 0b110: // A7.7.143 SMMLS(R): has no Ra = 1111 form, so PC as Ra is UNPREDICTABLE
                if (acc < 0) return undefined();
                return new DspMostSignificantMultiplyOp(true, bit4, d, n, m, acc);
            default: // 0b111: A7.7.197 USAD8, A7.7.198 USADA8
                return new DspSumAbsoluteDifferencesOp(d, n, m, acc);
        }
    }

    /** A5.3.17: hw1 = 1111 1011 1 op1 Rn, hw2 = RdLo RdHi op2 Rm. */
    private static Op longMultiply(int hw1, int hw2) {
        int op1 = (hw1 >>> 4) & 7;
        int op2 = (hw2 >>> 4) & 0xF;
        int kind;
        if (op1 == 0b100 && (op2 & 0b1100) == 0b1000) {
            kind = DspLongMultiplyOp.SMLAL_XY;     // A7.7.136
        } else if (op1 == 0b100 && (op2 & 0b1110) == 0b1100) {
            kind = DspLongMultiplyOp.SMLALD;       // A7.7.137
        } else if (op1 == 0b101 && (op2 & 0b1110) == 0b1100) {
            kind = DspLongMultiplyOp.SMLSLD;       // A7.7.141
        } else if (op1 == 0b110 && op2 == 0b0110) {
            kind = DspLongMultiplyOp.UMAAL;        // A7.7.189
        } else {
            return null; // SMULL, UMULL, SMLAL, UMLAL, SDIV, UDIV and the UNDEFINED rest
        }
        int n = hw1 & 0xF;
        int dLo = hw2 >>> 12;
        int dHi = (hw2 >>> 8) & 0xF;
        int m = hw2 & 0xF;
        if (spOrPc(dLo) || spOrPc(dHi) || spOrPc(n) || spOrPc(m) || dHi == dLo) return undefined();
        return new DspLongMultiplyOp(kind, (op2 & 2) != 0, (op2 & 1) != 0, dLo, dHi, n, m);
    }

    /** A5.3.3: op = hw1[8:4]; SSAT 100x0, USAT 110x0 (x = sh); sh = 1 with a zero shift is the 16-bit form. */
    private static Op plainBinaryImmediate(int hw1, int hw2) {
        int op = (hw1 >>> 4) & 0x1F;
        if ((op & 0b10101) != 0b10000) return null; // not 100x0 / 110x0
        boolean unsigned = (op & 0b01000) != 0;
        boolean asr = (op & 0b00010) != 0;
        int n = hw1 & 0xF;
        int d = (hw2 >>> 8) & 0xF;
        int imm = ((hw2 >>> 10) & 0x1C) | ((hw2 >>> 6) & 3); // imm3:imm2
        int satImm = hw2 & 0x1F;
        // Bits shown as (0) in A7.7.127/A7.7.128/A7.7.199/A7.7.200: hw1[10] and hw2[5] (plus hw2[4] for the
        // 16-bit forms). Other values are UNPREDICTABLE; treat them as UNDEFINED.
        if ((hw1 & 0x0400) != 0 || (hw2 & 0x0020) != 0) return undefined();
        if (spOrPc(d) || spOrPc(n)) return undefined();
        if (asr && imm == 0) {
            if ((hw2 & 0x0010) != 0) return undefined();
            // SSAT16: saturate_to = sat_imm + 1 (1..16); USAT16: saturate_to = sat_imm (0..15)
            int bits = unsigned ? satImm & 0xF : (satImm & 0xF) + 1;
            return new DspSaturateOp(true, unsigned, bits, false, 0, d, n);
        }
        // SSAT: saturate_to = sat_imm + 1 (1..32); USAT: saturate_to = sat_imm (0..31)
        int bits = unsigned ? satImm : satImm + 1;
        return new DspSaturateOp(false, unsigned, bits, asr, imm, d, n);
    }

    /** A7.7.84 PKHBT/PKHTB: hw1 = 1110 1010 110 S Rn, hw2 = (0) imm3 Rd imm2 tb T Rm. */
    private static Op pack(int hw1, int hw2) {
        if ((hw1 & 0x0010) != 0 || (hw2 & 0x0010) != 0) return undefined(); // S == 1 || T == 1
        int n = hw1 & 0xF;
        int d = (hw2 >>> 8) & 0xF;
        int m = hw2 & 0xF;
        if ((hw2 & 0x8000) != 0 || spOrPc(d) || spOrPc(n) || spOrPc(m)) return undefined();
        boolean tb = (hw2 & 0x0020) != 0;
        int imm = ((hw2 >>> 10) & 0x1C) | ((hw2 >>> 6) & 3);
        // DecodeImmShift (A7.4.2): ASR #0 encodes ASR #32, whose result equals ASR #31 for every value.
        int shift = tb ? (imm == 0 ? 31 : imm) : imm;
        return new DspPackOp(tb, shift, d, n, m);
    }
}
