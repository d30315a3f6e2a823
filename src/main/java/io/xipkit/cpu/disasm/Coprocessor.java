package io.xipkit.cpu.disasm;

/**
 * Coprocessor space (hw1 = 111x 11xx): the floating-point extension on coprocessors 10 and 11
 * (ARMv7-M ARM DDI 0403E chapter A6 "The Floating-point Instruction Set Encoding", with the FPv5
 * additions VSEL/VMAXNM/VMINNM/VCVTA..M/VRINTA..Z from the ARMv8-M ARM DDI 0553 "Floating-point
 * data-processing"), and the generic CDP/MCR/MRC/MCRR/MRRC/LDC/STC forms for other coprocessors
 * (A5.3.18).
 *
 * <p>Encodings the FP unit does not define fall back to the generic coprocessor names where objdump
 * does the same (e.g. MCRR on cp11 with a non-VMOV opc), and otherwise are reported UNDEFINED.
 */
final class Coprocessor {
    private Coprocessor() {}

    /** @return false if nothing here decodes the word (the caller prints it as UNDEFINED) */
    static boolean decode(Emitter e, int insn) {
        int cp = (insn >>> 8) & 0xf;
        if ((cp == 10 || cp == 11) && Vfp.decode(e, insn)) {
            return true;
        }
        return generic(e, insn, cp);
    }

    private static int bits(int insn, int lo, int width) {
        return (insn >>> lo) & ((1 << width) - 1);
    }

    private static boolean generic(Emitter e, int insn, int cp) {
        boolean two = (insn & 0x10000000) != 0;
        boolean fpCp = cp == 9 || cp == 10 || cp == 11;
        int top = insn & 0x0ff00000;
        if (top == 0x0c400000 || top == 0x0c500000) {
            // A7.7.80 MCRR / A7.7.86 MRRC
            boolean read = top == 0x0c500000;
            e.s(read ? "mrrc" : "mcrr");
            if (two) {
                e.ch('2');
            }
            e.c().tab().dec(cp).comma().dec(bits(insn, 4, 4)).comma();
            int rt = bits(insn, 12, 4);
            int rt2 = bits(insn, 16, 4);
            if (read) {
                e.rNotPc(rt).comma().rNotPc(rt2);
                if (rt == rt2) {
                    e.unpredictable = true;
                }
            } else {
                e.rNotPc(rt).comma();
                if (two) {
                    e.rNotPc(rt2);
                } else {
                    e.r(rt2);
                }
            }
            e.s(", cr").dec(insn & 0xf);
            e.valueInComment = insn & 0xf;
            return true;
        }
        if ((insn & 0x0e000000) == 0x0c000000) {
            // A7.7.48 LDC / A7.7.154 STC
            if (!two && fpCp) {
                return false;
            }
            boolean load = (insn & (1 << 20)) != 0;
            e.s(load ? "ldc" : "stc");
            if (two) {
                e.ch('2');
            }
            if ((insn & (1 << 22)) != 0) {
                e.ch('l');
            }
            e.c().tab().dec(cp).s(", cr").dec(bits(insn, 12, 4)).comma();
            Vfp.addressA(e, insn, cp);
            if (two && fpCp) {
                e.unpredictable = true;
            }
            return true;
        }
        if ((insn & 0x0f000000) == 0x0e000000) {
            if ((insn & 0x10) == 0) {
                // A7.7.24 CDP
                if (fpCp) {
                    return false;
                }
                e.s(two ? "cdp2" : "cdp").c().tab().dec(cp).comma().dec(bits(insn, 20, 4))
                        .s(", cr").dec(bits(insn, 12, 4)).s(", cr").dec(bits(insn, 16, 4))
                        .s(", cr").dec(insn & 0xf).s(", {").dec(bits(insn, 5, 3)).ch('}');
                e.valueInComment = bits(insn, 5, 3);
                return true;
            }
            boolean read = (insn & (1 << 20)) != 0;
            int rt = bits(insn, 12, 4);
            if (!two && fpCp && !(read && rt == 15)) {
                return false;
            }
            // A7.7.79 MCR / A7.7.85 MRC
            e.s(read ? "mrc" : "mcr");
            if (two) {
                e.ch('2');
            }
            e.c().tab().dec(cp).comma().dec(bits(insn, 21, 3)).comma();
            if (read && rt == 15 && !two) {
                e.s("APSR_nzcv");
            } else if (read) {
                e.r(rt);
            } else {
                e.rNotPc(rt);
            }
            e.s(", cr").dec(bits(insn, 16, 4)).s(", cr").dec(insn & 0xf).s(", {").dec(bits(insn, 5, 3)).ch('}');
            e.valueInComment = bits(insn, 5, 3);
            if (two && fpCp) {
                e.unpredictable = true;
            }
            return true;
        }
        return false;
    }
}
