package io.xipkit.cpu;

import static io.xipkit.cpu.FpMath.DOUBLE;
import static io.xipkit.cpu.FpMath.SINGLE;

/**
 * The decoded floating-point instructions (ARM DDI 0403E A7.7, "Alphabetical list of
 * floating-point instructions"). Register numbers are S-register numbers for single precision
 * and D-register numbers for double precision (D[n] = S[2n+1]:S[2n]). Every op first calls
 * {@code ExceptionUnit.fpuAccess()} (ExecuteFPCheck: CPACR, lazy state preservation, FPCA), in
 * {@link FpOp#exec}.
 */
final class FpOps {
    private FpOps() {}

    static long readD(Core c, int d) {
        return ((long) c.s[2 * d + 1] << 32) | (c.s[2 * d] & 0xFFFFFFFFL);
    }

    static void writeD(Core c, int d, long v) {
        c.s[2 * d] = (int) v;
        c.s[2 * d + 1] = (int) (v >>> 32);
    }

    static long read(Core c, int reg, boolean dp) {
        return dp ? readD(c, reg) : c.s[reg] & 0xFFFFFFFFL;
    }

    static void write(Core c, int reg, boolean dp, long v) {
        if (dp) writeD(c, reg, v);
        else c.s[reg] = (int) v;
    }

    static int rmode(Core c, int mode) {
        return mode == FpMath.FPSCR_MODE ? FpMath.mode(c) : mode;
    }

    /** Data-processing kinds (A6 / A7.7). */
    enum Kind {
        VMLA, VMLS, VNMLA, VNMLS, VMUL, VNMUL, VADD, VSUB, VDIV, VFMA, VFMS, VFNMA, VFNMS,
        VMAXNM, VMINNM, VSEL,
        VMOV, VABS, VNEG, VSQRT, VRINT, VRINTX, VCMP, VCMPE
    }

    /**
     * The data-processing instruction {@code kind}, as the op that executes it: the frequent
     * kinds get a class of their own whose small {@code exec} a translated block inlines (a
     * block calls its ops on constant receivers); the rest share {@link Arith#exec}.
     */
    static Arith arith(Kind kind, boolean dp, int d, int n, int m, int extra, boolean withZero) {
        switch (kind) {
            case VADD: case VSUB: return new AddSub(kind, dp, d, n, m);
            case VMUL: case VNMUL: return new Mul(kind, dp, d, n, m);
            case VDIV: return new Div(dp, d, n, m);
            case VSQRT: return new Sqrt(dp, d, m);
            case VMLA: case VMLS: case VNMLA: case VNMLS: return new MulAccumulate(kind, dp, d, n, m);
            case VFMA: case VFMS: case VFNMA: case VFNMS: return new FusedMulAdd(kind, dp, d, n, m);
            case VMOV: case VABS: case VNEG: return new Move(kind, dp, d, m);
            case VCMP: case VCMPE: return new Compare(kind, dp, d, m, withZero);
            default: return new Arith(kind, dp, d, n, m, extra, withZero);
        }
    }

    /** Arithmetic on registers of one precision: Vd = f(Vd, Vn, Vm). This class executes
     *  VMAXNM, VMINNM, VSEL and VRINT*; its subclasses the other kinds ({@link #arith}). */
    static class Arith extends FpOp {
        final Kind kind;
        final boolean dp;
        final int d, n, m;
        /** VSEL condition (0 EQ, 1 VS, 2 GE, 3 GT) or a rounding mode for VRINT. */
        final int extra;
        /** VCMP/VCMPE with #0.0 instead of Vm. */
        final boolean withZero;

        private Arith(Kind kind, boolean dp, int d, int n, int m, int extra, boolean withZero) {
            this.kind = kind;
            this.dp = dp;
            this.d = d;
            this.n = n;
            this.m = m;
            this.extra = extra;
            this.withZero = withZero;
        }

        @Override
        public boolean touchesCoreRegisters() {
            return kind == Kind.VSEL;   // reads the APSR flags
        }

        final int format() {
            return dp ? DOUBLE : SINGLE;
        }

        /** The sign bit of this precision (FPNeg flips it, NaNs included). */
        final long signBit() {
            return FpMath.signBit(format());
        }

        @Override
        public void execEnabled(Core c) {
            final boolean dp = this.dp;
            final int f = format();
            final long vm = read(c, m, dp);
            long r;
            switch (kind) {
                case VMAXNM: r = FpMath.maxMinNum(c, read(c, n, dp), vm, true, f); break;
                case VMINNM: r = FpMath.maxMinNum(c, read(c, n, dp), vm, false, f); break;
                case VSEL: {
                    boolean pass;
                    switch (extra) {
                        case 0: pass = c.z; break;
                        case 1: pass = c.v; break;
                        case 2: pass = c.n == c.v; break;
                        default: pass = !c.z && c.n == c.v; break;
                    }
                    r = pass ? read(c, n, dp) : vm;
                    break;
                }
                case VRINT: r = FpMath.roundInt(c, vm, f, rmode(c, extra), false); break;
                case VRINTX: r = FpMath.roundInt(c, vm, f, FpMath.mode(c), true); break;
                default: throw new IllegalStateException(kind.name());
            }
            write(c, d, dp, r);
        }
    }

    /** VADD / VSUB: FPAdd(Vn, Vm) or FPSub(Vn, Vm). */
    static final class AddSub extends Arith {
        private final boolean subtract;

        AddSub(Kind kind, boolean dp, int d, int n, int m) {
            super(kind, dp, d, n, m, 0, false);
            subtract = kind == Kind.VSUB;
        }

        @Override
        public void execEnabled(Core c) {
            if (dp) writeD(c, d, FpFastPath.add(c, readD(c, n), readD(c, m), subtract, DOUBLE));
            else c.s[d] = (int) FpFastPath.add(c, c.s[n] & 0xFFFFFFFFL, c.s[m] & 0xFFFFFFFFL, subtract, SINGLE);
        }
    }

    /** VMUL / VNMUL: FPMul(Vn, Vm), negated by VNMUL (FPNeg, NaNs included). */
    static final class Mul extends Arith {
        private final boolean negate;

        Mul(Kind kind, boolean dp, int d, int n, int m) {
            super(kind, dp, d, n, m, 0, false);
            negate = kind == Kind.VNMUL;
        }

        @Override
        public void execEnabled(Core c) {
            int f = format();
            long r = FpFastPath.mul(c, read(c, n, dp), read(c, m, dp), f);
            write(c, d, dp, negate ? FpMath.negate(r, f) : r);
        }
    }

    /** VDIV: FPDiv(Vn, Vm). */
    static final class Div extends Arith {
        Div(boolean dp, int d, int n, int m) {
            super(Kind.VDIV, dp, d, n, m, 0, false);
        }

        @Override
        public void execEnabled(Core c) {
            write(c, d, dp, FpFastPath.div(c, read(c, n, dp), read(c, m, dp), format()));
        }
    }

    /** VSQRT: FPSqrt(Vm). */
    static final class Sqrt extends Arith {
        Sqrt(boolean dp, int d, int m) {
            super(Kind.VSQRT, dp, d, 0, m, 0, false);
        }

        @Override
        public void execEnabled(Core c) {
            write(c, d, dp, FpFastPath.sqrt(c, read(c, m, dp), format()));
        }
    }

    /**
     * The chained (not fused) multiply-accumulates, two roundings (A7.7): VMLA Vd + Vn*Vm, VMLS
     * Vd + FPNeg(Vn*Vm), VNMLA FPNeg(Vd) + FPNeg(Vn*Vm), VNMLS FPNeg(Vd) + Vn*Vm.
     */
    static final class MulAccumulate extends Arith {
        /** The sign bit where FPNeg applies, else 0. */
        private final long addendFlip, productFlip;

        MulAccumulate(Kind kind, boolean dp, int d, int n, int m) {
            super(kind, dp, d, n, m, 0, false);
            addendFlip = kind == Kind.VNMLA || kind == Kind.VNMLS ? signBit() : 0;
            productFlip = kind == Kind.VMLS || kind == Kind.VNMLA ? signBit() : 0;
        }

        @Override
        public void execEnabled(Core c) {
            int f = format();
            long product = FpFastPath.mul(c, read(c, n, dp), read(c, m, dp), f) ^ productFlip;
            write(c, d, dp, FpFastPath.add(c, read(c, d, dp) ^ addendFlip, product, false, f));
        }
    }

    /**
     * The fused multiply-accumulates, one rounding (A7.7): FPMulAdd(Vd, Vn, Vm) with FPNeg of
     * Vn for VFMS and VFNMA and of Vd for VFNMA and VFNMS.
     */
    static final class FusedMulAdd extends Arith {
        /** The sign bit where FPNeg applies, else 0. */
        private final long addendFlip, op1Flip;

        FusedMulAdd(Kind kind, boolean dp, int d, int n, int m) {
            super(kind, dp, d, n, m, 0, false);
            addendFlip = kind == Kind.VFNMA || kind == Kind.VFNMS ? signBit() : 0;
            op1Flip = kind == Kind.VFMS || kind == Kind.VFNMA ? signBit() : 0;
        }

        @Override
        public void execEnabled(Core c) {
            long addend = read(c, d, dp) ^ addendFlip, op1 = read(c, n, dp) ^ op1Flip;
            write(c, d, dp, FpFastPath.mulAdd(c, addend, op1, read(c, m, dp), format()));
        }
    }

    /** VMOV (register), VABS, VNEG: sign-bit operations, no flags and no NaN processing. */
    static final class Move extends Arith {
        private final long andMask, xorMask;

        Move(Kind kind, boolean dp, int d, int m) {
            super(kind, dp, d, 0, m, 0, false);
            andMask = kind == Kind.VABS ? ~signBit() : -1L;
            xorMask = kind == Kind.VNEG ? signBit() : 0;
        }

        @Override
        public void execEnabled(Core c) {
            write(c, d, dp, (read(c, m, dp) & andMask) ^ xorMask);
        }
    }

    /** VCMP / VCMPE (Vm or #0.0): FPCompare into FPSCR.N,Z,C,V; VCMPE also signals on quiet NaNs. */
    static final class Compare extends Arith {
        private final boolean quietNaNExc;

        Compare(Kind kind, boolean dp, int d, int m, boolean withZero) {
            super(kind, dp, d, 0, m, 0, withZero);
            quietNaNExc = kind == Kind.VCMPE;
        }

        @Override
        public void execEnabled(Core c) {
            int nzcv = FpFastPath.compare(c, read(c, d, dp), withZero ? 0 : read(c, m, dp), quietNaNExc, format());
            c.fpscr = (c.fpscr & 0x0FFFFFFF) | (nzcv << 28);
        }
    }

    /** Conversions between precisions and to/from integers and fixed point. */
    enum Conv { F64_F32, F32_F64, TO_INT, FROM_INT, TO_FIXED, FROM_FIXED, FROM_HALF, TO_HALF }

    static final class Convert extends FpOp {
        final Conv kind;
        /** True when the floating-point side is double precision. */
        final boolean dp;
        final int d, m;
        final boolean unsigned;
        /** Rounding mode for TO_INT / TO_FIXED (RZ, FPSCR_MODE or an FPv5 explicit mode). */
        final int mode;
        /** Integer width (16/32) and fraction bits for fixed point. */
        final int bits, fbits;
        /** VCVTT: the top half of the single register holds the half-precision value. */
        final boolean top;

        Convert(Conv kind, boolean dp, int d, int m, boolean unsigned, int mode, int bits, int fbits,
                boolean top) {
            this.kind = kind;
            this.dp = dp;
            this.d = d;
            this.m = m;
            this.unsigned = unsigned;
            this.mode = mode;
            this.bits = bits;
            this.fbits = fbits;
            this.top = top;
        }

        @Override
        public void execEnabled(Core c) {
            final int f = dp ? DOUBLE : SINGLE;
            switch (kind) {
                case F64_F32: // VCVT.F64.F32 Dd, Sm
                    writeD(c, d, FpMath.convert(c, c.s[m] & 0xFFFFFFFFL, SINGLE, DOUBLE));
                    return;
                case F32_F64: // VCVT.F32.F64 Sd, Dm
                    c.s[d] = (int) FpMath.convert(c, readD(c, m), DOUBLE, SINGLE);
                    return;
                case TO_INT: // Sd = FPToFixed(Sm or Dm, 32, 0)
                    c.s[d] = (int) FpMath.toFixed(c, read(c, m, dp), f, 32, 0, unsigned, rmode(c, mode));
                    return;
                case FROM_INT: { // Sd or Dd = FixedToFP(Sm, 32, 0)
                    int v = c.s[m];
                    long value = unsigned ? v & 0xFFFFFFFFL : v;
                    write(c, d, dp, FpMath.fromFixed(c, value, 0, f, FpMath.mode(c)));
                    return;
                }
                case TO_FIXED: { // in place; result sign/zero-extended to the register width
                    long r = FpMath.toFixed(c, read(c, d, dp), f, bits, fbits, unsigned, FpMath.RZ);
                    write(c, d, dp, r);
                    return;
                }
                case FROM_FIXED: {
                    long raw = read(c, d, dp);
                    long value = bits == 16
                            ? (unsigned ? raw & 0xFFFF : (short) raw)
                            : (unsigned ? raw & 0xFFFFFFFFL : (int) raw);
                    // Fixed to floating point always rounds to nearest (round_nearest = TRUE
                    // in the VCVT fixed-point decode, A7.7), unlike VCVT from an integer.
                    write(c, d, dp, FpMath.fromFixed(c, value, fbits, f, FpMath.RN));
                    return;
                }
                case FROM_HALF: { // Sd / Dd = half in Sm<15:0> or Sm<31:16>
                    int h = top ? c.s[m] >>> 16 : c.s[m] & 0xFFFF;
                    write(c, d, dp, FpMath.fromHalf(c, h, f));
                    return;
                }
                case TO_HALF: { // Sd<15:0> or Sd<31:16> = half of Sm / Dm; other half kept
                    int h = FpMath.toHalf(c, read(c, m, dp), f);
                    c.s[d] = top ? (c.s[d] & 0xFFFF) | (h << 16) : (c.s[d] & 0xFFFF0000) | h;
                    return;
                }
                default: throw new IllegalStateException(kind.name());
            }
        }
    }

    /** VMOV (immediate): the constant is expanded at decode time. */
    static final class MovImm extends FpOp {
        final boolean dp;
        final int d;
        final long value;

        MovImm(boolean dp, int d, long value) {
            this.dp = dp;
            this.d = d;
            this.value = value;
        }

        @Override
        public void execEnabled(Core c) {
            write(c, d, dp, value);
        }
    }

    /** Transfers between core registers and FP registers / FPSCR. */
    enum Xfer { TO_CORE, FROM_CORE, TWO_TO_CORE, TWO_FROM_CORE, VMRS, VMRS_APSR, VMSR }

    static final class Transfer extends FpOp {
        final Xfer kind;
        /** S-register index (for a D register or scalar the S index of the word moved first). */
        final int sreg;
        final int rt, rt2;

        Transfer(Xfer kind, int sreg, int rt, int rt2) {
            this.kind = kind;
            this.sreg = sreg;
            this.rt = rt;
            this.rt2 = rt2;
        }

        @Override
        public boolean touchesCoreRegisters() {
            return true;
        }

        @Override
        public void execEnabled(Core c) {
            switch (kind) {
                case TO_CORE: c.r[rt] = c.s[sreg]; break;
                case FROM_CORE: c.s[sreg] = c.r[rt]; break;
                case TWO_TO_CORE:
                    c.r[rt] = c.s[sreg];
                    c.r[rt2] = c.s[sreg + 1];
                    break;
                case TWO_FROM_CORE:
                    c.s[sreg] = c.r[rt];
                    c.s[sreg + 1] = c.r[rt2];
                    break;
                case VMRS: c.r[rt] = c.fpscr; break;
                case VMRS_APSR: {
                    int v = c.fpscr;
                    c.n = v < 0;
                    c.z = (v & (1 << 30)) != 0;
                    c.c = (v & (1 << 29)) != 0;
                    c.v = (v & (1 << 28)) != 0;
                    break;
                }
                case VMSR: c.fpscr = c.r[rt] & FpMath.FPSCR_MASK; break;
                default: throw new IllegalStateException(kind.name());
            }
        }
    }

    /**
     * VLDR/VSTR/VLDM/VSTM/VPUSH/VPOP (A7.7): {@code words} consecutive words starting at
     * S[first]. The address is Rn (or the literal base resolved at decode time when
     * {@code literal}), plus {@code offset}; with writeback Rn becomes Rn + {@code wbDelta}.
     */
    static final class LoadStore extends FpOp {
        final boolean load;
        final int rn;
        final boolean literal;
        final int literalAddress;
        final int offset;
        final boolean writeback;
        final int wbDelta;
        final int first, words;

        LoadStore(boolean load, int rn, boolean literal, int literalAddress, int offset, boolean writeback,
                  int wbDelta, int first, int words) {
            this.load = load;
            this.rn = rn;
            this.literal = literal;
            this.literalAddress = literalAddress;
            this.offset = offset;
            this.writeback = writeback;
            this.wbDelta = wbDelta;
            this.first = first;
            this.words = words;
        }

        @Override
        public boolean touchesCoreRegisters() {
            return true;
        }

        @Override
        public void execEnabled(Core c) {
            final int base = literal ? literalAddress : c.r[rn];
            int a = base + offset;
            final int[] s = c.s;
            if (load) {
                for (int i = 0; i < words; i++, a += 4) s[first + i] = c.read32Aligned(a);
            } else {
                for (int i = 0; i < words; i++, a += 4) c.write32Aligned(a, s[first + i]);
            }
            if (writeback) c.r[rn] = base + wbDelta;
        }
    }
}
