package io.xipkit.cpu.disasm;

/**
 * Special-register operands of MRS and MSR. SYSm values are from the ARMv7-M ARM (DDI 0403E) B5.1.1
 * "MRS/MSR SYSm encoding", extended with the ARMv8-M stack limits and Non-secure aliases
 * (DDI 0553, "Special register encodings") that objdump also names.
 *
 * <p>SYSm 0 with the low byte all zero, and the banked-register form (bit 5 set), are printed the way
 * objdump does for the A/R profile (e.g. {@code CPSR_f}, {@code CPSR}), because objdump decodes with
 * every architecture enabled and cannot tell an M-profile image apart.
 */
final class SpecialRegisters {
    private SpecialRegisters() {}

    static String sysmName(int sysm) {
        return switch (sysm) {
            case 0x0 -> "APSR";
            case 0x1 -> "IAPSR";
            case 0x2 -> "EAPSR";
            case 0x3 -> "PSR";
            case 0x5 -> "IPSR";
            case 0x6 -> "EPSR";
            case 0x7 -> "IEPSR";
            case 0x8 -> "MSP";
            case 0x9 -> "PSP";
            case 0xa -> "MSPLIM";
            case 0xb -> "PSPLIM";
            case 0x10 -> "PRIMASK";
            case 0x11 -> "BASEPRI";
            case 0x12 -> "BASEPRI_MAX";
            case 0x13 -> "FAULTMASK";
            case 0x14 -> "CONTROL";
            case 0x88 -> "MSP_NS";
            case 0x89 -> "PSP_NS";
            case 0x8a -> "MSPLIM_NS";
            case 0x8b -> "PSPLIM_NS";
            case 0x90 -> "PRIMASK_NS";
            case 0x91 -> "BASEPRI_NS";
            case 0x93 -> "FAULTMASK_NS";
            case 0x94 -> "CONTROL_NS";
            case 0x98 -> "SP_NS";
            default -> "<unknown>";
        };
    }

    /** A/R-profile banked register names (ARMv7-A ARM B9.2.3), used by objdump for the SYSm bit-5 forms. */
    static String bankedName(int sysm) {
        return switch (sysm) {
            case 15 -> "CPSR";
            case 32 -> "R8_usr";
            case 33 -> "R9_usr";
            case 34 -> "R10_usr";
            case 35 -> "R11_usr";
            case 36 -> "R12_usr";
            case 37 -> "SP_usr";
            case 38 -> "LR_usr";
            case 40 -> "R8_fiq";
            case 41 -> "R9_fiq";
            case 42 -> "R10_fiq";
            case 43 -> "R11_fiq";
            case 44 -> "R12_fiq";
            case 45 -> "SP_fiq";
            case 46 -> "LR_fiq";
            case 48 -> "LR_irq";
            case 49 -> "SP_irq";
            case 50 -> "LR_svc";
            case 51 -> "SP_svc";
            case 52 -> "LR_abt";
            case 53 -> "SP_abt";
            case 54 -> "LR_und";
            case 55 -> "SP_und";
            case 60 -> "LR_mon";
            case 61 -> "SP_mon";
            case 62 -> "ELR_hyp";
            case 63 -> "SP_hyp";
            case 79 -> "SPSR";
            case 110 -> "SPSR_fiq";
            case 112 -> "SPSR_irq";
            case 114 -> "SPSR_svc";
            case 116 -> "SPSR_abt";
            case 118 -> "SPSR_und";
            case 124 -> "SPSR_mon";
            case 126 -> "SPSR_hyp";
            default -> null;
        };
    }

    private static void banked(Emitter e, int sysm) {
        String name = bankedName(sysm);
        if (name != null) {
            e.s(name);
        } else {
            e.s("(UNDEF: ").dec(sysm).ch(')');
        }
    }

    /** A7.7.82 MRS: source register. */
    static void mrsOperand(Emitter e, int insn) {
        if ((insn & 0xff) == 0 || (insn & 0x20) != 0) {
            int sm = ((insn >>> 16) & 0xf) | (insn & 0x30) | ((insn >>> 14) & 0x40);
            banked(e, sm);
        } else {
            e.s(sysmName(insn & 0xff));
        }
    }

    /** A7.7.83 MSR: destination register (with the mask field bits 11:8 when SYSm is 0). */
    static void msrOperand(Emitter e, int insn) {
        if ((insn & 0xff) == 0) {
            e.ch((insn & 0x100000) != 0 ? 'S' : 'C').s("PSR_");
            if ((insn & 0x800) != 0) {
                e.ch('f');
            }
            if ((insn & 0x400) != 0) {
                e.ch('s');
            }
            if ((insn & 0x200) != 0) {
                e.ch('x');
            }
            if ((insn & 0x100) != 0) {
                e.ch('c');
            }
        } else if ((insn & 0x20) != 0) {
            int sysm = ((insn >>> 8) & 0xf) | (insn & 0x30) | ((insn >>> 14) & 0x40);
            banked(e, sysm);
        } else {
            e.s(sysmName(insn & 0xff));
        }
    }
}
