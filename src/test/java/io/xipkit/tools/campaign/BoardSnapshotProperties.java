package io.xipkit.tools.campaign;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.FlashOperation;
import io.xipkit.bus.NonVolatileMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/**
 * Resuming a board snapshot gives what the uninterrupted run gives: the same console output,
 * instruction count, virtual time and flash contents at the end, for snapshots taken at random
 * instruction counts of real firmware that writes its flash (the NUCLEO-L476RG dual-bank update
 * over the console; the STM32H757 config store written while executing in place from the
 * dual-flash MT25TL01G), in the middle of a flash operation and with an interrupt pending. The
 * original board, run on after the snapshot, gives the same result too.
 */
class BoardSnapshotProperties {
    /** The end state of a run: what the comparison looks at. */
    record End(String output, long instructions, long picos, Map<String, String> flash) {}

    private static final Map<String, End> REFERENCE = new java.util.concurrent.ConcurrentHashMap<>();

    /** The L476 update cut short after the new bank is programmed and verified (the option bytes and the reboot follow). */
    private static Scenario l476() throws Exception {
        return ScenarioParser.load(Path.of("scenarios/l476-dual-bank-update.yaml"), Path.of(""));
    }

    /** The H757 config store's first writes (the boot banner, the mount, the first records). */
    private static Scenario h757() throws Exception {
        String yaml = Files.readString(Path.of("scenarios/h757-xipwrite-config-store.yaml")).replace("run: 270ms", "run: 40ms");
        return ScenarioParser.parse(yaml, Path.of(""), "h757-first-writes");
    }

    private static ScenarioBoard powerOn(Scenario s, Map<String, NonVolatileMemory> memories, List<FlashOperation> ops) {
        ScenarioBoard b = new ScenarioBoard(
                new CampaignBoard(new io.xipkit.board.BoardCatalog().describe(s.board()), TestBoards.translation()), memories, s.stimulus(),
                (m, op) -> ops.add(op));
        b.load(s.images());
        b.powerOn();
        return b;
    }

    private static End end(ScenarioBoard b, Map<String, NonVolatileMemory> memories) {
        Map<String, String> flash = new LinkedHashMap<>();
        new TreeMap<>(memories).forEach((name, m) -> flash.put(name, digest(m)));
        return new End(b.output(), b.board.core().instructions, b.now(), flash);
    }

    private static String digest(NonVolatileMemory m) {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            d.update(m.array());
            d.update(m.registerImage());
            for (int c : m.eraseCounts()) d.update((byte) c);
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static End reference(String name, Scenario s) {
        return REFERENCE.computeIfAbsent(name, n -> {
            Map<String, NonVolatileMemory> memories = new TreeMap<>();
            ScenarioBoard b = powerOn(s, memories, new ArrayList<>());
            b.runUntil(s.runPicos());
            return end(b, memories);
        });
    }

    /**
     * Runs {@code s} from power-on to {@code at} instructions, snapshots, runs the copy to the end,
     * then the original: both must end as the uninterrupted run.
     */
    private static void snapshotAt(String name, Scenario s, long at) {
        End expected = reference(name, s);
        Map<String, NonVolatileMemory> memories = new TreeMap<>();
        ScenarioBoard original = powerOn(s, memories, new ArrayList<>());
        original.board.core().run(at, s.runPicos());
        resumeAndCompare(s, original, memories, expected);
    }

    private static void resumeAndCompare(Scenario s, ScenarioBoard original, Map<String, NonVolatileMemory> memories, End expected) {
        ScenarioBoard.Frozen frozen = original.freeze();
        Map<String, NonVolatileMemory> copied = new TreeMap<>();
        ScenarioBoard copy = new ScenarioBoard(frozen, copied, ScenarioBoard.NamedObserver.NONE);
        copy.runUntil(s.runPicos());
        assertThat(end(copy, copied)).as("the resumed copy").isEqualTo(expected);
        original.runUntil(s.runPicos());
        assertThat(end(original, memories)).as("the original, run on after the snapshot").isEqualTo(expected);
    }

    @Property(tries = 6, seed = "18")
    void aSnapshotOfTheL476UpdateResumesToTheUninterruptedEnd(@ForAll @DoubleRange(min = 0.0, max = 1.0) double where) throws Exception {
        Scenario s = l476();
        snapshotAt("l476", s, (long) (where * reference("l476", s).instructions()));
    }

    @Property(tries = 5, seed = "18")
    void aSnapshotOfTheH757ConfigStoreResumesToTheUninterruptedEnd(@ForAll @DoubleRange(min = 0.0, max = 1.0) double where) throws Exception {
        Scenario s = h757();
        snapshotAt("h757", s, (long) (where * reference("h757", s).instructions()));
    }

    /**
     * A second snapshot that recycles the first one's flash arrays (copying only the pages changed
     * in between) resumes to the same end; the first one cannot be resumed any more.
     */
    @Property(tries = 4, seed = "18")
    void aSnapshotRecyclingAnEarlierOnesFlashResumesToTheUninterruptedEnd(@ForAll @DoubleRange(min = 0.0, max = 1.0) double first,
                                                                          @ForAll @DoubleRange(min = 0.0, max = 1.0) double second) throws Exception {
        Scenario s = h757();
        End expected = reference("h757", s);
        long a = (long) (Math.min(first, second) * expected.instructions()), b = (long) (Math.max(first, second) * expected.instructions());
        Map<String, NonVolatileMemory> memories = new TreeMap<>();
        ScenarioBoard original = powerOn(s, memories, new ArrayList<>());
        original.board.core().run(a, s.runPicos());
        ScenarioBoard.Frozen earlier = original.freeze();
        original.board.core().run(b - a, s.runPicos());
        ScenarioBoard.Frozen later = original.freeze(earlier);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> earlier.board().resume(io.xipkit.board.BoardHost.inMemory()))
                .isInstanceOf(IllegalStateException.class);
        Map<String, NonVolatileMemory> copied = new TreeMap<>();
        ScenarioBoard copy = new ScenarioBoard(later, copied, ScenarioBoard.NamedObserver.NONE);
        copy.runUntil(s.runPicos());
        assertThat(end(copy, copied)).isEqualTo(expected);
    }

    /** Snapshots the board right after the {@code n}-th flash operation started: the chip (or flash interface) is busy with it. */
    private static void snapshotInsideOperation(String name, Scenario s, int n) {
        End expected = reference(name, s);
        Map<String, NonVolatileMemory> memories = new TreeMap<>();
        List<FlashOperation> ops = new ArrayList<>();
        ScenarioBoard original = powerOn(s, memories, ops);
        while (ops.size() <= n) {
            assertThat(original.now()).as("operation " + n + " starts").isLessThan(s.runPicos());
            original.board.core().run(1, Long.MAX_VALUE);
        }
        FlashOperation op = ops.get(n);
        assertThat(op.endPicos()).as("the operation is still running at the snapshot").isGreaterThan(original.now());
        resumeAndCompare(s, original, memories, expected);
    }

    @Example
    void aSnapshotInTheMiddleOfANorEraseOrProgramResumesToTheUninterruptedEnd() throws Exception {
        Scenario s = h757();
        snapshotInsideOperation("h757", s, 0);
        snapshotInsideOperation("h757", s, 3);
    }

    @Example
    void aSnapshotInTheMiddleOfAnL476ProgramResumesToTheUninterruptedEnd() throws Exception {
        snapshotInsideOperation("l476", l476(), 5);
    }

    /**
     * The H757 firmware masks interrupts while it writes the chip it executes from: SysTick (or
     * another interrupt) becomes pending there and waits for the mask to go.
     */
    @Example
    void aSnapshotWithAnInterruptPendingResumesToTheUninterruptedEnd() throws Exception {
        Scenario s = h757();
        End expected = reference("h757", s);
        Map<String, NonVolatileMemory> memories = new TreeMap<>();
        List<FlashOperation> ops = new ArrayList<>();
        ScenarioBoard original = powerOn(s, memories, ops);
        io.xipkit.cpu.Core core = original.board.core();
        while (ops.isEmpty()) {
            assertThat(original.now()).as("a flash operation starts").isLessThan(s.runPicos());
            core.run(1000, Long.MAX_VALUE);
        }
        while (pending(core) < 0) {
            assertThat(original.now()).as("an interrupt becomes pending").isLessThan(s.runPicos());
            core.run(1, Long.MAX_VALUE);
        }
        resumeAndCompare(s, original, memories, expected);
    }

    /** The number of a pending exception, or -1. */
    private static int pending(io.xipkit.cpu.Core core) {
        int n = 16 + core.scs.nvic().irqCount();
        for (int e = 2; e < n; e++) if (core.exceptions.isPending(e)) return e;
        return -1;
    }
}
