package io.xipkit.tools.campaign;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.FlashOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Campaigns on the QUADSPI NOR chips: the write-while-XIP firmware on the STM32H757 programs the
 * config store on both dies of the MT25TL01G; the chips report their operations, the campaign
 * cuts inside them and tears them with a seeded pattern.
 */
class NorCampaignTest {
    private static final Path STORE = Path.of("scenarios", "h757-xipwrite-config-store.yaml");

    /** The store scenario over its first few writes, with two seeded torn patterns per operation. */
    private static Campaign firstWrites() throws Exception {
        String yaml = Files.readString(STORE).replace("run: 270ms", "run: 22ms").replace("seed: 1", "seed: 1\n  torn: 2");
        return new Campaign(ScenarioParser.parse(yaml, Path.of(""), "first-writes"), "first-writes.yaml", TestBoards.translation());
    }

    @Test
    void theProgramsOfBothDiesOfTheDualFlashAreCutPointsAtEachPositionAndTwoSeededTornPatterns() throws Exception {
        List<CutPoint> cuts = firstWrites().cutPoints();
        List<CutPoint> programs = cuts.stream().filter(c -> c.op().kind() == FlashOperation.Kind.PROGRAM).toList();
        assertThat(programs).isNotEmpty();
        assertThat(programs).anyMatch(c -> c.memory().equals("qspi-flash1")).anyMatch(c -> c.memory().equals("qspi-flash2"));
        // Dual-flash mode: one 512-byte window page is a 256-byte page program on each die, at the same instant.
        CutPoint first = programs.get(0);
        assertThat(first.op().length()).isEqualTo(256);
        assertThat(first.op().result()).as("what the page holds once programmed").hasSize(256);
        assertThat(programs).anyMatch(c -> !c.memory().equals(first.memory()) && c.op().startPicos() == first.op().startPicos());
        long perOperation = cuts.stream().filter(c -> c.operation() == first.operation()).count();
        assertThat(perOperation).isEqualTo(5); // start, middle, end, two torn
        List<CutPoint> torn = cuts.stream().filter(c -> c.operation() == first.operation() && c.position() == CutPosition.TORN).toList();
        assertThat(torn.get(0).tornSeed()).isNotEqualTo(torn.get(1).tornSeed());
        assertThat(torn.get(0).instantPicos()).isBetween(first.op().startPicos(), first.op().endPicos());
    }

    @Test
    void aCutInsideAConfigRecordProgramLeavesAMountableStoreAndTheSameSeedGivesTheSameOutcome() throws Exception {
        Campaign c = firstWrites();
        List<CutPoint> cuts = c.cutPoints();
        CutPoint middle = cuts.stream().filter(x -> x.op().kind() == FlashOperation.Kind.PROGRAM && x.position() == CutPosition.MIDDLE)
                .reduce((a, b) -> b).orElseThrow(); // the last write of the run: the store holds earlier records
        CutRecord r = c.run(middle);
        assertThat(r.survived()).as(r.failedCheck() + "\n" + r.consoleTail()).isTrue();
        assertThat(r.consoleTail()).containsPattern("app: store at mount: counter \\d+ seq \\d+ intact");
        assertThat(r.memory()).startsWith("qspi-flash");
        assertThat(r.tornSeed()).isEqualTo(middle.tornSeed());

        CutPoint torn = cuts.stream().filter(x -> x.operation() == middle.operation() && x.position() == CutPosition.TORN)
                .findFirst().orElseThrow();
        CutRecord once = c.run(torn);
        assertThat(c.run(torn)).isEqualTo(once);
        assertThat(once.position()).isEqualTo("TORN");
    }

    @Test
    void aSecondCutInTheFirstWriteOfTheRecoveryStillLeavesAnIntactRecord() throws Exception {
        String yaml = Files.readString(STORE).replace("run: 270ms", "run: 22ms").replace("seed: 1", "seed: 1\n  recovery: middle");
        Campaign c = new Campaign(ScenarioParser.parse(yaml, Path.of(""), "recovery"), "recovery.yaml", TestBoards.translation());
        CutPoint middle = c.cutPoints().stream().filter(x -> x.op().kind() == FlashOperation.Kind.PROGRAM && x.position() == CutPosition.MIDDLE)
                .reduce((a, b) -> b).orElseThrow();
        CutRecord r = c.run(middle);
        assertThat(r.recoveryCut()).as("the rebooted writer programs the next record within the invariant's 30 ms")
                .startsWith("PROGRAM qspi-flash").endsWith("(middle)");
        assertThat(r.survived()).as(r.failedCheck() + "\n" + r.consoleTail()).isTrue();
        assertThat(r.consoleTail()).containsPattern("app: store at mount: counter \\d+ seq \\d+ intact");
    }
}
