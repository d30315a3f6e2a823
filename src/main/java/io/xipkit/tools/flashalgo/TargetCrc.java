package io.xipkit.tools.flashalgo;

import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.MemoryMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.CRC32;

/**
 * CRC-32s of flash blocks computed on the target by our analyser routine (firmware/flashalgo/
 * crc32.c, built into crc32-analyzer.bin), as pyOCD's flash analyser does for smart flashing:
 * the host sends a list of {address, length} pairs and reads back one word per block instead of
 * the blocks. The routine goes into the RAM above the algorithm's own layout (its code, its table
 * and the lists), and runs with the algorithm's stack and return breakpoint
 * ({@link AlgorithmRunner#callRoutine}). Values are those of {@link CRC32}.
 */
public final class TargetCrc {
    /** Blocks per call: the lists stay small, and one call's budget covers them. */
    static final int BATCH = 64;
    static final long TABLE_BYTES = 1024;
    /** Budget per call (virtual time in process, host time behind a gdb server). */
    static final long BUDGET_MS = 5_000;
    private static final byte[] BLOB = blob();

    private final AlgorithmRunner runner;
    private final long code, table, blocks, results;

    /**
     * @throws IllegalStateException when the RAM the algorithm runs in has no room above its layout
     */
    public TargetCrc(AlgorithmRunner runner) {
        this.runner = runner;
        MemoryMap.Region ram = runner.layout().ram();
        code = (runner.layout().end() + 0x107) & ~7L;   // a little headroom above the stack top
        table = (code + BLOB.length + 7) & ~7L;
        blocks = table + TABLE_BYTES;
        results = blocks + 8L * BATCH;
        if (results + 4L * BATCH > ram.end()) {
            throw new IllegalStateException(String.format("%s has no room for the CRC analyser above 0x%08X", ram.name(), runner.layout().end()));
        }
    }

    private static byte[] blob() {
        try (InputStream in = TargetCrc.class.getResourceAsStream("/io/xipkit/flashalgo/crc32-analyzer.bin")) {
            if (in == null) throw new IllegalStateException("crc32-analyzer.bin is missing from the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CRC-32 of each block {@code [base, base + length)}, computed by the target. */
    public long[] crc32(List<Long> bases, int length) throws AlgorithmException {
        DebugTarget t = runner.target();
        if (!runner.resident()) runner.load();
        t.writeMemory(code, BLOB);
        long[] out = new long[bases.size()];
        for (int from = 0; from < bases.size(); from += BATCH) {
            int n = Math.min(BATCH, bases.size() - from);
            byte[] list = new byte[8 * n];
            for (int i = 0; i < n; i++) {
                putWord(list, 8 * i, bases.get(from + i));
                putWord(list, 8 * i + 4, length);
            }
            t.writeMemory(blocks, list);
            AlgorithmRunner.Call c = runner.callRoutine("crc32_blocks", code, BUDGET_MS, blocks, n, results, table);
            if (c.r0() != n) throw new IllegalStateException("crc32_blocks returned " + c.r0() + " for " + n + " blocks");
            byte[] r = t.readMemory(results, 4 * n);
            for (int i = 0; i < n; i++) {
                out[from + i] = (r[4 * i] & 0xFFL) | (r[4 * i + 1] & 0xFFL) << 8 | (r[4 * i + 2] & 0xFFL) << 16 | (r[4 * i + 3] & 0xFFL) << 24;
            }
        }
        return out;
    }

    /** The same checksum on the host. */
    public static long crc32(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return c.getValue();
    }

    private static void putWord(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }
}
