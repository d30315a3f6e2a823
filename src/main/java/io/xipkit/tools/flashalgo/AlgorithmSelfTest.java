package io.xipkit.tools.flashalgo;

import io.xipkit.tools.target.DebugTarget;
import io.xipkit.tools.target.TargetMemoryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A self-test of an algorithm on a board, in the spirit of probe-rs {@code target-gen test}: erase a
 * sector, program a pseudo-random pattern page by page, verify it with the algorithm, read it back
 * through the memory-mapped window after UnInit (what firmware executing in place will see),
 * erase again and check it is blank; each step timed in virtual time against the datasheet.
 */
public final class AlgorithmSelfTest {
    private AlgorithmSelfTest() {}

    /** What the test found: one line per step; {@code passed} false when a check failed. */
    public record Result(boolean passed, List<String> lines) {}

    public static Result run(DebugTarget target, AlgorithmRunner runner, long sector) throws AlgorithmException {
        AlgorithmImage a = runner.algorithm();
        FlashProperties f = a.flash();
        long size = f.sectorAt(sector)[1];
        sector = f.sectorAt(sector)[0];
        int page = (int) f.pageSize();
        Optional<DatasheetBound> bound = DatasheetBound.of(a);
        List<String> lines = new ArrayList<>();
        boolean ok = true;
        byte[] pattern = new byte[(int) size];
        new Random(sector).nextBytes(pattern);
        runner.load();

        runner.init(AlgorithmRunner.Phase.ERASE);
        AlgorithmRunner.Call erase = runner.eraseSector(sector);
        runner.uninit(AlgorithmRunner.Phase.ERASE);
        lines.add(String.format("erase sector 0x%08X (%d bytes): %s%s", sector, size, AlgorithmRunner.time(erase.picos()),
                bound.map(b -> " (datasheet typ " + AlgorithmRunner.time(Math.round(b.sectorEraseUs() * 1e6)) + ")").orElse("")));

        runner.init(AlgorithmRunner.Phase.PROGRAM);
        long programPicos = 0;
        for (int off = 0; off < size; off += page) {
            programPicos += runner.programPage(sector + off, Arrays.copyOfRange(pattern, off, off + page)).picos();
        }
        runner.uninit(AlgorithmRunner.Phase.PROGRAM);
        long pages = size / page;
        lines.add(String.format("program %d pages: %s, %s per page%s", pages, AlgorithmRunner.time(programPicos),
                AlgorithmRunner.time(programPicos / pages),
                bound.map(b -> " (datasheet tPP typ " + AlgorithmRunner.time(Math.round(b.pageProgramUs() * 1e6)) + ")").orElse("")));

        if (a.has(AlgorithmFunction.VERIFY)) {
            runner.init(AlgorithmRunner.Phase.VERIFY);
            long expectEnd = sector + page;
            Long v = runner.verify(sector, Arrays.copyOf(pattern, page));
            runner.uninit(AlgorithmRunner.Phase.VERIFY);
            boolean match = v == expectEnd; // CMSIS and ST both answer the end address when all match
            ok &= match;
            lines.add(match ? "verify first page: match" : String.format("verify first page: FAILED, first difference at 0x%08X", v));
        }

        byte[] seen = readBack(target, sector, (int) size, "read back through the memory-mapped window", lines);
        if (seen == null) {
            ok = false;
        } else {
            int diff = firstDifference(seen, pattern);
            ok &= diff < 0;
            lines.add(diff < 0 ? "read back through the memory-mapped window: match"
                    : String.format("read back through the memory-mapped window: FAILED at 0x%08X: 0x%02X, expected 0x%02X",
                            sector + diff, seen[diff] & 0xFF, pattern[diff] & 0xFF));
        }

        runner.init(AlgorithmRunner.Phase.ERASE);
        runner.eraseSector(sector);
        runner.uninit(AlgorithmRunner.Phase.ERASE);
        byte[] blank = readBack(target, sector, (int) size, "erase again", lines);
        if (blank == null) return new Result(false, lines);
        int notBlank = -1;
        for (int i = 0; i < blank.length && notBlank < 0; i++) if ((blank[i] & 0xFF) != f.erasedValue()) notBlank = i;
        ok &= notBlank < 0;
        lines.add(notBlank < 0 ? "erase again: blank" : String.format("erase again: FAILED, 0x%08X holds 0x%02X", sector + notBlank, blank[notBlank] & 0xFF));
        return new Result(ok, lines);
    }

    /**
     * The flash as the debugger reads it after UnInit, or null with a failed step when the read
     * itself fails: the algorithm left the memory unreadable (a QUADSPI not in memory-mapped mode),
     * which is what a debugger verifying by reading memory (probe-rs, pyOCD) would then hit too.
     */
    private static byte[] readBack(DebugTarget target, long address, int length, String step, List<String> lines) {
        try {
            return target.readMemory(address, length);
        } catch (TargetMemoryException e) {
            lines.add(step + ": FAILED, the flash is not readable after UnInit: " + e.getMessage());
            return null;
        }
    }

    static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return a.length == b.length ? -1 : n;
    }
}
