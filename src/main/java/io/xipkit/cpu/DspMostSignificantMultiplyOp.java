package io.xipkit.cpu;

/**
 * SMMUL(R), SMMLA(R), SMMLS(R) (DDI 0403E A7.7.144, A7.7.142, A7.7.143): the top word of
 * (Ra·2^32 ± Rn·Rm), optionally rounded by adding 0x80000000 first. Only bits [63:32] are kept,
 * so 64-bit wrapping arithmetic gives the pseudocode's exact-integer result.
 */
final class DspMostSignificantMultiplyOp extends DspMultiplyAccumulateOp {
    private final boolean subtract, round;

    DspMostSignificantMultiplyOp(boolean subtract, boolean round, int d, int n, int m, int a) {
        super(d, n, m, a);
        this.subtract = subtract;
        this.round = round;
    }

    @Override
    public void exec(Core c) {
        long product = (long) c.r[n] * c.r[m];
        long result;
        if (a < 0) {
            result = product;
        } else {
            long accumulator = (long) c.r[a] << 32;
            result = subtract ? accumulator - product : accumulator + product;
        }
        if (round) result += 0x8000_0000L;
        c.r[d] = (int) (result >>> 32);
    }
}
