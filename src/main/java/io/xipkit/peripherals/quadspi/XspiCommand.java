package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.xspi.PhaseFormat;

/**
 * The command sequence the STM32H7R/S XSPI describes in CCR, TCR, IR and CR.FMODE (RM0477 "XSPI functional description"
 * "XSPI functional description", §27.7 "XSPI registers"): each phase has its own mode (000 none,
 * 001/010/011/100: 1, 2, 4 or 8 lines) and its own DTR bit, the instruction is 1 to 4 bytes
 * (ISIZE), the address 1 to 4 bytes (ADSIZE), dummy cycles 0..31 (TCR.DCYC); DQSE enables the
 * data strobe. The OCTOSPI of the STM32H7A3/B3 (RM0455 §24.7.19 OCTOSPI_CCR) has the same layout
 * plus SIOO (send instruction only once) in bit 31; XSPI has no SIOO. Field positions agree with
 * ST's STM32H7R/S and STM32H7B3 SVDs (as published in stm32-rs).
 */
record XspiCommand(int fmode, int instruction, int imode, boolean idtr, int isize,
                   int admode, boolean addtr, int adsize, int abmode, boolean abdtr, int absize,
                   int dcyc, int dmode, boolean ddtr, boolean dqse, boolean sioo) implements SpiCommand {

    /**
     * Decodes CR.FMODE (bits 29:28), CCR, TCR.DCYC (bits 4:0) and IR; {@code hasSioo}: the block
     * has CCR.SIOO (OCTOSPI), otherwise bit 31 is reserved (XSPI).
     */
    static XspiCommand decode(int cr, int ccr, int tcr, int ir, boolean hasSioo) {
        return new XspiCommand((cr >>> 28) & 3, ir, ccr & 7, (ccr >>> 3 & 1) != 0, (ccr >>> 4) & 3,
                (ccr >>> 8) & 7, (ccr >>> 11 & 1) != 0, (ccr >>> 12) & 3,
                (ccr >>> 16) & 7, (ccr >>> 19 & 1) != 0, (ccr >>> 20) & 3,
                tcr & 0x1F, (ccr >>> 24) & 7, (ccr >>> 27 & 1) != 0, (ccr >>> 29 & 1) != 0,
                hasSioo && (ccr >>> 31) != 0);
    }

    /** Mode 001..100: 1, 2, 4, 8 lines; 101..111 are reserved and taken as no phase. */
    private static PhaseFormat format(int mode, boolean dtr) {
        int lines = switch (mode) {
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 4;
            case 4 -> 8;
            default -> 0;
        };
        return lines == 0 ? null : new PhaseFormat(lines, dtr);
    }

    private static boolean valid(int mode) {
        return mode >= 1 && mode <= 4;
    }

    @Override
    public boolean hasInstruction() {
        return valid(imode);
    }

    @Override
    public int instructionBytes() {
        return isize + 1;
    }

    /** The instruction bytes as sent: IR holds them right-aligned, most significant byte first on the wire. */
    @Override
    public int instruction() {
        return isize == 3 ? instruction : instruction & ((1 << (8 * (isize + 1))) - 1);
    }

    @Override
    public PhaseFormat instructionFormat() {
        return format(imode, idtr);
    }

    @Override
    public boolean hasAddress() {
        return valid(admode);
    }

    @Override
    public int addressBytes() {
        return adsize + 1;
    }

    @Override
    public PhaseFormat addressFormat() {
        return format(admode, addtr);
    }

    @Override
    public boolean hasAlternate() {
        return valid(abmode);
    }

    @Override
    public int alternateBytes() {
        return absize + 1;
    }

    @Override
    public PhaseFormat alternateFormat() {
        return format(abmode, abdtr);
    }

    @Override
    public int dummyCycles() {
        return dcyc;
    }

    @Override
    public boolean hasData() {
        return valid(dmode);
    }

    @Override
    public PhaseFormat dataFormat() {
        return format(dmode, ddtr);
    }
}
