package io.xipkit.cpu;

/**
 * The 36 parallel add/subtract instructions (DDI 0403E A5.3.13/A5.3.14): one of six lane
 * operations (ADD16, ASX, SAX, SUB16, ADD8, SUB8) on signed or unsigned lanes, with one of three
 * result treatments: wrap and set APSR.GE (S/U prefix), saturate (Q/UQ), or halve (SH/UH).
 *
 * <p>Every lane is computed exactly in an int (at most 17 significant bits), as the pseudocode
 * does with unbounded integers. GE rules (A7.7.117 SADD16 etc.): signed lanes set GE when the
 * exact result is &gt;= 0; unsigned additions when the sum is &gt;= 2^width (carry out);
 * unsigned subtractions when the difference is &gt;= 0 (no borrow).
 */
final class DspParallelOp extends Op {
    static final int ADD16 = 0, ASX = 1, SAX = 2, SUB16 = 3, ADD8 = 4, SUB8 = 5;
    static final int WRAP = 0, SATURATE = 1, HALVE = 2;

    private final int d, n, m;
    private final boolean signed;
    private final int treatment;
    private final boolean bytes;
    /** Lane i subtracts when bit i is set. */
    private final int subtractLanes;
    /** ASX/SAX pair the low halfword of Rn with the high one of Rm and vice versa. */
    private final boolean exchange;
    /** Saturation bounds for one lane (treatment SATURATE). */
    private final int laneMin, laneMax;

    DspParallelOp(int operation, boolean signed, int treatment, int d, int n, int m) {
        super(4);
        this.d = d;
        this.n = n;
        this.m = m;
        this.signed = signed;
        this.treatment = treatment;
        this.bytes = operation == ADD8 || operation == SUB8;
        this.exchange = operation == ASX || operation == SAX;
        switch (operation) {
            case ASX: subtractLanes = 0b01; break;   // low lane: Rn.lo - Rm.hi; high lane: Rn.hi + Rm.lo
            case SAX: subtractLanes = 0b10; break;   // low lane: Rn.lo + Rm.hi; high lane: Rn.hi - Rm.lo
            case SUB16: subtractLanes = 0b11; break;
            case SUB8: subtractLanes = 0b1111; break;
            default: subtractLanes = 0;
        }
        int width = bytes ? 8 : 16;
        laneMin = signed ? -(1 << (width - 1)) : 0;
        laneMax = signed ? (1 << (width - 1)) - 1 : (1 << width) - 1;
    }

    @Override
    public void exec(Core c) {
        final int a = c.r[n];
        final int b = c.r[m];
        int result = 0;
        int ge = 0;
        if (bytes) {
            for (int i = 0; i < 4; i++) {
                int shift = 8 * i;
                int x = signed ? (a << (24 - shift)) >> 24 : (a >>> shift) & 0xFF;
                int y = signed ? (b << (24 - shift)) >> 24 : (b >>> shift) & 0xFF;
                boolean sub = (subtractLanes & (1 << i)) != 0;
                int v = sub ? x - y : x + y;
                if (treatment == WRAP && geFor(v, sub, 8)) ge |= 1 << i;
                result |= (finish(v) & 0xFF) << shift;
            }
        } else {
            for (int i = 0; i < 2; i++) {
                int shift = 16 * i;
                int shiftB = exchange ? 16 - shift : shift;
                int x = signed ? (a << (16 - shift)) >> 16 : (a >>> shift) & 0xFFFF;
                int y = signed ? (b << (16 - shiftB)) >> 16 : (b >>> shiftB) & 0xFFFF;
                boolean sub = (subtractLanes & (1 << i)) != 0;
                int v = sub ? x - y : x + y;
                if (treatment == WRAP && geFor(v, sub, 16)) ge |= 3 << (2 * i);
                result |= (finish(v) & 0xFFFF) << shift;
            }
        }
        c.r[d] = result;
        if (treatment == WRAP) c.ge = ge;
    }

    private boolean geFor(int v, boolean sub, int width) {
        if (signed || sub) return v >= 0;
        return v >= (1 << width);
    }

    private int finish(int v) {
        if (treatment == SATURATE) return v < laneMin ? laneMin : Math.min(v, laneMax);
        if (treatment == HALVE) return v >> 1;
        return v;
    }
}
