package io.xipkit.tools.campaign;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
}
