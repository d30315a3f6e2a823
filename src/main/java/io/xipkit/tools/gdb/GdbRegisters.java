package io.xipkit.tools.gdb;

import io.xipkit.tools.target.CoreDescription;
import io.xipkit.tools.target.CoreRegister;
import io.xipkit.tools.target.DebugTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * The register numbering xipkit's target description gives gdb, and how each register maps onto
 * the core's DCRSR selectors (the four special registers share one packed selector; a D register
 * is two S registers). Features as gdb documents them (GDB manual G.5.1 "ARM Features"):
 * org.gnu.gdb.arm.m-profile r0-r12, sp, lr, pc, xpsr; org.gnu.gdb.arm.m-system msp, psp (plus
 * primask, basepri, faultmask, control); org.gnu.gdb.arm.vfp d0-d15, fpscr where the core has an FPU.
 */
final class GdbRegisters {
    /** One register: name, width in bits, the gdb feature it belongs to. */
    record Reg(String name, int bits, String feature, String type) {}

    static final String PROFILE = "org.gnu.gdb.arm.m-profile", SYSTEM = "org.gnu.gdb.arm.m-system", VFP = "org.gnu.gdb.arm.vfp";
    private static final String[] GENERAL = {"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "sp", "lr", "pc"};
    private static final String[] SPECIAL = {"primask", "basepri", "faultmask", "control"};

    final List<Reg> regs = new ArrayList<>();
    private final boolean fpu;

    GdbRegisters(CoreDescription core) {
        for (String g : GENERAL) {
            regs.add(new Reg(g, 32, PROFILE, g.equals("sp") ? "data_ptr" : g.equals("pc") || g.equals("lr") ? "code_ptr" : "int"));
        }
        regs.add(new Reg("xpsr", 32, PROFILE, "int"));
        regs.add(new Reg("msp", 32, SYSTEM, "data_ptr"));
        regs.add(new Reg("psp", 32, SYSTEM, "data_ptr"));
        for (String s : SPECIAL) regs.add(new Reg(s, 32, SYSTEM, "int"));
        fpu = core.hasFpu();
        if (fpu) {
            for (int i = 0; i < 16; i++) regs.add(new Reg("d" + i, 64, VFP, "ieee_double"));
            regs.add(new Reg("fpscr", 32, VFP, "int"));
        }
    }

    int count() {
        return regs.size();
    }

    /** The register's value, little-endian hex as g/p send it. */
    String read(DebugTarget t, int n) {
        Reg r = regs.get(n);
        if (r.bits() == 64) {
            int d = n - 23;
            long lo = t.readRegister(CoreRegister.floatSelector(2 * d)) & 0xFFFF_FFFFL;
            long hi = t.readRegister(CoreRegister.floatSelector(2 * d + 1)) & 0xFFFF_FFFFL;
            return Hex.le(lo | hi << 32, 8);
        }
        return Hex.le(read32(t, n) & 0xFFFF_FFFFL, 4);
    }

    private int read32(DebugTarget t, int n) {
        if (n < 16) return t.readRegister(CoreRegister.general(n));
        return switch (n) {
            case 16 -> t.readRegister(CoreRegister.XPSR);
            case 17 -> t.readRegister(CoreRegister.MSP);
            case 18 -> t.readRegister(CoreRegister.PSP);
            case 19, 20, 21, 22 -> (t.readRegister(CoreRegister.SPECIAL) >>> (8 * (n - 19))) & 0xFF;
            default -> t.readRegister(CoreRegister.FPSCR);
        };
    }

    /** Writes register {@code n} from the little-endian hex {@code value}. */
    void write(DebugTarget t, int n, String value) {
        Reg r = regs.get(n);
        long v = Hex.parseLe(value, r.bits() / 8);
        if (r.bits() == 64) {
            int d = n - 23;
            t.writeRegister(CoreRegister.floatSelector(2 * d), (int) v);
            t.writeRegister(CoreRegister.floatSelector(2 * d + 1), (int) (v >>> 32));
            return;
        }
        int w = (int) v;
        if (n < 16) {
            t.writeRegister(CoreRegister.general(n), w);
            return;
        }
        switch (n) {
            case 16 -> t.writeRegister(CoreRegister.XPSR, w);
            case 17 -> t.writeRegister(CoreRegister.MSP, w);
            case 18 -> t.writeRegister(CoreRegister.PSP, w);
            case 19, 20, 21, 22 -> {
                int shift = 8 * (n - 19);
                int packed = t.readRegister(CoreRegister.SPECIAL);
                t.writeRegister(CoreRegister.SPECIAL, (packed & ~(0xFF << shift)) | (w & 0xFF) << shift);
            }
            default -> t.writeRegister(CoreRegister.FPSCR, w);
        }
    }

    int hexLength(int n) {
        return regs.get(n).bits() / 4;
    }

    /** The target description (GDB manual G.2 "Target Description Format"). */
    String targetXml() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
        b.append("  <architecture>arm</architecture>\n");
        String feature = null;
        for (int i = 0; i < regs.size(); i++) {
            Reg r = regs.get(i);
            if (!r.feature().equals(feature)) {
                if (feature != null) b.append("  </feature>\n");
                feature = r.feature();
                b.append("  <feature name=\"").append(feature).append("\">\n");
            }
            // No group attribute: gdb then shows the integer registers (system ones and FPSCR
            // included) in "info registers" and the D registers under "info float"/"all-registers".
            b.append(String.format("    <reg name=\"%s\" bitsize=\"%d\" regnum=\"%d\" type=\"%s\"/>%n", r.name(), r.bits(), i, r.type()));
        }
        b.append("  </feature>\n</target>\n");
        return b.toString();
    }
}
