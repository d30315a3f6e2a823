package io.xipkit.tools.campaign;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.PageReads;
import io.xipkit.bus.PageStamps;
import io.xipkit.bus.SystemBus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * With the bus's read-only fast paths withheld, every way the core reads a flash window reaches
 * the window and is marked in the storage's read tracker: data reads, instruction fetches (the
 * decode cache fills through them), the inline loads of translated code ({@code Core.tryRead} finds
 * no array and falls back to a read), cache line fills, and the dual-flash window's interleaved
 * image (both dies). Without withholding, a read through the fast path is not seen: that is why the
 * reference reboot withholds them.
 */
class FlashReadTrackingTest {
    private static final int EPOCH = 1000;

    private record Tracked(ScenarioBoard b, Map<String, PageReads> trackers) {}

    private static Tracked running(String scenario, long picos) throws Exception {
        Path file = Path.of("scenarios", scenario);
        Campaign c = new Campaign(ScenarioParser.load(file, Path.of("")), file.toString(), TestBoards.translation());
        Map<String, NonVolatileMemory> memories = new TreeMap<>();
        ScenarioBoard b = new ScenarioBoard(c.board(), memories, List.of(), ScenarioBoard.NamedObserver.NONE);
        b.load(c.scenario().images());
        Map<String, PageReads> trackers = new TreeMap<>();
        memories.forEach((name, m) -> {
            PageReads t = new PageReads(m.pageStamps().pages());
            m.pageStamps().trackReads(t);
            trackers.put(name, t);
        });
        b.board.bus().withholdReadOnlyFastPaths(true);
        b.powerOn();
        b.runUntil(picos);
        return new Tracked(b, trackers);
    }

    /** A page no tracker of {@code memories} has seen read yet, from {@code from} on. */
    private static int unread(Tracked t, int from, String... memories) {
        search:
        for (int p = from; ; p++) {
            for (String m : memories) if (t.trackers().get(m).firstEpoch(p) != PageReads.NEVER) continue search;
            return p;
        }
    }

    private static int first(Tracked t, String memory, int page) {
        return t.trackers().get(memory).firstEpoch(page);
    }

    @Test
    void everyReadOfTheH757DualFlashWindowAndInternalFlashIsMarkedWhileFastPathsAreWithheld() throws Exception {
        Tracked t = running("h757-xipwrite-config-store.yaml", 20_000_000_000L);
        SystemBus bus = t.b().board.bus();
        long window = 0x9000_0000L;
        // On to an instant the firmware has the window in memory-mapped mode (it runs from it, and
        // writes the store in indirect mode now and then).
        while (true) {
            try {
                bus.read32((int) window);
                break;
            } catch (io.xipkit.cpu.BusErrorException e) {
                t.b().runUntil(t.b().now() + 100_000_000L);
            }
        }
        t.trackers().values().forEach(x -> x.epoch(EPOCH));
        String d1 = "qspi-flash1", d2 = "qspi-flash2";

        // Byte 2n of the window is byte n of die 1, 2n + 1 byte n of die 2.
        int p = unread(t, 16, d1, d2);
        int a = (int) (window + 2L * (p << PageStamps.PAGE_SHIFT));
        assertThat(t.b().board.core().tryRead(a, 4)).as("translated code's inline load finds no array").isEqualTo(-1);
        bus.read32(a);
        assertThat(first(t, d1, p)).isEqualTo(EPOCH);
        assertThat(first(t, d2, p)).isEqualTo(EPOCH);

        p = unread(t, p + 1, d1, d2);
        bus.fetch16((int) (window + 2L * (p << PageStamps.PAGE_SHIFT) + 6));
        assertThat(first(t, d1, p)).as("instruction fetch").isEqualTo(EPOCH);
        assertThat(first(t, d2, p)).isEqualTo(EPOCH);

        p = unread(t, p + 1, d1, d2);
        int line = (int) (window + 2L * (p << PageStamps.PAGE_SHIFT) + 64);
        bus.readLine(line, line + 8, 32, false, new byte[32], 0);
        assertThat(first(t, d1, p)).as("cache line fill").isEqualTo(EPOCH);
        assertThat(first(t, d2, p)).isEqualTo(EPOCH);

        String bank = "flash-bank1";
        int q = unread(t, 1, bank);
        long flash = 0x0800_0000L + ((long) q << PageStamps.PAGE_SHIFT);
        assertThat(t.b().board.core().tryRead((int) flash, 4)).isEqualTo(-1);
        bus.fetch16((int) flash);
        assertThat(first(t, bank, q)).as("fetch from internal flash").isEqualTo(EPOCH);
        q = unread(t, q + 1, bank);
        flash = 0x0800_0000L + ((long) q << PageStamps.PAGE_SHIFT);
        bus.readLine((int) flash, (int) flash, 32, true, new byte[32], 0);
        assertThat(first(t, bank, q)).as("line fill from internal flash").isEqualTo(EPOCH);

        // The control: given back the fast path, the bus reads the array without the window seeing it.
        bus.withholdReadOnlyFastPaths(false);
        q = unread(t, q + 1, bank);
        flash = 0x0800_0000L + ((long) q << PageStamps.PAGE_SHIFT);
        assertThat(t.b().board.core().tryRead((int) flash, 4)).isNotEqualTo(-1);
        bus.read32((int) flash);
        assertThat(first(t, bank, q)).isEqualTo(PageReads.NEVER);
    }

    @Test
    void everyReadOfTheL476FlashAndItsBootAliasIsMarkedWhileFastPathsAreWithheld() throws Exception {
        Tracked t = running("l476-dual-bank-update.yaml", 5_000_000_000L);
        SystemBus bus = t.b().board.bus();
        t.trackers().values().forEach(x -> x.epoch(EPOCH));
        int p = unread(t, 1, "flash");
        assertThat(t.b().board.core().tryRead(p << PageStamps.PAGE_SHIFT, 4)).isEqualTo(-1);
        bus.fetch16(p << PageStamps.PAGE_SHIFT); // the boot alias at 0 shows bank 1
        assertThat(first(t, "flash", p)).isEqualTo(EPOCH);
        p = unread(t, p + 1, "flash");
        bus.read32(0x0800_0000 + (p << PageStamps.PAGE_SHIFT));
        assertThat(first(t, "flash", p)).isEqualTo(EPOCH);
        p = unread(t, p + 1, "flash");
        int line = 0x0800_0000 + (p << PageStamps.PAGE_SHIFT);
        bus.readLine(line, line, 32, false, new byte[32], 0);
        assertThat(first(t, "flash", p)).isEqualTo(EPOCH);

        bus.withholdReadOnlyFastPaths(false);
        p = unread(t, p + 1, "flash");
        bus.read32(0x0800_0000 + (p << PageStamps.PAGE_SHIFT));
        assertThat(first(t, "flash", p)).as("the fast path bypasses the tracker").isEqualTo(PageReads.NEVER);
    }
}
