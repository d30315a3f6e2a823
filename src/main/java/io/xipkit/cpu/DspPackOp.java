package io.xipkit.cpu;

/**
 * PKHBT, PKHTB (DDI 0403E A7.7.84): PKHBT takes Rn's bottom halfword and the top halfword of
 * (Rm LSL #imm); PKHTB takes Rn's top halfword and the bottom halfword of (Rm ASR #imm).
 */
final class DspPackOp extends Op {
    private final boolean topBottom;
    /** LSL 0..31 for PKHBT, ASR 1..31 for PKHTB (ASR #32 behaves as ASR #31). */
    private final int shift;
    private final int d, n, m;

    DspPackOp(boolean topBottom, int shift, int d, int n, int m) {
        super(4);
        this.topBottom = topBottom;
        this.shift = shift;
        this.d = d;
        this.n = n;
        this.m = m;
    }

    @Override
    public void exec(Core c) {
        int rn = c.r[n];
        int rm = c.r[m];
        c.r[d] = topBottom
                ? (rn & 0xFFFF_0000) | ((rm >> shift) & 0xFFFF)
                : ((rm << shift) & 0xFFFF_0000) | (rn & 0xFFFF);
    }
}
