package io.xipkit.cpu;

/** SEL (DDI 0403E A7.7.125): byte i of Rd comes from Rn when APSR.GE[i] is set, else from Rm. */
final class DspSelOp extends Op {
    private final int d, n, m;

    DspSelOp(int d, int n, int m) {
        super(4);
        this.d = d;
        this.n = n;
        this.m = m;
    }

    @Override
    public void exec(Core c) {
        int ge = c.ge;
        int mask = ((ge & 1) * 0xFF) | ((ge & 2) * 0x7F80) | ((ge & 4) * 0x3FC000) | ((ge & 8) * 0x1FE00000);
        c.r[d] = (c.r[n] & mask) | (c.r[m] & ~mask);
    }
}
