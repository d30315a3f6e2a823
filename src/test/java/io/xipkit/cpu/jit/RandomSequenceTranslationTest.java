package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cpu.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 19 item 2: random Thumb sequences — ALU with immediates and registers, shifts, compares,
 * multiplies and divides, loads and stores of every size, LDM/STM, PUSH/POP, IT blocks,
 * conditional branches, CBZ/CBNZ and BL over instructions (traces go on through them), the odd UNDEFINED instruction — run as a hot loop, with
 * translation and without, in slices of a random instruction budget: registers, flags, counts,
 * time and RAM must stay identical. Encodings from DDI 0403E A6.2 (16-bit) and A6.3 (32-bit).
 */
class RandomSequenceTranslationTest {
    private static final int CODE = 0x1000, DATA = 0x20000100, STACK = 0x20100000, HANDLER = 0x800;

    @Property(tries = 60)
    void randomLoopsRunIdenticallyWithTranslation(@ForAll long seed, @ForAll @IntRange(min = 1, max = 700) int slice) {
        Random rnd = new Random(seed);
        byte[] code = toBytes(loop(rnd));
        int[] initial = new int[6];
        for (int i = 0; i < 6; i++) initial[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(16) : rnd.nextInt();
        TwinBoards twins = new TwinBoards(b -> {
            b.loadSegment("vectors", 0, vectors());
            b.loadSegment("handler", HANDLER, toBytes(List.of(0x3501, 0xE7FD)));   // adds r5, #1; b handler
            b.loadSegment("code", CODE, code);
            b.reset();
            for (int i = 0; i < 6; i++) b.core().r[i] = initial[i];
            b.core().r[6] = 60;
            b.core().r[7] = DATA;
        });
        StopReason stop = twins.runCompared(40_000, slice, slice * 3 + 1);
        assertThat(stop).isInstanceOf(StopReason.InstructionLimit.class);
        assertThat(twins.translator.blocksTranslated()).as("blocks translated").isPositive();
    }

    /**
     * A loop of data-processing instructions only (16-bit and 32-bit with shifted registers and
     * flags), ending in subs r6, #1; bne: one block that branches back to its own start, so the
     * translated code loops inside itself until the instruction budget or the count runs out.
     */
    @Property(tries = 40)
    void tightDataProcessingLoopsRunIdenticallyWithTranslation(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int slice) {
        Random rnd = new Random(seed);
        List<Integer> hw = new ArrayList<>();
        int length = 1 + rnd.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (rnd.nextInt(3)) {
                case 0 -> hw.add(alu16(rnd));
                case 1 -> alu32(rnd, hw);
                default -> itBlock(rnd, hw, false);   // its conditions read every flag the body set
            }
        }
        hw.add(0x3E01);                                                  // subs r6, #1
        hw.add(0xD100 | ((-(2 * hw.size() + 4) >> 1) & 0xFF));          // bne to the start
        hw.add(0xE7FE);                                                  // b .
        int[] initial = new int[6];
        for (int i = 0; i < 6; i++) initial[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(16) : rnd.nextInt();
        boolean carry = rnd.nextBoolean();
        TwinBoards twins = new TwinBoards(b -> {
            b.loadSegment("vectors", 0, vectors());
            b.loadSegment("handler", HANDLER, toBytes(List.of(0x3501, 0xE7FD)));
            b.loadSegment("code", CODE, toBytes(hw));
            b.reset();
            for (int i = 0; i < 6; i++) b.core().r[i] = initial[i];
            b.core().r[6] = 500;
            b.core().c = carry;
        });
        StopReason stop = twins.runCompared(20_000, slice, slice * 7 + 3);
        assertThat(stop).isInstanceOf(StopReason.InstructionLimit.class);
        assertThat(twins.translator.blocksTranslated()).as("blocks translated").isPositive();
    }

    private static byte[] vectors() {
        byte[] v = new byte[64];
        put(v, 0, STACK);
        put(v, 4, CODE | 1);
        for (int e = 2; e < 16; e++) put(v, 4 * e, HANDLER | 1);
        return v;
    }

    private static void put(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (value >>> (8 * i));
    }

    private static byte[] toBytes(List<Integer> hw) {
        byte[] b = new byte[hw.size() * 2];
        for (int i = 0; i < hw.size(); i++) {
            b[2 * i] = (byte) (int) hw.get(i);
            b[2 * i + 1] = (byte) (hw.get(i) >>> 8);
        }
        return b;
    }

    /** A loop body of random instructions, then subs r6, #1; bne body; then b . (r6 counts, r7 points at data). */
    static List<Integer> loop(Random rnd) {
        List<Integer> hw = new ArrayList<>();
        int pushed = -1;
        while (hw.size() < 90) {
            int kind = rnd.nextInt(15);
            switch (kind) {
                case 0 -> hw.add((rnd.nextInt(3) << 11) | (rnd.nextInt(32) << 6) | (low(rnd) << 3) | low(rnd));
                case 1 -> hw.add(0x1800 | (rnd.nextInt(4) << 9) | (low(rnd) << 6) | (low(rnd) << 3) | low(rnd));
                case 2 -> hw.add(0x2000 | (rnd.nextInt(4) << 11) | (low(rnd) << 8) | rnd.nextInt(256));
                case 3 -> hw.add(0x4000 | (rnd.nextInt(16) << 6) | (low(rnd) << 3) | low(rnd));
                case 4 -> hw.add(0x4400 | (rnd.nextInt(3) << 8) | (low(rnd) << 3) | low(rnd));   // ADD/CMP/MOV (register)
                case 5 -> hw.add(loadStore(rnd));
                case 6 -> {                                                                       // PUSH ... POP
                    if (pushed < 0) {
                        pushed = 1 + rnd.nextInt(63);
                        hw.add(0xB400 | pushed);
                    } else {
                        hw.add(0xBC00 | pushed);
                        pushed = -1;
                    }
                }
                case 7 -> itBlock(rnd, hw, true);
                case 8 -> {                                                      // B<cond>, CBZ/CBNZ or BL over k instructions
                    int k = 1 + rnd.nextInt(3);
                    switch (rnd.nextInt(4)) {
                        case 0 -> hw.add(0xB100 | (rnd.nextInt(2) << 11) | ((k - 1) << 3) | low(rnd));   // A7.7.21
                        case 1 -> {                                                                   // BL, A7.7.18: S=0, J1=J2=1
                            hw.add(0xF000);
                            hw.add(0xF800 | k);
                        }
                        default -> hw.add(0xD000 | (rnd.nextInt(14) << 8) | (k - 1));
                    }
                    for (int i = 0; i < k; i++) hw.add(alu16(rnd));
                }
                case 9 -> {                                                                       // MUL/MLA/UDIV/SDIV
                    int[] first = {0xFB00, 0xFB00, 0xFBB0, 0xFB90};
                    int f = rnd.nextInt(4);
                    hw.add(first[f] | low(rnd));
                    int ra = f == 1 ? low(rnd) : 0xF;
                    hw.add((ra << 12) | (low(rnd) << 8) | (f >= 2 ? 0xF0 : 0) | low(rnd));
                }
                case 10 -> {                                                                      // STMIA r7!; LDMIA r7!
                    int list = 1 + rnd.nextInt(63);
                    hw.add(0xC700 | list);
                    hw.add(0x3F00 | (4 * Integer.bitCount(list)));                                // subs r7, #4n
                    int list2 = 1 + rnd.nextInt(63);
                    hw.add(0xCF00 | list2);
                    hw.add(0x3F00 | (4 * Integer.bitCount(list2)));
                }
                case 11 -> {                                                                      // ADD.W/SUB.W/ORR.W/EOR.W #imm (T3), S random
                    int[] ops = {8, 13, 2, 4, 0, 1};
                    int op = ops[rnd.nextInt(ops.length)];
                    hw.add(0xF000 | (op << 5) | (rnd.nextInt(2) << 4) | low(rnd));
                    hw.add((rnd.nextInt(8) << 12) | (low(rnd) << 8) | rnd.nextInt(256));
                }
                case 13 -> alu32(rnd, hw);
                case 12 -> {
                    if (rnd.nextInt(20) == 0) hw.add(0xDE00);                                    // UDF: UsageFault/HardFault
                    else hw.add(alu16(rnd));
                }
                default -> hw.add(alu16(rnd));
            }
        }
        if (pushed >= 0) hw.add(0xBC00 | pushed);
        hw.add(0x3E01);                                                  // subs r6, #1
        int back = -(2 * hw.size() + 4);                                 // bne to the start
        hw.add(0xD100 | ((back >> 1) & 0xFF));
        hw.add(0xE7FE);                                                  // b .
        return hw;
    }

    private static int low(Random rnd) {
        return rnd.nextInt(6);
    }

    /** A 16-bit data-processing instruction on r0-r5 (shifts, add/sub, immediates, the ALU group). */
    private static int alu16(Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0: return (rnd.nextInt(3) << 11) | (rnd.nextInt(32) << 6) | (low(rnd) << 3) | low(rnd);
            case 1: return 0x1800 | (rnd.nextInt(4) << 9) | (low(rnd) << 6) | (low(rnd) << 3) | low(rnd);
            case 2: return 0x2000 | (rnd.nextInt(4) << 11) | (low(rnd) << 8) | rnd.nextInt(256);
            default: return 0x4000 | (rnd.nextInt(16) << 6) | (low(rnd) << 3) | low(rnd);
        }
    }

    /**
     * A 32-bit data-processing (shifted register) instruction, A6.3.11: AND, BIC, ORR, ORN, EOR,
     * ADD, ADC, SBC, SUB, RSB with a random S bit and shift (LSL, LSR, ASR, ROR, RRX), or TST,
     * TEQ, CMN, CMP.W (Rd = 15 with S).
     */
    private static void alu32(Random rnd, List<Integer> hw) {
        int[] ops = {0, 1, 2, 3, 4, 8, 10, 11, 13, 14};
        int op = ops[rnd.nextInt(ops.length)];
        int s = rnd.nextInt(2);
        int rd = low(rnd);
        if (rnd.nextInt(5) == 0) {
            int[] compares = {0, 4, 8, 13};                                  // TST, TEQ, CMN, CMP
            op = compares[rnd.nextInt(4)];
            s = 1;
            rd = 15;
        }
        int imm5 = rnd.nextInt(32);
        hw.add(0xEA00 | (op << 5) | (s << 4) | low(rnd));
        hw.add(((imm5 >> 2) << 12) | (rd << 8) | ((imm5 & 3) << 6) | (rnd.nextInt(4) << 4) | low(rnd));
    }

    /** LDR/STR, LDRB/STRB, LDRH/STRH [r7, #imm5] (A6.2.4). */
    private static int loadStore(Random rnd) {
        int[] bases = {0x6000, 0x7000, 0x8000};
        return bases[rnd.nextInt(3)] | (rnd.nextInt(2) << 11) | (rnd.nextInt(32) << 6) | (7 << 3) | low(rnd);
    }

    /** IT with a random condition and mask (A7.7.38), then the one to four instructions it covers (loads and stores too with {@code memory}). */
    private static void itBlock(Random rnd, List<Integer> hw, boolean memory) {
        int count = 1 + rnd.nextInt(4);
        int firstcond = rnd.nextInt(14);
        int mask = 1 << (4 - count);
        for (int i = 1; i < count; i++) if (rnd.nextBoolean()) mask |= 1 << (4 - i);
        hw.add(0xBF00 | (firstcond << 4) | mask);
        for (int i = 0; i < count; i++) {
            if (memory && rnd.nextBoolean()) hw.add(loadStore(rnd));
            else if (rnd.nextBoolean()) hw.add(alu16(rnd));
            else alu32(rnd, hw);
        }
    }
}
