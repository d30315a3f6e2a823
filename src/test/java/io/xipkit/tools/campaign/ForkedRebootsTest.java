package io.xipkit.tools.campaign;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reboots forked from snapshots of the tracked reference reboot give exactly the records that
 * powering every reboot on gives: console tails, outcomes, failing checks, everything.
 */
class ForkedRebootsTest {
    private static Campaign campaign(String name) throws Exception {
        Path file = Path.of("scenarios", name);
        return new Campaign(ScenarioParser.load(file, Path.of("")), file.toString(), TestBoards.translation());
    }

    private static ForkedReboots sameRecords(Campaign c, List<CutPoint> cuts, String what) throws Exception {
        List<CutRecord> forked = CampaignSweepTest.sweep(c.forking(true), cuts);
        ForkedReboots forks = c.lastForks;
        List<CutRecord> poweredOn = CampaignSweepTest.sweep(c.forking(false), cuts);
        assertThat(c.lastForks).isNull();
        for (int i = 0; i < cuts.size(); i++) assertThat(forked.get(i)).as(what + " cut " + cuts.get(i).id()).isEqualTo(poweredOn.get(i));
        // the comparison means something only if reboots were forked or reused
        assertThat(forks.forked.get() + forks.reused.get()).as(what + ": reboots forked or reused").isPositive();
        System.out.printf("%s: %d cuts, %d reboots forked, %d the reference's, %d powered on; snapshots after slices %s%n", what, cuts.size(),
                forks.forked.get(), forks.reused.get(), forks.poweredOn.get(), forks.snapshotSlices());
        return forks;
    }

    @Test
    void everyCutOfTheL476UpdateGivesTheSameRecordForkedAsPoweredOn() throws Exception {
        Campaign c = campaign("l476-dual-bank-update.yaml");
        // v1 never reads bank 2, which the update writes: those reboots are the reference reboot's.
        assertThat(sameRecords(c, c.cutPoints(), "l476").reused.get()).isPositive();
    }

    @Test
    void aSeededSampleOfTheH757ConfigStoreCutsGivesTheSameRecordsForkedAsPoweredOn() throws Exception {
        Campaign c = campaign("h757-xipwrite-config-store.yaml");
        List<CutPoint> all = c.cutPoints();
        SplittableRandom rnd = new SplittableRandom(18);
        List<CutPoint> cuts = new ArrayList<>();
        for (CutPoint p : all) if (rnd.nextInt(12) == 0) cuts.add(p);
        // the store is read after the banner: those reboots fork from the snapshot before the mount
        assertThat(sameRecords(c, cuts, "h757").forked.get()).isPositive();
    }
}
