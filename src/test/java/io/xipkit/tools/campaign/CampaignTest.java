package io.xipkit.tools.campaign;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.bus.FlashOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignTest {
    private static final Path UPDATE = Path.of("scenarios", "l476-dual-bank-update.yaml");
    private static final Path BUGGY = Path.of("scenarios", "l476-dual-bank-update-buggy.yaml");
    private static final Path EARLY_BFB2 = Path.of("scenarios", "l476-dual-bank-update-early-bfb2.yaml");

    private static Campaign campaign(Path file) {
        return new Campaign(ScenarioParser.load(file, Path.of("")), file.toString(), TestBoards.translation());
    }

    /** The update scenario cut only in its erase and option-byte programming: a few cut points, quick. */
    private static Campaign eraseAndOptionCuts() throws Exception {
        String yaml = Files.readString(UPDATE).replace("operations: [program, erase, option-bytes]", "operations: [erase, option-bytes]");
        return new Campaign(ScenarioParser.parse(yaml, Path.of(""), "reduced"), "reduced.yaml", TestBoards.translation());
    }

    @Test
    void firstPassListsTheMassEraseEveryDoubleWordAndTheOptionBytesOfTheUpdateAtThreePositionsEach() {
        List<CutPoint> cuts = campaign(UPDATE).cutPoints();
        int imageDoubleWords = 2104 / 8; // app-v2.bin, programmed 64 bits at a time (RM0351 3.3.7)
        int erases = 0, programs = 0, options = 0;
        for (CutPoint c : cuts) {
            if (c.position() != CutPosition.START) continue;
            switch (c.op().kind()) {
                case ERASE -> erases++;
                case PROGRAM -> programs++;
                case OPTION_BYTES -> options++;
            }
        }
        assertThat(erases).isEqualTo(1);
        assertThat(options).isEqualTo(1);
        assertThat(programs).isEqualTo(imageDoubleWords);
        assertThat(cuts).hasSize(3 * (erases + programs + options));
        CutPoint erase = cuts.get(0);
        assertThat(erase.op().kind()).isEqualTo(FlashOperation.Kind.ERASE);
        assertThat(erase.op().address()).as("bank 2, the one not running").isEqualTo(512 * 1024);
        assertThat(cuts.get(1).instantPicos()).isStrictlyBetween(erase.op().startPicos(), erase.op().endPicos());
    }

    @Test
    void everyCutPointOfTodaysDualBankUpdateLeavesABootingImage() {
        Campaign c = campaign(UPDATE);
        CampaignResult r = CampaignRunner.run(c, Shard.ALL, -1, 2, (rec, done, total) -> {});
        assertThat(r.cutPoints()).isGreaterThan(700);
        assertThat(r.tried()).isEqualTo(r.cutPoints());
        assertThat(r.failed()).as("failed cuts").isEmpty();
        assertThat(r.survived()).isEqualTo(r.cutPoints());
        // Both outcomes occur: cuts before the option bytes are in keep v1, the completed update boots v2.
        assertThat(r.records()).anyMatch(x -> x.consoleTail().contains("app v1 running from bank 1"));
        assertThat(r.records()).anyMatch(x -> x.consoleTail().contains("app v2 running from bank 2"));
    }

    @Test
    void theBuggyBankSelectionIsCaughtWithAReproducerForEachFailingCut() {
        Campaign c = campaign(BUGGY);
        List<CutPoint> cuts = c.cutPoints();
        CutPoint lastEraseEnd = cuts.get(cuts.size() - 1);
        assertThat(lastEraseEnd.op().kind()).isEqualTo(FlashOperation.Kind.ERASE);
        CutRecord failed = c.run(lastEraseEnd);
        assertThat(failed.survived()).isFalse();
        assertThat(failed.failedCheck()).contains("FAULT");
        assertThat(failed.consoleTailBeforeCut()).contains("FAULT: CFSR=");
        assertThat(failed.reproducer()).isEqualTo("./xipkit campaign " + BUGGY + " --only " + lastEraseEnd.id());
        // The first update (from bank 1) is fine: the mistake shows only when running from bank 2.
        CutRecord early = c.run(cuts.get(1));
        assertThat(early.survived()).as(early.failedCheck()).isTrue();
        assertThat(early.reproducer()).isNull();
    }

    @Test
    void settingBfb2BeforeTheNewBankIsProgrammedPassesUncutAndIsCaughtByACutWhileItIsProgrammed() {
        Campaign c = campaign(EARLY_BFB2);
        List<CutPoint> cuts = c.cutPoints();
        CutPoint optionBytes = cuts.stream().filter(x -> x.op().kind() == FlashOperation.Kind.OPTION_BYTES).findFirst().orElseThrow();
        CutPoint firstProgram = cuts.stream().filter(x -> x.op().kind() == FlashOperation.Kind.PROGRAM).findFirst().orElseThrow();
        assertThat(optionBytes.id()).as("the option bytes are written before the first double-word of the new bank")
                .isLessThan(firstProgram.id());
        // A program in the middle of the image: BFB2 is already 1 and bank 2's stack pointer valid.
        CutPoint mid = cuts.stream().filter(x -> x.op().kind() == FlashOperation.Kind.PROGRAM
                && x.op().address() == 0x8_0000 + 0x400 && x.position() == CutPosition.MIDDLE).findFirst().orElseThrow();
        CutRecord failed = c.run(mid);
        assertThat(failed.survived()).isFalse();
        assertThat(failed.consoleTailBeforeCut()).as("uncut up to the cut: no fault, the update was going well")
                .doesNotContain("FAULT").contains("send ");
        assertThat(failed.failedCheck()).contains("not seen within 60 ms").contains("Lockup");
        assertThat(failed.reproducer()).isEqualTo("./xipkit campaign " + EARLY_BFB2 + " --only " + mid.id());
        // The same update by the correct firmware survives the same cut (CampaignSweepTest/ForkedRebootsTest: all 795 cuts).
        CutRecord lastEnd = c.run(cuts.get(cuts.size() - 1));
        assertThat(lastEnd.survived()).as(lastEnd.failedCheck()).isTrue();
        assertThat(lastEnd.consoleTail()).contains("app v2-early running from bank 2");
    }

    @Test
    void aCutPointReplayedTwiceGivesTheSameRecord() {
        Campaign c = campaign(UPDATE);
        CutPoint mid = c.cutPoints().get(301);
        assertThat(mid.position()).isEqualTo(CutPosition.MIDDLE);
        assertThat(c.run(mid)).isEqualTo(c.run(mid));
    }

    @Test
    void cuttingTheOptionBytesAtTheirEndBootsTheNewBankAndAtTheirStartTheOldOne() {
        Campaign c = campaign(UPDATE);
        List<CutPoint> cuts = c.cutPoints();
        CutPoint end = cuts.get(cuts.size() - 1), start = cuts.get(cuts.size() - 3);
        assertThat(end.op().kind()).isEqualTo(FlashOperation.Kind.OPTION_BYTES);
        assertThat(c.run(end).consoleTail()).contains("app v2 running from bank 2");
        assertThat(c.run(start).consoleTail()).contains("app v1 running from bank 1");
    }

    @Test
    void fourShardsMergedGiveTheResultOfTheWholeCampaign() throws Exception {
        Campaign c = eraseAndOptionCuts();
        CampaignResult whole = CampaignRunner.run(c, Shard.ALL, -1, 2, (rec, done, total) -> {});
        assertThat(whole.cutPoints()).isEqualTo(6);
        List<CampaignResult> parts = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            CampaignResult part = CampaignRunner.run(c, new Shard(i, 4), -1, 1, (rec, done, total) -> {});
            assertThat(part.tried()).isLessThan(whole.cutPoints());
            parts.add(CampaignResult.fromJson(part.toJson(), "shard " + i));
        }
        CampaignResult merged = CampaignResult.merge(parts);
        assertThat(merged.withoutWallTime()).isEqualTo(whole.withoutWallTime());
        assertThat(merged.toJson().replaceAll("\"wallSeconds\" : [0-9.E-]+", ""))
                .isEqualTo(whole.toJson().replaceAll("\"wallSeconds\" : [0-9.E-]+", ""));
    }

    @Test
    void mergeRefusesResultsOfDifferentCampaignsAndOverlappingShards() throws Exception {
        Campaign c = eraseAndOptionCuts();
        CampaignResult one = CampaignRunner.run(c, new Shard(1, 2), -1, 1, (rec, done, total) -> {});
        assertThatThrownBy(() -> CampaignResult.merge(List.of(one, one))).isInstanceOf(CampaignException.class)
                .hasMessageContaining("more than one");
        CampaignResult other = new CampaignResult("other", "1/1", 3, 0, 0, List.of(), 0, List.of(), List.of());
        assertThatThrownBy(() -> CampaignResult.merge(List.of(one, other))).isInstanceOf(CampaignException.class)
                .hasMessageContaining("different campaigns");
    }

    @Test
    void shardsDealEveryCutPointToExactlyOneSlice() {
        for (int id = 0; id < 50; id++) {
            int owners = 0;
            for (int i = 1; i <= 4; i++) if (new Shard(i, 4).contains(id)) owners++;
            assertThat(owners).isEqualTo(1);
        }
        assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
        for (String bad : List.of("0/4", "5/4", "1/0", "x", "1/2/3", "")) {
            assertThatThrownBy(() -> Shard.parse(bad)).isInstanceOf(CampaignException.class).hasMessageContaining("--shard");
        }
    }
}
