package io.xipkit.tools.campaign;

import io.xipkit.board.BoardCatalog;
import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.FlashOperation;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.cpu.StopReason;
import io.xipkit.peripherals.ModelWarnings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The campaign engine (MCUboot's simulator's "count, then sweep", /work/shared/DESIGN-NOTES.md 5b,
 * but with cuts inside operations): run the scenario once and list every flash operation; for
 * each cut point replay from reset to the cut instant (deterministic: virtual time only), turn
 * the storage of every operation still in progress into its torn state, power on a fresh board on
 * that storage and check the invariant.
 *
 * <p>The L4 flash model applies an operation's effect when it starts; the torn state at fraction
 * {@code f} of an operation is computed here from the bytes it overwrote: a program has each bit it
 * clears cleared with probability {@code f}, an erase has each programmed bit back at 1 with
 * probability {@code f} (a part-erased sector), option-byte programming has each changed bit of
 * the option image at its new value with probability {@code f}; seeded by the scenario seed and the
 * operation's index, so a cut point always gives the same state.
 */
public final class Campaign {
    private final Scenario scenario;
    private final String scenarioFile;

    /** Parsed once: building a board from its description is cheap, reading the YAML is not. */
    private final CampaignBoard board;
    /** The model warnings of the last uncut run, with its images' symbols (null before one ran). */
    private volatile ModelWarnings firstPassWarnings;
    private volatile io.xipkit.tools.run.SymbolLookup firstPassSymbols = io.xipkit.tools.run.SymbolLookup.NONE;
    /** Whether the sweep forks reboots from snapshots of a reference reboot ({@link ForkedReboots}). */
    private boolean forking = true;
    /** The forked reboots of the last sweep (null when it forked none), for tests. */
    volatile ForkedReboots lastForks;

    /** @param translation whether the boards of the run and of every replay translate hot code (--jit/--no-jit) */
    public Campaign(Scenario scenario, String scenarioFile, boolean translation) {
        this.scenario = scenario;
        this.board = new CampaignBoard(new BoardCatalog().describe(scenario.board()), translation);
        this.scenarioFile = scenarioFile;
    }

    /**
     * Whether the sweep forks each reboot from a snapshot of a reference reboot where that gives the
     * same result ({@link ForkedReboots}; the default) or powers every one on (to compare them).
     */
    public Campaign forking(boolean on) {
        forking = on;
        return this;
    }

    CampaignBoard board() {
        return board;
    }

    public Scenario scenario() {
        return scenario;
    }

    /**
     * What the scenario's firmware did that the models warn about, in its uncut run (the cut
     * replays repeat it, and a torn operation is the campaign's point, not a mistake); an empty
     * record before {@link #firstPass()} ran.
     */
    public ModelWarnings firstPassWarnings() {
        ModelWarnings w = firstPassWarnings;
        return w != null ? w : new ModelWarnings(() -> 0);
    }

    public io.xipkit.tools.run.SymbolLookup firstPassSymbols() {
        return firstPassSymbols;
    }

    /** What the uncut run gives: the cut points of its flash operations and its memories at the end. */
    public record FirstPass(List<CutPoint> cutPoints, List<MemorySummary> memories) {}

    /** Runs the scenario once, uncut, and lists the cut points of its flash operations. */
    public List<CutPoint> cutPoints() {
        return firstPass().cutPoints();
    }

    /** Runs the scenario once, uncut: its cut points and memories. */
    public FirstPass firstPass() {
        Map<String, NonVolatileMemory> storage = new TreeMap<>();
        List<String> memories = new ArrayList<>();
        List<FlashOperation> ops = new ArrayList<>();
        ScenarioBoard b = new ScenarioBoard(board, storage, scenario.stimulus(),
                (memory, op) -> {
                    memories.add(memory);
                    ops.add(op);
                });
        b.load(scenario.images());
        io.xipkit.tools.run.WarningReport.attributeToCore(b.board);
        b.powerOn();
        b.runUntil(scenario.runPicos());
        firstPassWarnings = b.board.warnings();
        firstPassSymbols = b.symbols;
        List<CutPoint> cuts = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (!scenario.operations().contains(ops.get(i).kind())) continue;
            for (CutPosition p : scenario.positions()) {
                cuts.add(new CutPoint(cuts.size(), i, memories.get(i), ops.get(i), p, CutPoint.seed(scenario.seed(), i, 0)));
            }
            for (int t = 1; t <= scenario.tornPatterns(); t++) {
                cuts.add(new CutPoint(cuts.size(), i, memories.get(i), ops.get(i), CutPosition.TORN, CutPoint.seed(scenario.seed(), i, t)));
            }
        }
        List<MemorySummary> summaries = new ArrayList<>();
        storage.forEach((name, m) -> summaries.add(new MemorySummary(name, m.size(), NonVolatileMemory.WEAR_UNIT,
                Arrays.stream(m.eraseCounts()).boxed().toList())));
        return new FirstPass(List.copyOf(cuts), List.copyOf(summaries));
    }

    /** An operation of the replay with what it overwrote. */
    private record Started(String memory, FlashOperation op, byte[] before, int index) {}

    /**
     * The scenario run forward from power-on, its flash operations recorded with what they
     * overwrote; stopped at cut instants, where a torn copy of its flash is taken (the run goes on).
     */
    private final class Replay {
        final Map<String, NonVolatileMemory> memories;
        final List<Started> started = new ArrayList<>();
        final ScenarioBoard b;
        /** Per memory: its page-stamp counter when the run started, and the pages of the operations started so far. */
        private final Map<String, Long> startVersion = new TreeMap<>();
        private final Map<String, java.util.BitSet> opPages = new TreeMap<>();
        private int opsSeen;

        /** The scenario from its first power-on: the images stored, the stimulus fed. */
        Replay() {
            this(new TreeMap<>(), scenario.stimulus(), scenario.images());
        }

        /** A power-on on {@code memories} (kept, changed by the run), feeding {@code stimulus}. */
        Replay(Map<String, NonVolatileMemory> memories, List<Scenario.Stimulus> stimulus, List<String> images) {
            this.memories = memories;
            b = new ScenarioBoard(board, memories, stimulus, (memory, op) -> {
                NonVolatileMemory m = memories.get(memory);
                byte[] before = registerImage(op) ? m.registerImage().clone()
                        : Arrays.copyOfRange(m.array(), (int) op.address(), (int) (op.address() + op.length()));
                started.add(new Started(memory, op, before, started.size()));
            });
            b.load(images);
            b.powerOn();
            memories.forEach((name, m) -> startVersion.put(name, m.pageStamps().version()));
        }

        /**
         * Per memory, the pages where a torn copy taken now may differ from the flash at power-on:
         * those the run changed since, and those of every operation started (committed or torn in
         * the copy).
         */
        Map<String, java.util.BitSet> mayDiffer() {
            for (; opsSeen < started.size(); opsSeen++) {
                FlashOperation op = started.get(opsSeen).op();
                if (registerImage(op)) continue;
                opPages.computeIfAbsent(started.get(opsSeen).memory(), n -> new java.util.BitSet()).set(
                        (int) (op.address() >>> io.xipkit.bus.PageStamps.PAGE_SHIFT),
                        (int) ((op.address() + Math.max(1, op.length()) - 1) >>> io.xipkit.bus.PageStamps.PAGE_SHIFT) + 1);
            }
            Map<String, java.util.BitSet> out = new TreeMap<>();
            memories.forEach((name, m) -> {
                java.util.BitSet pages = (java.util.BitSet) opPages.getOrDefault(name, new java.util.BitSet()).clone();
                io.xipkit.bus.PageStamps stamps = m.pageStamps();
                Long since = startVersion.get(name);
                for (int p = 0; p < stamps.pages(); p++) if (since == null || stamps.changedSince(p, since)) pages.set(p);
                out.put(name, pages);
            });
            return out;
        }

        /** Runs to the cut instant: the core stops on an instruction boundary at or after it, once the operation has started. */
        void runTo(CutPoint cut) {
            long cutAt = cut.instantPicos();
            if (b.now() < cutAt) b.runUntil(cutAt);
            while (started.size() <= cut.operation()) {
                StopReason s = b.board.core().run(1, Long.MAX_VALUE);
                if (!(s instanceof StopReason.InstructionLimit) && !(s instanceof StopReason.TimeLimit) && started.size() <= cut.operation()) {
                    throw new IllegalStateException("replay of " + scenarioFile + " diverged: operation " + cut.operation()
                            + " did not start (" + s + ")");
                }
            }
        }

        /**
         * What the flash holds when the power goes at the cut instant: a copy of every memory with
         * the operations that had ended committed (a NOR chip commits lazily, on its next access,
         * so its last one may not be yet) and those still running (or started after the instant,
         * while the core finished its instruction) torn at the fraction that ran.
         */
        Map<String, NonVolatileMemory> tornCopy(CutPoint cut) {
            return tornCopy(cut, new TreeMap<>());
        }

        /**
         * The same, in {@code copy}: memories missing from it are created; those it has (a
         * worker's copy from an earlier cut) are brought up to date page by page
         * ({@link ArrayNonVolatileMemory#syncFrom}), so a cut costs what changed since.
         */
        Map<String, NonVolatileMemory> tornCopy(CutPoint cut, Map<String, NonVolatileMemory> copy) {
            long cutAt = cut.instantPicos();
            memories.forEach((name, m) -> ((ArrayNonVolatileMemory) copy.computeIfAbsent(name, n -> new ArrayNonVolatileMemory(m.size())))
                    .syncFrom((ArrayNonVolatileMemory) m));
            java.util.Set<String> committed = new java.util.HashSet<>();
            for (int i = started.size() - 1; i >= 0; i--) {
                Started s = started.get(i);
                FlashOperation op = s.op();
                if (op.endPicos() > cutAt || op.result() == null || !committed.add(s.memory())) continue;
                NonVolatileMemory m = copy.get(s.memory());
                System.arraycopy(op.result(), 0, m.array(), (int) op.address(), op.result().length);
                m.arrayChanged(op.address(), op.result().length);
            }
            for (int i = started.size() - 1; i >= 0; i--) {
                Started s = started.get(i);
                long seed = s.index() == cut.operation() ? cut.tornSeed() : CutPoint.seed(scenario.seed(), s.index(), 0);
                tear(s, copy.get(s.memory()), cutAt, seed);
            }
            return copy;
        }
    }

    private static Map<String, NonVolatileMemory> copyAll(Map<String, NonVolatileMemory> memories) {
        Map<String, NonVolatileMemory> copy = new TreeMap<>();
        memories.forEach((name, m) -> {
            ArrayNonVolatileMemory c = new ArrayNonVolatileMemory(m.size());
            c.syncFrom((ArrayNonVolatileMemory) m);
            copy.put(name, c);
        });
        return copy;
    }

    /** Replays from power-on to the cut, cuts power, reboots and checks the invariant. */
    public CutRecord run(CutPoint cut) {
        Replay r = new Replay();
        r.runTo(cut);
        return reboot(cut, r.b.output(), r.tornCopy(cut));
    }

    /**
     * Runs the scenario forward once and, at each cut point's instant (in time order), takes the
     * torn copy of the flash and reboots a fresh board on it in {@code pool}: a power cut keeps only
     * the flash, so the uncut run is the only replay needed. At most {@code inFlight} copies wait
     * or reboot at a time (a copy holds every memory of the board). Gives what {@link #run} gives
     * for each cut point.
     */
    public List<Future<CutRecord>> sweep(List<CutPoint> cuts, ExecutorService pool, int inFlight) throws InterruptedException {
        List<CutPoint> order = inTimeOrder(cuts);
        Map<Integer, CompletableFuture<CutRecord>> byId = new TreeMap<>();
        java.util.concurrent.BlockingQueue<Map<String, NonVolatileMemory>> copies = flashCopies(inFlight);
        // A rebooted board is a function of its flash: a cut that leaves the flash another one left
        // (the start of an operation and the end of the one before, the two dies of a dual-flash
        // write cut at one instant) takes the first one's reboot. Forward thread only.
        FlashDigest digests = new FlashDigest();
        Map<FlashDigest.Digest, CompletableFuture<Rebooted>> same = new java.util.HashMap<>();
        Replay r = new Replay();
        ForkedReboots forks = forking && scenario.recoveryCut() == null && !cuts.isEmpty()
                ? new ForkedReboots(board, scenario.invariant(), r.memories, pagesOf(cuts)) : null;
        lastForks = forks;
        for (CutPoint cut : order) {
            r.runTo(cut);
            String before = r.b.output();
            Map<String, NonVolatileMemory> copy = copies.take();
            CompletableFuture<Rebooted> rebooted;
            try {
                r.tornCopy(cut, copy);
                if (scenario.recoveryCut() != null) {
                    byId.put(cut.id(), CompletableFuture.supplyAsync(() -> {
                        try {
                            return reboot(cut, before, copy);
                        } finally {
                            copies.add(copy);
                        }
                    }, pool));
                    continue;
                }
                FlashDigest.Digest d = digests.of(copy);
                rebooted = same.get(d);
                if (rebooted != null) {
                    copies.add(copy);
                } else {
                    ForkedReboots.Plan plan = forks == null ? null : forks.plan(copy, r.mayDiffer());
                    rebooted = CompletableFuture.supplyAsync(() -> {
                        try {
                            ForkedReboots.Rebooted x = plan == null ? null : forks.reboot(plan, copy);
                            if (x != null) return new Rebooted(x.stop(), x.out());
                            if (forks != null) forks.poweredOn.incrementAndGet();
                            return powerOnAgain(copy);
                        } finally {
                            copies.add(copy);
                        }
                    }, pool);
                    same.put(d, rebooted);
                }
            } catch (RuntimeException e) {
                copies.add(copy);
                throw e;
            }
            byId.put(cut.id(), rebooted.thenApply(x -> record(cut, before, x.out(), check(before, x.out(), x.stop()), null)));
        }
        return inGivenOrder(cuts, byId);
    }

    /** Per memory, the pages the cuts' operations change. */
    static Map<String, java.util.BitSet> pagesOf(List<CutPoint> cuts) {
        Map<String, java.util.BitSet> pages = new TreeMap<>();
        for (CutPoint c : cuts) {
            FlashOperation op = c.op();
            if (registerImage(op)) continue;
            pages.computeIfAbsent(c.memory(), n -> new java.util.BitSet()).set((int) (op.address() >>> io.xipkit.bus.PageStamps.PAGE_SHIFT),
                    (int) ((op.address() + Math.max(1, op.length()) - 1) >>> io.xipkit.bus.PageStamps.PAGE_SHIFT) + 1);
        }
        return pages;
    }

    /** The order the forward run meets the cuts in: by instant, then operation, then id. */
    private static List<CutPoint> inTimeOrder(List<CutPoint> cuts) {
        List<CutPoint> order = new ArrayList<>(cuts);
        order.sort(Comparator.comparingLong(CutPoint::instantPicos).thenComparingInt(CutPoint::operation).thenComparingInt(CutPoint::id));
        return order;
    }

    /** At most {@code inFlight} flash copies exist; each comes back after use and is synchronised page by page. */
    private static java.util.concurrent.BlockingQueue<Map<String, NonVolatileMemory>> flashCopies(int inFlight) {
        java.util.concurrent.BlockingQueue<Map<String, NonVolatileMemory>> copies = new java.util.concurrent.LinkedBlockingQueue<>();
        for (int i = 0; i < Math.max(1, inFlight); i++) copies.add(new TreeMap<>());
        return copies;
    }

    /** The results in the order the cuts were given. */
    private static <T> List<Future<T>> inGivenOrder(List<CutPoint> cuts, Map<Integer, ? extends Future<T>> byId) {
        List<Future<T>> out = new ArrayList<>();
        for (CutPoint c : cuts) out.add(byId.get(c.id()));
        return out;
    }

    /**
     * The part of the work after a cut that depends on the flash the cut left alone (every memory
     * of the board, by name): powering a board on it, its recovery, what the flash holds then.
     */
    @FunctionalInterface
    public interface OnFlash<S> {
        S apply(Map<String, NonVolatileMemory> flash);
    }

    /**
     * The part that depends on the cut: {@code before} is the console output up to the cut,
     * {@code onFlash} what {@link OnFlash} gave for the flash it left. Cheap: it runs once per cut.
     */
    @FunctionalInterface
    public interface PerCut<S, T> {
        T apply(CutPoint cut, String before, S onFlash);
    }

    /**
     * The sweep, handing each cut's torn flash to {@code onFlash} in {@code pool} instead of
     * rebooting on the scenario's invariant (for checks a console pattern cannot express: what the
     * flash holds, further console input), then the cut, its console output and that result to
     * {@code perCut}. Many cuts leave the same flash (a cut at the end of one operation and at the
     * start of the next, a program or erase that changes no bit, the two dies of a dual-flash
     * write): {@code onFlash} runs once per distinct flash ({@link FlashDigest}) and every cut that
     * left it gets that result, so it must be a function of the flash alone. The memories are the
     * sweep's: they go back to its pool of copies when {@code onFlash} returns, so its result must
     * not hold on to them.
     */
    public <S, T> List<Future<T>> sweepDistinctFlash(List<CutPoint> cuts, ExecutorService pool, int inFlight, OnFlash<S> onFlash,
                                                     PerCut<S, T> perCut) throws InterruptedException {
        List<CutPoint> order = inTimeOrder(cuts);
        Map<Integer, Future<T>> byId = new TreeMap<>();
        java.util.concurrent.BlockingQueue<Map<String, NonVolatileMemory>> copies = flashCopies(inFlight);
        // Forward thread only: the digest is taken before the copy is handed to a worker (which changes it).
        FlashDigest digests = new FlashDigest();
        Map<FlashDigest.Digest, CompletableFuture<S>> same = new java.util.HashMap<>();
        Replay r = new Replay();
        for (CutPoint cut : order) {
            r.runTo(cut);
            String before = r.b.output();
            Map<String, NonVolatileMemory> copy = copies.take();
            CompletableFuture<S> shared;
            try {
                r.tornCopy(cut, copy);
                FlashDigest.Digest d = digests.of(copy);
                shared = same.get(d);
                if (shared != null) {
                    copies.add(copy);
                } else {
                    shared = CompletableFuture.supplyAsync(() -> {
                        try {
                            return onFlash.apply(copy);
                        } finally {
                            copies.add(copy);
                        }
                    }, pool);
                    same.put(d, shared);
                }
            } catch (RuntimeException e) {
                copies.add(copy);
                throw e;
            }
            byId.put(cut.id(), shared.thenApply(x -> perCut.apply(cut, before, x)));
        }
        return inGivenOrder(cuts, byId);
    }

    /**
     * What {@link #sweepDistinctFlash} gives {@code cut}, the slow way: a replay from power-on to
     * the cut and {@code onFlash} on the flash it left, with nothing shared with other cuts.
     */
    <S, T> T replayed(CutPoint cut, OnFlash<S> onFlash, PerCut<S, T> perCut) {
        Replay r = new Replay();
        r.runTo(cut);
        String before = r.b.output();
        return perCut.apply(cut, before, onFlash.apply(r.tornCopy(cut)));
    }

    /** What powering on a board on some flash gives: a function of that flash alone. */
    record Rebooted(StopReason stop, String out) {}

    /** Powers a board on {@code memories} (changed by the run) for the invariant's time. */
    Rebooted powerOnAgain(Map<String, NonVolatileMemory> memories) {
        Replay recovery = new Replay(memories, List.of(), List.of());
        return new Rebooted(runInvariant(recovery.b), recovery.b.output());
    }

    /**
     * Runs a rebooted board for {@code invariant.within}, or less when the outcome cannot change
     * any more (a must-not pattern appeared, or every must pattern matched and there are no
     * must-not patterns to watch for) or when the scenario's {@code after-must} has passed since
     * every must pattern matched.
     */
    private StopReason runInvariant(ScenarioBoard b) {
        return new InvariantRun(scenario.invariant()).toEnd(b);
    }

    private CutRecord reboot(CutPoint cut, String before, Map<String, NonVolatileMemory> memories) {
        CutPosition second = scenario.recoveryCut();
        if (second == null) {
            Rebooted x = powerOnAgain(memories);
            return record(cut, before, x.out(), check(before, x.out(), x.stop()), null);
        }
        Map<String, NonVolatileMemory> again = copyAll(memories);
        Replay recovery = new Replay(memories, List.of(), List.of());
        StopReason stop = runInvariant(recovery.b);
        String out = recovery.b.output();
        String failed = check(before, out, stop);
        String recoveryCut = null;
        if (failed == null && second != null) {
            // The second cut: the first selected operation the rebooted firmware started, cut at the
            // given position; the board powered on again from the flash the first cut left.
            Started first = recovery.started.stream().filter(x -> scenario.operations().contains(x.op().kind())).findFirst().orElse(null);
            if (first != null) {
                CutPoint c2 = new CutPoint(-1, first.index(), first.memory(), first.op(), second, cut.tornSeed() ^ 0x5EC0_4D00_0000_0000L);
                Replay r2 = new Replay(again, List.of(), List.of());
                r2.runTo(c2);
                String beforeSecond = before + r2.b.output();
                Map<String, NonVolatileMemory> torn = r2.tornCopy(c2);
                recoveryCut = String.format(java.util.Locale.ROOT, "%s %s 0x%x +%d at %.6f ms of the reboot (%s)", first.op().kind(),
                        first.memory(), first.op().address(), first.op().length(), c2.instantPicos() / 1e9,
                        second.name().toLowerCase(java.util.Locale.ROOT));
                Replay third = new Replay(torn, List.of(), List.of());
                StopReason stop3 = runInvariant(third.b);
                out = third.b.output();
                failed = check(beforeSecond, out, stop3);
                if (failed != null) failed = "after the second cut (during recovery, " + recoveryCut + "): " + failed;
            }
        }
        return record(cut, before, out, failed, recoveryCut);
    }

    private CutRecord record(CutPoint cut, String before, String out, String failed, String recoveryCut) {
        FlashOperation op = cut.op();
        long cutAt = cut.instantPicos();
        return new CutRecord(cut.id(), cut.operation(), op.kind().name(), cut.memory(), op.address(), op.length(),
                op.startPicos(), cutAt, cut.position().name(), failed == null, failed, tail(before), tail(out),
                failed == null ? null : reproducer(cut.id()), cut.tornSeed(), recoveryCut);
    }

    public String reproducer(int cutId) {
        return "./xipkit campaign " + scenarioFile + " --only " + cutId;
    }

    /** The first check of the invariant that fails, or null when it holds. */
    private String check(String beforeCut, String afterReboot, StopReason stop) {
        Scenario.Invariant inv = scenario.invariant();
        for (Pattern p : inv.mustNot()) {
            if (p.matcher(beforeCut).find()) return "must-not \"" + p.pattern() + "\" appeared before the cut";
            if (p.matcher(afterReboot).find()) return "must-not \"" + p.pattern() + "\" appeared after the reboot";
        }
        for (Pattern p : inv.must()) {
            Matcher m = p.matcher(afterReboot);
            if (!m.find()) {
                String why = stop instanceof StopReason.TimeLimit || stop == null ? "" : " (the core stopped: " + stop + ")";
                return "must \"" + p.pattern() + "\" not seen within " + inv.withinPicos() / 1_000_000_000L + " ms after the reboot" + why;
            }
        }
        return null;
    }

    private static boolean registerImage(FlashOperation op) {
        return op.kind() == FlashOperation.Kind.OPTION_BYTES || op.kind() == FlashOperation.Kind.REGISTER;
    }

    /**
     * Leaves an operation that was running at the cut (or had not started) torn at the fraction
     * that ran: between what it overwrote and what it leaves when complete, which the storage holds
     * for models that apply it at its start and {@link FlashOperation#result()} gives for those that
     * commit it at its end (their storage may hold either, depending on when the model settled).
     */
    private static void tear(Started s, NonVolatileMemory m, long cutAt, long seed) {
        FlashOperation op = s.op();
        if (op.endPicos() <= cutAt) return; // complete before the power went
        double f = op.startPicos() >= cutAt ? 0.0
                : (double) (cutAt - op.startPicos()) / (op.endPicos() - op.startPicos());
        SplittableRandom rnd = new SplittableRandom(seed);
        if (registerImage(op)) {
            byte[] image = m.registerImage();
            mix(s.before(), image.clone(), image, 0, f, rnd);
            m.metadataChanged();
        } else {
            int at = (int) op.address();
            byte[] done = op.result() != null ? op.result() : Arrays.copyOfRange(m.array(), at, at + (int) op.length());
            mix(s.before(), done, m.array(), at, f, rnd);
            m.arrayChanged(op.address(), op.length());
        }
    }

    /**
     * Each bit that differs between {@code before} and the completed result {@code done} takes the
     * new value with probability {@code f} (a torn program, a part-erased sector: the NOR model's
     * NorCellArray rule); written into {@code target} from {@code at}.
     */
    private static void mix(byte[] before, byte[] doneBytes, byte[] target, int at, double f, SplittableRandom rnd) {
        for (int i = 0; i < before.length; i++) {
            int done = doneBytes[i] & 0xFF, old = before[i] & 0xFF;
            int diff = done ^ old;
            if (diff == 0) {
                target[at + i] = (byte) old;
                continue;
            }
            int keepNew = 0;
            if (f > 0) for (int bit = 0; bit < 8; bit++) if ((diff >>> bit & 1) != 0 && rnd.nextDouble() < f) keepNew |= 1 << bit;
            target[at + i] = (byte) ((done & keepNew) | (old & ~keepNew));
        }
    }

    private static String tail(String out) {
        String t = out.length() > 240 ? out.substring(out.length() - 240) : out;
        return t;
    }
}
