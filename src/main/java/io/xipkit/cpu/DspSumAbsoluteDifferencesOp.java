package io.xipkit.cpu;

/** USAD8, USADA8 (DDI 0403E A7.7.197, A7.7.198): sum of the four unsigned byte differences' magnitudes (+ Ra). */
final class DspSumAbsoluteDifferencesOp extends Op {
    /** -1 for USAD8 (Ra = 1111). */
    private final int a;
    private final int d, n, m;

    DspSumAbsoluteDifferencesOp(int d, int n, int m, int a) {
        super(4);
        this.d = d;
        this.n = n;
        this.m = m;
        this.a = a;
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
