package io.xipkit.firmware;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.FlashOperation;
import io.xipkit.tools.campaign.Campaign;
import io.xipkit.tools.campaign.CutPoint;
import io.xipkit.tools.campaign.CutPosition;
import io.xipkit.tools.campaign.CutRecord;
import io.xipkit.tools.campaign.ScenarioParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 acceptance: the config store of the write-while-XIP firmware (docs/XIP-WRITES.md,
 * firmware/stm32h7/xipwrite/cfg_store.c) survives a power cut at every flash operation of 200
 * config writes, through the campaign engine (scenarios/h757-xipwrite-config-store.yaml): every
 * page program and 4 KB erase of both MT25TL01G dies, cut at its start, middle and end (torn
 * programs and part-erased sectors); after each cut the rebooted firmware mounts the store and
 * must read the record of the last write that completed or of the one that was cut.
 */
class H7ConfigStorePowerCutTest {
    private static final Path SCENARIO = Path.of("scenarios", "h757-xipwrite-config-store.yaml");
    /** The 200 writes: every flash operation from power-on to the start of write 201. */
    private static final int WRITES = 200;
    private static final Pattern MOUNT = Pattern.compile("app: store at mount: (empty|counter (\\d+) seq \\d+ intact)\n");

    @Test
    void everyCutInTheFlashOperationsOfTwoHundredConfigWritesLeavesTheOldOrTheNewRecord() throws Exception {
        Campaign campaign = new Campaign(ScenarioParser.load(SCENARIO, Path.of("")), SCENARIO.toString(), TestBoards.translation());
        List<CutPoint> all = campaign.cutPoints();
        // Write n (counter n, the firmware's writer starts at 1 on an empty store) is the n-th page
        // program of die 1: a 64-byte record is 32 bytes in one page of each die (dual-flash mode).
        List<Long> writeStarts = all.stream()
                .filter(c -> c.memory().equals("qspi-flash1") && c.op().kind() == FlashOperation.Kind.PROGRAM)
                .map(c -> c.op().startPicos()).distinct().sorted().toList();
        assertThat(writeStarts).hasSizeGreaterThan(WRITES);
        long to = writeStarts.get(WRITES); // the start of write 201
        List<CutPoint> cuts = all.stream().filter(c -> c.op().startPicos() < to).toList();
        long programs = cuts.stream().filter(c -> c.position() == CutPosition.START && c.op().kind() == FlashOperation.Kind.PROGRAM).count();
        long erases = cuts.stream().filter(c -> c.position() == CutPosition.START && c.op().kind() == FlashOperation.Kind.ERASE).count();
        assertThat(programs).as("one page program per die and write").isEqualTo(2 * WRITES);
        assertThat(erases).as("the second unit erased on both dies when the first is full (write 129)").isEqualTo(2);
        assertThat(cuts).hasSize(3 * (int) (programs + erases));

        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CutRecord> records = new ArrayList<>();
        try {
            for (Future<CutRecord> f : campaign.sweep(cuts, pool, threads + 1)) records.add(f.get());
        } finally {
            pool.shutdownNow();
        }
        System.out.println("config store power-cut test: " + records.size() + " cut points tried (" + programs + " page programs, "
                + erases + " erases, start/middle/end of each) over config writes 1.." + WRITES);

        for (int i = 0; i < cuts.size(); i++) {
            CutPoint cut = cuts.get(i);
            CutRecord r = records.get(i);
            String where = "cut " + cut.id() + " (" + cut.position() + " of " + cut.op().kind() + " on " + cut.memory() + ")";
            assertThat(r.survived()).as(where + ": " + r.failedCheck() + "\n" + r.consoleTail()).isTrue();
            // The writes that began before this operation: the old value; the one it belongs to: the new one.
            int at = Collections.binarySearch(writeStarts, cut.op().startPicos());
            int old = at >= 0 ? at : -at - 1;
            Matcher m = MOUNT.matcher(r.consoleTail());
            assertThat(m.find()).as(where + " mounts: " + r.consoleTail()).isTrue();
            if (m.group(2) == null) {
                assertThat(old).as(where + ": empty store only before the first write completed").isZero();
            } else {
                assertThat(Integer.parseInt(m.group(2))).as(where + ": old " + old + " or new " + (old + 1)).isBetween(old, old + 1);
            }
        }
    }
}
