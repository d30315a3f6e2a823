package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * One property per DSP instruction family: the op must agree with a reference written here
 * straight from the DDI 0403E A7.7 pseudocode with exact (long / BigInteger) arithmetic, lane by
 * lane, structured independently of the ops. Operands mix uniform values with the edge values
 * the pseudocode treats specially. Encodings from arm-none-eabi-as/objdump (hw1:hw2), Rd = r0,
 * Rn = r1, Rm = r2, Ra = r3; long multiplies RdLo = r0, RdHi = r1, Rn = r2, Rm = r3.
 */
class DspPropertiesTest {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    @Provide
    Arbitrary<Integer> word() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers()),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(0, 1, -1, 0x80000000, 0x7FFFFFFF, 0x80008000, 0x7FFF7FFF,
                        0x8000, 0x7FFF, 0xFFFF, 0xFFFF0000, 0xFF00FF00, 0x00FF00FF, 0x80808080, 0x7F7F7F7F,
                        0x01010101, 0x00010001, 0x40000000, 0xC0000000)));
    }

    /** One core per property run (building a core per try dominates the run time); every try sets what it reads. */
    private final Core shared = new Core(CoreVariant.CORTEX_M7, new TestBus(), 25_000_000);

    private Core core(int r0, int r1, int r2, int r3, int ge, boolean q) {
        Core c = shared;
        c.r[0] = r0;
        c.r[1] = r1;
        c.r[2] = r2;
        c.r[3] = r3;
        c.ge = ge;
        c.q = q;
        return c;
    }

    private static void exec(Core c, int enc) {
        DspDecoder.decode32(0x2000, enc >>> 16, enc & 0xFFFF).exec(c);
    }

    private static long u32(int x) {
        return x & 0xFFFFFFFFL;
    }

    // ------------------------------------------------------------------------------------------
    // Parallel add/subtract (A7.7.x SADD16 ... UHSUB8)
    // ------------------------------------------------------------------------------------------

    private static final String[] PREFIXES = {"s", "q", "sh", "u", "uq", "uh"};
    private static final String[] PARALLEL_OPS = {"add16", "asx", "sax", "sub16", "add8", "sub8"};
    /** objdump encodings of "{prefix}{op} r0, r1, r2", rows = PREFIXES, columns = PARALLEL_OPS. */
    private static final int[][] PARALLEL_ENCODINGS = {
        {0xfa91f002, 0xfaa1f002, 0xfae1f002, 0xfad1f002, 0xfa81f002, 0xfac1f002},
        {0xfa91f012, 0xfaa1f012, 0xfae1f012, 0xfad1f012, 0xfa81f012, 0xfac1f012},
        {0xfa91f022, 0xfaa1f022, 0xfae1f022, 0xfad1f022, 0xfa81f022, 0xfac1f022},
        {0xfa91f042, 0xfaa1f042, 0xfae1f042, 0xfad1f042, 0xfa81f042, 0xfac1f042},
        {0xfa91f052, 0xfaa1f052, 0xfae1f052, 0xfad1f052, 0xfa81f052, 0xfac1f052},
        {0xfa91f062, 0xfaa1f062, 0xfae1f062, 0xfad1f062, 0xfa81f062, 0xfac1f062},
    };

    private static long lane(int x, int index, int width, boolean signed) {
        long v = (u32(x) >>> (index * width)) & ((1L << width) - 1);
        return signed && v >= (1L << (width - 1)) ? v - (1L << width) : v;
    }

    /** Returns {result, ge} for the reference; ge = -1 when the instruction leaves GE alone. */
    static int[] parallelReference(String prefix, String op, int a, int b) {
        boolean signed = prefix.startsWith("s") || prefix.equals("q");
        int width = op.endsWith("8") ? 8 : 16;
        int lanes = 32 / width;
        long[] values = new long[lanes];
        boolean[] adds = new boolean[lanes];
        for (int i = 0; i < lanes; i++) {
            long x = lane(a, i, width, signed);
            switch (op) {
                case "asx":  // low: Rn.lo - Rm.hi, high: Rn.hi + Rm.lo
                    adds[i] = i == 1;
                    values[i] = adds[i] ? x + lane(b, 0, width, signed) : x - lane(b, 1, width, signed);
                    break;
                case "sax":  // low: Rn.lo + Rm.hi, high: Rn.hi - Rm.lo
                    adds[i] = i == 0;
                    values[i] = adds[i] ? x + lane(b, 1, width, signed) : x - lane(b, 0, width, signed);
                    break;
                default:
                    adds[i] = op.startsWith("add");
                    values[i] = adds[i] ? x + lane(b, i, width, signed) : x - lane(b, i, width, signed);
            }
        }
        long result = 0;
        int ge = prefix.equals("s") || prefix.equals("u") ? 0 : -1;
        int gePerLane = width == 16 ? 0b11 : 0b1;
        for (int i = 0; i < lanes; i++) {
            long v = values[i];
            long out;
            switch (prefix) {
                case "s":
                    if (v >= 0) ge |= gePerLane << (i * (4 / lanes));
                    out = v;
                    break;
                case "u":
                    if (adds[i] ? v >= (1L << width) : v >= 0) ge |= gePerLane << (i * (4 / lanes));
                    out = v;
                    break;
                case "q":
                    out = Math.max(-(1L << (width - 1)), Math.min((1L << (width - 1)) - 1, v));
                    break;
                case "uq":
                    out = Math.max(0, Math.min((1L << width) - 1, v));
                    break;
                default: // sh, uh: the pseudocode takes bits [width:1] of the exact value
                    out = Math.floorDiv(v, 2);
            }
            result |= Math.floorMod(out, 1L << width) << (i * width);
        }
        return new int[] {(int) result, ge};
    }

    @Property(tries = 3000)
    void parallelAddSubtractMatchesLaneByLaneReference(@ForAll @IntRange(max = 5) int p, @ForAll @IntRange(max = 5) int o,
            @ForAll("word") int a, @ForAll("word") int b, @ForAll @IntRange(max = 15) int geBefore, @ForAll boolean qBefore) {
        Core c = core(0x5A5A5A5A, a, b, 0, geBefore, qBefore);
        exec(c, PARALLEL_ENCODINGS[p][o]);
        int[] expected = parallelReference(PREFIXES[p], PARALLEL_OPS[o], a, b);
        assertThat(c.r[0]).as("%s%s %08x %08x", PREFIXES[p], PARALLEL_OPS[o], a, b).isEqualTo(expected[0]);
        assertThat(c.ge).isEqualTo(expected[1] < 0 ? geBefore : expected[1]);
        assertThat(c.q).isEqualTo(qBefore);
        // SEL r3, r1, r2 then combines by the same GE (A7.7.125).
        exec(c, 0xfaa1f382);
        int sel = 0;
        for (int i = 0; i < 4; i++) {
            int from = (c.ge >> i & 1) != 0 ? a : b;
            sel |= from & (0xFF << (8 * i));
        }
        assertThat(c.r[3]).isEqualTo(sel);
    }

    // ------------------------------------------------------------------------------------------
    // Saturating arithmetic: QADD/QSUB/QDADD/QDSUB, SSAT/USAT/SSAT16/USAT16
    // ------------------------------------------------------------------------------------------

    private static long clamp(long v, long lo, long hi, boolean[] saturated) {
        if (v < lo || v > hi) saturated[0] = true;
        return Math.max(lo, Math.min(hi, v));
    }

    @Property(tries = 2000)
    void saturatingAddSubtractMatchesReference(@ForAll @IntRange(max = 3) int which, @ForAll("word") int rm,
            @ForAll("word") int rn, @ForAll boolean qBefore) {
        int[] encodings = {0xfa82f081, 0xfa82f0a1, 0xfa82f091, 0xfa82f0b1}; // qadd, qsub, qdadd, qdsub r0, r1, r2
        Core c = core(0, rm, rn, 0, 0b0110, qBefore);
        exec(c, encodings[which]);
        boolean[] sat = {false};
        long y = which >= 2 ? clamp(2L * rn, Integer.MIN_VALUE, Integer.MAX_VALUE, sat) : rn;
        long exact = (which & 1) == 0 ? (long) rm + y : (long) rm - y;
        long expected = clamp(exact, Integer.MIN_VALUE, Integer.MAX_VALUE, sat);
        assertThat(c.r[0]).isEqualTo((int) expected);
        assertThat(c.q).isEqualTo(qBefore || sat[0]);
        assertThat(c.ge).isEqualTo(0b0110);
    }

    /** SSAT/USAT T1 (A7.7.127/A7.7.199): 11110 0 11 0 U 0 sh 0 Rn : 0 imm3 Rd imm2 0 sat_imm. */
    static int saturateEncoding(boolean unsigned, boolean asr, int imm5, int satImm) {
        int hw1 = 0xF300 | (unsigned ? 0x80 : 0) | (asr ? 0x20 : 0) | 1;
        int hw2 = ((imm5 >> 2) << 12) | ((imm5 & 3) << 6) | satImm;
        return (hw1 << 16) | hw2;
    }

    @Example
    void saturateEncodingBuilderAgreesWithTheAssembler() {
        assertThat(saturateEncoding(false, false, 0, 7)).isEqualTo(0xf3010007);  // ssat r0, #8, r1
        assertThat(saturateEncoding(false, false, 3, 31)).isEqualTo(0xf30100df); // ssat r0, #32, r1, lsl #3
        assertThat(saturateEncoding(false, true, 31, 0)).isEqualTo(0xf32170c0);  // ssat r0, #1, r1, asr #31
        assertThat(saturateEncoding(true, true, 1, 0)).isEqualTo(0xf3a10040);    // usat r0, #0, r1, asr #1
        assertThat(saturateEncoding(false, true, 0, 7)).isEqualTo(0xf3210007);   // ssat16 r0, #8, r1
        assertThat(saturateEncoding(true, true, 0, 15)).isEqualTo(0xf3a1000f);   // usat16 r0, #15, r1
    }

    @Property(tries = 3000)
    void ssatAndUsatMatchReference(@ForAll boolean unsigned, @ForAll boolean asr, @ForAll @IntRange(max = 31) int imm5,
            @ForAll @IntRange(max = 31) int satImm, @ForAll("word") int value, @ForAll boolean qBefore) {
        if (asr && imm5 == 0) imm5 = 1; // ASR #0 is the 16-bit form, covered below
        Core c = core(0, value, 0, 0, 0, qBefore);
        exec(c, saturateEncoding(unsigned, asr, imm5, satImm));
        long operand = asr ? Math.floorDiv((long) value, 1L << imm5) : (int) (u32(value) << imm5);
        int bits = unsigned ? satImm : satImm + 1;
        long lo = unsigned ? 0 : -(1L << (bits - 1));
        long hi = unsigned ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
        boolean[] sat = {false};
        long expected = clamp(operand, lo, hi, sat);
        assertThat(c.r[0]).isEqualTo((int) expected);
        assertThat(c.q).isEqualTo(qBefore || sat[0]);
    }

    @Property(tries = 2000)
    void ssat16AndUsat16MatchReference(@ForAll boolean unsigned, @ForAll @IntRange(max = 15) int satImm,
            @ForAll("word") int value, @ForAll boolean qBefore) {
        Core c = core(0, value, 0, 0, 0, qBefore);
        exec(c, saturateEncoding(unsigned, true, 0, satImm));
        int bits = unsigned ? satImm : satImm + 1;
        long lo = unsigned ? 0 : -(1L << (bits - 1));
        long hi = unsigned ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
        boolean[] sat = {false};
        long low = clamp(lane(value, 0, 16, true), lo, hi, sat);
        long high = clamp(lane(value, 1, 16, true), lo, hi, sat);
        assertThat(c.r[0]).isEqualTo((int) (Math.floorMod(low, 0x10000L) | (Math.floorMod(high, 0x10000L) << 16)));
        assertThat(c.q).isEqualTo(qBefore || sat[0]);
    }

    // ------------------------------------------------------------------------------------------
    // 32-bit-result multiplies
    // ------------------------------------------------------------------------------------------

    private static final String[] MULTIPLIES = {
        "smlabb", "smlabt", "smlatb", "smlatt", "smulbb", "smulbt", "smultb", "smultt",
        "smlawb", "smlawt", "smulwb", "smulwt", "smlad", "smladx", "smuad", "smuadx",
        "smlsd", "smlsdx", "smusd", "smusdx", "smmla", "smmlar", "smmul", "smmulr",
        "smmls", "smmlsr", "usad8", "usada8",
    };
    /** objdump encodings of MULTIPLIES with r0, r1, r2[, r3]. */
    private static final int[] MULTIPLY_ENCODINGS = {
        0xfb113002, 0xfb113012, 0xfb113022, 0xfb113032, 0xfb11f002, 0xfb11f012, 0xfb11f022, 0xfb11f032,
        0xfb313002, 0xfb313012, 0xfb31f002, 0xfb31f012, 0xfb213002, 0xfb213012, 0xfb21f002, 0xfb21f012,
        0xfb413002, 0xfb413012, 0xfb41f002, 0xfb41f012, 0xfb513002, 0xfb513012, 0xfb51f002, 0xfb51f012,
        0xfb613002, 0xfb613012, 0xfb71f002, 0xfb713002,
    };

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    /** Bits [31:0] of an exact integer (BigInteger.intValue keeps the low-order 32 bits). */
    private static int low32(BigInteger v) {
        return v.intValue();
    }

    private static boolean fitsInt(BigInteger v) {
        return v.bitLength() <= 31;
    }

    /** Returns {rd, q} (q = 1 if the reference sets Q). */
    static int[] multiplyReference(String name, int n, int m, int a) {
        BigInteger acc = big(a);
        switch (name.substring(0, 5)) {
            case "smlab": case "smlat": case "smulb": case "smult": {
                boolean accumulate = name.startsWith("smla");
                BigInteger x = big(lane(n, name.charAt(4) == 't' ? 1 : 0, 16, true));
                BigInteger y = big(lane(m, name.charAt(5) == 't' ? 1 : 0, 16, true));
                BigInteger r = x.multiply(y);
                if (accumulate) r = r.add(acc);
                return new int[] {low32(r), accumulate && !fitsInt(r) ? 1 : 0};
            }
            case "smlaw": case "smulw": {
                boolean accumulate = name.startsWith("smla");
                BigInteger y = big(lane(m, name.charAt(5) == 't' ? 1 : 0, 16, true));
                BigInteger r = big(n).multiply(y);
                if (accumulate) r = r.add(acc.shiftLeft(16));
                BigInteger top = r.shiftRight(16); // floor division, bits [47:16]
                return new int[] {low32(top), accumulate && !fitsInt(top) ? 1 : 0};
            }
            case "smlad": case "smuad": case "smlsd": case "smusd": {
                int mm = name.endsWith("x") ? (m >>> 16) | (m << 16) : m;
                BigInteger p1 = big(lane(n, 0, 16, true) * lane(mm, 0, 16, true));
                BigInteger p2 = big(lane(n, 1, 16, true) * lane(mm, 1, 16, true));
                BigInteger r = name.contains("sd") ? p1.subtract(p2) : p1.add(p2);
                if (name.startsWith("smla") || name.startsWith("smls")) r = r.add(acc);
                return new int[] {low32(r), fitsInt(r) ? 0 : 1};
            }
            case "smmla": case "smmul": case "smmls": {
                BigInteger product = big(n).multiply(big(m));
                BigInteger r = name.startsWith("smmul") ? product
                        : name.startsWith("smmla") ? acc.shiftLeft(32).add(product) : acc.shiftLeft(32).subtract(product);
                if (name.endsWith("r")) r = r.add(BigInteger.ONE.shiftLeft(31));
                return new int[] {low32(r.shiftRight(32)), 0};
            }
            default: { // usad8, usada8
                long sum = name.equals("usada8") ? u32(a) : 0;
                for (int i = 0; i < 4; i++) sum += Math.abs(lane(n, i, 8, false) - lane(m, i, 8, false));
                return new int[] {(int) sum, 0};
            }
        }
    }

    @Property(tries = 4000)
    void multipliesMatchExactReference(@ForAll @IntRange(max = 27) int which, @ForAll("word") int n,
            @ForAll("word") int m, @ForAll("word") int a, @ForAll boolean qBefore) {
        Core c = core(0x5A5A5A5A, n, m, a, 0b1001, qBefore);
        exec(c, MULTIPLY_ENCODINGS[which]);
        int[] expected = multiplyReference(MULTIPLIES[which], n, m, a);
        assertThat(c.r[0]).as("%s %08x %08x %08x", MULTIPLIES[which], n, m, a).isEqualTo(expected[0]);
        assertThat(c.q).isEqualTo(qBefore || expected[1] != 0);
        assertThat(c.ge).isEqualTo(0b1001);
    }

    // ------------------------------------------------------------------------------------------
    // Long multiplies accumulating into RdHi:RdLo
    // ------------------------------------------------------------------------------------------

    private static final String[] LONG_MULTIPLIES = {
        "smlalbb", "smlalbt", "smlaltb", "smlaltt", "smlald", "smlaldx", "smlsld", "smlsldx", "umaal",
    };
    private static final int[] LONG_ENCODINGS = {
        0xfbc20183, 0xfbc20193, 0xfbc201a3, 0xfbc201b3, 0xfbc201c3, 0xfbc201d3, 0xfbd201c3, 0xfbd201d3, 0xfbe20163,
    };

    @Property(tries = 3000)
    void longMultipliesMatchExactReference(@ForAll @IntRange(max = 8) int which, @ForAll("word") int lo,
            @ForAll("word") int hi, @ForAll("word") int n, @ForAll("word") int m, @ForAll boolean qBefore) {
        Core c = core(lo, hi, n, m, 0, qBefore);
        exec(c, LONG_ENCODINGS[which]);
        String name = LONG_MULTIPLIES[which];
        BigInteger acc = big(hi).shiftLeft(32).add(big(u32(lo)));
        BigInteger r;
        if (name.equals("umaal")) {
            r = big(u32(n)).multiply(big(u32(m))).add(big(u32(hi))).add(big(u32(lo)));
        } else if (name.matches("smlal[bt][bt]")) {
            r = big(lane(n, name.charAt(5) == 't' ? 1 : 0, 16, true) * lane(m, name.charAt(6) == 't' ? 1 : 0, 16, true)).add(acc);
        } else {
            int mm = name.endsWith("x") ? (m >>> 16) | (m << 16) : m;
            long p1 = lane(n, 0, 16, true) * lane(mm, 0, 16, true);
            long p2 = lane(n, 1, 16, true) * lane(mm, 1, 16, true);
            r = big(name.startsWith("smlsld") ? p1 - p2 : p1 + p2).add(acc);
        }
        BigInteger bits = r.mod(TWO_64);
        assertThat(c.r[0]).as(name).isEqualTo(bits.intValue());
        assertThat(c.r[1]).as(name).isEqualTo(bits.shiftRight(32).intValue());
        assertThat(c.q).isEqualTo(qBefore);
    }

    // ------------------------------------------------------------------------------------------
    // SIMD extends, packs, SEL
    // ------------------------------------------------------------------------------------------

    @Property(tries = 2000)
    void extend16MatchesReference(@ForAll boolean unsigned, @ForAll boolean accumulate, @ForAll @IntRange(max = 3) int rot,
            @ForAll("word") int n, @ForAll("word") int m) {
        // sxtab16/uxtab16 r0, r1, r2, ror #8*rot: fa21/fa31 f08x; without Rn, hw1 = fa2f/fa3f.
        int hw1 = (unsigned ? 0xfa30 : 0xfa20) | (accumulate ? 1 : 0xF);
        int hw2 = 0xf082 | (rot << 4);
        Core c = core(0, n, m, 0, 0, false);
        exec(c, (hw1 << 16) | hw2);
        long rotated = ((u32(m) >>> (8 * rot)) | (u32(m) << (32 - 8 * rot))) & 0xFFFFFFFFL;
        long lowByte = lane((int) rotated, 0, 8, !unsigned);
        long highByte = lane((int) rotated, 2, 8, !unsigned);
        long low = lowByte + (accumulate ? lane(n, 0, 16, false) : 0);
        long high = highByte + (accumulate ? lane(n, 1, 16, false) : 0);
        assertThat(c.r[0]).isEqualTo((int) (Math.floorMod(low, 0x10000L) | Math.floorMod(high, 0x10000L) << 16));
    }

    @Property(tries = 2000)
    void pkhMatchesReference(@ForAll boolean tb, @ForAll @IntRange(max = 31) int imm5, @ForAll("word") int n,
            @ForAll("word") int m) {
        // pkhbt/pkhtb r0, r1, r2 {,shift}: eac1 : 0 imm3 0000 imm2 tb 0 0010
        int hw2 = ((imm5 >> 2) << 12) | ((imm5 & 3) << 6) | (tb ? 0x20 : 0) | 2;
        Core c = core(0, n, m, 0, 0, false);
        exec(c, 0xeac10000 | hw2);
        long shifted = tb ? Math.floorDiv((long) m, 1L << (imm5 == 0 ? 32 : imm5)) : u32(m) << imm5;
        long expected = tb ? (u32(n) & 0xFFFF0000L) | (shifted & 0xFFFF) : (shifted & 0xFFFF0000L) | (u32(n) & 0xFFFF);
        assertThat(c.r[0]).isEqualTo((int) expected);
    }

    @Property(tries = 500)
    void selTakesEachByteFromRnWhereGeIsSet(@ForAll @IntRange(max = 15) int ge, @ForAll("word") int n, @ForAll("word") int m) {
        Core c = core(0, n, m, 0, ge, false);
        exec(c, 0xfaa1f082); // sel r0, r1, r2
        for (int i = 0; i < 4; i++) {
            long expected = lane((ge >> i & 1) == 1 ? n : m, i, 8, false);
            assertThat(lane(c.r[0], i, 8, false)).isEqualTo(expected);
        }
    }
}
