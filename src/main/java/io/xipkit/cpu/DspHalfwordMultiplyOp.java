package io.xipkit.cpu;

/**
 * Signed halfword multiplies (DDI 0403E): SMUL&lt;x&gt;&lt;y&gt; / SMLA&lt;x&gt;&lt;y&gt; (A7.7.146, A7.7.133),
 * 16×16 products; SMULW&lt;y&gt; / SMLAW&lt;y&gt; (A7.7.148, A7.7.139), 32×16 products keeping bits
 * [47:16]. The accumulating forms set APSR.Q when the exact result does not fit in 32 bits.
 */
final class DspHalfwordMultiplyOp extends DspMultiplyAccumulateOp {
    /** SMLAW/SMULW: Rn is used whole and the product is taken from bits [47:16]. */
    final boolean wide;
    final boolean nTop, mTop;

    DspHalfwordMultiplyOp(boolean wide, boolean nTop, boolean mTop, int d, int n, int m, int a) {
        super(d, n, m, a);
        this.wide = wide;
        this.nTop = nTop;
        this.mTop = mTop;
    }

    @Override
    public void exec(Core c) {
        int rn = c.r[n];
        int rm = c.r[m];
        int op2 = mTop ? rm >> 16 : (short) rm;
        long result;
        if (wide) {
            long product = (long) rn * op2;
            if (a < 0) {
                c.r[d] = (int) (product >> 16);
                return;
            }
            result = (product + ((long) c.r[a] << 16)) >> 16;
        } else {
            int op1 = nTop ? rn >> 16 : (short) rn;
            int product = op1 * op2; // |product| <= 2^30: exact in an int
            if (a < 0) {
                c.r[d] = product;
                return;
            }
            result = (long) product + c.r[a];
        }
        int value = (int) result;
        c.r[d] = value;
        if (result != value) c.q = true;
    }
}
