package io.xipkit.tools.campaign;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.PageReads;
import io.xipkit.bus.PageStamps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flash that differs from the reference in a page the reference reboot read before a snapshot
 * is never forked from that snapshot (forking there would give the reference's console, not its
 * own), and one that differs only in pages read after it is, with the power-on result.
 */
class ForkedRebootsSnapshotChoiceTest {
    private static Campaign campaign;
    private static Map<String, NonVolatileMemory> reference;
    private static ForkedReboots forks;

    @BeforeAll
    static void referenceReboot() throws Exception {
        Path file = Path.of("scenarios", "h757-xipwrite-config-store.yaml");
        campaign = new Campaign(ScenarioParser.load(file, Path.of("")), file.toString(), TestBoards.translation());
        reference = new TreeMap<>();
        ScenarioBoard b = new ScenarioBoard(campaign.board(), reference, List.of(), ScenarioBoard.NamedObserver.NONE);
        b.load(campaign.scenario().images());
        b.powerOn();
        forks = new ForkedReboots(campaign.board(), campaign.scenario().invariant(), reference,
                Campaign.pagesOf(campaign.cutPoints()));
    }

    private static Map<String, NonVolatileMemory> flashWith(String memory, int offset, byte value) {
        Map<String, NonVolatileMemory> f = new TreeMap<>();
        reference.forEach((name, m) -> f.put(name, ForkedReboots.copy(m)));
        f.get(memory).array()[offset] = value;
        f.get(memory).arrayChanged(offset, 1);
        return f;
    }

    private static Map<String, NonVolatileMemory> copyOf(Map<String, NonVolatileMemory> flash) {
        Map<String, NonVolatileMemory> c = new TreeMap<>();
        flash.forEach((name, m) -> c.put(name, ForkedReboots.copy(m)));
        return c;
    }

    /**
     * A worker's copy holding {@code cut}: it has the dual-flash window's image from an earlier
     * power-on on it, as in the sweep (a snapshot resumes onto such a copy only).
     */
    private static Map<String, NonVolatileMemory> workerCopy(Map<String, NonVolatileMemory> cut) {
        Map<String, NonVolatileMemory> w = copyOf(cut);
        poweredOn(w);
        w.forEach((name, m) -> ((ArrayNonVolatileMemory) m).syncFrom((ArrayNonVolatileMemory) cut.get(name)));
        return w;
    }

    private static ForkedReboots.Rebooted poweredOn(Map<String, NonVolatileMemory> flash) {
        ScenarioBoard b = new ScenarioBoard(campaign.board(), flash, List.of(), ScenarioBoard.NamedObserver.NONE);
        b.powerOn();
        InvariantRun run = new InvariantRun(campaign.scenario().invariant());
        run.toEnd(b);
        return new ForkedReboots.Rebooted(run.stop(), b.output());
    }

    private static Map<String, BitSet> page(String memory, int offset) {
        BitSet p = new BitSet();
        p.set(offset >>> PageStamps.PAGE_SHIFT);
        return Map.of(memory, p);
    }

    /** Where the first line the reboot prints is stored (contiguous: the boot loader's string in internal flash). */
    private static int[] firstLineInFlash(String out) {
        byte[] line = out.substring(0, Math.min(12, out.indexOf('\n') > 0 ? out.indexOf('\n') : 12)).getBytes(StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, NonVolatileMemory> e : reference.entrySet()) {
            byte[] a = e.getValue().array();
            search:
            for (int i = 0; i + line.length <= a.length; i++) {
                for (int k = 0; k < line.length; k++) if (a[i + k] != line[k]) continue search;
                return new int[] {e.getKey().hashCode(), i};
            }
        }
        throw new AssertionError("the first line is stored nowhere contiguous: " + out.substring(0, 40));
    }

    @Test
    void aCutOnThePageHoldingTheBootBannerDoesNotForkFromASnapshotTakenAfterTheBannerWasRead() {
        int snapshot = forks.snapshotSlices().get(forks.snapshotSlices().size() - 1);
        String out = forks.whole().out();
        int[] at = firstLineInFlash(out);
        String memory = reference.keySet().stream().filter(n -> n.hashCode() == at[0]).findFirst().orElseThrow();
        int offset = at[1];
        int read = forks.firstRead(memory, offset >>> PageStamps.PAGE_SHIFT);
        assertThat(read).as("the banner's page is read before the last snapshot").isLessThanOrEqualTo(snapshot);

        Map<String, NonVolatileMemory> flash = flashWith(memory, offset, (byte) '#');
        ForkedReboots.Plan plan = forks.plan(flash, page(memory, offset));
        assertThat(plan == null || plan.slice() >= 0 && plan.slice() < read).as("no snapshot taken after the page was read").isTrue();

        ForkedReboots.Rebooted truth = poweredOn(flashWith(memory, offset, (byte) '#'));
        assertThat(truth.out()).as("the changed banner shows").contains("#").isNotEqualTo(out);
        // What the snapshot the plan avoided would have given: the reference's banner, hiding the change.
        ForkedReboots.Rebooted wrong = forks.reboot(forks.at(snapshot), workerCopy(flashWith(memory, offset, (byte) '#')));
        assertThat(wrong).isNotNull();
        assertThat(wrong.out()).isNotEqualTo(truth.out());
    }

    @Test
    void aCutOnlyOnPagesReadAfterTheSnapshotForksFromItWithThePowerOnResult() {
        int snapshot = forks.snapshotSlices().get(forks.snapshotSlices().size() - 1);
        String memory = null;
        int offset = -1;
        for (Map.Entry<String, BitSet> e : Campaign.pagesOf(campaign.cutPoints()).entrySet()) {
            for (int p = e.getValue().nextSetBit(0); p >= 0 && offset < 0; p = e.getValue().nextSetBit(p + 1)) {
                int r = forks.firstRead(e.getKey(), p);
                if (r > snapshot && r != PageReads.NEVER) {
                    memory = e.getKey();
                    offset = p << PageStamps.PAGE_SHIFT;
                }
            }
        }
        assertThat(offset).as("a page the cuts change, first read after the snapshot").isNotNegative();
        // Program the page's first bytes to zero (the page may be erased in the reference flash).
        Map<String, NonVolatileMemory> flash = flashWith(memory, offset, (byte) 0);
        java.util.Arrays.fill(flash.get(memory).array(), offset, offset + 16, (byte) 0);
        flash.get(memory).arrayChanged(offset, 16);
        ForkedReboots.Plan plan = forks.plan(flash, page(memory, offset));
        assertThat(plan).isNotNull();
        assertThat(plan.slice()).isEqualTo(snapshot);

        ForkedReboots.Rebooted truth = poweredOn(copyOf(flash));
        ForkedReboots.Rebooted forked = forks.reboot(plan, workerCopy(flash));
        assertThat(forked).isNotNull();
        assertThat(forked).isEqualTo(truth);
    }
}
