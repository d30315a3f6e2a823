package io.xipkit.cpu.disasm;

/**
 * 16-bit Thumb encodings, ARMv7-M ARM (DDI 0403E) section A5.2 "16-bit Thumb instruction encoding"
 * and its sub-tables A5.2.1-A5.2.5. Operand spelling follows GNU objdump.
 */
final class Thumb16 {
    private Thumb16() {}

    private static final String[] DP = {"and", "eor", "lsl", "lsr", "asr", "adc", "sbc", "ror",
            "tst", "neg", "cmp", "cmn", "orr", "mul", "bic", "mvn"};

    static void decode(Emitter e, int hw) {
        int rd = hw & 7;
        int rm = (hw >> 3) & 7;
        switch (hw >> 12) {
            case 0x0, 0x1 -> shiftAddSub(e, hw, rd, rm);
            case 0x2, 0x3 -> {
                // A5.2.1: MOV/CMP/ADD/SUB (immediate, 8-bit)
                int op = (hw >> 11) & 3;
                int r = (hw >> 8) & 7;
                switch (op) {
                    case 0 -> e.s("mov").cOrS();
                    case 1 -> e.s("cmp").c();
                    case 2 -> e.s("add").cOrS();
                    default -> e.s("sub").cOrS();
                }
                e.tab().r(r).comma().immC(hw & 0xff);
            }
            case 0x4 -> {
                if ((hw & 0xfc00) == 0x4000) {
                    // A5.2.2 data processing (register)
                    int op = (hw >> 6) & 0xf;
                    e.s(DP[op]);
                    if (op == 8 || op == 10 || op == 11) {
                        e.c();
                    } else {
                        e.cOrS();
                    }
                    e.tab().r(rd).comma().r(rm);
                } else if ((hw & 0xfc00) == 0x4400) {
                    specialDataAndBranch(e, hw);
                } else {
                    // A7.7.43 LDR (literal) T1
                    int imm = (hw & 0xff) << 2;
                    e.s("ldr").c().tab().r((hw >> 8) & 7).s(", [pc, #").dec(imm).s("]\t@ (")
                            .address(((e.pc + 4) & ~3) + imm).ch(')');
                }
            }
            case 0x5 -> {
                // A5.2.4 load/store single data item (register offset)
                String[] names = {"str", "strh", "strb", "ldrsb", "ldr", "ldrh", "ldrb", "ldrsh"};
                e.s(names[(hw >> 9) & 7]).c().tab().r(rd).s(", [").r(rm).comma().r((hw >> 6) & 7).ch(']');
            }
            case 0x6, 0x7, 0x8 -> {
                // A5.2.4 immediate-offset forms: word scaled by 4, byte unscaled, halfword by 2
                int imm5 = (hw >> 6) & 0x1f;
                boolean load = (hw & 0x0800) != 0;
                String name;
                int imm;
                if ((hw >> 12) == 6) {
                    name = load ? "ldr" : "str";
                    imm = imm5 << 2;
                } else if ((hw >> 12) == 7) {
                    name = load ? "ldrb" : "strb";
                    imm = imm5;
                } else {
                    name = load ? "ldrh" : "strh";
                    imm = imm5 << 1;
                }
                e.s(name).c().tab().r(rd).s(", [").r(rm).s(", #").dec(imm).ch(']');
                e.valueInComment = imm;
            }
            case 0x9 -> {
                int imm = (hw & 0xff) << 2;
                e.s((hw & 0x0800) != 0 ? "ldr" : "str").c().tab().r((hw >> 8) & 7).s(", [sp, #").dec(imm).ch(']');
                e.valueInComment = imm;
            }
            case 0xa -> {
                int imm = (hw & 0xff) << 2;
                int r = (hw >> 8) & 7;
                if ((hw & 0x0800) == 0) {
                    // A7.7.7 ADR T1; objdump shows the add form and the adr target in a comment
                    e.s("add").c().tab().r(r).s(", pc, #").dec(imm).s("\t@ (adr ").r(r).comma()
                            .address(((e.pc + 4) & ~3) + imm).ch(')');
                } else {
                    e.s("add").c().tab().r(r).s(", sp, #").dec(imm);
                    e.valueInComment = imm;
                }
            }
            case 0xb -> misc(e, hw);
            case 0xc -> {
                // A7.7.156 STM T1 / A7.7.40 LDM T1 (writeback unless the base is in the list for LDM)
                int rn = (hw >> 8) & 7;
                if ((hw & 0x0800) == 0) {
                    e.s("stmia").c().tab().r(rn).ch('!').comma().regList(hw & 0xff);
                } else {
                    e.s("ldmia").c().tab().r(rn);
                    if ((hw & (1 << rn)) == 0) {
                        e.ch('!');
                    }
                    e.comma().regList(hw & 0xff);
                }
            }
            case 0xd -> {
                int cond = (hw >> 8) & 0xf;
                if (cond == 0xf) {
                    // A7.7.175 SVC
                    e.s("svc").c().tab().dec(hw & 0xff);
                    e.valueInComment = hw & 0xff;
                } else if (cond == 0xe) {
                    // A7.7.194 UDF T1
                    e.s("udf").c().tab().immC(hw & 0xff);
                } else {
                    // A7.7.12 B T1
                    int off = ((byte) hw) << 1;
                    e.s("b").s(Emitter.COND[cond]).s(".n\t").address(e.pc + 4 + off).notInIt();
                }
            }
            case 0xe -> {
                // A7.7.12 B T2 (0xe800 and up are 32-bit and never reach here)
                int off = ((hw << 21) >> 20);
                e.s("b").c().s(".n\t").address(e.pc + 4 + off).branchInIt();
            }
            default -> e.undefined16(hw);
        }
    }

    private static void shiftAddSub(Emitter e, int hw, int rd, int rm) {
        int op = (hw >> 11) & 3;
        int imm5 = (hw >> 6) & 0x1f;
        switch (op) {
            case 0 -> {
                if (imm5 == 0) {
                    e.s("mov").cOrS().tab().r(rd).comma().r(rm);
                } else {
                    e.s("lsl").cOrS().tab().r(rd).comma().r(rm).comma().imm(imm5);
                }
            }
            case 1, 2 -> e.s(op == 1 ? "lsr" : "asr").cOrS().tab().r(rd).comma().r(rm).comma()
                    .imm(imm5 == 0 ? 32 : imm5);
            default -> {
                // A5.2.1 ADD/SUB register and 3-bit immediate
                boolean sub = (hw & 0x0200) != 0;
                e.s(sub ? "sub" : "add").cOrS().tab().r(rd).comma().r(rm).comma();
                if ((hw & 0x0400) != 0) {
                    e.imm((hw >> 6) & 7);
                } else {
                    e.r((hw >> 6) & 7);
                }
            }
        }
    }

    /** A5.2.3 special data instructions and branch and exchange. */
    private static void specialDataAndBranch(Emitter e, int hw) {
        int rdn = (hw & 7) | ((hw >> 4) & 8);
        int rm = (hw >> 3) & 0xf;
        switch ((hw >> 8) & 3) {
            case 0 -> e.s("add").c().tab().r(rdn).comma().r(rm);
            case 1 -> e.s("cmp").c().tab().r(rdn).comma().r(rm);
            case 2 -> {
                if (hw == 0x46c0) {
                    e.s("nop").c().s("\t\t\t@ (mov r8, r8)");
                } else {
                    e.s("mov").c().tab().r(rdn).comma().r(rm);
                }
            }
            default -> {
                if ((hw & 0xff87) == 0x4704) {
                    e.s("bxns\t").r(rm);  // ARMv8-M, decoded by objdump regardless of the target
                } else if ((hw & 0xff87) == 0x4784) {
                    e.s("blxns\t").r(rm);
                } else if ((hw & 0x0080) == 0) {
                    e.s("bx").c().tab().r(rm).branchInIt();
                } else if ((hw & 7) == 0) {
                    e.s("blx").c().tab().r(rm).branchInIt();
                } else {
                    e.undefined16(hw);
                }
            }
        }
    }

    /** A5.2.5 miscellaneous 16-bit instructions. */
    private static void misc(Emitter e, int hw) {
        int rd = hw & 7;
        int rm = (hw >> 3) & 7;
        switch ((hw >> 8) & 0xf) {
            case 0x0 -> e.s((hw & 0x80) == 0 ? "add" : "sub").c().s("\tsp, ").immC((hw & 0x7f) << 2);
            case 0x1, 0x3, 0x9, 0xb -> {
                // A7.7.21 CBNZ, CBZ: never conditional
                int imm = ((hw & 0x00f8) >> 2) | ((hw & 0x0200) >> 3);
                e.s((hw & 0x0800) != 0 ? "cbnz" : "cbz").tab().r(rd).comma().address(e.pc + 4 + imm).notInIt();
            }
            case 0x2 -> {
                String[] names = {"sxth", "sxtb", "uxth", "uxtb"};
                e.s(names[(hw >> 6) & 3]).c().tab().r(rd).comma().r(rm);
            }
            case 0x4, 0x5 -> e.s("push").c().tab().regList((hw & 0xff) | ((hw & 0x100) << 6));
            case 0xc, 0xd -> e.s("pop").c().tab().regList((hw & 0xff) | ((hw & 0x100) << 7));
            case 0x6 -> {
                if ((hw & 0xffe8) == 0xb660) {
                    // A7.7.30 CPS; bit 3 (F on A-profile) is ignored by objdump's mask
                    e.s((hw & 0x10) != 0 ? "cpsid" : "cpsie").tab();
                    if ((hw & 4) != 0) {
                        e.ch('a');
                    }
                    if ((hw & 2) != 0) {
                        e.ch('i');
                    }
                    if ((hw & 1) != 0) {
                        e.ch('f');
                    }
                    e.notInIt();
                } else if ((hw & 0xfff7) == 0xb650) {
                    e.s("setend\t").s((hw & 8) != 0 ? "be" : "le").notInIt();
                } else if ((hw & 0xfff7) == 0xb610) {
                    e.s("setpan\t#").dec((hw >> 3) & 1);
                } else {
                    e.undefined16(hw);
                }
            }
            case 0xa -> {
                int op = (hw >> 6) & 3;
                switch (op) {
                    case 0 -> e.s("rev").c().tab().r(rd).comma().r(rm);
                    case 1 -> e.s("rev16").c().tab().r(rd).comma().r(rm);
                    case 2 -> e.s("hlt\t").hex4(hw & 0x3f);
                    default -> e.s("revsh").c().tab().r(rd).comma().r(rm);
                }
            }
            case 0xe -> e.s("bkpt\t").hex4(hw & 0xff);
            case 0xf -> itAndHints(e, hw);
            default -> e.undefined16(hw);
        }
    }

    private static void itAndHints(Emitter e, int hw) {
        int mask = hw & 0xf;
        int op = (hw >> 4) & 0xf;
        if (mask != 0) {
            // A7.7.38 IT: objdump spells out the then/else pattern from the mask
            e.s("it");
            for (int tmp = hw << 1; (tmp & 0xf) != 0; tmp <<= 1) {
                e.ch(((hw ^ tmp) & 0x10) != 0 ? 'e' : 't');
            }
            e.tab().s(Emitter.COND[op]).notInIt();
            e.nextItState = hw & 0xff;
            return;
        }
        switch (op) {
            case 0 -> e.s("nop").c();
            case 1 -> e.s("yield").c();
            case 2 -> e.s("wfe").c();
            case 3 -> e.s("wfi").c();
            case 4 -> e.s("sev").c();
            case 5 -> e.s("sevl").c();
            default -> {
                e.s("nop").c().s("\t{").dec(op).ch('}');
            }
        }
    }
}
