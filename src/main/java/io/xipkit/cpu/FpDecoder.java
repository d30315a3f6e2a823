package io.xipkit.cpu;

import io.xipkit.cpu.FpOps.Conv;
import io.xipkit.cpu.FpOps.Convert;
import io.xipkit.cpu.FpOps.Kind;
import io.xipkit.cpu.FpOps.LoadStore;
import io.xipkit.cpu.FpOps.MovImm;
import io.xipkit.cpu.FpOps.Transfer;
import io.xipkit.cpu.FpOps.Xfer;

/**
 * Decoder for the floating-point extension (coprocessors 10 and 11): FPv5-D16 on the Cortex-M7,
 * FPv4-SP on the Cortex-M4.
 *
 * <p>Encoding tables: ARM DDI 0403E chapter A6 "The Floating-point Instruction Set Encoding"
 * (data-processing, extension register load/store, 32-bit and 64-bit core transfers) and the
 * per-instruction encodings in A7.7. The FPv5 additions (VSEL, VMAXNM/VMINNM, VRINT*, VCVTA/N/P/M, half to and
 * from double) use the same encodings as Armv8-A AArch32 (they live in the 0xFExx space).
 *
 * <p>On FPv4-SP every double-precision data-processing or conversion encoding and every FPv5
 * instruction is UNDEFINED; double-register loads, stores and transfers are valid on both.
 * Encodings that are UNPREDICTABLE (e.g. VLDM of zero or too many registers, a PC base with
 * writeback, SP or PC as a core transfer register) decode as UNDEFINED.
 */
final class FpDecoder {
    private FpDecoder() {}

    /** Decodes a 32-bit encoding in the coprocessor space (hw1 bits 15:10 = 111x11); null when
     *  it is not a floating-point instruction this core implements. */
    static Op decode32(CoreVariant variant, int pc, int hw1, int hw2) {
        if (!variant.hasFpu) return null;
        int coproc = (hw2 >>> 8) & 0xF;
        if ((coproc & 0xE) != 0xA) return null;
        boolean sz = (coproc & 1) != 0;
        int top = hw1 & 0xFF00;
        if (top == 0xFE00) return decodeV8(variant, hw1, hw2, sz);
        if ((hw1 & 0xF000) != 0xE000) return null; // other T2 coprocessor encodings (LDC2, MCR2...)
        if ((hw1 & 0x0F00) == 0x0E00) {
            if ((hw2 & 0x10) == 0) return decodeDataProcessing(variant, hw1, hw2, sz);
            return decodeShortTransfer(hw1, hw2, sz);
        }
        if ((hw1 & 0x0E00) == 0x0C00) return decodeLoadStore(pc, hw1, hw2, sz);
        return null;
    }

    private static int sReg(int v, int bit) {
        return (v << 1) | bit;
    }

    private static int dReg(int v, int bit) {
        return (bit << 4) | v;
    }

    /** Vd with D of a data-processing encoding: S(Vd:D) or D(D:Vd) (DDI 0403E A6.4). */
    private static int regD(int hw1, int hw2, boolean dp) {
        return reg(dp, (hw2 >>> 12) & 0xF, (hw1 >>> 6) & 1);
    }

    /** Vn with N. */
    private static int regN(int hw1, int hw2, boolean dp) {
        return reg(dp, hw1 & 0xF, (hw2 >>> 7) & 1);
    }

    /** Vm with M. */
    private static int regM(int hw1, int hw2, boolean dp) {
        return reg(dp, hw2 & 0xF, (hw2 >>> 5) & 1);
    }

    private static int reg(boolean dp, int v, int bit) {
        return dp ? dReg(v, bit) : sReg(v, bit);
    }

    // ---- A6: floating-point data processing --------------------------------------------------------

    private static Op decodeDataProcessing(CoreVariant variant, int hw1, int hw2, boolean dp) {
        if (dp && !variant.hasDoublePrecision) return null;
        int opc1 = (hw1 >>> 4) & 0xB;     // bits 23, 21, 20
        int opc2 = hw1 & 0xF;             // bits 19:16
        int opc3 = (hw2 >>> 6) & 3;       // bits 7:6
        int d = regD(hw1, hw2, dp), n = regN(hw1, hw2, dp), m = regM(hw1, hw2, dp);
        boolean op6 = (hw2 & 0x40) != 0;
        if (opc1 != 0xB) {
            Kind k;
            switch (opc1) {
                case 0x0: k = op6 ? Kind.VMLS : Kind.VMLA; break;
                case 0x1: k = op6 ? Kind.VNMLA : Kind.VNMLS; break;
                case 0x2: k = op6 ? Kind.VNMUL : Kind.VMUL; break;
                case 0x3: k = op6 ? Kind.VSUB : Kind.VADD; break;
                case 0x8: if (op6) return null; k = Kind.VDIV; break;
                case 0x9: k = op6 ? Kind.VFNMA : Kind.VFNMS; break;
                case 0xA: k = op6 ? Kind.VFMS : Kind.VFMA; break;
                default: return null;
            }
            if (dp && (d > 15 || n > 15 || m > 15)) return null; // D16: no D16-D31
            return FpOps.arith(k, dp, d, n, m, 0, false);
        }
        // opc1 = 1x11: "other" data-processing instructions.
        if ((opc3 & 1) == 0) {
            // VMOV (immediate): bits 7:4 are 0000.
            if ((hw2 & 0xB0) != 0) return null;
            if (dp && d > 15) return null;
            int imm8 = ((hw1 & 0xF) << 4) | (hw2 & 0xF);
            return new MovImm(dp, d, FpMath.expandImm(imm8, dp ? FpMath.DOUBLE : FpMath.SINGLE));
        }
        boolean t = (opc3 & 2) != 0; // bit 7
        int sM = regM(hw1, hw2, false), dM = regM(hw1, hw2, true), sD = regD(hw1, hw2, false), dD = regD(hw1, hw2, true);
        boolean v5 = variant.hasDoublePrecision; // FPv5 is the M7's FPU, FPv4-SP the M4's
        // Every double register an encoding names must be D0-D15 (the D16 register bank).
        // Which fields name double registers depends on the instruction:
        boolean dIsDouble, mIsDouble;
        switch (opc2) {
            case 0x2: case 0x3: dIsDouble = dp && (opc2 & 1) == 0; mIsDouble = dp && (opc2 & 1) != 0; break;
            case 0x5: dIsDouble = dp; mIsDouble = false; break;
            case 0x7: dIsDouble = t ? !dp : dp; mIsDouble = dp; break;
            case 0x8: dIsDouble = dp; mIsDouble = false; break;
            case 0xC: case 0xD: dIsDouble = false; mIsDouble = dp; break;
            case 0xA: case 0xB: case 0xE: case 0xF: dIsDouble = dp; mIsDouble = false; break;
            default: dIsDouble = dp; mIsDouble = dp; break;
        }
        if ((dIsDouble && dD > 15) || (mIsDouble && dM > 15)) return null;
        switch (opc2) {
            case 0x0: return FpOps.arith(t ? Kind.VABS : Kind.VMOV, dp, d, 0, m, 0, false);
            case 0x1: return FpOps.arith(t ? Kind.VSQRT : Kind.VNEG, dp, d, 0, m, 0, false);
            case 0x2:
            case 0x3: {
                // VCVTB/VCVTT: bit 16 = 1 converts to half precision. Double <-> half is FPv5.
                boolean toHalf = (opc2 & 1) != 0;
                if (dp && !v5) return null;
                if (toHalf) return new Convert(Conv.TO_HALF, dp, sD, dp ? dM : sM, false, 0, 0, 0, t);
                return new Convert(Conv.FROM_HALF, dp, dp ? dD : sD, sM, false, 0, 0, 0, t);
            }
            case 0x4:
                return FpOps.arith(t ? Kind.VCMPE : Kind.VCMP, dp, d, 0, m, 0, false);
            case 0x5:
                if ((hw2 & 0x2F) != 0) return null; // Vm and M must be zero
                return FpOps.arith(t ? Kind.VCMPE : Kind.VCMP, dp, d, 0, 0, 0, true);
            case 0x6: // VRINTR (bit 7 = 0) / VRINTZ (bit 7 = 1): FPv5
                if (!v5) return null;
                return FpOps.arith(Kind.VRINT, dp, d, 0, m, t ? FpMath.RZ : FpMath.FPSCR_MODE, false);
            case 0x7:
                if (!t) { // VRINTX: FPv5
                    if (!v5) return null;
                    return FpOps.arith(Kind.VRINTX, dp, d, 0, m, 0, false);
                }
                // VCVT between double and single precision.
                if (!variant.hasDoublePrecision) return null;
                return dp ? new Convert(Conv.F32_F64, true, sD, dM, false, 0, 0, 0, false)
                        : new Convert(Conv.F64_F32, false, dD, sM, false, 0, 0, 0, false);
            case 0x8: // VCVT to floating point from (un)signed integer in Sm; bit 7 = signed
                return new Convert(Conv.FROM_INT, dp, d, sM, !t, 0, 0, 0, false);
            case 0xC:
            case 0xD: { // VCVT{R} to (un)signed integer in Sd; bit 7 = 1: round towards zero
                boolean unsigned = opc2 == 0xC;
                int mode = t ? FpMath.RZ : FpMath.FPSCR_MODE;
                return new Convert(Conv.TO_INT, dp, sD, m, unsigned, mode, 32, 0, false);
            }
            case 0xA: case 0xB: case 0xE: case 0xF: {
                // VCVT between floating point and fixed point, in place (A7.7, VCVT between floating-point and fixed-point).
                boolean toFixed = (opc2 & 4) != 0;
                boolean unsigned = (opc2 & 1) != 0;
                int size = t ? 32 : 16;              // sx (bit 7)
                int imm5 = ((hw2 & 0xF) << 1) | ((hw2 >>> 5) & 1);
                int fbits = size - imm5;
                if (fbits < 0) return null;          // UNPREDICTABLE
                return new Convert(toFixed ? Conv.TO_FIXED : Conv.FROM_FIXED, dp, d, d, unsigned,
                        FpMath.RZ, size, fbits, false);
            }
            default:
                return null;
        }
    }

    // ---- FPv5 (Armv8-style) instructions in the 0xFExx space ---------------------------------------

    private static Op decodeV8(CoreVariant variant, int hw1, int hw2, boolean dp) {
        if (!variant.hasDoublePrecision) return null; // FPv5 only (the M7)
        if ((hw2 & 0x10) != 0) return null;
        int d = regD(hw1, hw2, dp), n = regN(hw1, hw2, dp), m = regM(hw1, hw2, dp);
        boolean op6 = (hw2 & 0x40) != 0;
        boolean vcvt = (hw1 & 0xBC) == 0xBC; // VCVTA/N/P/M: Vd is a single register
        if (dp && (m > 15 || (!vcvt && d > 15) || ((hw1 & 0xB0) != 0xB0 && n > 15))) return null;
        if ((hw1 & 0x80) == 0) {
            // VSEL<cc>: 1111 1110 0 D cc Vn Vd 101 sz N 0 M 0 Vm
            if (op6) return null;
            return FpOps.arith(Kind.VSEL, dp, d, n, m, (hw1 >>> 4) & 3, false);
        }
        int opc = (hw1 >>> 4) & 3;
        if (opc == 0) { // VMAXNM / VMINNM
            return FpOps.arith(op6 ? Kind.VMINNM : Kind.VMAXNM, dp, d, n, m, 0, false);
        }
        if (opc != 3 || (hw2 & 0x40) == 0) return null;
        int rm = hw1 & 3;
        // RM field: 00 ties away, 01 nearest even, 10 towards +inf, 11 towards -inf.
        int mode = rm == 0 ? FpMath.RA : rm == 1 ? FpMath.RN : rm == 2 ? FpMath.RP : FpMath.RM;
        switch ((hw1 >>> 2) & 3) {
            case 2: // VRINTA/N/P/M: 1111 1110 1 D 11 10 RM Vd 101 sz 0 1 M 0 Vm
                if ((hw2 & 0x80) != 0) return null;
                return FpOps.arith(Kind.VRINT, dp, d, 0, m, mode, false);
            case 3: { // VCVTA/N/P/M: ... 11 11 RM Vd 101 sz op 1 M 0 Vm; op (bit 7) = signed
                boolean signed = (hw2 & 0x80) != 0;
                return new Convert(Conv.TO_INT, dp, regD(hw1, hw2, false), m, !signed, mode, 32, 0, false);
            }
            default:
                return null;
        }
    }

    // ---- 8, 16 and 32-bit transfers between core and FP registers (A6) --------------------------------

    private static Op decodeShortTransfer(int hw1, int hw2, boolean c11) {
        int l = (hw1 >>> 4) & 1;
        int a = (hw1 >>> 5) & 7;
        int rt = (hw2 >>> 12) & 0xF;
        int vn = hw1 & 0xF;
        if (!c11) {
            if (a == 0) {
                // VMOV between core register and single: 1110 1110 000 op Vn Rt 1010 N 00 1 0000
                if ((hw2 & 0x7F) != 0x10) return null;
                if (rt == 13 || rt == 15) return null;
                int sn = sReg(vn, (hw2 >>> 7) & 1);
                return new Transfer(l == 1 ? Xfer.TO_CORE : Xfer.FROM_CORE, sn, rt, 0);
            }
            if (a == 7) {
                // VMRS / VMSR: 1110 1110 111 L 0001 Rt 1010 0001 0000 (FPSCR only on ARMv7-M)
                if ((hw2 & 0xFF) != 0x10 || vn != 1) return null;
                if (l == 1) {
                    if (rt == 15) return new Transfer(Xfer.VMRS_APSR, 0, 0, 0);
                    if (rt == 13) return null;
                    return new Transfer(Xfer.VMRS, 0, rt, 0);
                }
                if (rt == 13 || rt == 15) return null;
                return new Transfer(Xfer.VMSR, 0, rt, 0);
            }
            return null;
        }
        // VMOV between a core register and a 32-bit half of a D register:
        // 1110 1110 0 0 H L Vd Rt 1011 D 0 0 1 0000 (only the 32-bit form exists on ARMv7-M).
        if ((hw1 & 0xC0) != 0 || (hw2 & 0x7F) != 0x10) return null;
        if (rt == 13 || rt == 15) return null;
        int dn = dReg(vn, (hw2 >>> 7) & 1);
        if (dn >= 16) return null;
        int index = (hw1 >>> 5) & 1;
        return new Transfer(l == 1 ? Xfer.TO_CORE : Xfer.FROM_CORE, 2 * dn + index, rt, 0);
    }

    // ---- extension register load/store and 64-bit transfers ---------------------------------------

    private static Op decodeLoadStore(int pc, int hw1, int hw2, boolean dp) {
        int p = (hw1 >>> 8) & 1, u = (hw1 >>> 7) & 1, bD = (hw1 >>> 6) & 1, w = (hw1 >>> 5) & 1;
        boolean load = (hw1 & 0x10) != 0;
        int rn = hw1 & 0xF;
        int vd = (hw2 >>> 12) & 0xF;
        int imm8 = hw2 & 0xFF;
        if (p == 0 && u == 0 && w == 0) {
            // 64-bit transfers: 1110 1100 010 op Rt2 Rt 101 sz 00 M 1 Vm (bit 22 must be 1).
            if ((hw1 & 0x1E0) != 0x040) return null;
            if ((hw2 & 0xD0) != 0x10) return null;
            int rt = vd, rt2 = rn;
            int vm = hw2 & 0xF, bM = (hw2 >>> 5) & 1;
            if (rt == 13 || rt == 15 || rt2 == 13 || rt2 == 15) return null;
            if (load && rt == rt2) return null;
            int first;
            if (dp) {
                first = 2 * dReg(vm, bM);
                if (first >= 32) return null;
            } else {
                first = sReg(vm, bM);
                if (first == 31) return null;
            }
            return new Transfer(load ? Xfer.TWO_TO_CORE : Xfer.TWO_FROM_CORE, first, rt, rt2);
        }
        int first = dp ? 2 * dReg(vd, bD) : sReg(vd, bD);
        if (p == 1 && w == 0) {
            // VLDR / VSTR: 1110 1101 U D 0 L Rn Vd 101 sz imm8
            int off = u == 1 ? imm8 * 4 : -imm8 * 4;
            int words = dp ? 2 : 1;
            if (dp && first >= 32) return null;
            if (rn == 15) {
                if (!load) return null; // VSTR with PC base is UNPREDICTABLE in Thumb
                int base = (pc + 4) & ~3;
                return new LoadStore(true, 15, true, base, off, false, 0, first, words);
            }
            return new LoadStore(load, rn, false, 0, off, false, 0, first, words);
        }
        // VLDM/VSTM: P U W = 0 1 x (increment after) or 1 0 1 (decrement before).
        if (p == u) return null;
        if (p == 1 && w == 0) return null;
        if (rn == 15) return null;
        int words = dp ? (imm8 & 0xFE) : imm8; // odd imm8 with sz=1 is FLDMX/FSTMX: same transfer
        int regs = dp ? imm8 / 2 : imm8;
        if (regs == 0) return null;
        if (dp ? (regs > 16 || first / 2 + regs > 16) : first + regs > 32) return null;
        int total = imm8 * 4; // writeback covers the whole imm8 (FLDMX's extra word too)
        if (p == 0) {
            return new LoadStore(load, rn, false, 0, 0, w == 1, total, first, words);
        }
        return new LoadStore(load, rn, false, 0, -total, true, -total, first, words);
    }
}
