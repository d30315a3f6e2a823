package io.xipkit.cpu;

/**
 * QADD, QSUB, QDADD, QDSUB (DDI 0403E A7.7.87, A7.7.94, A7.7.89, A7.7.91): Rd = sat32(Rm ± [sat32(2·Rn)]);
 * APSR.Q is set (sticky) when either saturation happens.
 */
final class DspSaturatingAddOp extends Op {
    private final boolean subtract, doubling;
    private final int d, n, m;

    DspSaturatingAddOp(boolean subtract, boolean doubling, int d, int n, int m) {
        super(4);
        this.subtract = subtract;
        this.doubling = doubling;
        this.d = d;
        this.n = n;
        this.m = m;
    }

    @Override
    public void exec(Core c) {
        long y = c.r[n];
        if (doubling) {
            long doubled = 2 * y;
            y = saturate(c, doubled);
        }
        long x = c.r[m];
        c.r[d] = (int) saturate(c, subtract ? x - y : x + y);
    }

    private static long saturate(Core c, long v) {
        if (v > Integer.MAX_VALUE) {
            c.q = true;
            return Integer.MAX_VALUE;
        }
        if (v < Integer.MIN_VALUE) {
            c.q = true;
            return Integer.MIN_VALUE;
        }
        return v;
    }
}
