package io.xipkit.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-assembled Thumb sequence with a literal pool, for tests that run small programs.
 * Encodings from DDI 0403E A7.7 (the 16-bit forms named by each method).
 */
public final class ThumbCode {
    public static final int NOP = 0xBF00, B_SELF = 0xE7FE, WFI = 0xBF30, UDF = 0xDE00, BX_LR = 0x4770;

    private final List<Integer> halfwords = new ArrayList<>();
    private final List<int[]> literals = new ArrayList<>();   // {index of the LDR, value}

    public ThumbCode op(int... hw) {
        for (int h : hw) halfwords.add(h & 0xFFFF);
        return this;
    }

    /** LDR Rt, =value (A7.7.43 T1, PC-relative from the pool placed after the code). */
    public ThumbCode ldr(int rt, int value) {
        literals.add(new int[] {halfwords.size(), value, rt});
        halfwords.add(0);
        return this;
    }

    /** MOVS Rd, #imm8 (A7.7.76 T1). */
    public ThumbCode movs(int rd, int imm8) {
        return op(0x2000 | (rd << 8) | imm8);
    }

    /** STR Rt, [Rn, #imm] (A7.7.158 T1, imm a multiple of 4 up to 124). */
    public ThumbCode str(int rt, int rn, int imm) {
        return op(0x6000 | ((imm / 4) << 6) | (rn << 3) | rt);
    }

    /** LDR Rt, [Rn, #imm] (A7.7.42 T1). */
    public ThumbCode ldrImm(int rt, int rn, int imm) {
        return op(0x6800 | ((imm / 4) << 6) | (rn << 3) | rt);
    }

    /** ADDS Rdn, #imm8 (A7.7.3 T2). */
    public ThumbCode adds(int rdn, int imm8) {
        return op(0x3000 | (rdn << 8) | imm8);
    }

    /** BKPT #imm8 (A7.7.17). */
    public ThumbCode bkpt(int imm8) {
        return op(0xBE00 | imm8);
    }

    /** B to the halfword {@code back} instructions earlier (A7.7.12 T2). */
    public ThumbCode branchBack(int back) {
        int offset = -2 * back - 4;
        return op(0xE000 | ((offset >> 1) & 0x7FF));
    }

    /** The address of the next instruction, relative to the start. */
    public int offset() {
        return 2 * halfwords.size();
    }

    /** The code followed by its literal pool, as halfwords to place at {@code base}. */
    public int[] assemble(int base) {
        List<Integer> out = new ArrayList<>(halfwords);
        if (((base + 2 * out.size()) & 2) != 0) out.add(NOP);
        for (int[] lit : literals) {
            int pool = base + 2 * out.size();
            int pc = base + 2 * lit[0];
            int imm = (pool - ((pc + 4) & ~3)) / 4;
            if (imm < 0 || imm > 255) throw new IllegalStateException("literal out of range");
            out.set(lit[0], 0x4800 | (lit[2] << 8) | imm);
            out.add(lit[1] & 0xFFFF);
            out.add(lit[1] >>> 16);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The assembled program as little-endian bytes, for loading into a board's memory. */
    public byte[] bytes(int base) {
        int[] hw = assemble(base);
        byte[] b = new byte[2 * hw.length];
        for (int i = 0; i < hw.length; i++) {
            b[2 * i] = (byte) hw[i];
            b[2 * i + 1] = (byte) (hw[i] >>> 8);
        }
        return b;
    }

    /** Places the program at {@code base} on a test bus (telling the core, as a loader would). */
    public void placeAt(TestBus bus, int base) {
        bus.putHalfwords(base, assemble(base));
    }
}
