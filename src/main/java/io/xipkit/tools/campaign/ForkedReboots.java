package io.xipkit.tools.campaign;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.PageReads;
import io.xipkit.bus.PageStamps;
import io.xipkit.cpu.StopReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reboots after a cut forked from snapshots of one reference reboot instead of powered on.
 *
 * <p>A reboot is a function of the flash alone: on a cut's flash it runs exactly as the reference
 * reboot (on the reference flash) up to the first instant the firmware reads — or the models read
 * or change for it — a page where the two flashes differ. The reference reboot runs once with every
 * flash storage's reads tracked ({@link PageReads}: the bus withholds its array fast paths from the
 * flash windows, the models mark what they read), slice by slice of the invariant's run
 * ({@link InvariantRun}), which gives the slice each page is first read or changed in; it runs again
 * and freezes the board at the end of a few slices (those just before the pages the cuts change are
 * first read). A cut whose flash differs from the reference flash in pages first read after such a
 * slice resumes the latest one onto its own flash: the copy runs on the cut's storages
 * ({@link io.xipkit.board.BoardSnapshot#resumeOnto}), in which the pages the reference reboot had
 * changed by then are put, and goes on with the same slices. A cut whose flash differs only in
 * pages the reference reboot never read gets the reference reboot's outcome; any other cut (a
 * difference in a page read in the first slice, in a register image) powers on as before.
 */
final class ForkedReboots {
    /** At most this many snapshots are kept (each holds a copy of the board's flash). */
    private static final int MAX_SNAPSHOTS = 3;

    /** What powering on a board on some flash gives. */
    record Rebooted(StopReason stop, String out) {}

    /** The reference reboot frozen after slice {@code slice}, with the pages it had changed by then. */
    private record Snapshot(int slice, ScenarioBoard.Frozen frozen, InvariantRun run, Map<String, Map<Integer, byte[]>> changed,
                            Map<String, Map<Integer, Integer>> changedCounts) {}

    /** How a cut's reboot is had: from a snapshot, the whole reference reboot (snapshot null), or not at all (null plan). */
    record Plan(Snapshot from) {
        /** The slice the snapshot was taken after, or -1 for the whole reference reboot. */
        int slice() {
            return from == null ? -1 : from.slice();
        }
    }

    private final CampaignBoard board;
    private final Scenario.Invariant invariant;
    /** The reference flash. */
    private final Map<String, ArrayNonVolatileMemory> reference;
    /** Per memory, per page: the slice it is first read or changed in by the reference reboot. */
    private final Map<String, int[]> firstRead = new TreeMap<>();
    private final List<Snapshot> snapshots = new ArrayList<>();
    /** The storages of the board the snapshots were taken of, by name (keys for {@code resumeOnto}). */
    private Map<String, NonVolatileMemory> frozenStorages;
    private Rebooted whole;
    /** Reboots had each way, for tests and the docs. */
    final java.util.concurrent.atomic.AtomicInteger forked = new java.util.concurrent.atomic.AtomicInteger(),
            reused = new java.util.concurrent.atomic.AtomicInteger(), poweredOn = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param reference the flash the reference reboot runs on (copied; not kept)
     * @param changing  per memory, the pages the cuts may change (their operations' pages)
     */
    ForkedReboots(CampaignBoard board, Scenario.Invariant invariant, Map<String, NonVolatileMemory> reference,
                  Map<String, BitSet> changing) {
        this.board = board;
        this.invariant = invariant;
        this.reference = new TreeMap<>();
        reference.forEach((name, m) -> this.reference.put(name, copy(m)));
        int slices = track(List.of());
        List<Integer> at = snapshotSlices(changing, slices);
        if (!at.isEmpty()) track(at);
    }

    static ArrayNonVolatileMemory copy(NonVolatileMemory m) {
        ArrayNonVolatileMemory c = new ArrayNonVolatileMemory(m.size());
        c.syncFrom((ArrayNonVolatileMemory) m);
        return c;
    }

    /**
     * Runs the reference reboot with its reads tracked, freezing it after the slices {@code freezeAfter};
     * gives the number of slices it ran.
     */
    private int track(List<Integer> freezeAfter) {
        Map<String, NonVolatileMemory> memories = new TreeMap<>();
        Map<String, PageReads> trackers = new TreeMap<>();
        Map<String, Long> start = new HashMap<>();
        reference.forEach((name, m) -> {
            ArrayNonVolatileMemory c = copy(m);
            PageReads t = new PageReads(c.pageStamps().pages());
            // Attached before the board is built: whatever its models read from the start is seen.
            c.pageStamps().trackReads(t);
            memories.put(name, c);
            trackers.put(name, t);
            start.put(name, c.pageStamps().version());
        });
        ScenarioBoard b = new ScenarioBoard(board, memories, List.of(), ScenarioBoard.NamedObserver.NONE);
        b.board.bus().withholdReadOnlyFastPaths(true);
        b.powerOn();
        InvariantRun run = new InvariantRun(invariant);
        int slice = 0;
        while (true) {
            for (PageReads t : trackers.values()) t.epoch(slice);
            if (run.slice(b)) break;
            if (freezeAfter.contains(slice)) freeze(slice, b, run, memories, start);
            slice++;
        }
        if (freezeAfter.isEmpty()) {
            whole = new Rebooted(run.stop(), b.output());
            trackers.forEach((name, t) -> {
                int[] first = new int[t.pages()];
                for (int p = 0; p < first.length; p++) first[p] = t.firstEpoch(p);
                firstRead.put(name, first);
            });
        }
        return slice;
    }

    /** Freezes the reference reboot after {@code slice}, if its register images are still the reference's. */
    private void freeze(int slice, ScenarioBoard b, InvariantRun run, Map<String, NonVolatileMemory> memories, Map<String, Long> start) {
        Map<String, Map<Integer, byte[]>> changed = new TreeMap<>();
        Map<String, Map<Integer, Integer>> counts = new TreeMap<>();
        for (Map.Entry<String, NonVolatileMemory> e : memories.entrySet()) {
            NonVolatileMemory m = e.getValue();
            if (!Arrays.equals(m.registerImage(), reference.get(e.getKey()).registerImage())) return;
            Map<Integer, byte[]> pages = new TreeMap<>();
            Map<Integer, Integer> pageCounts = new TreeMap<>();
            PageStamps stamps = m.pageStamps();
            for (int p = 0; p < stamps.pages(); p++) {
                if (!stamps.changedSince(p, start.get(e.getKey()))) continue;
                int at = p << PageStamps.PAGE_SHIFT;
                pages.put(p, Arrays.copyOfRange(m.array(), at, Math.min(m.array().length, at + PageStamps.PAGE)));
                pageCounts.put(p, m.eraseCounts()[p]);
            }
            changed.put(e.getKey(), pages);
            counts.put(e.getKey(), pageCounts);
        }
        frozenStorages = memories;
        snapshots.add(new Snapshot(slice, b.freeze(), run.copy(), changed, counts));
    }

    /**
     * The slices worth freezing after: for the pages the cuts may change, the slice before the one
     * each is first read in; the most common of those, at most {@link #MAX_SNAPSHOTS}.
     */
    private List<Integer> snapshotSlices(Map<String, BitSet> changing, int slices) {
        Map<Integer, Integer> votes = new TreeMap<>();
        changing.forEach((name, pages) -> {
            int[] first = firstRead.get(name);
            if (first == null) return;
            for (int p = pages.nextSetBit(0); p >= 0 && p < first.length; p = pages.nextSetBit(p + 1)) {
                int s = first[p] == PageReads.NEVER ? -1 : first[p] - 1;
                if (s >= 0 && s < slices) votes.merge(s, 1, Integer::sum);
            }
        });
        List<Integer> at = new ArrayList<>(votes.keySet());
        at.sort((x, y) -> votes.get(y) - votes.get(x) != 0 ? votes.get(y) - votes.get(x) : y - x);
        at = new ArrayList<>(at.subList(0, Math.min(MAX_SNAPSHOTS, at.size())));
        at.sort(null);
        return at;
    }

    /**
     * How the reboot on {@code flash} (a cut's, every memory by name) can be had, or null when it
     * must power on: {@code candidates} gives, per memory, the only pages where it may differ from
     * the reference flash.
     */
    Plan plan(Map<String, NonVolatileMemory> flash, Map<String, BitSet> candidates) {
        if (!flash.keySet().equals(reference.keySet())) return null;
        int first = PageReads.NEVER;
        for (Map.Entry<String, NonVolatileMemory> e : flash.entrySet()) {
            NonVolatileMemory c = e.getValue();
            ArrayNonVolatileMemory r = reference.get(e.getKey());
            // the chips' non-volatile registers and the option bytes are read at power-on
            if (!Arrays.equals(c.registerImage(), r.registerImage())) return null;
            BitSet pages = candidates.get(e.getKey());
            if (pages == null) continue;
            int[] read = firstRead.get(e.getKey());
            for (int p = pages.nextSetBit(0); p >= 0; p = pages.nextSetBit(p + 1)) {
                if (read[p] >= first || !differs(r, c, p)) continue;
                first = read[p];
                if (first == 0) return null;
            }
        }
        if (first == PageReads.NEVER) return new Plan(null);
        Snapshot from = null;
        for (Snapshot s : snapshots) if (s.slice() < first) from = s;
        return from == null ? null : new Plan(from);
    }

    private static boolean differs(NonVolatileMemory r, NonVolatileMemory c, int page) {
        int at = page << PageStamps.PAGE_SHIFT, end = Math.min(r.array().length, at + PageStamps.PAGE);
        return r.eraseCounts()[page] != c.eraseCounts()[page] || !Arrays.equals(r.array(), at, end, c.array(), at, end);
    }

    /**
     * The reboot on {@code flash} as {@code plan} says (the flash is the caller's, changed as a
     * reboot changes it), or null when the snapshot cannot be resumed onto it (a worker's copy
     * without the dual-flash window's interleaved image yet): the caller powers on.
     */
    Rebooted reboot(Plan plan, Map<String, NonVolatileMemory> flash) {
        Snapshot s = plan.from();
        if (s == null) {
            reused.incrementAndGet();
            return whole;
        }
        Map<NonVolatileMemory, ArrayNonVolatileMemory> onto = new IdentityHashMap<>();
        frozenStorages.forEach((name, m) -> onto.put(m, (ArrayNonVolatileMemory) flash.get(name)));
        ScenarioBoard b = ScenarioBoard.resumedOnto(s.frozen(), onto, ScenarioBoard.NamedObserver.NONE);
        if (b == null) return null;
        // What the reference reboot had changed by the snapshot (none of it a page where the flashes differ).
        s.changed().forEach((name, pages) -> {
            NonVolatileMemory m = flash.get(name);
            pages.forEach((p, bytes) -> {
                int at = p << PageStamps.PAGE_SHIFT;
                System.arraycopy(bytes, 0, m.array(), at, bytes.length);
                m.eraseCounts()[p] = s.changedCounts().get(name).get(p);
                m.arrayChanged(at, bytes.length);
            });
        });
        b.board.storageRewritten();
        b.board.bus().withholdReadOnlyFastPaths(false);
        InvariantRun run = s.run().copy();
        run.toEnd(b);
        forked.incrementAndGet();
        return new Rebooted(run.stop(), b.output());
    }

    /** A plan to fork from the snapshot taken after {@code slice}, whatever the flash (for tests: what forking there would give). */
    Plan at(int slice) {
        return new Plan(snapshots.stream().filter(x -> x.slice() == slice).findFirst().orElseThrow());
    }

    /** The reference reboot's outcome (for tests). */
    Rebooted whole() {
        return whole;
    }

    /** The slices frozen after (for tests). */
    List<Integer> snapshotSlices() {
        return snapshots.stream().map(Snapshot::slice).toList();
    }

    /** The slice page {@code page} of {@code memory} is first read or changed in by the reference reboot (for tests). */
    int firstRead(String memory, int page) {
        return firstRead.get(memory)[page];
    }
}
