package io.xipkit.cpu.disasm;

// Near 600 lines on purpose (issue 9): one decode table for the FP encodings A6.4-A6.7 and the FPv5 space; split, one encoding tree would be scattered over files.
/**
 * Floating-point instructions on coprocessors 10 (single) and 11 (double), ARMv7-M ARM (DDI 0403E)
 * A6.4 "Floating-point data-processing instructions", A6.5 "Extension register load or store
 * instructions", A6.6 "32-bit transfer between ARM core and extension registers", A6.7 "64-bit
 * transfers", plus the FPv5 (ARMv8) additions of the Cortex-M7 FPU (ARMv8-M ARM DDI 0553,
 * "Floating-point data-processing" T=1 space: VSEL, VMAXNM/VMINNM, VCVTA/N/P/M, VRINTA/N/P/M,
 * VRINTZ/R/X).
 */
final class Vfp {
    private Vfp() {}

    private static int bits(int insn, int lo, int width) {
        return (insn >>> lo) & ((1 << width) - 1);
    }

    /** Sd = Vd:D. */
    static int sd(int insn) {
        return (bits(insn, 12, 4) << 1) | bits(insn, 22, 1);
    }

    /** Dd = D:Vd. */
    static int dd(int insn) {
        return bits(insn, 12, 4) | (bits(insn, 22, 1) << 4);
    }

    static int sn(int insn) {
        return (bits(insn, 16, 4) << 1) | bits(insn, 7, 1);
    }

    static int dn(int insn) {
        return bits(insn, 16, 4) | (bits(insn, 7, 1) << 4);
    }

    static int sm(int insn) {
        return ((insn & 0xf) << 1) | bits(insn, 5, 1);
    }

    static int dm(int insn) {
        return (insn & 0xf) | (bits(insn, 5, 1) << 4);
    }

    private static void s(Emitter e, int reg) {
        e.ch('s').dec(reg);
    }

    private static void d(Emitter e, int reg) {
        e.ch('d').dec(reg);
    }

    /** Destination register by precision. */
    private static void vd(Emitter e, int insn, boolean dbl) {
        if (dbl) {
            d(e, dd(insn));
        } else {
            s(e, sd(insn));
        }
    }

    private static void vn(Emitter e, int insn, boolean dbl) {
        if (dbl) {
            d(e, dn(insn));
        } else {
            s(e, sn(insn));
        }
    }

    private static void vm(Emitter e, int insn, boolean dbl) {
        if (dbl) {
            d(e, dm(insn));
        } else {
            s(e, sm(insn));
        }
    }

    private static String prec(boolean dbl) {
        return dbl ? ".f64" : ".f32";
    }

    static boolean decode(Emitter e, int insn) {
        boolean dbl = (insn & 0x100) != 0;
        if ((insn & 0x10000000) != 0) {
            return unconditional(e, insn, dbl);
        }
        if ((insn & 0x0e000000) == 0x0c000000) {
            return loadStoreAndMoves(e, insn, dbl);
        }
        if ((insn & 0x0f000000) != 0x0e000000) {
            return false;
        }
        if ((insn & 0x10) != 0) {
            return coreTransfers(e, insn, dbl);
        }
        return dataProcessing(e, insn, dbl);
    }

    // ---------------------------------------------------------------- A6.5 and A6.7

    private static boolean loadStoreAndMoves(Emitter e, int insn, boolean dbl) {
        int rn = bits(insn, 16, 4);
        if ((insn & 0xfff0ffff) == 0xec300a00 || (insn & 0xfff0ffff) == 0xec200a00) {
            // ARMv8-M lazy FP state save/restore
            e.s((insn & 0x100000) != 0 ? "vlldm\t" : "vlstm\t").r(rn);
            return true;
        }
        boolean p = (insn & (1 << 24)) != 0;
        boolean u = (insn & (1 << 23)) != 0;
        boolean w = (insn & (1 << 21)) != 0;
        boolean load = (insn & (1 << 20)) != 0;
        if (!dbl || (insn & 1) == 0) {
            if (p && !u && w && rn == 13 && !load) {
                e.s("vpush").c().tab();
                list(e, insn, dbl);
                return true;
            }
            if (p && !u && w) {
                e.s(load ? "vldmdb" : "vstmdb").c().tab().r(rn).s("!, ");
                list(e, insn, dbl);
                return true;
            }
            if (!p && u && w && rn == 13 && load) {
                e.s("vpop").c().tab();
                list(e, insn, dbl);
                return true;
            }
            if (!p && u) {
                e.s(load ? "vldmia" : "vstmia").c().tab().r(rn);
                if (w) {
                    e.ch('!');
                }
                e.comma();
                list(e, insn, dbl);
                return true;
            }
        }
        if (p && !w) {
            // A7.7.230 VLDR / A7.7.254 VSTR
            e.s(load ? "vldr" : "vstr").c().tab();
            vd(e, insn, dbl);
            e.comma();
            addressA(e, insn, dbl ? 11 : 10);
            return true;
        }
        if (dbl && (insn & 1) != 0 && (p && !u && w || !p && u)) {
            // FSTMX/FLDMX: the pre-UAL "unknown precision" multiple transfers
            e.s(load ? "fldm" : "fstm").s(p ? "dbx" : "iax").c().tab().r(rn);
            if (w || p) {
                e.ch('!');
            }
            e.comma();
            int regno = dd(insn);
            int count = (insn & 0xff) >> 1;
            e.ch('{');
            d(e, regno);
            if (--count != 0) {
                e.ch('-');
                d(e, regno + count);
            }
            e.s("}\t@ Deprecated");
            return true;
        }
        if ((insn & 0x0fe000d0) == 0x0c400010) {
            // A7.7.243/A7.7.244 VMOV between two core registers and two S or one D register
            boolean toCore = load;
            int rt = bits(insn, 12, 4);
            int rt2 = bits(insn, 16, 4);
            if (toCore) {
                e.s("vmov").c().tab().r(rt).comma().r(rt2).comma();
            } else {
                e.s("vmov").c().tab();
            }
            if (dbl) {
                d(e, dm(insn));
            } else {
                s(e, sm(insn));
                e.comma();
                s(e, sm(insn) + 1);
            }
            if (!toCore) {
                e.comma().r(rt).comma().r(rt2);
            }
            return true;
        }
        return false;
    }

    /** Register list: objdump's %B (D) and %y3 (S). */
    private static void list(Emitter e, int insn, boolean dbl) {
        e.ch('{');
        if (dbl) {
            int regno = dd(insn);
            int count = (insn >> 1) & 0x3f;
            d(e, regno);
            if (count != 1) {
                if (regno + count > 32) {
                    e.s("-<overflow reg d").dec(regno + count - 1L).ch('>');
                } else {
                    e.ch('-');
                    d(e, regno + count - 1);
                }
            }
        } else {
            int regno = sd(insn);
            int count = insn & 0xff;
            s(e, regno);
            if (--count != 0) {
                e.ch('-');
                s(e, regno + count);
            }
        }
        e.ch('}');
    }

    /** Coprocessor address with word-scaled 8-bit offset, objdump's %A. */
    static void addressA(Emitter e, int insn, int cp) {
        int rn = bits(insn, 16, 4);
        boolean p = (insn & (1 << 24)) != 0;
        boolean u = (insn & (1 << 23)) != 0;
        boolean w = (insn & (1 << 21)) != 0;
        int offset = insn & 0xff;
        e.ch('[').r(rn);
        if (p || w) {
            offset = cp == 9 ? offset * 2 : offset * 4;
            if (!u) {
                offset = -offset;
            }
            if (rn != 15) {
                e.valueInComment = offset;
            }
        }
        if (p) {
            if (offset != 0) {
                e.s(", #").dec(offset).ch(']');
                if (w) {
                    e.ch('!');
                }
            } else if (!u) {
                e.s(", #-0]");
            } else {
                e.ch(']');
            }
        } else {
            e.ch(']');
            if (w) {
                if (offset != 0) {
                    e.s(", #").dec(offset);
                } else if (!u) {
                    e.s(", #-0");
                }
            } else {
                e.s(", {");
                if (!u && offset == 0) {
                    e.ch('-');
                }
                e.dec(offset).ch('}');
                e.valueInComment = offset;
            }
        }
        if (rn == 15 && (p || w)) {
            e.s("\t@ ").address((e.pc & ~3) + 4 + offset);
        }
    }

    // ---------------------------------------------------------------- A6.6

    private static final String[] VMSR_NAMES = {"fpsid", "fpscr", "fpscr_nzcvqc", null, null, "mvfr2", "mvfr1",
            "mvfr0", "fpexc", "fpinst", "fpinst2", null, "vpr", "p0", "fpcxt_ns", "fpcxt_s"};

    private static boolean coreTransfers(Emitter e, int insn, boolean dbl) {
        int rt = bits(insn, 12, 4);
        if (dbl) {
            if ((insn & 0x0fd00f70) == 0x0e000b10) {
                e.s("vmov").c().s(".32\t");
                d(e, dn(insn));
                e.ch('[').dec(bits(insn, 21, 1)).s("], ").r(rt);
                return true;
            }
            if ((insn & 0x0f500f70) == 0x0e100b10) {
                e.s("vmov").c().s(".32\t").r(rt).comma();
                d(e, dn(insn));
                e.ch('[').dec(bits(insn, 21, 1)).ch(']');
                return true;
            }
            if ((insn & 0x0fd00f30) == 0x0e000b30) {
                e.s("vmov").c().s(".16\t");
                d(e, dn(insn));
                e.ch('[').dec(bits(insn, 6, 1) | (bits(insn, 21, 1) << 1)).s("], ").r(rt);
                return true;
            }
            if ((insn & 0x0f500f30) == 0x0e100b30) {
                e.s("vmov").c().ch('.').ch((insn & 0x800000) != 0 ? 'u' : 's').s("16\t").r(rt).comma();
                d(e, dn(insn));
                e.ch('[').dec(bits(insn, 6, 1) | (bits(insn, 21, 1) << 1)).ch(']');
                return true;
            }
            if ((insn & 0x0fd00f10) == 0x0e400b10) {
                e.s("vmov").c().s(".8\t");
                d(e, dn(insn));
                e.ch('[').dec(bits(insn, 5, 2) | (bits(insn, 21, 1) << 2)).s("], ").r(rt);
                return true;
            }
            if ((insn & 0x0f500f10) == 0x0e500b10) {
                e.s("vmov").c().ch('.').ch((insn & 0x800000) != 0 ? 'u' : 's').s("8\t").r(rt).comma();
                d(e, dn(insn));
                e.ch('[').dec(bits(insn, 5, 2) | (bits(insn, 21, 1) << 2)).ch(']');
                return true;
            }
            return false;
        }
        int sysreg = bits(insn, 16, 4);
        if ((insn & 0x0fe00fff) == 0x0ee00a10) {
            // A7.7.246 VMRS / A7.7.247 VMSR
            boolean read = (insn & 0x100000) != 0;
            String name = VMSR_NAMES[sysreg];
            if (read) {
                if (insn == 0xeef1fa10) {
                    e.s("vmrs").c().s("\tAPSR_nzcv, fpscr");
                    return true;
                }
                e.s("vmrs").c().tab().r(rt).comma();
                if (name == null) {
                    e.s("<impl def ").hex(sysreg).ch('>');
                } else {
                    e.s(name);
                }
            } else {
                e.s("vmsr").c().tab();
                if (name == null) {
                    e.s("<impl def ").hex(sysreg).ch('>');
                } else {
                    e.s(name);
                }
                e.comma().r(rt);
            }
            if (sysreg == 9 || sysreg == 10) {
                e.s("\t@ Impl def");
            }
            return true;
        }
        if ((insn & 0x0fe00f7f) == 0x0e000a10) {
            // A7.7.242 VMOV (between ARM core register and single-precision register)
            if ((insn & 0x100000) != 0) {
                e.s("vmov").c().tab().r(rt).comma();
                s(e, sn(insn));
            } else {
                e.s("vmov").c().tab();
                s(e, sn(insn));
                e.comma().r(rt);
            }
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- A6.4

    private static boolean dataProcessing(Emitter e, int insn, boolean dbl) {
        String p = prec(dbl);
        // VCVTB/VCVTT half-precision conversions (A7.7.225)
        if ((insn & 0x0fbe0f50) == 0x0eb20a40 || (insn & 0x0fbe0f50) == 0x0eb20b40) {
            boolean toHalf = (insn & 0x10000) != 0;
            e.s("vcvt").ch((insn & 0x80) != 0 ? 't' : 'b').c();
            if (dbl) {
                e.s(toHalf ? ".f16.f64\t" : ".f64.f16\t");
                if (toHalf) {
                    s(e, sd(insn));
                    e.comma();
                    d(e, dm(insn));
                } else {
                    d(e, dd(insn));
                    e.comma();
                    s(e, sm(insn));
                }
            } else {
                e.s(toHalf ? ".f16.f32\t" : ".f32.f16\t");
                s(e, sd(insn));
                e.comma();
                s(e, sm(insn));
            }
            return true;
        }
        if ((insn & 0x0fbf0f70) == 0x0eb50a40 || (insn & 0x0fbf0f70) == 0x0eb50b40) {
            // A7.7.223 VCMP{E} with zero
            e.s("vcmp");
            if ((insn & 0x80) != 0) {
                e.ch('e');
            }
            e.c().s(p).tab();
            vd(e, insn, dbl);
            e.s(", #0.0");
            return true;
        }
        int twoReg = insn & 0x0fbf0ed0;  // ignores the precision bit
        switch (twoReg) {
            case 0x0eb00a40 -> { return twoOp(e, insn, dbl, "vmov"); }
            case 0x0eb00ac0 -> { return twoOp(e, insn, dbl, "vabs"); }
            case 0x0eb10a40 -> { return twoOp(e, insn, dbl, "vneg"); }
            case 0x0eb10ac0 -> { return twoOp(e, insn, dbl, "vsqrt"); }
            case 0x0eb70ac0 -> {
                // A7.7.226 VCVT between double and single
                e.s("vcvt").c();
                if (dbl) {
                    e.s(".f32.f64\t");
                    s(e, sd(insn));
                    e.comma();
                    d(e, dm(insn));
                } else {
                    e.s(".f64.f32\t");
                    d(e, dd(insn));
                    e.comma();
                    s(e, sm(insn));
                }
                return true;
            }
            default -> { }
        }
        int cvt = insn & 0x0fbf0e50;
        if (cvt == 0x0eb80a40) {
            // A7.7.224 VCVT integer to floating-point
            e.s("vcvt").c().s(p).ch('.').ch((insn & 0x80) != 0 ? 's' : 'u').s("32\t");
            vd(e, insn, dbl);
            e.comma();
            s(e, sm(insn));
            return true;
        }
        if (cvt == 0x0eb40a40) {
            // A7.7.223 VCMP{E}
            e.s("vcmp");
            if ((insn & 0x80) != 0) {
                e.ch('e');
            }
            e.c().s(p).tab();
            vd(e, insn, dbl);
            e.comma();
            vm(e, insn, dbl);
            return true;
        }
        int cvt2 = insn & 0x0fbe0e50;
        if (cvt2 == 0x0eba0a40 || cvt2 == 0x0ebe0a40) {
            // A7.7.227 VCVT between floating-point and fixed-point
            boolean toFixed = cvt2 == 0x0ebe0a40;
            boolean unsigned = (insn & 0x10000) != 0;
            boolean size32 = (insn & 0x80) != 0;
            e.s("vcvt").c();
            String fixed = (unsigned ? ".u" : ".s") + (size32 ? "32" : "16");
            if (toFixed) {
                e.s(fixed).s(p);
            } else {
                e.s(p).s(fixed);
            }
            e.tab();
            vd(e, insn, dbl);
            e.comma();
            vd(e, insn, dbl);
            int imm = bits(insn, 5, 1) | ((insn & 0xf) << 1);
            e.s(", #").dec((size32 ? 32 : 16) - imm);
            return true;
        }
        if (cvt2 == 0x0ebc0a40) {
            // A7.7.224 VCVT/VCVTR floating-point to integer
            e.s("vcvt");
            if ((insn & 0x80) == 0) {
                e.ch('r');
            }
            e.c().ch('.').ch((insn & 0x10000) != 0 ? 's' : 'u').s("32").s(p).tab();
            s(e, sd(insn));
            e.comma();
            vm(e, insn, dbl);
            return true;
        }
        if ((insn & 0x0fb00ef0) == 0x0eb00a00) {
            // A7.7.240 VMOV (immediate), VFPExpandImm
            int imm8 = bits(insn, 0, 4) | (bits(insn, 16, 4) << 4);
            e.s("vmov").c().s(p).tab();
            vd(e, insn, dbl);
            e.s(", #");
            fpImmediate(e, imm8);
            return true;
        }
        int three = insn & 0x0fb00e50;
        String name = switch (three) {
            case 0x0e000a00 -> "vmla";
            case 0x0e000a40 -> "vmls";
            case 0x0e100a00 -> "vnmls";
            case 0x0e100a40 -> "vnmla";
            case 0x0e200a00 -> "vmul";
            case 0x0e200a40 -> "vnmul";
            case 0x0e300a00 -> "vadd";
            case 0x0e300a40 -> "vsub";
            case 0x0e800a00 -> "vdiv";
            case 0x0ea00a00 -> "vfma";
            case 0x0ea00a40 -> "vfms";
            case 0x0e900a40 -> "vfnma";
            case 0x0e900a00 -> "vfnms";
            default -> null;
        };
        if (name != null) {
            e.s(name).c().s(p).tab();
            vd(e, insn, dbl);
            e.comma();
            vn(e, insn, dbl);
            e.comma();
            vm(e, insn, dbl);
            return true;
        }
        if ((insn & 0x0fbe0e50) == 0x0eb60a40) {
            // VRINTR / VRINTZ / VRINTX (ARMv8 FP, present in FPv5)
            int sel = bits(insn, 7, 1) | (bits(insn, 16, 1) << 1);
            e.s("vrint").ch("rzx?".charAt(sel)).c().s(p).tab();
            vd(e, insn, dbl);
            e.comma();
            vm(e, insn, dbl);
            return true;
        }
        return false;
    }

    private static boolean twoOp(Emitter e, int insn, boolean dbl, String name) {
        e.s(name).c().s(prec(dbl)).tab();
        vd(e, insn, dbl);
        e.comma();
        vm(e, insn, dbl);
        return true;
    }

    /**
     * objdump prints the raw imm8 and a comment with the single-precision bit pattern of
     * VFPExpandImm (A6.4.1) and its decimal value; the value is exact in at most 7 decimals.
     */
    private static void fpImmediate(Emitter e, int imm8) {
        e.dec(imm8);
        int bitsF = ((imm8 & 0x80) << 24) | ((imm8 & 0x3f) << 19) | ((imm8 & 0x40) != 0 ? (0xf8 << 22) : (1 << 30));
        long decVal = (78125L << (((bitsF >>> 23) & 0xff) - 124)) * (16 + (imm8 & 0xf));
        e.s("\t@ ").hex4(bitsF >>> 16).hex4Digits(bitsF & 0xffff).ch(' ').ch((imm8 & 0x80) != 0 ? '-' : ' ');
        long whole = decVal / 10000000;
        long frac = decVal % 10000000;
        e.dec(whole).ch('.');
        if (decVal % 1000000 == 0) {
            e.dec(frac / 1000000);
        } else if (decVal % 10000 == 0) {
            pad(e, frac / 10000, 3);
        } else {
            pad(e, frac, 7);
        }
    }

    private static void pad(Emitter e, long value, int digits) {
        String text = Long.toString(value);
        for (int i = text.length(); i < digits; i++) {
            e.ch('0');
        }
        e.s(text);
    }

    // ---------------------------------------------------------------- FPv5 T=1 space

    private static boolean unconditional(Emitter e, int insn, boolean dbl) {
        String p = prec(dbl);
        if ((insn & 0xff800e50) == 0xfe000a00) {
            String[] cc = {"eq", "vs", "ge", "gt"};
            e.s("vsel").s(cc[bits(insn, 20, 2)]).u().s(p).tab();
            three(e, insn, dbl);
            return true;
        }
        if ((insn & 0xffb00e10) == 0xfe800a00 && (insn & 0x10) == 0) {
            e.s((insn & 0x40) != 0 ? "vminnm" : "vmaxnm").u().s(p).tab();
            three(e, insn, dbl);
            return true;
        }
        if ((insn & 0xffbc0e50) == 0xfebc0a40) {
            e.s("vcvt").ch("anpm".charAt(bits(insn, 16, 2))).u().ch('.').ch((insn & 0x80) != 0 ? 's' : 'u')
                    .s("32").s(p).tab();
            s(e, sd(insn));
            e.comma();
            vm(e, insn, dbl);
            return true;
        }
        if ((insn & 0xffbc0ed0) == 0xfeb80a40) {
            e.s("vrint").ch("anpm".charAt(bits(insn, 16, 2))).u().s(p).tab();
            vd(e, insn, dbl);
            e.comma();
            vm(e, insn, dbl);
            return true;
        }
        return false;
    }

    private static void three(Emitter e, int insn, boolean dbl) {
        vd(e, insn, dbl);
        e.comma();
        vn(e, insn, dbl);
        e.comma();
        vm(e, insn, dbl);
    }
}
