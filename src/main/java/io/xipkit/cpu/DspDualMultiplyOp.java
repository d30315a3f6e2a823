package io.xipkit.cpu;

/**
 * Dual signed 16×16 multiplies (DDI 0403E): SMUAD(X)/SMLAD(X) add the two products
 * (A7.7.145, A7.7.134), SMUSD(X)/SMLSD(X) subtract the top product from the bottom one
 * (A7.7.149, A7.7.140); X swaps Rm's halfwords first. APSR.Q is set when the exact result does
 * not fit in 32 bits (only possible when adding; the subtracting forms' check is then never true).
 */
final class DspDualMultiplyOp extends DspMultiplyAccumulateOp {
    private final boolean subtract, exchange;

    DspDualMultiplyOp(boolean subtract, boolean exchange, int d, int n, int m, int a) {
        super(d, n, m, a);
        this.subtract = subtract;
        this.exchange = exchange;
    }

    @Override
    public void exec(Core c) {
        int rn = c.r[n];
        int op2 = exchange ? Integer.rotateRight(c.r[m], 16) : c.r[m];
        long product1 = (short) rn * (short) op2;
        long product2 = (rn >> 16) * (op2 >> 16);
        long result = subtract ? product1 - product2 : product1 + product2;
        if (a >= 0) result += c.r[a];
        int value = (int) result;
        c.r[d] = value;
        if (result != value) c.q = true;
    }
}
