package io.xipkit.tools.campaign;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.NonVolatileMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The sweep (one forward run, a torn copy of the flash at each cut instant) gives for every cut
 * point exactly what a replay from power-on to that cut gives: stopping the forward run at the
 * instants does not change the run, and the copy holds what the cut left.
 */
class CampaignSweepTest {
    static List<CutRecord> sweep(Campaign c, List<CutPoint> cuts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CutRecord> out = new ArrayList<>();
            for (Future<CutRecord> f : c.sweep(cuts, pool, 3)) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Random cut points of a campaign, the same each run. */
    private static List<CutPoint> sample(List<CutPoint> all, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<CutPoint> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(all.get(rnd.nextInt(all.size())));
        return out.stream().distinct().toList();
    }

    @Test
    void theSweepGivesWhatAReplayToEachCutGivesOnTheL476UpdateIncludingTheBuggyVariantsFailures() throws Exception {
        for (String name : List.of("l476-dual-bank-update.yaml", "l476-dual-bank-update-buggy.yaml")) {
            Path file = Path.of("scenarios", name);
            Campaign c = new Campaign(ScenarioParser.load(file, Path.of("")), file.toString(), TestBoards.translation());
            List<CutPoint> all = c.cutPoints();
            List<CutPoint> cuts = new ArrayList<>(sample(all, 12, 7));
            // The last operations (the mass erase of the buggy second update, the option bytes) fail or flip the bank.
            cuts.addAll(all.subList(all.size() - 3, all.size()));
            List<CutRecord> swept = sweep(c, cuts);
            for (int i = 0; i < cuts.size(); i++) assertThat(swept.get(i)).as(name + " cut " + cuts.get(i).id()).isEqualTo(c.run(cuts.get(i)));
        }
    }

    @Test
    void theSweepGivesWhatAReplayGivesOnTheNorChipsWithSeededTornPatterns() throws Exception {
        Path file = Path.of("scenarios", "h757-xipwrite-config-store.yaml");
        String yaml = Files.readString(file).replace("run: 270ms", "run: 24ms").replace("seed: 1", "seed: 1\n  torn: 1");
        Campaign c = new Campaign(ScenarioParser.parse(yaml, Path.of(""), "first-writes"), "first-writes.yaml", TestBoards.translation());
        List<CutPoint> cuts = sample(c.cutPoints(), 4, 3);
        List<CutRecord> swept = sweep(c, cuts);
        for (int i = 0; i < cuts.size(); i++) assertThat(swept.get(i)).as("cut " + cuts.get(i).id()).isEqualTo(c.run(cuts.get(i)));
    }

    /** SHA-256 of every memory's array, register image and erase counts, by name: what the flash holds. */
    private static String contentOf(Map<String, NonVolatileMemory> flash) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, NonVolatileMemory> e : flash.entrySet()) {
            sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(e.getValue().array());
            sha.update(e.getValue().registerImage());
            for (int c : e.getValue().eraseCounts()) sha.update(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * What is checked after a cut in this test: what the flash holds (its digest first, taken before
     * the reboot changes it) and the console of a board powered on it; per cut, the cut's id and its
     * console output up to the cut.
     */
    private static Campaign.OnFlash<String> contentAndReboot(Campaign c, AtomicInteger calls) {
        return flash -> {
            calls.incrementAndGet();
            try {
                return contentOf(flash) + " " + c.powerOnAgain(flash).out();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static final Campaign.PerCut<String, String> WITH_CUT = (cut, before, onFlash) -> onFlash + " cut " + cut.id() + " after [" + before + "]";

    /**
     * The end of each operation and the start of the next leave the same flash, so do the start and
     * end of a program that changes no bit: the sweep over distinct flash reboots once per flash
     * state and still gives every cut exactly what a replay to that cut and a reboot on its own
     * flash give (the content digest in each result shows no two different flash states shared one).
     */
    @Test
    void theSweepOverDistinctFlashRebootsOncePerFlashStateAndGivesEveryCutWhatItsOwnReplayGives() throws Exception {
        Path file = Path.of("scenarios", "l476-dual-bank-update.yaml");
        Campaign c = new Campaign(ScenarioParser.load(file, Path.of("")), file.toString(), TestBoards.translation());
        List<CutPoint> all = c.cutPoints();
        // Every position of the first operations (the loader's stores, the mass erase, the first
        // programs of bank 2) and of the last one (the option bytes that flip the bank).
        List<CutPoint> cuts = new ArrayList<>(all.subList(0, 15));
        cuts.addAll(all.subList(all.size() - 3, all.size()));
        AtomicInteger reboots = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> swept = new ArrayList<>();
        try {
            for (Future<String> f : c.sweepDistinctFlash(cuts, pool, 3, contentAndReboot(c, reboots), WITH_CUT)) swept.add(f.get());
        } finally {
            pool.shutdownNow();
        }
        AtomicInteger replayReboots = new AtomicInteger();
        for (int i = 0; i < cuts.size(); i++) {
            assertThat(swept.get(i)).as("cut " + cuts.get(i).id()).isEqualTo(c.replayed(cuts.get(i), contentAndReboot(c, replayReboots), WITH_CUT));
        }
        long distinct = swept.stream().map(x -> x.substring(0, 64)).distinct().count();
        assertThat(replayReboots.get()).isEqualTo(cuts.size());
        assertThat(reboots.get()).as("one reboot per distinct flash state").isEqualTo((int) distinct);
        assertThat(reboots.get()).as("fewer reboots than cuts").isLessThan(cuts.size());
        System.out.printf("%d cuts, %d distinct flash states rebooted%n", cuts.size(), reboots.get());
        // A cut whose flash no other cut left still differs in what it boots: the results are not all one.
        assertThat(distinct).isGreaterThan(1);
    }
}
