package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.xspi.PhaseFormat;

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
                      int dcyc, int dmode, int fmode, boolean sioo, boolean ddr) implements SpiCommand {
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

    private static PhaseFormat format(int mode, boolean ddr) {
        return switch (mode) {
            case 1 -> ddr ? PhaseFormat.D1 : PhaseFormat.S1;
            case 2 -> ddr ? PhaseFormat.D2 : PhaseFormat.S2;
            case 3 -> ddr ? PhaseFormat.D4 : PhaseFormat.S4;
            default -> null;
        };
    }

    @Override
    public PhaseFormat instructionFormat() {
        return format(imode, false);
    }

    @Override
    public PhaseFormat addressFormat() {
        return format(admode, ddr);
    }

    @Override
    public PhaseFormat alternateFormat() {
        return format(abmode, ddr);
    }

    @Override
    public PhaseFormat dataFormat() {
        return format(dmode, ddr);
    }

    @Override
    public boolean hasAddress() {
        return admode != 0;
    }

    @Override
    public boolean hasData() {
        return dmode != 0;
    }

    /** ADSIZE 00..11: 8, 16, 24, 32-bit address. */
    @Override
    public int addressBytes() {
        return adsize + 1;
    }

    @Override
    public int alternateBytes() {
        return absize + 1;
    }

    @Override
    public boolean hasInstruction() {
        return imode != 0;
    }

    /** QUADSPI instructions are one byte (§23.3.3). */
    @Override
    public int instructionBytes() {
        return 1;
    }

    @Override
    public boolean hasAlternate() {
        return abmode != 0;
    }

    @Override
    public int dummyCycles() {
        return dcyc;
    }
}
