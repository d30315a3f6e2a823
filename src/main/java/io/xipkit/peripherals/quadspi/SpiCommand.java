package io.xipkit.peripherals.quadspi;

import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.peripherals.xspi.ReadCommand;

/**
 * A command sequence as a controller front-end decodes it from its registers: instruction,
 * address, alternate bytes, dummy cycles and data, each phase absent or clocked in its own
 * {@link PhaseFormat} (lines and STR/DTR), plus the functional mode the engine runs it in.
 */
interface SpiCommand {
    /** 0 indirect write, 1 indirect read, 2 automatic status polling, 3 memory-mapped. */
    int fmode();

    /** Read data is sampled with the memory's data strobe (OCTOSPI/XSPI CCR.DQSE; QUADSPI has none). */
    default boolean dqse() {
        return false;
    }

    /** Send instruction only once (QUADSPI/OCTOSPI SIOO; XSPI has none). */
    boolean sioo();

    int instruction();

    boolean hasInstruction();

    /** 1, or 2 for the 16-bit instructions of octal parts (up to 4 on OCTOSPI/XSPI). */
    int instructionBytes();

    PhaseFormat instructionFormat();

    boolean hasAddress();

    int addressBytes();

    PhaseFormat addressFormat();

    boolean hasAlternate();

    int alternateBytes();

    PhaseFormat alternateFormat();

    int dummyCycles();

    boolean hasData();

    PhaseFormat dataFormat();

    /** Clocks from chip select to the first data bit: instruction, address, alternate, dummy. */
    default long headerClocks(boolean sendInstruction) {
        return (sendInstruction && hasInstruction() ? phaseClocks(instructionFormat(), instructionBytes()) : 0)
                + (hasAddress() ? phaseClocks(addressFormat(), addressBytes()) : 0)
                + (hasAlternate() ? phaseClocks(alternateFormat(), alternateBytes()) : 0)
                + dummyCycles();
    }

    /**
     * Clocks to move one data byte per memory (dual-flash: both memories in parallel); half a
     * clock on eight lines in DTR.
     */
    default double unitClocks() {
        return hasData() ? 8.0 / dataFormat().bitsPerClock() : 0;
    }

    /** Clocks of a {@code bytes}-byte phase: bits / lines, halved (rounded up) in DTR. */
    static long phaseClocks(PhaseFormat f, int bytes) {
        long perLine = bytes * 8L / f.lines();
        return f.dtr() ? (perLine + 1) / 2 : perLine;
    }

    /**
     * The read configuration the chips see in memory-mapped mode, or null when it is not a plain
     * read (no address or no data phase).
     */
    default ReadCommand readCommand(long alternate, boolean sendInstruction) {
        if (!hasAddress() || !hasData()) return null;
        if (instructionBytes() > 2) return null; // no memory of ours takes longer instructions
        PhaseFormat instr = hasInstruction() ? instructionFormat() : PhaseFormat.S1;
        int ab = hasAlternate() ? alternateBytes() : 0;
        long alt = ab == 0 ? 0 : alternate & (ab == 4 ? 0xFFFF_FFFFL : (1L << (8 * ab)) - 1);
        return new ReadCommand(instruction(), sendInstruction && hasInstruction() ? instructionBytes() : 0, instr,
                addressBytes(), addressFormat(), alt, ab, hasAlternate() ? alternateFormat() : addressFormat(),
                dummyCycles(), dataFormat());
    }
}
