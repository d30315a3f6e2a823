package io.xipkit.cpu.debug;

import io.xipkit.regs.Access;
import io.xipkit.regs.Field;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.regs.UnmappedPolicy;

/**
 * The Flash Patch and Breakpoint unit at 0xE0002000 (DDI 0403E C1.11 "Flash Patch and Breakpoint
 * unit"): FP_CTRL, FP_REMAP and the comparators FP_COMPn.
 * <ul>
 * <li>Version 1 (Cortex-M4, DDI 0439 "FPB": six instruction and two literal comparators):
 * FP_COMPn.COMP holds address bits [28:2], so only the Code region below 0x20000000 can match;
 * REPLACE 01/10/11 puts a breakpoint on the lower, upper or both halfwords of the word, 00 remaps
 * the word to the table at FP_REMAP (instruction comparators for fetches, literal comparators
 * for data reads).</li>
 * <li>Version 2 (Cortex-M7, DDI 0489 "FPB": eight instruction comparators, no literal comparators,
 * no remap): FP_COMPn.BE enables a breakpoint at BPADDR (bits [31:1]), any address.</li>
 * </ul>
 * FP_CTRL writes take effect only with KEY (bit 1) set. The Cortex-M7 adds the CoreSight software
 * lock (FP_LAR/FP_LSR): software writes are ignored until 0xC5ACCE55 is written to FP_LAR;
 * debugger accesses are not subject to it.
 */
public final class Fpb {
    public static final int BASE = 0xE0002000, SIZE = 0x1000;
    public static final int FP_CTRL = 0x0, FP_REMAP = 0x4, FP_COMP0 = 0x8, FP_LAR = 0xFB0, FP_LSR = 0xFB4;
    public static final int UNLOCK_KEY = 0xC5ACCE55;
    /** FP_COMPn.REPLACE (v1): remap, breakpoint on the lower halfword, the upper one, both. */
    static final int REPLACE_REMAP = 0, REPLACE_LOWER = 1, REPLACE_UPPER = 2, REPLACE_BOTH = 3;

    private final int version;
    private final int numCode, numLit;
    private final boolean softwareLock;
    private final Runnable changed;
    private final RegisterBlock regs;
    private final Field enable;
    private final Register remapRegister;
    private final Register[] comps;
    private boolean locked;

    private Fpb(int version, int numCode, int numLit, boolean softwareLock, Runnable changed) {
        this.version = version;
        this.numCode = numCode;
        this.numLit = numLit;
        this.softwareLock = softwareLock;
        this.changed = changed;
        int ctrlReset = ((numCode & 0xF) << 4) | (numLit << 8) | ((numCode >>> 4) << 12) | ((version - 1) << 28);
        RegisterBlock.Builder b = RegisterBlock.builder("FPB", SIZE)
                .unmapped(UnmappedPolicy.READ_ZERO_WRITE_IGNORE)
                .register(FP_CTRL, "FP_CTRL", r -> r.reset(ctrlReset)
                        .bit("ENABLE", 0, Access.RO)
                        .bit("KEY", 1, Access.WO)
                        .field("NUM_CODE1", 4, 4, Access.RO)
                        .field("NUM_LIT", 8, 4, Access.RO)
                        .field("NUM_CODE2", 12, 3, Access.RO)
                        .field("REV", 28, 4, Access.RO)
                        .afterWrite(this::ctrlWritten));
        if (version == 1) {
            // RMPSPT reads as one: the Cortex-M4 FPB supports remapping (DDI 0439 FPB register summary).
            b.register(FP_REMAP, "FP_REMAP", r -> r.reset(1 << 29)
                    .field("REMAP", 5, 24, Access.RW, f -> f.onChange((was, now) -> changed.run()))
                    .bit("RMPSPT", 29, Access.RO));
        } else {
            b.register(FP_REMAP, "FP_REMAP", r -> r.bit("RMPSPT", 29, Access.RO));
        }
        for (int n = 0; n < numCode + numLit; n++) {
            String name = "FP_COMP" + n;
            if (version == 1) {
                b.register(FP_COMP0 + 4 * n, name, r -> r
                        .bit("ENABLE", 0, Access.RW)
                        .field("COMP", 2, 27, Access.RW)
                        .field("REPLACE", 30, 2, Access.RW)
                        .afterWrite(v -> changed.run()));
            } else {
                b.register(FP_COMP0 + 4 * n, name, r -> r
                        .bit("BE", 0, Access.RW)
                        .field("BPADDR", 1, 31, Access.RW)
                        .afterWrite(v -> changed.run()));
            }
        }
        if (softwareLock) {
            b.register(FP_LAR, "FP_LAR", r -> r.field("KEY", 0, 32, Access.WO).afterWrite(v -> locked = v != UNLOCK_KEY));
            b.register(FP_LSR, "FP_LSR", r -> r.field("STATUS", 0, 2, Access.RO, f -> f.reads(() -> locked ? 3 : 1)));
        }
        regs = b.build();
        enable = regs.field("FP_CTRL", "ENABLE");
        remapRegister = regs.register("FP_REMAP");
        comps = new Register[numCode + numLit];
        for (int n = 0; n < comps.length; n++) comps[n] = regs.register("FP_COMP" + n);
        powerOnReset();
    }

    /** Cortex-M7: FPB version 2, eight instruction comparators, software lock. */
    public static Fpb cortexM7(Runnable changed) {
        return new Fpb(2, 8, 0, true, changed);
    }

    /** Cortex-M4: FPB version 1, six instruction and two literal comparators with remap. */
    public static Fpb cortexM4(Runnable changed) {
        return new Fpb(1, 6, 2, false, changed);
    }

    public void powerOnReset() {
        regs.reset();
        locked = softwareLock;
    }

    private void ctrlWritten(int value) {
        if ((value & 2) == 0) return;                               // KEY clear: the write is ignored
        enable.set(value & 1);
        changed.run();
    }

    public int read(int offset, int size) {
        return regs.read(offset, size);
    }

    /** A write; {@code fromDebugger} accesses ignore the software lock (CoreSight lock: software only). */
    public void write(int offset, int size, int value, boolean fromDebugger) {
        if (locked && !fromDebugger && offset != FP_LAR) return;
        regs.write(offset, size, value);
    }

    public int version() {
        return version;
    }

    public int instructionComparators() {
        return numCode;
    }

    public int literalComparators() {
        return numLit;
    }

    public boolean enabled() {
        return enable.isSet();
    }

    /** The comparator whose breakpoint matches an instruction at {@code address}, or -1. */
    public int breakpointAt(int address) {
        if (!enable.isSet()) return -1;
        for (int n = 0; n < numCode; n++) {
            int v = comps[n].get();
            if (version == 2) {
                if ((v & 1) != 0 && (v & ~1) == (address & ~1)) return n;
                continue;
            }
            int replace = v >>> 30;
            if ((v & 1) == 0 || replace == REPLACE_REMAP || (address >>> 29) != 0) continue;
            if ((v & 0x1FFFFFFC) != (address & 0x1FFFFFFC)) continue;
            boolean upper = (address & 2) != 0;
            if (replace == REPLACE_BOTH || (replace == REPLACE_UPPER) == upper) return n;
        }
        return -1;
    }

    /** Where an instruction fetch at {@code address} is served from (the remap table or itself). */
    public int remapFetch(int address) {
        return remapped(address, 0, numCode);
    }

    /** Where a data read at {@code address} is served from (literal comparators; v1 only). */
    public int remapLiteral(int address) {
        return remapped(address, numCode, numCode + numLit);
    }

    /** True when some comparator remaps (instruction fetches or literal reads). */
    public boolean remapping() {
        if (version != 1 || !enable.isSet()) return false;
        for (int n = 0; n < comps.length; n++) if (remaps(n)) return true;
        return false;
    }

    /** The word addresses literal comparators remap (for the core's access gates). */
    public int[] remappedLiteralWords() {
        if (version != 1 || !enable.isSet()) return new int[0];
        return java.util.stream.IntStream.range(numCode, comps.length).filter(this::remaps)
                .map(n -> comps[n].get() & 0x1FFFFFFC).toArray();
    }

    private boolean remaps(int n) {
        int v = comps[n].get();
        return (v & 1) != 0 && (n >= numCode || (v >>> 30) == REPLACE_REMAP);
    }

    private int remapped(int address, int from, int to) {
        if (version != 1 || !enable.isSet() || (address >>> 29) != 0) return address;
        for (int n = from; n < to; n++) {
            if (remaps(n) && (comps[n].get() & 0x1FFFFFFC) == (address & 0x1FFFFFFC)) {
                // The table lives in SRAM (address bits [31:29] = 0b001), one word per comparator.
                int table = 0x20000000 | (remapRegister.get() & 0x1FFFFFE0);
                return table + 4 * n + (address & 3);
            }
        }
        return address;
    }

    public RegisterBlock registers() {
        return regs;
    }
}
