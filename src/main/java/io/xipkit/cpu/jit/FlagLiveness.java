package io.xipkit.cpu.jit;

import io.xipkit.cpu.OpForm;

/**
 * Which condition flags a block still needs after each instruction, so that inline ALU bytecode
 * computes only those (lazy flags). Backward over the block: everything is needed at its end, before
 * and around any op run through its {@code exec} (it may read the flags or fault, and a fault must
 * see them exact), and before a conditional instruction of an IT block (its condition reads them,
 * and its writes may not happen).
 */
final class FlagLiveness {
    static final int N = 8, Z = 4, C = 2, V = 1, ALL = 15;

    private FlagLiveness() {}

    /**
     * @param forms the inline form of each instruction, null for those run through exec
     * @param its   ITSTATE each instruction executes with
     * @return for each instruction, the flags needed after it
     */
    static int[] neededAfter(OpForm[] forms, int[] its) {
        int n = forms.length;
        int[] after = new int[n];
        int live = ALL;
        for (int i = n - 1; i >= 0; i--) {
            after[i] = live;
            if (forms[i] instanceof OpForm.RegisterOp && its[i] == 0) continue;   // N, Z, C, V untouched
            if (!(forms[i] instanceof OpForm.Alu a) || its[i] != 0) {
                live = ALL;
                continue;
            }
            live = (live & ~writes(a)) | reads(a);
        }
        return after;
    }

    /** Flags an ALU instruction outside an IT block surely writes. */
    static int writes(OpForm.Alu a) {
        if (!a.setsFlags(0)) return 0;
        if (!a.logical()) return ALL;
        if (a.opc() == OpForm.MUL) return N | Z;
        return N | Z | (changesCarry(a) ? C : 0);
    }

    /** Flags an ALU instruction outside an IT block reads. */
    static int reads(OpForm.Alu a) {
        boolean carryIn = a.opc() == OpForm.ADC || a.opc() == OpForm.SBC || (a.rm() >= 0 && a.shiftType() == OpForm.RRX);
        return carryIn ? C : 0;
    }

    /** Whether a flag-setting logical instruction gives C a value of its own (the shifter's or the immediate's carry out). */
    static boolean changesCarry(OpForm.Alu a) {
        return a.rm() < 0 ? a.immCarry() >= 0 : !a.unshifted();
    }
}
