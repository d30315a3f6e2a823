package io.xipkit.cpu;

/**
 * DSP long multiplies accumulating into RdHi:RdLo (DDI 0403E): SMLAL&lt;x&gt;&lt;y&gt; (A7.7.136),
 * SMLALD(X) (A7.7.137), SMLSLD(X) (A7.7.141), UMAAL (A7.7.189). The pseudocode keeps result[63:0]
 * of an exact sum, which is what wrapping 64-bit arithmetic yields; UMAAL's exact result always
 * fits in 64 unsigned bits.
 */
final class DspLongMultiplyOp extends Op {
    static final int SMLAL_XY = 0, SMLALD = 1, SMLSLD = 2, UMAAL = 3;

    private final int kind;
    /** SMLAL&lt;x&gt;&lt;y&gt;: N bit; unused otherwise. */
    private final boolean nTop;
    /** SMLAL&lt;x&gt;&lt;y&gt;: M bit; SMLALD/SMLSLD: X (exchange Rm's halfwords). */
    private final boolean mBit;
    private final int dLo, dHi, n, m;

    DspLongMultiplyOp(int kind, boolean nTop, boolean mBit, int dLo, int dHi, int n, int m) {
        super(4);
        this.kind = kind;
        this.nTop = nTop;
        this.mBit = mBit;
        this.dLo = dLo;
        this.dHi = dHi;
        this.n = n;
        this.m = m;
    }

    @Override
    public void exec(Core c) {
        final int[] r = c.r;
        int rn = r[n];
        int rm = r[m];
        long lo = r[dLo] & 0xFFFF_FFFFL;
        long result;
        switch (kind) {
            case SMLAL_XY: {
                int op1 = nTop ? rn >> 16 : (short) rn;
                int op2 = mBit ? rm >> 16 : (short) rm;
                result = (long) (op1 * op2) + (((long) r[dHi] << 32) | lo);
                break;
            }
            case SMLALD:
            case SMLSLD: {
                int op2 = mBit ? Integer.rotateRight(rm, 16) : rm;
                long product1 = (short) rn * (short) op2;
                long product2 = (rn >> 16) * (op2 >> 16);
                long sum = kind == SMLALD ? product1 + product2 : product1 - product2;
                result = sum + (((long) r[dHi] << 32) | lo);
                break;
            }
            default: // UMAAL
                result = (rn & 0xFFFF_FFFFL) * (rm & 0xFFFF_FFFFL) + (r[dHi] & 0xFFFF_FFFFL) + lo;
        }
        r[dHi] = (int) (result >>> 32);
        r[dLo] = (int) result;
    }
}
