package io.xipkit.cpu;

/**
 * SSAT, USAT (DDI 0403E A7.7.127, A7.7.199): shift Rn (LSL or ASR by an immediate), then saturate
 * the signed value to a signed N-bit (1..32) or unsigned N-bit (0..31) range. SSAT16, USAT16
 * (A7.7.128, A7.7.200): saturate each signed halfword separately. APSR.Q is set if any saturation
 * happened.
 */
final class DspSaturateOp extends Op {
    private final boolean halfwords;
    private final boolean asr;
    private final int shift;
    private final long min, max;
    private final int d, n;

    DspSaturateOp(boolean halfwords, boolean unsigned, int bits, boolean asr, int shift, int d, int n) {
        super(4);
        this.halfwords = halfwords;
        this.asr = asr;
        this.shift = shift;
        this.min = unsigned ? 0 : -(1L << (bits - 1));
        this.max = unsigned ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
        this.d = d;
        this.n = n;
    }

    @Override
    public void exec(Core c) {
        int value = c.r[n];
        if (halfwords) {
            int lo = saturate(c, (short) value);
            int hi = saturate(c, value >> 16);
            c.r[d] = (lo & 0xFFFF) | (hi << 16);
        } else {
            c.r[d] = saturate(c, asr ? value >> shift : value << shift);
        }
    }

    private int saturate(Core c, int v) {
        if (v > max) {
            c.q = true;
            return (int) max;
        }
        if (v < min) {
            c.q = true;
            return (int) min;
        }
        return v;
    }
}
