package io.xipkit.peripherals.xspi;

/**
 * The read-command configuration a controller uses in memory-mapped mode: the phases it clocks
 * for every read. {@code instructionBytes == 0} means no instruction phase (continuous-read /
 * XIP mode, "send instruction only once"); {@code alternateBytes == 0} means no alternate phase.
 */
public record ReadCommand(
        int opcode, int instructionBytes, PhaseFormat instructionFormat,
        int addressBytes, PhaseFormat addressFormat,
        long alternate, int alternateBytes, PhaseFormat alternateFormat,
        int dummyCycles, PhaseFormat dataFormat) {

    public ReadCommand {
        if (instructionBytes < 0 || instructionBytes > 2) throw new IllegalArgumentException("instructionBytes must be 0..2");
        if (addressBytes < 1 || addressBytes > 4) throw new IllegalArgumentException("addressBytes must be 1..4");
        if (alternateBytes < 0 || alternateBytes > 4) throw new IllegalArgumentException("alternateBytes must be 0..4");
        if (dummyCycles < 0 || dummyCycles > 31) throw new IllegalArgumentException("dummyCycles must be 0..31");
    }

    /** A plain command with single-byte instruction, no alternate bytes. */
    public static ReadCommand of(int opcode, PhaseFormat instr, int addressBytes, PhaseFormat addr,
                                 int dummyCycles, PhaseFormat data) {
        return new ReadCommand(opcode, 1, instr, addressBytes, addr, 0, 0, addr, dummyCycles, data);
    }

    public ReadCommand withAlternate(long value, int bytes, PhaseFormat fmt) {
        return new ReadCommand(opcode, instructionBytes, instructionFormat, addressBytes, addressFormat,
                value, bytes, fmt, dummyCycles, dataFormat);
    }

    public ReadCommand withoutInstruction() {
        return new ReadCommand(opcode, 0, instructionFormat, addressBytes, addressFormat,
                alternate, alternateBytes, alternateFormat, dummyCycles, dataFormat);
    }
}
