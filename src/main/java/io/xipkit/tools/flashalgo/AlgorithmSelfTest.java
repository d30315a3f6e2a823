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
 * through the memory-mapped window as the debuggers do (after Init with fnc 3), erase again and
 * check it is blank; each step timed in virtual time against the datasheet. Whether the window is
 * readable straight after UnInit is reported too (some debuggers read it without Init).
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
        // A page larger than the sector (ST's H7A3/B3 algorithm: 32 KB pages, 8 KB sectors): one partial page.
        int page = (int) Math.min(f.pageSize(), size);
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

        // What a debugger that reads without initialising the algorithm for verify finds (probe-rs
        // 0.28 and later read the window straight after UnInit(2) when the algorithm has no
        // pc_read): reported, not judged, since the tools that read memory do it after Init(fnc 3).
        String afterUnInit = windowState(target, sector);
        lines.add("window after UnInit(" + AlgorithmRunner.Phase.PROGRAM.code + "): " + (afterUnInit == null ? "readable"
                : "not readable (" + afterUnInit + "); a debugger reading it without Init(fnc 3) first, as probe-rs 0.28 and later do"
                + " when the algorithm has no pc_read, fails to verify"));

        // Reading the flash back as pyOCD (FlashBuilder._enable_read_access), Keil (Verify) and
        // probe-rs up to 0.27 (run_verify) do: Init(adr, clk, 3) first, which is the CMSIS way
        // for an algorithm to map its flash for reading, then UnInit(3).
        runner.init(AlgorithmRunner.Phase.VERIFY);
        if (a.has(AlgorithmFunction.VERIFY)) {
            String verdict = verifyVerdict(a.format(), sector, page, runner.verify(sector, Arrays.copyOf(pattern, page)));
            ok &= verdict.equals("match");
            lines.add("verify first page: " + verdict);
        }
        ok &= readBack(target, runner, sector, pattern, "read back through the memory-mapped window", lines);
        runner.uninit(AlgorithmRunner.Phase.VERIFY);

        runner.init(AlgorithmRunner.Phase.ERASE);
        runner.eraseSector(sector);
        runner.uninit(AlgorithmRunner.Phase.ERASE);
        byte[] blank = new byte[(int) size];
        Arrays.fill(blank, (byte) f.erasedValue());
        runner.init(AlgorithmRunner.Phase.VERIFY);
        ok &= readBack(target, runner, sector, blank, "erase again", lines);
        runner.uninit(AlgorithmRunner.Phase.VERIFY);
        return new Result(ok, lines);
    }

    /**
     * What Verify's r0 says, in the convention of the algorithm's format: "match" or "FAILED, ...".
     * CMSIS (Open-CMSIS-Pack "Algorithm Functions", Verify; also probe-rs pc_verify): adr + sz when
     * every byte matches, else the first address that differs. ST (stm32-external-loader
     * Loader_Src.c, Verify, in every board's loader): a 64-bit result, the checksum in the upper
     * word (r1) and, in the lower (r0), 0 when every byte matches, else an address at the
     * difference. A loader answering the end address follows the CMSIS habit, not ST's: with ST's
     * template that is an address of failure, so it is reported as one, with the reason.
     */
    static String verifyVerdict(AlgorithmFormat format, long address, long size, long r0) {
        long end = (address + size) & 0xFFFF_FFFFL;
        r0 &= 0xFFFF_FFFFL;
        if (format == AlgorithmFormat.STLDR) {
            if (r0 == 0) return "match";
            if (r0 == end) {
                return String.format("FAILED, Verify returned the end address 0x%08X, the CMSIS habit: an ST loader's Verify answers 0 in r0"
                        + " when every byte matches and an address only where it found a difference (Loader_Src.c)", r0);
            }
            return String.format("FAILED, Verify returned 0x%08X (an ST loader's Verify answers 0 in r0 when every byte matches;"
                    + " anything else is the address where it found a difference)", r0);
        }
        if (r0 == end) return "match";
        return String.format("FAILED, first difference at 0x%08X (Verify answers the end address 0x%08X when every byte matches)", r0, end);
    }

    /** Null when the window reads at {@code address}, else why not (the debugger's error). */
    private static String windowState(DebugTarget target, long address) {
        try {
            target.readMemory(address, 4);
            return null;
        } catch (TargetMemoryException e) {
            return e.getMessage();
        }
    }

    /**
     * Reads the flash through its window with the algorithm initialised for verify and compares
     * it with {@code expected}; adds the step's line and, on a failure, who is at fault: the window
     * unreadable after Init(fnc 3) is the algorithm's (it does not map the flash for reading); data
     * that differ are explained by the chip model's warnings raised by that read, if any.
     */
    private static boolean readBack(DebugTarget target, AlgorithmRunner runner, long address, byte[] expected, String step, List<String> lines) {
        String init = String.format("Init(0x%08X, 0, %d)", runner.algorithm().flash().start(), AlgorithmRunner.Phase.VERIFY.code);
        List<String> before = runner.modelWarnings();
        byte[] seen;
        try {
            seen = target.readMemory(address, expected.length);
        } catch (TargetMemoryException e) {
            lines.add(step + ": FAILED, the flash is not readable through its window after " + init + ": " + e.getMessage()
                    + " - the algorithm is at fault: a debugger reads the flash only after Init with fnc 3, and this Init does not map it");
            return false;
        }
        int diff = firstDifference(seen, expected);
        if (diff < 0) {
            lines.add(step + (expected.length > 0 && isBlank(expected) ? ": blank" : ": match"));
            return true;
        }
        StringBuilder b = new StringBuilder(String.format("%s: FAILED at 0x%08X after %s: 0x%02X, expected 0x%02X",
                step, address + diff, init, seen[diff] & 0xFF, expected[diff] & 0xFF));
        int shift = shift(seen, expected);
        if (shift > 0) b.append(String.format(" (the data arrive %d byte(s) late: the read command and the chip disagree on the clocks before data)", shift));
        List<String> raised = new ArrayList<>(runner.modelWarnings());
        raised.removeAll(before);
        if (raised.isEmpty()) {
            b.append("; the chip model noted nothing about this read");
        } else {
            b.append("; the chip model, about this read (the algorithm's memory-mapped read command against the chip configuration"
                    + " the algorithm set; each fact is the chip entry's, from its datasheet):");
            for (String w : raised) b.append("\n  ").append(w);
            String verdict = clocksVerdict(raised);
            if (verdict != null) b.append("\n  ").append(verdict);
        }
        lines.add(b.toString());
        return false;
    }

    /**
     * Who is at fault when the chip saw a different number of clocks before data than its
     * configuration asks for (NorPhaseDecoder's "controller clocked N half-cycles before data"):
     * for a single-rate read the algorithm, by the chip entry's datasheet facts; for a DTR read it
     * is not settled, since ST's own MT25TL01G code maps EDh with the VCR's count and with three
     * clocks fewer (docs/FLASH-MODEL.md, "DTR dummy clocks"). Null when no such warning was raised.
     */
    static String clocksVerdict(List<String> warnings) {
        boolean str = false, dtr = false;
        for (String w : warnings) {
            if (!w.contains("half-cycles before data")) continue;
            if (w.contains("DTR")) dtr = true;
            else str = true;
        }
        if (dtr) {
            return "who is at fault: not settled for a DTR read. The model counts the controller's dummy cycles as full clocks"
                    + " (RM0399 24.3.3, DDR mode too) and the part's as its configuration register says; ST's own MT25TL01G code"
                    + " maps the DTR read both with that count and with three clocks fewer, and no datasheet text found says which"
                    + " the part follows (docs/FLASH-MODEL.md, \"DTR dummy clocks\")";
        }
        if (str) {
            return "who is at fault: the algorithm, by the chip entry's datasheet facts: its memory-mapped read command clocks"
                    + " a different number of cycles before data than the chip configuration it set asks for";
        }
        return null;
    }

    private static boolean isBlank(byte[] b) {
        for (byte x : b) if (x != b[0]) return false;
        return true;
    }

    /** By how many bytes {@code seen} lags {@code expected} (1..16), or 0 when it is no plain shift. */
    static int shift(byte[] seen, byte[] expected) {
        int n = Math.min(seen.length, expected.length);
        for (int k = 1; k <= 16 && k < n; k++) {
            boolean same = true;
            for (int i = k; i < Math.min(n, k + 256) && same; i++) same = seen[i] == expected[i - k];
            if (same) return k;
        }
        return 0;
    }

    static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return a.length == b.length ? -1 : n;
    }
}
