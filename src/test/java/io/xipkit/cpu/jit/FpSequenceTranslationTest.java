package io.xipkit.cpu.jit;

import static io.xipkit.cpu.jit.RandomSequenceTranslationTest.alu16;
import static io.xipkit.cpu.jit.RandomSequenceTranslationTest.put;
import static io.xipkit.cpu.jit.RandomSequenceTranslationTest.toBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cpu.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 19 item 2 for floating point: random loops of FP instructions — arithmetic of both
 * precisions, VMOV/VABS/VNEG/VSQRT/VCMP, VCVT, VLDR/VSTR, VLDM/VSTM, VPUSH/VPOP, transfers to
 * and from core registers, VMSR of the rounding mode, FZ and DN, VMRS APSR_nzcv before a
 * conditional branch or an IT block — among integer instructions, with the FP check's inputs
 * changed in the middle of blocks (CPACR cleared by STR and by a VSTR from an FP register: the
 * next FP instruction takes a NOCP UsageFault), FP loads and stores that take a precise
 * BusFault, and SysTick interrupts whose handler uses FP (lazy state preservation, B1.5.7; the
 * exception return restores S0–S15 and FPSCR), run with translation and without: registers,
 * S registers, FPSCR, counts, time and RAM must stay identical. Encodings from DDI 0403E A6.4
 * and A7.7 (the Thumb word is the ARM encoding with 1110 in place of the condition).
 */
class FpSequenceTranslationTest {
    private static final int CODE = 0x1000, DATA = 0x20000200, STACK = 0x20100000;
    private static final int FAULT = 0x800, TICK = 0x900;
    private static final int CPACR = 0xE000ED88, CP10_CP11_FULL = 0x00F00000;
    /** Operand values of both precisions: ordinary numbers, zeros, the odd subnormal, infinity or NaN. */
    private static final double[] VALUES = {1.5, -2.25, 3.0e10, -7.0e-3, 0.0, -0.0, 1.0 / 3, 255.0, 1e-310, 6.5e-39,
            Double.POSITIVE_INFINITY, Double.NaN, 12345.678, -0.5, 2.0, 1e300};

    @Property(tries = 60)
    void randomFloatingPointLoopsRunIdenticallyWithTranslation(@ForAll long seed,
                                                               @ForAll @IntRange(min = 1, max = 700) int slice) {
        Random rnd = new Random(seed);
        runCompared(rnd, loop(rnd), slice);
    }

    /**
     * Short loops that are one block branching back to its own start, so that later passes rely
     * on the FP check of an earlier pass: FP arithmetic, VLDR/VSTR, conditional FP ops in an IT
     * block, and CPACR cleared (STR, VSTR) anywhere in the loop.
     */
    @Property(tries = 60)
    void tightFloatingPointLoopsRunIdenticallyWithTranslation(@ForAll long seed,
                                                              @ForAll @IntRange(min = 1, max = 300) int slice) {
        Random rnd = new Random(seed);
        List<Integer> hw = new ArrayList<>();
        int length = 1 + rnd.nextInt(8);
        for (int i = 0; i < length; i++) {
            switch (rnd.nextInt(7)) {
                case 0 -> {                                                     // str.w r10, [r8]: CPACR = 0
                    hw.add(0xF8C8);
                    hw.add(0xA000);
                }
                case 1 -> word(hw, loadStore(false, false, rnd.nextInt(32), 8, true, 0));   // vstr Sk, [r8]
                case 2 -> {                                                     // VCMP; VMRS APSR_nzcv; IT with an FP op
                    word(hw, compare(rnd));
                    word(hw, 0xEEF1FA10);
                    hw.add(0xBF08 | (rnd.nextInt(14) << 4));
                    word(hw, afterCheckChange(rnd));
                }
                case 3 -> hw.add(alu16(rnd));
                default -> word(hw, afterCheckChange(rnd));
            }
        }
        hw.add(0x3E01);                                                  // subs r6, #1
        hw.add(0xD100 | ((-(2 * hw.size() + 4) >> 1) & 0xFF));          // bne to the start
        hw.add(0xE7FE);                                                  // b .
        runCompared(rnd, hw, slice);
    }

    private static void runCompared(Random rnd, List<Integer> hw, int slice) {
        byte[] code = toBytes(hw);
        int[] s = new int[32];
        for (int i = 0; i < 32; i += 2) {
            double v = VALUES[rnd.nextInt(VALUES.length)];
            if (rnd.nextBoolean()) {
                long bits = Double.doubleToRawLongBits(v);
                s[i] = (int) bits;
                s[i + 1] = (int) (bits >>> 32);
            } else {
                s[i] = Float.floatToRawIntBits((float) v);
                s[i + 1] = Float.floatToRawIntBits((float) VALUES[rnd.nextInt(VALUES.length)]);
            }
        }
        byte[] data = new byte[0x400];
        for (int i = 0; i < data.length; i += 4) put(data, i, Float.floatToRawIntBits((float) VALUES[rnd.nextInt(VALUES.length)]));
        int[] initial = new int[6];
        for (int i = 0; i < 6; i++) initial[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(16) : rnd.nextInt();
        int reload = 30 + rnd.nextInt(500);
        boolean ticks = rnd.nextInt(4) != 0;
        TwinBoards twins = new TwinBoards(b -> {
            b.loadSegment("vectors", 0, vectors());
            b.loadSegment("fault", FAULT, toBytes(faultHandler()));
            b.loadSegment("tick", TICK, toBytes(tickHandler()));
            b.loadSegment("code", CODE, code);
            b.loadSegment("data", DATA - 0x200, data);
            b.reset();
            for (int i = 0; i < 6; i++) b.core().r[i] = initial[i];
            b.core().r[6] = 8 * BlockTranslator.HOT;
            b.core().r[7] = DATA;
            b.core().r[8] = CPACR;
            b.core().r[9] = 0x40000000;                 // nothing there on generic-m7: a bus error
            b.core().r[10] = 0;
            b.core().r[11] = CP10_CP11_FULL;
            System.arraycopy(s, 0, b.core().s, 0, 32);
            b.core().write32(CPACR, CP10_CP11_FULL);
            if (ticks) {
                b.core().write32(0xE000E014, reload);   // SYST_RVR
                b.core().write32(0xE000E010, 7);        // SYST_CSR: enabled, interrupt, core clock
            }
        });
        StopReason stop = twins.runCompared(40_000, slice, slice * 3 + 1);
        assertThat(stop).isInstanceOf(StopReason.InstructionLimit.class);
        assertThat(twins.translator.blocksTranslated()).as("blocks translated").isPositive();
    }

    /** HardFault and the faults escalated to it: full FP access again, skip the faulting (32-bit) instruction, use FP, return. */
    private static List<Integer> faultHandler() {
        List<Integer> hw = new ArrayList<>(List.of(0xF8C8, 0xB000,   // str.w r11, [r8]: CPACR
                0x9806, 0x3004, 0x9006));                          // ldr r0, [sp, #24]; adds r0, #4; str r0, [sp, #24]
        word(hw, arith(0x3, 0, false, 14, 14, 15));                   // vadd.f32 s14, s14, s15: lazy preservation
        hw.add(0x4770);                                              // bx lr
        return hw;
    }

    /** SysTick: full FP access, an FP multiply (preserving the interrupted FP state lazily), return. */
    private static List<Integer> tickHandler() {
        List<Integer> hw = new ArrayList<>(List.of(0xF8C8, 0xB000));
        word(hw, arith(0x2, 0, false, 12, 12, 13));                   // vmul.f32 s12, s12, s13
        word(hw, arith(0x3, 0, true, 2, 2, 3));                       // vadd.f64 d2, d2, d3
        hw.add(0x4770);
        return hw;
    }

    private static byte[] vectors() {
        byte[] v = new byte[64];
        put(v, 0, STACK);
        put(v, 4, CODE | 1);
        for (int e = 2; e < 15; e++) put(v, 4 * e, FAULT | 1);
        put(v, 60, TICK | 1);
        return v;
    }

    /** A loop body of FP and integer instructions, then subs r6, #1; bne body; b . */
    private static List<Integer> loop(Random rnd) {
        List<Integer> hw = new ArrayList<>();
        while (hw.size() < 96) {
            switch (rnd.nextInt(16)) {
                case 0, 1, 2, 3 -> word(hw, randomArith(rnd));
                case 4 -> word(hw, unary(rnd));
                case 5 -> {                                                     // VLDR/VSTR Sd/Dd, [r7, #+/-4k]
                    boolean dp = rnd.nextBoolean();
                    word(hw, loadStore(rnd.nextBoolean(), dp, reg(rnd, dp), 7, rnd.nextBoolean(), rnd.nextInt(32)));
                }
                case 6 -> {                                                     // VMOV Rt, Sn or Sn, Rt (A7.7.243)
                    int n = rnd.nextInt(32);
                    word(hw, 0xEE000A10 | (rnd.nextInt(2) << 20) | ((n >> 1) << 16) | (low(rnd) << 12) | ((n & 1) << 7));
                }
                case 7 -> {                                                     // VCMP; VMRS APSR_nzcv; B<cond> over FP ops
                    word(hw, compare(rnd));
                    word(hw, 0xEEF1FA10);
                    int k = 1 + rnd.nextInt(2);
                    hw.add(0xD000 | (rnd.nextInt(14) << 8) | (2 * k - 1));
                    for (int i = 0; i < k; i++) word(hw, randomArith(rnd));
                }
                case 8 -> {                                                     // VCMP; VMRS APSR_nzcv; IT with FP ops
                    word(hw, compare(rnd));
                    word(hw, 0xEEF1FA10);
                    int count = 1 + rnd.nextInt(2);
                    hw.add(0xBF00 | (rnd.nextInt(14) << 4) | (count == 1 ? 8 : (rnd.nextInt(2) << 3) | 4));
                    for (int i = 0; i < count; i++) word(hw, randomArith(rnd));
                }
                case 9 -> {                                                     // movs r3, #k; lsls r3, #22; vmsr fpscr, r3: RMode, FZ, DN
                    hw.add(0x2300 | rnd.nextInt(16));
                    hw.add((22 << 6) | (3 << 3) | 3);
                    word(hw, 0xEEE13A10);
                }
                case 10 -> {                                                    // VPUSH {Dk..}; an FP op; VPOP {Dk..}
                    int first = rnd.nextInt(12), count = 1 + rnd.nextInt(4);
                    word(hw, 0xED2D0B00 | (first << 12) | (2 * count));
                    word(hw, randomArith(rnd));
                    word(hw, 0xECBD0B00 | (first << 12) | (2 * count));
                }
                case 11 -> {                                                    // VSTMIA r7!, {Sk..}; VLDMDB r7!, {Sj..}, same count
                    int count = 1 + rnd.nextInt(8), a = rnd.nextInt(33 - count), b = rnd.nextInt(33 - count);
                    word(hw, 0xECA70A00 | ((a & 1) << 22) | ((a >> 1) << 12) | count);
                    word(hw, 0xED370A00 | ((b & 1) << 22) | ((b >> 1) << 12) | count);
                }
                case 12 -> {                                                    // VCVT.S32.F32 / VCVT.F32.S32 (A7.7.225)
                    int d = rnd.nextInt(32), m = rnd.nextInt(32);
                    boolean toInt = rnd.nextBoolean();
                    word(hw, 0xEEB80AC0 | (toInt ? 5 << 16 : 0) | single(d, 12, 22) | single(m, 0, 5));
                }
                case 13 -> {                                                    // rarely: the FP check's inputs change, or a bus error
                    switch (rnd.nextInt(8)) {
                        case 0 -> {                                             // str.w r10, [r8]: CPACR = 0, then a NOCP
                            hw.add(0xF8C8);
                            hw.add(0xA000);
                            word(hw, afterCheckChange(rnd));
                        }
                        case 1 -> {                                             // vstr Sk, [r8]: CPACR from an FP register
                            word(hw, loadStore(false, false, rnd.nextInt(32), 8, true, 0));
                            word(hw, afterCheckChange(rnd));
                        }
                        case 2 -> {                                             // vldr/vstr at r9: precise BusFault
                            boolean dp = rnd.nextBoolean();
                            word(hw, loadStore(rnd.nextBoolean(), dp, reg(rnd, dp), 9, true, rnd.nextInt(4)));
                        }
                        default -> word(hw, randomArith(rnd));
                    }
                }
                case 14 -> {                                                    // VMOV.F32/F64 #imm (A7.7.236)
                    boolean dp = rnd.nextBoolean();
                    int imm = rnd.nextInt(256);
                    word(hw, 0xEEB00A00 | (dp ? 1 << 8 : 0) | ((imm >> 4) << 16) | (imm & 15) | reg(dp, reg(rnd, dp), 12, 22));
                }
                default -> hw.add(alu16(rnd));
            }
        }
        hw.add(0x3E01);                                                  // subs r6, #1
        hw.add(0xD100 | ((-(2 * hw.size() + 4) >> 1) & 0xFF));          // bne to the start
        hw.add(0xE7FE);                                                  // b .
        return hw;
    }

    private static int low(Random rnd) {
        return rnd.nextInt(6);
    }

    /** The FP instruction right after a store to CPACR: arithmetic, or a VLDR/VSTR at r7 (a NOCP skips it either way). */
    private static int afterCheckChange(Random rnd) {
        if (rnd.nextBoolean()) return randomArith(rnd);
        boolean dp = rnd.nextBoolean();
        return loadStore(rnd.nextBoolean(), dp, reg(rnd, dp), 7, true, rnd.nextInt(32));
    }

    /** A register number of the precision: S0–S31 or D0–D15. */
    private static int reg(Random rnd, boolean dp) {
        return rnd.nextInt(dp ? 16 : 32);
    }

    /** A three-register data-processing instruction: VMLA…VFNMA, VMUL, VNMUL, VADD, VSUB, VDIV. */
    private static int randomArith(Random rnd) {
        int[][] kinds = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}, {3, 0}, {3, 1}, {8, 0}, {9, 0}, {9, 1},
                {0xA, 0}, {0xA, 1}, {3, 0}, {2, 0}, {0xA, 0}};
        int[] k = kinds[rnd.nextInt(kinds.length)];
        boolean dp = rnd.nextBoolean();
        return arith(k[0], k[1], dp, reg(rnd, dp), reg(rnd, dp), reg(rnd, dp));
    }

    /** VMOV (register), VABS, VNEG, VSQRT (opc1 1x11 with opc2 in Vn, A6.4.1). */
    private static int unary(Random rnd) {
        int[][] kinds = {{0, 1}, {0, 3}, {1, 1}, {1, 3}};                // opc2, bits 7:6
        int[] k = kinds[rnd.nextInt(kinds.length)];
        boolean dp = rnd.nextBoolean();
        return arith(0xB, 0, dp, reg(rnd, dp), 0, reg(rnd, dp)) | (k[0] << 16) | (k[1] << 6);
    }

    /** VCMP or VCMPE with a register or #0.0. */
    private static int compare(Random rnd) {
        boolean dp = rnd.nextBoolean(), zero = rnd.nextInt(3) == 0;
        return arith(0xB, 1, dp, reg(rnd, dp), 0, zero ? 0 : reg(rnd, dp)) | ((zero ? 5 : 4) << 16) | (rnd.nextInt(2) << 7);
    }

    /** The data-processing encoding: opc1 (bits 23, 21:20), bit 6, the size and Vd, Vn, Vm of the precision. */
    private static int arith(int opc1, int op6, boolean dp, int d, int n, int m) {
        int w = 0xEE000A00 | ((opc1 & 8) << 20) | ((opc1 & 3) << 20) | (op6 << 6) | (dp ? 1 << 8 : 0);
        return w | reg(dp, d, 12, 22) | reg(dp, n, 16, 7) | reg(dp, m, 0, 5);
    }

    /** VLDR/VSTR (A7.7.254, A7.7.261): Vd, [Rn, #+/-4 * imm8]. */
    private static int loadStore(boolean load, boolean dp, int d, int rn, boolean up, int imm8) {
        return 0xED000A00 | (up ? 1 << 23 : 0) | (load ? 1 << 20 : 0) | (rn << 16) | (dp ? 1 << 8 : 0) | imm8 | reg(dp, d, 12, 22);
    }

    /** Register x in the 4-bit field at {@code at} and the extra bit at {@code bit}: Sx = Vx:bit, Dx = bit:Vx. */
    private static int reg(boolean dp, int x, int at, int bit) {
        return dp ? ((x & 15) << at) | ((x >> 4) << bit) : single(x, at, bit);
    }

    private static int single(int x, int at, int bit) {
        return ((x >> 1) << at) | ((x & 1) << bit);
    }

    private static void word(List<Integer> hw, int w) {
        hw.add(w >>> 16);
        hw.add(w & 0xFFFF);
    }
}
