package io.xipkit.cpu;

/** USAD8, USADA8 (DDI 0403E A7.7.197, A7.7.198): sum of the four unsigned byte differences' magnitudes (+ Ra). */
final class DspSumAbsoluteDifferencesOp extends DspMultiplyAccumulateOp {
    DspSumAbsoluteDifferencesOp(int d, int n, int m, int a) {
        super(d, n, m, a);
    }

    @Override
    public void exec(Core c) {
        int x = c.r[n];
        int y = c.r[m];
        int sum = a < 0 ? 0 : c.r[a];
        for (int shift = 0; shift < 32; shift += 8) {
            sum += Math.abs(((x >>> shift) & 0xFF) - ((y >>> shift) & 0xFF));
        }
        c.r[d] = sum;
    }
}
