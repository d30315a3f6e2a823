package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.peripherals.xspi.ReadCommand;

/**
 * The command sequence QUADSPI_CCR describes (RM0433 Rev 8 §23.3.3 "QUADSPI command sequence",
 * §23.5.6 "QUADSPI communication configuration register (QUADSPI_CCR)"): instruction, address,
 * alternate bytes, dummy cycles and data, each phase skipped when its mode is 00, else clocked on
 * 1, 2 or 4 lines. DDRM clocks the address, alternate and data phases on both edges; the
 * instruction phase is always single rate (§23.3.4 "Signal interface protocol modes", DDR mode).
 *
 * @param fmode functional mode: 00 indirect write, 01 indirect read, 10 automatic status polling,
 *              11 memory-mapped
 */
record QuadspiCommand(int instruction, int imode, int admode, int adsize, int abmode, int absize,
                      int dcyc, int dmode, int fmode, boolean sioo, boolean ddr) {
    static final int INDIRECT_WRITE = 0;
    static final int INDIRECT_READ = 1;
    static final int AUTO_POLLING = 2;
    static final int MEMORY_MAPPED = 3;

    /** Decodes QUADSPI_CCR (field positions: RM0433 §23.5.6). */
    static QuadspiCommand decode(int ccr) {
        return new QuadspiCommand(ccr & 0xFF, (ccr >>> 8) & 3, (ccr >>> 10) & 3, (ccr >>> 12) & 3,
                (ccr >>> 14) & 3, (ccr >>> 16) & 3, (ccr >>> 18) & 0x1F, (ccr >>> 24) & 3, (ccr >>> 26) & 3,
                (ccr >>> 28 & 1) != 0, (ccr >>> 31 & 1) != 0);
    }

    /** 00: no phase; 01, 10, 11: 1, 2, 4 lines. */
    private static int lines(int mode) {
        return mode == 3 ? 4 : mode;
    }

    private static PhaseFormat format(int mode, boolean ddr) {
        return switch (mode) {
            case 1 -> ddr ? PhaseFormat.D1 : PhaseFormat.S1;
            case 2 -> ddr ? PhaseFormat.D2 : PhaseFormat.S2;
            case 3 -> ddr ? PhaseFormat.D4 : PhaseFormat.S4;
            default -> null;
        };
    }

    PhaseFormat instructionFormat() {
        return format(imode, false);
    }

    PhaseFormat addressFormat() {
        return format(admode, ddr);
    }

    PhaseFormat alternateFormat() {
        return format(abmode, ddr);
    }

    PhaseFormat dataFormat() {
        return format(dmode, ddr);
    }

    boolean hasAddress() {
        return admode != 0;
    }

    boolean hasData() {
        return dmode != 0;
    }

    /** ADSIZE 00..11: 8, 16, 24, 32-bit address. */
    int addressBytes() {
        return adsize + 1;
    }

    int alternateBytes() {
        return absize + 1;
    }

    /** Clocks of a {@code bytes}-byte phase in {@code mode} ({@code ddr}: two bits per line per clock). */
    private static long phaseClocks(int mode, int bytes, boolean ddr) {
        if (mode == 0) return 0;
        long bits = bytes * 8L / lines(mode);
        return ddr ? (bits + 1) / 2 : bits;
    }

    /** Clocks from chip select to the first data bit: instruction, address, alternate, dummy. */
    long headerClocks(boolean sendInstruction) {
        return (sendInstruction ? phaseClocks(imode, 1, false) : 0)
                + phaseClocks(admode, addressBytes(), ddr)
                + phaseClocks(abmode, alternateBytes(), ddr)
                + dcyc;
    }

    /**
     * Clocks to move one data unit: one byte, or in dual-flash mode two bytes (one per memory,
     * both clocked in parallel on their own four lines: RM0433 §23.3.4 "Signal interface protocol modes", Dual-flash mode).
     */
    long unitClocks() {
        return phaseClocks(dmode, 1, ddr);
    }

    /**
     * The read configuration the chips see in memory-mapped mode, or null when it is not a
     * plain read (no address or no data phase).
     */
    ReadCommand readCommand(long alternate, boolean sendInstruction) {
        if (admode == 0 || dmode == 0) return null;
        PhaseFormat instr = imode == 0 ? PhaseFormat.S1 : instructionFormat();
        ReadCommand rc = new ReadCommand(instruction, sendInstruction && imode != 0 ? 1 : 0, instr,
                addressBytes(), addressFormat(),
                abmode == 0 ? 0 : alternate & (absize == 3 ? 0xFFFF_FFFFL : (1L << (8 * alternateBytes())) - 1),
                abmode == 0 ? 0 : alternateBytes(), abmode == 0 ? addressFormat() : alternateFormat(),
                dcyc, dataFormat());
        return rc;
    }
}
