package io.xipkit.devices.nor;

import io.xipkit.devices.nor.NorPart.Command;
import io.xipkit.devices.nor.NorPart.Kind;
import io.xipkit.peripherals.xspi.PhaseFormat;

/**
 * A catalog command compiled for decoding: its phase formats, address width, registers and the
 * register fields that configure its dummy clocks and its burst wrap, all resolved once.
 */
final class NorCommand {
    final Command spec;
    final Kind kind;
    final int opcode;
    final int opcodeBytes;
    final PhaseFormat inst, addr, data;
    final int addrMode; // 0 none, 3, 4, -1 follows address mode
    final int modeClocks;
    final byte[] id;
    final int[] regs;
    private final RegisterField dummyField; // null: the catalog's fixed dummy clocks
    private final int[] dummyCodes;         // null: the field value is the count itself (Micron VCR)
    private WrapRule wrap;                  // set once, after all commands are known

    /** A compiled {@link NorPart.Wrap}: {@code enable} null = always on. */
    record WrapRule(RegisterField enable, long enabledValue, RegisterField length, int[] lengths) {}

    NorCommand(Command spec, NorRegisters registers) {
        this.spec = spec;
        this.kind = spec.kind();
        this.opcode = spec.opcode();
        this.opcodeBytes = spec.opcodeBytes();
        PhaseFormat[] f = spec.formats();
        inst = f[0];
        addr = f[1];
        data = f[2];
        String a = spec.addr();
        addrMode = a == null ? (addr == null ? 0 : 3) : a.equals("mode") ? -1 : Integer.parseInt(a);
        modeClocks = spec.modeClocks();
        if (spec.idBytes() != null) {
            String[] p = spec.idBytes().trim().split("\\s+");
            id = new byte[p.length];
            for (int i = 0; i < p.length; i++) id[i] = (byte) Integer.parseInt(p[i], 16);
        } else {
            id = null;
        }
        if (spec.regs() != null) {
            regs = spec.regs().stream().mapToInt(registers::index).toArray();
        } else if (spec.reg() != null) {
            regs = new int[] {registers.index(spec.reg())};
        } else {
            regs = new int[0];
        }
        // A dummy field the entry does not define leaves the fixed count (as before compilation).
        dummyField = spec.dummyField() == null ? null : registers.field(spec.dummyField());
        dummyCodes = spec.dummyCodes() == null || spec.dummyCodes().isEmpty()
                ? null : spec.dummyCodes().stream().mapToInt(Integer::intValue).toArray();
    }

    void setWrap(WrapRule rule) {
        this.wrap = rule;
    }

    /** Address bytes the part takes now. */
    int addressBytes(boolean addr4) {
        return addrMode == -1 ? (addr4 ? 4 : 3) : addrMode;
    }

    int modeBytes() {
        if (modeClocks == 0) return 0;
        return Math.max(1, modeClocks * addr.bitsPerClock() / 8);
    }

    /** Dummy clocks the part waits now: fixed, or selected by a register field. */
    int dummyCycles() {
        if (dummyField != null) {
            long v = dummyField.get();
            if (dummyCodes != null) return v < dummyCodes.length ? dummyCodes[(int) v] : spec.dummy();
            if (v != 0 && v != dummyField.allOnes()) return (int) v; // Micron VCR: 0 and all-ones select the default
        }
        return spec.dummy();
    }

    /** Window length in bytes this read wraps in now, or 0 if it runs linearly. */
    int wrapLength() {
        WrapRule w = wrap;
        if (w == null) return 0;
        if (w.enable() != null && w.enable().get() != w.enabledValue()) return 0;
        long code = w.length().get();
        return code < w.lengths().length ? w.lengths()[(int) code] : 0;
    }

    boolean needsQuadEnable() {
        return spec.qe();
    }

    /** "Name (OPh)" as warnings name the command. */
    String label() {
        return spec.name() + " (" + spec.op() + "h)";
    }
}
