package io.xipkit.cpu;

import java.util.function.IntFunction;

/**
 * Builds the human-readable fault report the CLI prints for faults and lockups: the exception,
 * the decoded status registers (DDI 0403E B3.2.15 CFSR, B3.2.16 HFSR, C1.6.1 DFSR), the faulting
 * PC with its symbol, the registers and the stacked frame. Pure text; no I/O.
 */
public final class FaultReport {
    private FaultReport() {}

    /** CFSR bit meanings (B3.2.15, Tables B3-13/B3-14/B3-15). Index = bit number. */
    private static final String[] CFSR_TEXT = new String[32];

    static {
        CFSR_TEXT[0] = "IACCVIOL: instruction fetch from a location that does not permit execution";
        CFSR_TEXT[1] = "DACCVIOL: data access violation (MPU or default memory map)";
        CFSR_TEXT[3] = "MUNSTKERR: MemManage fault while unstacking on exception return";
        CFSR_TEXT[4] = "MSTKERR: MemManage fault while stacking on exception entry";
        CFSR_TEXT[5] = "MLSPERR: MemManage fault during lazy floating-point state preservation";
        CFSR_TEXT[8] = "IBUSERR: bus error on instruction fetch";
        CFSR_TEXT[9] = "PRECISERR: precise data bus error";
        CFSR_TEXT[10] = "IMPRECISERR: imprecise data bus error";
        CFSR_TEXT[11] = "UNSTKERR: bus error while unstacking on exception return";
        CFSR_TEXT[12] = "STKERR: bus error while stacking on exception entry";
        CFSR_TEXT[13] = "LSPERR: bus error during lazy floating-point state preservation";
        CFSR_TEXT[16] = "UNDEFINSTR: undefined instruction";
        CFSR_TEXT[17] = "INVSTATE: invalid state (EPSR.T = 0: branch to an even address?)";
        CFSR_TEXT[18] = "INVPC: invalid EXC_RETURN or exception return integrity check failed";
        CFSR_TEXT[19] = "NOCP: coprocessor access with CP10/CP11 disabled in CPACR";
        CFSR_TEXT[24] = "UNALIGNED: unaligned access with CCR.UNALIGN_TRP or an always-aligned instruction";
        CFSR_TEXT[25] = "DIVBYZERO: division by zero with CCR.DIV_0_TRP set";
    }

    /** Decodes CFSR into one phrase per set bit, with MMFAR/BFAR where valid. */
    public static String describeCfsr(int cfsr, int mmfar, int bfar) {
        StringBuilder b = new StringBuilder();
        for (int bit = 0; bit < 32; bit++) {
            if ((cfsr & (1 << bit)) == 0 || CFSR_TEXT[bit] == null) continue;
            if (b.length() > 0) b.append("; ");
            b.append(CFSR_TEXT[bit]);
            if (bit == 1 || bit == 9) {
                boolean valid = (cfsr & (bit == 1 ? Scb.CFSR_MMARVALID : Scb.CFSR_BFARVALID)) != 0;
                b.append(String.format(", %s = 0x%08X %s", bit == 1 ? "MMFAR" : "BFAR", bit == 1 ? mmfar : bfar,
                        valid ? "valid" : "not valid"));
            }
        }
        return b.length() == 0 ? "no fault recorded" : b.toString();
    }

    /** Decodes HFSR (B3.2.16). */
    public static String describeHfsr(int hfsr) {
        StringBuilder b = new StringBuilder();
        if ((hfsr & Scb.HFSR_VECTTBL) != 0) b.append("VECTTBL: bus error reading the vector table");
        if ((hfsr & Scb.HFSR_FORCED) != 0) {
            if (b.length() > 0) b.append("; ");
            b.append("FORCED: a configurable fault escalated to HardFault (handler disabled or priority too low)");
        }
        if ((hfsr & Scb.HFSR_DEBUGEVT) != 0) {
            if (b.length() > 0) b.append("; ");
            b.append("DEBUGEVT: debug event (BKPT) with no debugger attached");
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    /** Decodes DFSR (C1.6.1). */
    public static String describeDfsr(int dfsr) {
        String[] names = {"HALTED", "BKPT", "DWTTRAP", "VCATCH", "EXTERNAL"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((dfsr & (1 << i)) == 0) continue;
            if (b.length() > 0) b.append(", ");
            b.append(names[i]);
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    /**
     * The full report.
     *
     * @param symbols resolves an address to "symbol+0xoffset", or returns null when unknown
     */
    private static final int MSTKERR = 1 << 4;
    private static final int STKERR = 1 << 12;

    public static String build(FaultSnapshot s, IntFunction<String> symbols) {
        StringBuilder b = new StringBuilder();
        b.append(ExceptionNumber.name(s.exception())).append(": ").append(s.cause()).append('\n');
        b.append(String.format("  faulting PC 0x%08X%s%n", s.faultingPc(), symbolSuffix(symbols, s.faultingPc())));
        b.append(String.format("  CFSR 0x%08X: %s%n", s.cfsr(), describeCfsr(s.cfsr(), s.mmfar(), s.bfar())));
        b.append(String.format("  HFSR 0x%08X: %s%n", s.hfsr(), describeHfsr(s.hfsr())));
        if (s.dfsr() != 0) b.append(String.format("  DFSR 0x%08X: %s%n", s.dfsr(), describeDfsr(s.dfsr())));
        if (s.afsr() != 0) b.append(String.format("  AFSR 0x%08X%n", s.afsr()));
        int[] r = s.registers();
        for (int i = 0; i < 16; i += 4) {
            b.append("  ");
            for (int j = i; j < i + 4; j++) {
                b.append(String.format("%-4s0x%08X", regName(j), r[j]));
                if (j < i + 3) b.append("  ");
            }
            b.append('\n');
        }
        b.append(String.format("  xPSR 0x%08X%n", s.xpsr()));
        // LR's value is in the grid above; a symbol for it (the caller) is worth its own line.
        String lrSymbol = symbolSuffix(symbols, r[14] & ~1);
        if (!lrSymbol.isEmpty()) b.append(String.format("  LR is in%s%n", lrSymbol));
        // CFSR STKERR/MSTKERR (DDI 0403E B3.2.15/B3.2.16): the frame was not (fully) written, so the
        // memory at the frame address holds whatever was there before; showing it would mislead.
        boolean stackingFailed = (s.cfsr() & (STKERR | MSTKERR)) != 0;
        if (s.frameValid() && stackingFailed) {
            b.append(String.format("  no stacked frame: stacking at 0x%08X failed (%s)%n", s.frameAddress(),
                    (s.cfsr() & STKERR) != 0 ? "STKERR" : "MSTKERR"));
        } else if (s.frameValid()) {
            int[] f = s.frame();
            b.append(String.format("  stacked frame at 0x%08X (EXC_RETURN 0x%08X, %s stack):%n", s.frameAddress(),
                    s.excReturn(), (s.excReturn() & 0xF) == 0xD ? "process" : "main"));
            String[] names = {"R0", "R1", "R2", "R3", "R12", "LR", "PC", "xPSR"};
            for (int i = 0; i < 8; i++) {
                b.append(String.format("    %-4s 0x%08X%n", names[i], f[i]));
            }
        }
        return b.toString();
    }

    private static String regName(int i) {
        switch (i) {
            case 13: return "SP";
            case 14: return "LR";
            case 15: return "PC";
            default: return "R" + i;
        }
    }

    private static String symbolSuffix(IntFunction<String> symbols, int address) {
        if (symbols == null) return "";
        String s = symbols.apply(address);
        return s == null ? "" : " <" + s + ">";
    }
}
