package io.xipkit.cpu;

/**
 * The register operands the DSP multiply-accumulate encodings share (DDI 0403E A5.3.16: Rd, Rn,
 * Rm and Ra, with Ra = 1111 meaning "no accumulate"). Plain final fields, so the subclasses'
 * {@code exec} reads them exactly as it would its own.
 */
abstract class DspMultiplyAccumulateOp extends Op {
    /** -1 for the non-accumulating forms (Ra = 1111). */
    protected final int a;
    protected final int d, n, m;

    DspMultiplyAccumulateOp(int d, int n, int m, int a) {
        super(4);
        this.d = d;
        this.n = n;
        this.m = m;
        this.a = a;
    }
}
