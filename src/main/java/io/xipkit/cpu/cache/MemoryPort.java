package io.xipkit.cpu.cache;

/**
 * The memory behind the L1 caches: line fills, write-backs and write-throughs go through it. The
 * core's {@code Bus} is one; declaring it here keeps the caches free of the core's package.
 */
public interface MemoryPort {
    int read32(int address);

    void write8(int address, int value);

    void write16(int address, int value);

    void write32(int address, int value);

    /** Instruction fetch of one halfword (I-cache line fills). */
    int fetch16(int address);

    /** Bytes per beat of a Cortex-M7 line fill on AXIM (a 64-bit bus). */
    int LINE_FILL_BEAT = 8;

    /**
     * A cache line fill of {@code bytes} bytes at {@code line} (aligned to {@code bytes}) as the
     * Cortex-M7 puts it on its 64-bit AXIM: one wrapping burst of doublewords that starts with the
     * doubleword holding {@code critical} (ARM DDI 0489F Cortex-M7 TRM §5.5.7 "AXIM interface
     * transfers": a linefill is a WRAP4 burst of 64-bit beats, critical doubleword first). The line
     * lands in address order at {@code into[at..at + bytes)}; {@code fetch}: an instruction-side
     * fill. By default the beats are read word by word (halfword by halfword for fetches) in burst
     * order; a memory that sees the burst as one (a memory-mapped flash window) overrides it.
     */
    default void readLine(int line, int critical, int bytes, boolean fetch, byte[] into, int at) {
        int first = (critical - line) & (bytes - 1) & ~(LINE_FILL_BEAT - 1);
        for (int k = 0; k < bytes; k += fetch ? 2 : 4) {
            int o = (first + k) & (bytes - 1);
            int v = fetch ? fetch16(line + o) : read32(line + o);
            into[at + o] = (byte) v;
            into[at + o + 1] = (byte) (v >>> 8);
            if (!fetch) {
                into[at + o + 2] = (byte) (v >>> 16);
                into[at + o + 3] = (byte) (v >>> 24);
            }
        }
    }
}
