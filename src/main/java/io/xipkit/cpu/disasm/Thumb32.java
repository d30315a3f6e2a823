package io.xipkit.cpu.disasm;

// Kept whole over 600 lines (issue 9): one decode table for A5.3 and its sub-tables A5.3.1-A5.3.18; split, one encoding tree would be scattered over files.
/**
 * 32-bit Thumb-2 encodings, ARMv7-M ARM (DDI 0403E) section A5.3 "32-bit Thumb instruction encoding"
 * with sub-tables A5.3.1-A5.3.18. {@code insn} is hw1 in the upper half and hw2 in the lower half,
 * so bit numbers below are those of the ARM ARM's 32-bit view (hw1 bits are +16).
 *
 * <p>Where several encodings overlap (hints, UNPREDICTABLE register choices, later-architecture
 * instructions that reuse v7-M UNDEFINED space) the choice made is the one GNU objdump makes, so that
 * trace output lines up with objdump listings.
 */
final class Thumb32 {
    private Thumb32() {}

    /** Data-processing opcodes, A5.3.1 / A5.3.11 (index = op field bits 24:21). Null = UNDEFINED. */
    private static final String[] DP = {"and", "bic", "orr", "orn", "eor", null, null, null,
            "add", null, "adc", "sbc", null, "sub", "rsb", null};
    private static final String[] SHIFT = {"lsl", "lsr", "asr", "ror"};
    /** Parallel add/subtract prefixes by op2 (A5.3.15/A5.3.16). */
    private static final String[] PAR_PREFIX = {"s", "q", "sh", null, "u", "uq", "uh", null};
    private static final String[] PAR_OP = {"add8", "add16", "asx", null, "sub8", "sub16", "sax", null};

    static void decode(Emitter e, int insn) {
        int hw1 = insn >>> 16;
        if ((hw1 & 0xec00) == 0xec00) {
            if (!Coprocessor.decode(e, insn)) {
                e.undefined32(insn);
            }
        } else if ((hw1 & 0xfe00) == 0xe800) {
            loadStoreMultipleDualExclusive(e, insn);
        } else if ((hw1 & 0xfe00) == 0xea00) {
            dataProcessingShiftedRegister(e, insn);
        } else if ((hw1 & 0xf800) == 0xf000) {
            if ((insn & 0x8000) != 0) {
                branchesAndMiscControl(e, insn);
            } else if ((hw1 & 0x0200) == 0) {
                dataProcessingModifiedImmediate(e, insn);
            } else {
                dataProcessingPlainImmediate(e, insn);
            }
        } else if ((hw1 & 0xfe00) == 0xf800) {
            loadStoreSingle(e, insn);
        } else if ((hw1 & 0xff00) == 0xfa00) {
            dataProcessingRegister(e, insn);
        } else if ((hw1 & 0xff00) == 0xfb00) {
            multiply(e, insn);
        } else {
            e.undefined32(insn);
        }
    }

    private static int bits(int insn, int lo, int width) {
        return (insn >>> lo) & ((1 << width) - 1);
    }

    // ---------------------------------------------------------------- A5.3.5 / A5.3.6 / A5.3.7

    private static void loadStoreMultipleDualExclusive(Emitter e, int insn) {
        int rn = bits(insn, 16, 4);
        boolean load = (insn & (1 << 20)) != 0;
        boolean w = (insn & (1 << 21)) != 0;
        if ((insn & (1 << 22)) == 0) {
            // A5.3.5 load/store multiple, plus A-profile SRS/RFE that objdump still names
            int op = bits(insn, 23, 2);
            if ((insn & 0xffff2000) == 0xe89f0000) {
                clrm(e, insn);
                return;
            }
            switch (op) {
                case 1 -> {
                    e.s(load ? "ldmia" : "stmia").c().s(".w\t").r(rn);
                    if (w) {
                        e.ch('!');
                    }
                    e.comma().regList(insn & 0xffff);
                }
                case 2 -> {
                    e.s(load ? "ldmdb" : "stmdb").c().tab().r(rn);
                    if (w) {
                        e.ch('!');
                    }
                    e.comma().regList(insn & 0xffff);
                }
                default -> {
                    String suffix = op == 0 ? "db" : "ia";
                    if (!load && (insn & 0xffe0) == 0xc000) {
                        e.s("srs").s(suffix).c().tab().r(rn);
                        if (w) {
                            e.ch('!');
                        }
                        e.comma().ch('#').dec(insn & 0x1f);
                        e.valueInComment = insn & 0x1f;
                    } else if (load && (insn & 0xffff) == 0xc000) {
                        e.s("rfe").s(suffix).c().tab().r(rn);
                        if (w) {
                            e.ch('!');
                        }
                    } else {
                        e.undefined32(insn);
                    }
                }
            }
            return;
        }
        if (insn == 0xe97fe97f) {
            e.s("sg");  // ARMv8-M secure gateway
            return;
        }
        boolean p = (insn & (1 << 24)) != 0;
        boolean u = (insn & (1 << 23)) != 0;
        int rt = bits(insn, 12, 4);
        int rt2 = bits(insn, 8, 4);
        int imm8 = insn & 0xff;
        if (!p && !w) {
            if (!u) {
                exclusiveWord(e, insn, load, rn, rt, rt2, imm8);
            } else if (load) {
                exclusiveLoadOrTableBranch(e, insn, rn, rt, rt2);
            } else {
                exclusiveStore(e, insn, rn, rt, rt2);
            }
            return;
        }
        // A7.7.50 LDRD (immediate) / A7.7.163 STRD (immediate)
        String name = load ? "ldrd" : "strd";
        if (p && u && imm8 == 0) {  // objdump ignores W here
            e.s(name).c().tab().r(rt).comma().r(rt2).s(", [").r(rn).ch(']');
            return;
        }
        if (!p && !w) {
            e.undefined32(insn);
            return;
        }
        e.s(name).c().tab().r(rt).comma().r(rt2).s(", [").r(rn);
        if (p) {
            e.s(", #");
            if (!u) {
                e.ch('-');
            }
            e.dec(imm8 * 4L).ch(']');
            if (w) {
                e.ch('!');
            }
        } else {
            e.s("], #");
            if (!u) {
                e.ch('-');
            }
            e.dec(imm8 * 4L);
        }
        e.valueInComment = imm8 * 4L;
        if (rn == 15) {
            int offset = u ? imm8 * 4 : -imm8 * 4;
            e.s("\t@ ").address((e.pc & ~3) + 4 + offset);
        }
    }

    private static void clrm(Emitter e, int insn) {
        e.s("clrm").c().s("\t{");
        boolean first = true;
        for (int reg = 0; reg < 16; reg++) {
            if ((insn & (1 << reg)) != 0) {
                if (!first) {
                    e.comma();
                }
                first = false;
                if (reg == 13) {
                    e.s("(invalid: sp)");
                } else if (reg == 15) {
                    e.s("APSR");
                } else {
                    e.r(reg);
                }
            }
        }
        e.ch('}');
    }

    private static void exclusiveWord(Emitter e, int insn, boolean load, int rn, int rt, int rd, int imm8) {
        if (!load) {
            if ((insn & 0xfff0f03f) == 0xe840f000) {
                // ARMv8-M TT family reuses STREX with Rt=PC
                String[] names = {"tt", "ttt", "tta", "ttat"};
                e.s(names[bits(insn, 6, 2)]).tab().r(rd).comma().r(rn);
                return;
            }
            // A7.7.167 STREX
            e.s("strex").c().tab().r(rd).comma().r(rt).s(", [").r(rn);
        } else {
            if (rd != 15) {
                e.undefined32(insn);
                return;
            }
            // A7.7.52 LDREX
            e.s("ldrex").c().tab().r(rt).s(", [").r(rn);
        }
        if (imm8 != 0) {
            e.s(", #").dec(imm8 * 4L);
            e.valueInComment = imm8 * 4L;
        }
        e.ch(']');
    }

    private static void exclusiveLoadOrTableBranch(Emitter e, int insn, int rn, int rt, int rt2) {
        int op = bits(insn, 4, 4);
        int rm = insn & 0xf;
        if ((insn & 0xfff0ffe0) == 0xe8d0f000) {
            // A7.7.182 TBB / TBH
            if (op == 0) {
                e.s("tbb").c().s("\t[").r(rn).comma().r(rm).ch(']');
            } else {
                e.s("tbh").c().s("\t[").r(rn).comma().r(rm).s(", lsl #1]");
            }
            e.branchInIt();
            return;
        }
        if ((insn & 0x0f0f) == 0x0f0f && op >= 8 && op != 0xb && op <= 0xe) {
            String[] names = {"ldab", "ldah", "lda", null, "ldaexb", "ldaexh", "ldaex"};
            e.s(names[op - 8]).c().tab().r(rt).s(", [").rNotPc(rn).ch(']');
            return;
        }
        if ((insn & 0xff) == 0xff) {
            e.s("ldaexd").c().tab().r(rt).comma().r(rt2).s(", [").rNotPc(rn).ch(']');
            return;
        }
        if ((insn & 0x0fef) == 0x0f4f) {
            // A7.7.53 LDREXB / A7.7.54 LDREXH
            e.s((insn & 0x10) != 0 ? "ldrexh" : "ldrexb").c().tab().r(rt).s(", [").r(rn).ch(']');
            return;
        }
        if ((insn & 0xff) == 0x7f) {
            e.s("ldrexd").c().tab().r(rt).comma().r(rt2).s(", [").r(rn).ch(']');
            return;
        }
        e.undefined32(insn);
    }

    private static void exclusiveStore(Emitter e, int insn, int rn, int rt, int rt2) {
        int op = bits(insn, 4, 4);
        int rd = insn & 0xf;
        if ((insn & 0x0f0f) == 0x0f0f && op >= 8 && op <= 0xa) {
            String[] names = {"stlb", "stlh", "stl"};
            e.s(names[op - 8]).c().tab().r(rt).s(", [").rNotPc(rn).ch(']');
            return;
        }
        if ((insn & 0x0f00) == 0x0f00 && op >= 0xc && op <= 0xe) {
            String[] names = {"stlexb", "stlexh", "stlex"};
            e.s(names[op - 0xc]).c().tab().r(rd).comma().r(rt).s(", [").rNotPc(rn).ch(']');
            return;
        }
        if (op == 0xf) {
            e.s("stlexd").c().tab().r(rd).comma().r(rt).comma().r(rt2).s(", [").rNotPc(rn).ch(']');
            return;
        }
        if ((insn & 0x0fe0) == 0x0f40) {
            // A7.7.168 STREXB / A7.7.169 STREXH
            e.s((insn & 0x10) != 0 ? "strexh" : "strexb").c().tab().r(rd).comma().r(rt).s(", [").r(rn).ch(']');
            return;
        }
        if (op == 7) {
            e.s("strexd").c().tab().r(rd).comma().r(rt).comma().r(rt2).s(", [").r(rn).ch(']');
            return;
        }
        e.undefined32(insn);
    }

    // ---------------------------------------------------------------- A5.3.11 / A5.3.1

    /** Shifted register operand, A7.4.2 DecodeImmShift, objdump's %S. */
    private static void shiftedRegister(Emitter e, int insn) {
        int rm = insn & 0xf;
        int type = bits(insn, 4, 2);
        int imm = bits(insn, 6, 2) | (bits(insn, 12, 3) << 2);
        e.r(rm);
        switch (type) {
            case 0 -> {
                if (imm > 0) {
                    e.s(", lsl #").dec(imm);
                }
            }
            case 1, 2 -> e.comma().s(SHIFT[type]).s(" #").dec(imm == 0 ? 32 : imm);
            default -> {
                if (imm == 0) {
                    e.s(", rrx");
                } else {
                    e.s(", ror #").dec(imm);
                }
            }
        }
    }

    private static void dataProcessingShiftedRegister(Emitter e, int insn) {
        if ((insn & 0x8000) != 0) {
            e.undefined32(insn);
            return;
        }
        int op = bits(insn, 21, 4);
        boolean s = (insn & (1 << 20)) != 0;
        int rn = bits(insn, 16, 4);
        int rd = bits(insn, 8, 4);
        if (s && rd == 15 && (op == 0 || op == 4 || op == 8 || op == 13)) {
            compareForm(e, op);
            e.r(rn).comma();
            shiftedRegister(e, insn);
            return;
        }
        if (rn == 15 && (op == 2 || op == 3)) {
            e.s(op == 2 ? "mov" : "mvn");
            if (s) {
                e.ch('s');
            }
            e.c().s(".w\t").r(rd).comma();
            shiftedRegister(e, insn);
            return;
        }
        if (op == 6) {
            // A7.7.93 PKHBT / PKHTB
            if (s || (insn & 0x10) != 0) {
                e.undefined32(insn);
                return;
            }
            e.s((insn & 0x20) != 0 ? "pkhtb" : "pkhbt").c().tab().r(rd).comma().r(rn).comma();
            shiftedRegister(e, insn);
            return;
        }
        if (threeOperandHead(e, insn, s, op, rd, rn)) {
            shiftedRegister(e, insn);
        }
    }

    /** TST/TEQ/CMN/CMP: objdump adds ".w" except to TEQ, which has no 16-bit form. */
    private static void compareForm(Emitter e, int op) {
        switch (op) {
            case 0 -> e.s("tst").c().s(".w\t");
            case 4 -> e.s("teq").c().tab();
            case 8 -> e.s("cmn").c().s(".w\t");
            default -> e.s("cmp").c().s(".w\t");
        }
    }

    /** "op{s}{c}{.w} Rd, Rn, " of data-processing opcode {@code op}; false (and UNDEFINED emitted) when op names none. */
    private static boolean threeOperandHead(Emitter e, int insn, boolean s, int op, int rd, int rn) {
        String name = DP[op];
        if (name == null) {
            e.undefined32(insn);
            return false;
        }
        e.s(name);
        if (s) {
            e.ch('s');
        }
        e.c();
        if (op != 3 && op != 14) {  // ORN and RSB have no 16-bit counterpart, so no ".w"
            e.s(".w");
        }
        e.tab().r(rd).comma().r(rn).comma();
        return true;
    }

    /** A5.3.2 ThumbExpandImm. */
    static long thumbExpandImm(int insn) {
        int bits = (insn & 0xff) | ((insn & 0x7000) >> 4) | ((insn & 0x04000000) >>> 15);
        int imm8 = bits & 0xff;
        int imm;
        switch ((bits >> 8) & 0xf) {
            case 0 -> imm = imm8;
            case 1 -> imm = (imm8 << 16) | imm8;
            case 2 -> imm = (imm8 << 24) | (imm8 << 8);
            case 3 -> imm = (imm8 << 24) | (imm8 << 16) | (imm8 << 8) | imm8;
            default -> {
                int rot = (bits >> 7) & 0x1f;
                imm = Integer.rotateRight((bits & 0x7f) | 0x80, rot);
            }
        }
        return imm & 0xffffffffL;
    }

    private static void dataProcessingModifiedImmediate(Emitter e, int insn) {
        int op = bits(insn, 21, 4);
        boolean s = (insn & (1 << 20)) != 0;
        int rn = bits(insn, 16, 4);
        int rd = bits(insn, 8, 4);
        long imm = thumbExpandImm(insn);
        if (s && rd == 15 && (op == 0 || op == 4 || op == 8 || op == 13)) {
            compareForm(e, op);
            e.r(rn).comma().immC(imm);
            return;
        }
        if (rn == 15 && (op == 2 || op == 3)) {
            e.s(op == 2 ? "mov" : "mvn");
            if (s) {
                e.ch('s');
            }
            e.c().s(".w\t").r(rd).comma().immC(imm);
            return;
        }
        if (threeOperandHead(e, insn, s, op, rd, rn)) {
            e.immC(imm);
        }
    }

    // ---------------------------------------------------------------- A5.3.3

    private static void dataProcessingPlainImmediate(Emitter e, int insn) {
        int op = bits(insn, 20, 5);
        int rn = bits(insn, 16, 4);
        int rd = bits(insn, 8, 4);
        int imm12 = (insn & 0xff) | ((insn & 0x7000) >> 4) | ((insn & 0x04000000) >>> 15);
        int lsb = bits(insn, 6, 2) | (bits(insn, 12, 3) << 2);
        int low5 = insn & 0x1f;
        boolean bit5 = (insn & 0x20) != 0;
        if (op >= 0x10 && (insn & 0x04000000) != 0) {
            e.undefined32(insn);  // saturate and bit-field encodings require i == 0
            return;
        }
        switch (op) {
            case 0x00 -> e.s("addw").c().tab().r(rd).comma().r(rn).comma().immC(imm12);
            case 0x0a -> e.s("subw").c().tab().r(rd).comma().r(rn).comma().immC(imm12);
            case 0x04, 0x0c -> e.s(op == 4 ? "movw" : "movt").c().tab().r(rd).comma().immC(imm12 | (rn << 12));
            case 0x10, 0x12, 0x18, 0x1a -> {
                boolean unsigned = op >= 0x18;
                boolean sh = (op & 2) != 0;
                if (sh && (insn & 0x70e0) == 0) {
                    // A7.7.129 SSAT16 / A7.7.213 USAT16 (sh=1 with a zero shift amount)
                    e.s(unsigned ? "usat16" : "ssat16").c().tab().r(rd).comma()
                            .imm(unsigned ? (insn & 0x1f) : (insn & 0x1f) + 1).comma().r(rn);
                } else if (bit5) {
                    e.undefined32(insn);
                } else {
                    // A7.7.128 SSAT / A7.7.212 USAT
                    e.s(unsigned ? "usat" : "ssat").c().tab().r(rd).comma()
                            .imm(unsigned ? low5 : low5 + 1).comma().r(rn);
                    if (sh) {
                        e.s(", asr #").dec(lsb);
                    } else if (lsb != 0) {
                        e.s(", lsl #").dec(lsb);
                    }
                }
            }
            case 0x14, 0x1c -> {
                if (bit5) {
                    e.undefined32(insn);
                } else {
                    e.s(op == 0x14 ? "sbfx" : "ubfx").c().tab().r(rd).comma().r(rn).comma()
                            .imm(lsb).comma().imm(low5 + 1L);
                }
            }
            case 0x16 -> {
                if (bit5) {
                    e.undefined32(insn);
                } else if (rn == 15) {
                    e.s("bfc").c().tab().r(rd).comma().imm(lsb).comma().imm(((long) low5 - lsb + 1) & 0xffffffffL);
                } else {
                    e.s("bfi").c().tab().r(rd).comma().r(rn).comma().imm(lsb).comma().imm(((long) low5 - lsb + 1) & 0xffffffffL);
                }
            }
            default -> e.undefined32(insn);
        }
    }

    // ---------------------------------------------------------------- A5.3.4 / A5.3.9

    private static void branchesAndMiscControl(Emitter e, int insn) {
        int op1 = bits(insn, 12, 3);
        if ((op1 & 5) == 0) {
            if ((insn & 0x03800000) != 0x03800000) {
                // A7.7.12 B T3: S:J2:J1:imm6:imm11:'0'
                int s = bits(insn, 26, 1);
                int j1 = bits(insn, 13, 1);
                int j2 = bits(insn, 11, 1);
                int offset = (s << 20) | (j2 << 19) | (j1 << 18) | (bits(insn, 16, 6) << 12) | ((insn & 0x7ff) << 1);
                offset = (offset << 11) >> 11;
                e.s("b").s(Emitter.COND[bits(insn, 22, 4)]).s(".w\t").address(e.pc + 4 + offset).notInIt();
            } else {
                miscControl(e, insn);
            }
            return;
        }
        if ((op1 & 5) == 4 && (insn & 1) != 0) {
            e.undefined32(insn);  // ARMv8.1-M branch-future/loop space, not decoded here
            return;
        }
        // A7.7.12 B T4, A7.7.18 BL, BLX (immediate): S:I1:I2:imm10:imm11:'0', I = NOT(J XOR S)
        int s = bits(insn, 26, 1);
        int i1 = 1 - (bits(insn, 13, 1) ^ s);
        int i2 = 1 - (bits(insn, 11, 1) ^ s);
        int offset = (s << 24) | (i1 << 23) | (i2 << 22) | (bits(insn, 16, 10) << 12) | ((insn & 0x7ff) << 1);
        offset = (offset << 7) >> 7;
        int target = e.pc + 4 + offset;
        switch (op1 & 5) {
            case 1 -> e.s("b").c().s(".w\t");
            case 4 -> {
                e.s("blx").c().tab();
                target &= ~2;
            }
            default -> e.s("bl").c().tab();
        }
        e.address(target).branchInIt();
    }

    private static void miscControl(Emitter e, int insn) {
        switch (insn) {
            case 0xf3af800f -> { e.s("bti"); return; }
            case 0xf3af801d -> { e.s("pac\tr12, lr, sp"); return; }
            case 0xf3af800d -> { e.s("pacbti\tr12, lr, sp"); return; }
            case 0xf3af802d -> { e.s("aut\tr12, lr, sp"); return; }
            case 0xf3af8005 -> { e.s("sevl").c().s(".w"); return; }
            case 0xf3af8010 -> { e.s("esb"); return; }
            case 0xf3af8014 -> { e.s("csdb"); return; }
            case 0xf3bf8f40 -> { e.s("ssbb"); return; }
            case 0xf3bf8f44 -> { e.s("pssbb"); return; }
            case 0xf3bf8f4c -> { e.s("dfb").c(); return; }
            case 0xf3bf8f70 -> { e.s("sb"); return; }
            case 0xf3af8000 -> { e.s("nop").c().s(".w"); return; }
            case 0xf3af8001 -> { e.s("yield").c().s(".w"); return; }
            case 0xf3af8002 -> { e.s("wfe").c().s(".w"); return; }
            case 0xf3af8003 -> { e.s("wfi").c().s(".w"); return; }
            case 0xf3af8004 -> { e.s("sev").c().s(".w"); return; }
            case 0xf3bf8f2f -> { e.s("clrex").c(); return; }
            default -> { }
        }
        if ((insn & 0xfffffffc) == 0xf78f8000) {
            e.s("dcps").dec(insn & 3);
        } else if ((insn & 0xfffffff0) == 0xf3af80f0) {
            // A7.7.26 DBG
            e.s("dbg").c().tab().imm(insn & 0xf);
        } else if ((insn & 0xfffffff0) == 0xf3bf8f40 || (insn & 0xfffffff0) == 0xf3bf8f50
                || (insn & 0xfffffff0) == 0xf3bf8f60) {
            barrier(e, insn);
        } else if ((insn & 0xfff0f000) == 0xf7e08000) {
            e.s("hvc").c().tab().immC((insn & 0xfff) | ((insn & 0xf0000) >>> 4));
        } else if ((insn & 0xfff0f000) == 0xf7f08000) {
            e.s("smc").c().tab().immC(((insn & 0xf0000) >>> 16) | (insn & 0xff0) | ((insn & 0xf) << 12));
        } else if ((insn & 0xffffff00) == 0xf3af8000) {
            e.s("nop").c().s(".w\t{").dec(insn & 0xff).ch('}');
            e.valueInComment = insn & 0xff;
        } else if ((insn & 0xfff0f000) == 0xf7f0a000) {
            // A7.7.194 UDF T2
            e.s("udf").c().s(".w\t").immC(((insn & 0xf0000) >>> 4) | (insn & 0xfff));
        } else if ((insn & 0xffffff1f) == 0xf3af8400 || (insn & 0xffffff1f) == 0xf3af8600) {
            e.s((insn & 0x200) != 0 ? "cpsid.w\t" : "cpsie.w\t");
            cpsFlags(e, insn);
            e.notInIt();
        } else if ((insn & 0xfff0ffff) == 0xf3c08f00) {
            e.s("bxj").c().tab().r(bits(insn, 16, 4)).branchInIt();
        } else if ((insn & 0xffe0f000) == 0xf3e08000) {
            // A7.7.82 MRS
            e.s("mrs").c().tab().r(bits(insn, 8, 4)).comma();
            SpecialRegisters.mrsOperand(e, insn);
        } else if ((insn & 0xffffffe0) == 0xf3af8100) {
            e.s("cps\t#").dec(insn & 0x1f).notInIt();
            e.valueInComment = insn & 0x1f;
        } else if ((insn & 0xffffff00) == 0xf3af8500 || (insn & 0xffffff00) == 0xf3af8700) {
            e.s((insn & 0x200) != 0 ? "cpsid\t" : "cpsie\t");
            cpsFlags(e, insn);
            e.s(", #").dec(insn & 0x1f).notInIt();
            e.valueInComment = insn & 0x1f;
        } else if ((insn & 0xffffff00) == 0xf3de8f00) {
            e.s("subs").c().s("\tpc, lr, #").dec(insn & 0xff);
            e.valueInComment = insn & 0xff;
        } else if ((insn & 0xffe0f000) == 0xf3808000) {
            // A7.7.83 MSR
            e.s("msr").c().tab();
            SpecialRegisters.msrOperand(e, insn);
            e.comma().r(bits(insn, 16, 4));
        } else if ((insn & 0x03c00000) == 0x03c00000) {
            e.s("undefined (bcc, cond=0xF)");
        } else {
            e.s("undefined (bcc, cond=0xE)");
        }
    }

    private static void cpsFlags(Emitter e, int insn) {
        if ((insn & 0x80) != 0) {
            e.ch('a');
        }
        if ((insn & 0x40) != 0) {
            e.ch('i');
        }
        if ((insn & 0x20) != 0) {
            e.ch('f');
        }
    }

    /** A7.7.32 DMB, A7.7.33 DSB, A7.7.37 ISB with option names from A7.7.32. */
    private static void barrier(Emitter e, int insn) {
        int kind = insn & 0xf0;
        int option = insn & 0xf;
        e.s(kind == 0x40 ? "dsb" : kind == 0x50 ? "dmb" : "isb").c().tab();
        if (kind == 0x60) {
            if (option == 0xf) {
                e.s("sy");
            } else {
                e.ch('#').dec(option);
            }
            return;
        }
        String name = switch (option) {
            case 0xf -> "sy";
            case 0xe -> "st";
            case 0xd -> "ld";
            case 0xb -> "ish";
            case 0xa -> "ishst";
            case 0x9 -> "ishld";
            case 0x7 -> "un";
            case 0x6 -> "unst";
            case 0x5 -> "nshld";
            case 0x3 -> "osh";
            case 0x2 -> "oshst";
            case 0x1 -> "oshld";
            default -> null;
        };
        if (name != null) {
            e.s(name);
        } else {
            e.ch('#').dec(option);
        }
    }

    // ---------------------------------------------------------------- A5.3.7 - A5.3.10

    private static void loadStoreSingle(Emitter e, int insn) {
        int rt = bits(insn, 12, 4);
        boolean load = (insn & (1 << 20)) != 0;
        boolean signed = (insn & (1 << 24)) != 0;
        int type = bits(insn, 21, 2);
        if (rt == 15 && load) {
            int hint = insn & 0xff700000;
            if (hint == 0xf9100000) {
                e.s("pli").c().tab();
                address(e, insn);
                return;
            }
            if (hint == 0xf8300000) {
                e.s("pldw").c().tab();
                address(e, insn);
                return;
            }
            if (hint == 0xf8100000) {
                e.s("pld").c().tab();
                address(e, insn);
                return;
            }
        }
        if (!load && signed) {
            e.undefined32(insn);
            return;
        }
        boolean unprivileged = (insn & 0x00800f00) == 0x00000e00;
        e.s(load ? "ldr" : "str");
        switch (type) {
            case 0 -> e.s(signed ? "sb" : "b");
            case 1 -> e.s(signed ? "sh" : "h");
            case 2 -> {
                if (signed) {
                    e.s("??");
                }
            }
            default -> e.s("??");
        }
        if (unprivileged) {
            e.ch('t').c().tab();
        } else {
            e.c().s(".w\t");
        }
        e.r(rt).comma();
        address(e, insn);
    }

    /** Addressing mode of the single load/store forms, objdump's %a. */
    private static void address(Emitter e, int insn) {
        int rn = bits(insn, 16, 4);
        boolean u = (insn & (1 << 23)) != 0;
        int op = bits(insn, 8, 4);
        int i12 = insn & 0xfff;
        int i8 = insn & 0xff;
        int offset;
        boolean writeback = false;
        boolean post = false;
        e.ch('[').r(rn);
        if (u) {
            offset = i12;
            if (rn != 15) {
                e.valueInComment = offset;
            }
        } else if (rn == 15) {
            offset = -i12;
        } else if (op == 0) {
            int sh = bits(insn, 4, 2);
            e.comma().r(insn & 0xf);
            if (sh != 0) {
                e.s(", lsl #").dec(sh);
            }
            e.ch(']');
            return;
        } else {
            switch (op) {
                case 0xe -> offset = i8;
                case 0xc -> offset = -i8;
                case 0xf -> {
                    offset = i8;
                    writeback = true;
                }
                case 0xd -> {
                    offset = -i8;
                    writeback = true;
                }
                case 0xb -> {
                    offset = i8;
                    post = true;
                }
                case 0x9 -> {
                    offset = -i8;
                    post = true;
                }
                default -> {
                    e.s(", <undefined>]");
                    return;
                }
            }
        }
        if (post) {
            e.s("], #").dec(offset);
        } else {
            if (offset != 0) {
                e.s(", #").dec(offset);
            }
            e.s(writeback ? "]!" : "]");
        }
        if (rn == 15) {
            e.s("\t@ ").address(((e.pc + 4) & ~3) + offset);
        }
    }

    // ---------------------------------------------------------------- A5.3.12 - A5.3.16

    private static void dataProcessingRegister(Emitter e, int insn) {
        if ((insn & 0xf000) != 0xf000) {
            e.undefined32(insn);
            return;
        }
        int op1 = bits(insn, 20, 4);
        int op2 = bits(insn, 4, 4);
        int rn = bits(insn, 16, 4);
        int rd = bits(insn, 8, 4);
        int rm = insn & 0xf;
        if (op2 == 0 && op1 < 8) {
            // A7.7.68 LSL etc. (register)
            e.s(SHIFT[op1 >> 1]);
            if ((op1 & 1) != 0) {
                e.ch('s');
            }
            e.c().s(".w\t");
            if (op1 >> 1 == 3) {
                e.r(rd).comma().r(rn).comma().r(rm);
            } else {
                e.rNotPc(rd).comma().rNotPc(rn).comma().rNotPc(rm);
            }
            return;
        }
        if ((op2 & 0xc) == 0x8 && op1 < 6) {
            // A5.3.12 sign/zero extend (and add)
            String[] names = {"sxtah", "uxtah", "sxtab16", "uxtab16", "sxtab", "uxtab"};
            String[] plain = {"sxth", "uxth", "sxtb16", "uxtb16", "sxtb", "uxtb"};
            if (rn == 15) {
                e.s(plain[op1]).c();
                if (op1 != 2 && op1 != 3) {
                    e.s(".w");
                }
                e.tab().r(rd).comma().r(rm);
            } else {
                e.s(names[op1]).c().tab().r(rd).comma().r(rn).comma().r(rm);
            }
            int rot = bits(insn, 4, 2);
            if (rot != 0) {
                e.s(", ror #").dec(rot * 8L);
            }
            return;
        }
        if (op1 >= 8 && (op2 & 8) == 0) {
            // A5.3.15/A5.3.16 parallel add/subtract
            String prefix = PAR_PREFIX[op2 & 7];
            String op = PAR_OP[op1 & 7];
            if (prefix == null || op == null) {
                e.undefined32(insn);
                return;
            }
            e.s(prefix).s(op).c().tab().r(rd).comma().r(rn).comma().r(rm);
            return;
        }
        if (op1 >= 8 && (op2 & 0xc) == 8) {
            // A5.3.17 miscellaneous operations (and ARMv8 CRC32 in the v7 UNDEFINED gaps)
            int op = op2 & 3;
            switch (op1) {
                case 8 -> {
                    String[] names = {"qadd", "qdadd", "qsub", "qdsub"};
                    e.s(names[op]).c().tab().r(rd).comma().r(rm).comma().r(rn);
                    return;
                }
                case 9 -> {
                    String[] names = {"rev", "rev16", "rbit", "revsh"};
                    e.s(names[op]).c();
                    if (op != 2) {
                        e.s(".w");
                    }
                    e.tab().r(rd).comma().r(rn);
                    return;
                }
                case 0xa -> {
                    if (op == 0) {
                        e.s("sel").c().tab().r(rd).comma().r(rn).comma().r(rm);
                        return;
                    }
                }
                case 0xb -> {
                    if (op == 0) {
                        e.s("clz").c().tab().r(rd).comma().r(rn);
                        return;
                    }
                }
                case 0xc, 0xd -> {
                    if (op < 3) {
                        e.s(op1 == 0xc ? "crc32" : "crc32c").ch("bhw".charAt(op)).tab();
                        // objdump's table prints crc32h's Rd from bits 9-11 only
                        e.rNotPc(op1 == 0xc && op == 1 ? bits(insn, 9, 3) : rd).comma().rNotPc(rn).comma().rNotPc(rm);
                        return;
                    }
                }
                default -> { }
            }
        }
        e.undefined32(insn);
    }

    private static void multiply(Emitter e, int insn) {
        int op1 = bits(insn, 20, 3);
        int op2 = bits(insn, 4, 4);
        int rn = bits(insn, 16, 4);
        int ra = bits(insn, 12, 4);
        int rd = bits(insn, 8, 4);
        int rm = insn & 0xf;
        boolean noRa = ra == 15;
        if ((insn & 0x00800000) != 0) {
            longMultiply(e, insn, op1, op2, rn, ra, rd, rm);
            return;
        }
        if (op1 == 6 && noRa && op2 == 0) {
            e.s("pacg").c().tab().r(rd).comma().r(rn).comma().r(rm);
            return;
        }
        if (op1 == 5 && rd == 15 && (op2 == 0 || op2 == 1)) {
            e.s(op2 == 0 ? "autg" : "bxaut").c().tab().r(ra).comma().r(rn).comma().r(rm);
            return;
        }
        switch (op1) {
            case 0 -> {
                if (op2 == 0 && noRa) {
                    e.s("mul").c().s(".w\t").r(rd).comma().r(rn).comma().r(rm);
                } else if (op2 == 0 || op2 == 1) {
                    e.s(op2 == 0 ? "mla" : "mls").c().tab().r(rd).comma().r(rn).comma().r(rm).comma().r(ra);
                } else {
                    e.undefined32(insn);
                }
            }
            case 1 -> {
                if ((op2 & 0xc) != 0) {
                    e.undefined32(insn);
                    return;
                }
                char x = (op2 & 2) != 0 ? 't' : 'b';
                char y = (op2 & 1) != 0 ? 't' : 'b';
                if (noRa) {
                    e.s("smul").ch(x).ch(y).c().tab().r(rd).comma().r(rn).comma().r(rm);
                } else {
                    e.s("smla").ch(x).ch(y).c().tab().r(rd).comma().r(rn).comma().r(rm).comma().r(ra);
                }
            }
            case 2, 3, 4, 5 -> {
                if ((op2 & 0xe) != 0) {
                    e.undefined32(insn);
                    return;
                }
                boolean flag = (op2 & 1) != 0;
                String base = switch (op1) {
                    case 2 -> noRa ? "smuad" : "smlad";
                    case 3 -> noRa ? "smulw" : "smlaw";
                    case 4 -> noRa ? "smusd" : "smlsd";
                    default -> noRa ? "smmul" : "smmla";
                };
                e.s(base);
                if (op1 == 3) {
                    e.ch(flag ? 't' : 'b');
                } else if (flag) {
                    e.ch(op1 == 5 ? 'r' : 'x');
                }
                e.c().tab();
                if (noRa) {
                    e.r(rd).comma().r(rn).comma().r(rm);
                } else {
                    e.rNotPc(rd).comma().rNotPc(rn).comma().rNotPc(rm).comma().rNotPc(ra);
                }
            }
            case 6 -> {
                if ((op2 & 0xe) != 0) {
                    e.undefined32(insn);
                    return;
                }
                e.s("smmls");
                if ((op2 & 1) != 0) {
                    e.ch('r');
                }
                e.c().tab().rNotPc(rd).comma().rNotPc(rn).comma().rNotPc(rm).comma().rNotPc(ra);
            }
            default -> {
                if (op2 != 0) {
                    e.undefined32(insn);
                } else if (noRa) {
                    e.s("usad8").c().tab().r(rd).comma().r(rn).comma().r(rm);
                } else {
                    e.s("usada8").c().tab().rNotPc(rd).comma().rNotPc(rn).comma().rNotPc(rm).comma().rNotPc(ra);
                }
            }
        }
    }

    /** A5.3.17 long multiply, long multiply accumulate, and divide. */
    private static void longMultiply(Emitter e, int insn, int op1, int op2, int rn, int rdlo, int rdhi, int rm) {
        switch (op1) {
            case 0, 2 -> {
                if (op2 != 0) {
                    e.undefined32(insn);
                    return;
                }
                e.s(op1 == 0 ? "smull" : "umull").c().tab();
            }
            case 1, 3 -> {
                if (op2 != 0xf || rdlo != 15) {
                    e.undefined32(insn);
                    return;
                }
                e.s(op1 == 1 ? "sdiv" : "udiv").c().tab().r(rdhi).comma().r(rn).comma().r(rm);
                return;
            }
            case 4 -> {
                if (op2 == 0) {
                    e.s("smlal").c().tab();
                } else if ((op2 & 0xc) == 0x8) {
                    e.s("smlal").ch((op2 & 2) != 0 ? 't' : 'b').ch((op2 & 1) != 0 ? 't' : 'b').c().tab()
                            .r(rdlo).comma().r(rdhi).comma().r(rn).comma().r(rm);
                    return;
                } else if ((op2 & 0xe) == 0xc) {
                    e.s("smlald");
                    if ((op2 & 1) != 0) {
                        e.ch('x');
                    }
                    e.c().tab();
                } else {
                    e.undefined32(insn);
                    return;
                }
            }
            case 5 -> {
                if ((op2 & 0xe) != 0xc) {
                    e.undefined32(insn);
                    return;
                }
                e.s("smlsld");
                if ((op2 & 1) != 0) {
                    e.ch('x');
                }
                e.c().tab();
            }
            case 6 -> {
                if (op2 == 0) {
                    e.s("umlal").c().tab();
                } else if (op2 == 6) {
                    e.s("umaal").c().tab();
                } else {
                    e.undefined32(insn);
                    return;
                }
            }
            default -> {
                e.undefined32(insn);
                return;
            }
        }
        e.rNotPc(rdlo).comma().rNotPc(rdhi).comma().rNotPc(rn).comma().rNotPc(rm);
    }
}
