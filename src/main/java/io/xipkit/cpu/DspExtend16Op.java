package io.xipkit.cpu;

/**
 * SXTB16, SXTAB16, UXTB16, UXTAB16 (DDI 0403E A7.7.159, A7.7.158, A7.7.195, A7.7.194): rotate Rm
 * right by 0/8/16/24, extend bytes 0 and 2 to halfwords, and add them to Rn's halfwords (the
 * accumulating forms) with each halfword wrapping on its own.
 */
final class DspExtend16Op extends Op {
    private final boolean signed;
    /** -1 for the non-accumulating forms (Rn = 1111). */
    private final int n;
    private final int d, m, rotation;

    DspExtend16Op(boolean signed, int d, int n, int m, int rotation) {
        super(4);
        this.signed = signed;
        this.d = d;
        this.n = n;
        this.m = m;
        this.rotation = rotation;
    }

    @Override
    public void exec(Core c) {
        int rotated = Integer.rotateRight(c.r[m], rotation);
        int lo = signed ? (byte) rotated : rotated & 0xFF;
        int hi = signed ? (byte) (rotated >>> 16) : (rotated >>> 16) & 0xFF;
        if (n >= 0) {
            int base = c.r[n];
            lo += base;
            hi += base >>> 16;
        }
        c.r[d] = (lo & 0xFFFF) | (hi << 16);
    }
}
