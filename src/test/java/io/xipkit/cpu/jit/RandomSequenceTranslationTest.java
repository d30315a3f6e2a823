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
     * Loads and stores of every form a block does inline (immediate, register, pre/post-indexed,
     * literal, signed, LDRD/STRD, LDM/STM/LDMDB/STMDB, PUSH/POP), mostly on RAM, with odd offsets
     * (unaligned: the slow way, or a UsageFault when CCR.UNALIGN_TRP is set), SysTick registers
     * (reads that depend on the exact count, COUNTFLAG cleared by reading), the odd access to
     * unmapped memory (a precise BusFault), stores into the code page beside the loop and stores
     * that rewrite an instruction of the loop itself, run with translation and without.
     */
    @Property(tries = 60)
    void randomLoadsAndStoresRunIdenticallyWithTranslation(@ForAll long seed, @ForAll @IntRange(min = 1, max = 700) int slice) {
        Random rnd = new Random(seed);
        List<Integer> hw = memoryLoop(rnd);
        // The instruction the loop's stores rewrite: its first.
        int slot = hw.indexOf(PATCH_A);
        byte[] code = toBytes(hw);
        int[] initial = new int[6];
        for (int i = 0; i < 6; i++) initial[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(16) : rnd.nextInt();
        boolean trap = rnd.nextInt(8) == 0;
        TwinBoards twins = new TwinBoards(b -> {
            b.loadSegment("vectors", 0, vectors());
            b.loadSegment("handler", HANDLER, toBytes(List.of(0x3501, 0xE7FD)));
            b.loadSegment("code", CODE, code);
            b.reset();
            for (int i = 0; i < 6; i++) b.core().r[i] = initial[i];
            b.core().r[6] = 6 * BlockTranslator.HOT;      // most passes run translated
            b.core().r[7] = DATA;
            b.core().r[8] = 0xE000E000;                 // System Control Space: SysTick at +0x10
            b.core().r[9] = 0x40000000;                 // nothing there on generic-m7: a bus error
            b.core().r[10] = CODE + 2 * slot;
            b.core().r[11] = PATCH_A;
            b.core().r[12] = PATCH_B;
            b.core().unalignTrap = trap;
            b.core().write32(0xE000E014, 0x3FF);        // SYST_RVR
            b.core().write32(0xE000E010, 5);            // SYST_CSR: enabled, core clock, no interrupt
        });
        StopReason stop = twins.runCompared(40_000, slice, slice * 3 + 1);
        assertThat(stop).isInstanceOf(StopReason.InstructionLimit.class);
        assertThat(twins.translator.blocksTranslated()).as("blocks translated").isPositive();
    }

    /**
     * add lr, r11 and add lr, r12 (ADD register T2, A7.7.4; r11 and r12 hold these very encodings):
     * the two contents of the rewritten slot, summed into a register nothing else in the loop writes.
     */
    private static final int PATCH_A = 0x44DE, PATCH_B = 0x44E6;

    /** Loads and stores with r7 (RAM), r8 (SCS), r9 (unmapped), r10 (the patched slot) as bases; subs r6, #1; bne; b . */
    static List<Integer> memoryLoop(Random rnd) {
        List<Integer> hw = new ArrayList<>();
        hw.add(PATCH_A);
        int[] sizes32 = {0xF800, 0xF810, 0xF820, 0xF830, 0xF840, 0xF850, 0xF910, 0xF930};   // STRB LDRB STRH LDRH STR LDR LDRSB LDRSH
        while (hw.size() < 90) {
            int size = sizes32[rnd.nextInt(sizes32.length)];
            switch (rnd.nextInt(14)) {
                case 0 -> hw.add(loadStore(rnd));
                case 1 -> {                                                     // movs r3, #k; <op> Rt, [r7, r3] (T1, A6.2.4)
                    hw.add(0x2300 | rnd.nextInt(64));
                    hw.add(0x5000 | (rnd.nextInt(8) << 9) | (3 << 6) | (7 << 3) | low(rnd));
                }
                case 2 -> {                                                     // movs r3, #k; <op>.W Rt, [r7, r3, LSL #n] (T2)
                    hw.add(0x2300 | rnd.nextInt(16));
                    hw.add(size | 7);
                    hw.add((lowNot3(rnd) << 12) | (rnd.nextInt(4) << 4) | 3);
                }
                case 3 -> {                                                     // <op>.W Rt, [r7, #imm12] (T3)
                    hw.add(size | 0x80 | 7);
                    hw.add((low(rnd) << 12) | rnd.nextInt(256));
                }
                case 4 -> {                                                     // <op> Rt, [r7, #k]! ... <op> Rt, [r7], #-k (T4)
                    int k = rnd.nextInt(64);
                    hw.add(size | 7);
                    hw.add((low(rnd) << 12) | 0xF00 | k);
                    hw.add(alu16(rnd));
                    hw.add(sizes32[rnd.nextInt(sizes32.length)] | 7);
                    hw.add((low(rnd) << 12) | 0x900 | k);
                }
                case 5 -> {                                                     // <op> Rt, [r7, #-k] (T4, no writeback)
                    hw.add(size | 7);
                    hw.add((low(rnd) << 12) | 0xC00 | rnd.nextInt(256));
                }
                case 6 -> {                                                     // LDRD/STRD Rt, Rt2, [r7, #+/-4k] (A7.7.50, A7.7.163)
                    int rt = low(rnd), rt2 = (rt + 1 + rnd.nextInt(5)) % 6;
                    hw.add(0xE940 | (rnd.nextInt(2) << 7) | (rnd.nextInt(2) << 4) | 7);
                    hw.add((rt << 12) | (rt2 << 8) | rnd.nextInt(64));
                }
                case 7 -> hw.add(0x4800 | (low(rnd) << 8) | rnd.nextInt(256));   // LDR Rt, [PC, #k] (literal)
                case 8 -> {                                                     // STMDB r7, {list}; LDMIA.W r7, {list} (no writeback); or PUSH/POP
                    int list = 1 + rnd.nextInt(63);
                    if (rnd.nextBoolean()) {
                        hw.add(0xE907);
                        hw.add(list);
                        hw.add(rnd.nextBoolean() ? 0xE917 : 0xE897);          // LDMDB r7 / LDMIA.W r7
                        hw.add(1 + rnd.nextInt(63));
                    } else {
                        hw.add(0xB400 | list);
                        hw.add(alu16(rnd));
                        hw.add(0xBC00 | list);
                    }
                }
                case 9 -> {                                                     // LDR.W Rt, [r8, #0x10 or 0x18]; or STR.W to SYST_CVR
                    boolean store = rnd.nextInt(4) == 0;
                    hw.add((store ? 0xF8C0 : 0xF8D0) | 8);
                    hw.add((low(rnd) << 12) | (store || rnd.nextBoolean() ? 0x18 : 0x10));
                }
                case 10 -> {                                                    // rarely: LDR.W Rt, [r9] (BusFault)
                    if (rnd.nextInt(15) == 0) {
                        hw.add(0xF8D0 | 9);
                        hw.add(low(rnd) << 12);
                    } else {
                        hw.add(alu16(rnd));
                    }
                }
                case 11 -> {                                                    // STRH.W r11 or r12, [r10]: rewrites the loop's first instruction
                    hw.add(0xF8A0 | 10);
                    hw.add((rnd.nextBoolean() ? 11 : 12) << 12);
                }
                case 12 -> {                                                    // STR.W Rt, [r10, #0x800]: the code page, beside the code
                    hw.add(0xF8C0 | 10);
                    hw.add((low(rnd) << 12) | 0x800 | rnd.nextInt(256));
                }
                default -> hw.add(alu16(rnd));
            }
        }
        hw.add(0x3E01);                                                  // subs r6, #1
        int back = -(2 * hw.size() + 4);                                 // bne to the start
        hw.add(0xD100 | ((back >> 1) & 0xFF));
        hw.add(0xE7FE);                                                  // b .
        return hw;
    }

    /** A low register other than r3 (the register-offset forms' index). */
    private static int lowNot3(Random rnd) {
        int r = rnd.nextInt(5);
        return r >= 3 ? r + 1 : r;
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
            switch (rnd.nextInt(4)) {
                case 0 -> hw.add(alu16(rnd));
                case 1 -> alu32(rnd, hw);
                case 2 -> registerOp32(rnd, hw);
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
        return TwinBoards.vectors(STACK, CODE, HANDLER);
    }

    static void put(byte[] b, int at, int value) {
        TwinBoards.putWord(b, at, value);
    }

    static byte[] toBytes(List<Integer> hw) {
        return TwinBoards.toBytes(hw);
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
    static int alu16(Random rnd) {
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

    /**
     * A 32-bit register op that leaves NZCV alone, on r0-r5 (DDI 0403E A6.3.12, A6.3.4, A6.3.18,
     * A6.3.16, A6.3.17): MLS; SBFX, UBFX, BFI, BFC; SXTB, SXTH, UXTB, UXTH with a rotation, and
     * their accumulating forms; MOVT; REV, REV16, RBIT, REVSH, CLZ; SMUL/SMLA&lt;x&gt;&lt;y&gt; and
     * SMULW/SMLAW&lt;y&gt; (which set Q on overflow).
     */
    static void registerOp32(Random rnd, List<Integer> hw) {
        int rd = low(rnd), rn = low(rnd), rm = low(rnd), ra = low(rnd);
        switch (rnd.nextInt(7)) {
            case 0 -> {                                                   // MLS
                hw.add(0xFB00 | rn);
                hw.add((ra << 12) | (rd << 8) | 0x10 | rm);
            }
            case 1 -> {                                                   // SBFX, UBFX, BFI, BFC
                int kind = rnd.nextInt(4);
                int lsb = rnd.nextInt(32), last = lsb + rnd.nextInt(32 - lsb);
                int first = kind == 0 ? 0xF340 | rn : kind == 1 ? 0xF3C0 | rn : kind == 2 ? 0xF360 | rn : 0xF36F;
                int field = kind <= 1 ? last - lsb : last;             // widthm1, or msb
                hw.add(first);
                hw.add(((lsb >> 2) << 12) | (rd << 8) | ((lsb & 3) << 6) | field);
            }
            case 2 -> {                                                   // SXTAH.. UXTB, Rn 15: no accumulation
                int[] ops = {0xFA00, 0xFA10, 0xFA40, 0xFA50};
                hw.add(ops[rnd.nextInt(4)] | (rnd.nextBoolean() ? 0xF : rn));
                hw.add(0xF080 | (rd << 8) | (rnd.nextInt(4) << 4) | rm);
            }
            case 3 -> {                                                   // MOVT
                int imm16 = rnd.nextInt(1 << 16);
                hw.add(0xF2C0 | (((imm16 >> 11) & 1) << 10) | (imm16 >> 12));
                hw.add((((imm16 >> 8) & 7) << 12) | (rd << 8) | (imm16 & 0xFF));
            }
            case 4 -> {                                                   // REV, REV16, RBIT, REVSH; CLZ
                if (rnd.nextInt(5) == 0) hw.add(0xFAB0 | rm);
                else hw.add(0xFA90 | rm);
                hw.add(0xF080 | (rd << 8) | ((hw.get(hw.size() - 1) == (0xFAB0 | rm) ? 0 : rnd.nextInt(4)) << 4) | rm);
            }
            case 5 -> {                                                   // SMUL<x><y>, SMLA<x><y>
                hw.add(0xFB10 | rn);
                hw.add(((rnd.nextBoolean() ? 0xF : ra) << 12) | (rd << 8) | (rnd.nextInt(4) << 4) | rm);
            }
            default -> {                                                  // SMULW<y>, SMLAW<y>
                hw.add(0xFB30 | rn);
                hw.add(((rnd.nextBoolean() ? 0xF : ra) << 12) | (rd << 8) | (rnd.nextInt(2) << 4) | rm);
            }
        }
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
            else if (rnd.nextInt(3) == 0) registerOp32(rnd, hw);
            else alu32(rnd, hw);
        }
    }
}
