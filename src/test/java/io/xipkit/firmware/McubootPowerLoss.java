package io.xipkit.firmware;

import io.xipkit.TestBoards;
import static io.xipkit.firmware.McubootBoard.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.FlashOperation;
import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.tools.campaign.Campaign;
import io.xipkit.tools.campaign.CutPoint;
import io.xipkit.tools.campaign.CutPosition;
import io.xipkit.tools.campaign.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Power loss during one complete update through the campaign engine (issue 17, acceptance "Power
 * loss"; tools/campaign, docs/CAMPAIGNS.md): the factory board (the boot loader, v1 confirmed in
 * slot 0) runs the update as a scenario: v1 receives v2 over the console, resets, v2 runs on trial,
 * confirms itself, resets and runs confirmed. Every flash operation of that run (NOR page programs
 * and sector erases, the security counter's flash-word program in the embedded flash) is cut at its
 * start, middle and end; the engine's sweep leaves what the cut leaves (torn programs, part-erased
 * sectors; on the dual-flash MT25TL01G the operation of each die, which run side by side). Each
 * cut's flash is powered on again and must boot v1 or v2, byte for byte the signed image, never
 * neither; then the update must complete (a v2 on trial confirms itself and stays after a reset)
 * or have reverted cleanly (v1 boots again after a reset). With {@code confirm} false the update
 * is one that reverts: v2 is not confirmed and the reset after its trial brings v1 back (in swap
 * mode, a second swap whose operations are cut too).
 *
 * @param build     the boot loader build and its images
 * @param v2Slot    the flash offset v2 runs from (slot 1 for direct-XIP, slot 0 after a swap)
 * @param confirm   whether v2 confirms itself on trial (else it is reverted)
 */
record McubootPowerLoss(McubootBuild build, int v2Slot, boolean confirm) {
    private static final long BOOT_WITHIN = 3_000 * MS;

    String v1Runs() {
        return "app: v1.0.0 running in slot 0 at 0x90000400";
    }

    String v2Runs() {
        return v2Slot == McubootImages.SLOT0 ? "app: v2.0.0 running in slot 0 at 0x90000400" : "app: v2.0.0 running in slot 1 at 0x90020400";
    }

    /** The update as console stimulus: each step waits for a text, then sends its bytes. */
    private List<Scenario.Stimulus> update() {
        byte[] v2 = build.updateV2();
        byte[] u = new byte[5 + v2.length];
        u[0] = 'u';
        for (int i = 0; i < 4; i++) u[1 + i] = (byte) (v2.length >>> (8 * i));
        System.arraycopy(v2, 0, u, 5, v2.length);
        byte[] none = {};
        String[][] steps = confirm
                ? new String[][] {{"app: image stored, pending", ""}, {"app: ready", "r"}, {v2Runs() + ", not confirmed", ""},
                    {"app: ready", "c"}, {"app: confirmed", ""}, {"app: ready", "r"}, {v2Runs() + ", confirmed", ""}}
                : new String[][] {{"app: image stored, pending", ""}, {"app: ready", "r"}, {v2Runs() + ", not confirmed", ""},
                    {"app: ready", "r"}, {v1Runs() + ", confirmed", ""}};
        List<Scenario.Stimulus> out = new ArrayList<>(List.of(new Scenario.Stimulus("app: ready", 0, u)));
        for (String[] s : steps) out.add(new Scenario.Stimulus(s[0], 0, s[1].isEmpty() ? none : s[1].getBytes(StandardCharsets.US_ASCII)));
        return out;
    }

    /** The scenario: the boot loader's ELF and the factory v1 (an Intel HEX file in {@code dir}) stored before power-on. */
    Campaign campaign(Path dir, long runPicos) {
        Path v1 = dir.resolve("v1-factory-" + confirm + ".hex");
        try {
            Files.writeString(v1, intelHex(0x9000_0000L + McubootImages.SLOT0, build.factoryV1()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Scenario.Invariant unused = new Scenario.Invariant(BOOT_WITHIN, List.of(Pattern.compile("app: v[12]")), List.of(), -1);
        Scenario s = new Scenario(build.board() + "-" + build.loader() + "-update", build.board(),
                List.of(H7Firmware.elf(build.board(), build.loader()).toString(), v1.toString()), update(), runPicos, unused,
                EnumSet.of(FlashOperation.Kind.PROGRAM, FlashOperation.Kind.ERASE),
                List.of(CutPosition.START, CutPosition.MIDDLE, CutPosition.END), 1, 0, null);
        return new Campaign(s, s.name(), TestBoards.translation());
    }

    /**
     * The cut points: those of the second die of a dual-flash chip are left out, after checking that
     * each of its operations runs at the same instants as the first die's (a cut there is the same
     * cut of both dies, which the sweep tears together).
     */
    static List<CutPoint> cutPoints(Campaign campaign) {
        List<CutPoint> all = campaign.cutPoints();
        List<CutPoint> die2 = all.stream().filter(c -> c.memory().equals("qspi-flash2")).toList();
        List<CutPoint> kept = all.stream().filter(c -> !c.memory().equals("qspi-flash2")).toList();
        for (CutPoint c : die2) {
            assertThat(kept).as("die 1 runs an operation alongside die 2's %s", c.op())
                    .anyMatch(k -> k.memory().equals("qspi-flash1") && k.op().startPicos() == c.op().startPicos()
                            && k.op().endPicos() == c.op().endPicos() && k.position() == c.position());
        }
        return kept;
    }

    /**
     * The whole sweep: the scenario, its cut points, the check that the uncut run is the whole
     * update, every cut point tried, the count printed; fails on any cut point that did not pass.
     */
    void run(Path dir, String what) throws Exception {
        Campaign campaign = campaign(dir, 2_000 * MS);
        List<CutPoint> cuts = cutPoints(campaign);
        completeUpdate(cuts);
        String shared = "";
        if (!confirm) {
            // Up to v2's trial boot both updates send the same bytes at the same instants, so their
            // flash operations up to there are the same: those are swept by the confirmed update.
            List<FlashOperation> confirmed = cutPoints(new McubootPowerLoss(build, v2Slot, true).campaign(dir, 2_000 * MS))
                    .stream().map(CutPoint::op).toList();
            int before = cuts.size();
            cuts = cuts.stream().filter(c -> confirmed.stream().noneMatch(o -> same(o, c.op()))).toList();
            shared = ", " + (before - cuts.size()) + " cut points shared with the confirmed update left out";
            assertThat(cuts).as("the revert's own operations").isNotEmpty();
        }
        java.util.concurrent.atomic.AtomicInteger reboots = new java.util.concurrent.atomic.AtomicInteger();
        List<String> outcomes = sweep(campaign, cuts, reboots);
        report(build.board() + " " + what, shared + ", " + reboots + " distinct torn flash states booted", cuts, outcomes);
    }

    private static boolean same(FlashOperation a, FlashOperation b) {
        return a.kind() == b.kind() && a.address() == b.address() && a.length() == b.length()
                && a.startPicos() == b.startPicos() && a.endPicos() == b.endPicos();
    }

    /**
     * Checks that the uncut run is the whole update: it wrote image_ok in slot 0's trailer after a
     * revert, or in v2's trailer (the app's confirmation) and then raised the security counter to
     * v2's in the embedded flash.
     */
    void completeUpdate(List<CutPoint> cuts) {
        long imageOk = (this.confirm ? v2Slot : McubootImages.SLOT0) + McubootImages.SLOT_SIZE - McubootImages.IMAGE_OK_OFF;
        long onDie1 = build.board().equals(H7Firmware.H757) ? imageOk / 2 : imageOk; // dual-flash: even bytes in die 1 at offset / 2
        CutPoint confirm = cuts.stream().filter(c -> c.memory().equals("qspi-flash1") && c.op().kind() == FlashOperation.Kind.PROGRAM
                && c.op().address() <= onDie1 && onDie1 < c.op().address() + c.op().length() // the model reports the page
                && c.op().result()[(int) (onDie1 - c.op().address())] == 0x01).reduce((a, x) -> x).orElse(null);
        assertThat(confirm).as("the uncut run writes image_ok").isNotNull();
        if (this.confirm) assertThat(cuts).as("the security counter is raised after the confirmation")
                .anyMatch(c -> c.memory().startsWith("flash-bank") && c.op().startPicos() > confirm.op().startPicos());
    }

    /**
     * Sweeps the cut points on {@code threads} workers: for each, null when it passed, else what
     * failed. The boot and update check is a function of the flash alone, so it runs once per
     * distinct torn flash; {@code reboots} counts how often it ran.
     */
    List<String> sweep(Campaign campaign, List<CutPoint> cuts, java.util.concurrent.atomic.AtomicInteger reboots) throws Exception {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<String> out = new ArrayList<>();
        try {
            // One copy of the flash per worker at a time: on the MT25TL01G a copy is both 64 MiB dies.
            for (Future<String> f : campaign.sweepDistinctFlash(cuts, pool, threads, flash -> {
                reboots.incrementAndGet();
                return afterCut(flash);
            }, (cut, before, outcome) -> outcome.equals("v1") || outcome.equals("v2") ? outcome : where(cut) + ": " + outcome)) {
                out.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private static String where(CutPoint cut) {
        FlashOperation op = cut.op();
        return String.format("cut %d at the %s of %s %s 0x%x+%d", cut.id(), cut.position(), op.kind(), cut.memory(), op.address(), op.length());
    }

    /** "v1" or "v2" (what runs at the end), or what went wrong on this flash. */
    private String afterCut(Map<String, NonVolatileMemory> flash) {
        McubootBoard b = new McubootBoard(build.board(), new TreeMap<>(flash)).powerOn();
        String failed = check(b);
        if (failed != null) return failed + "\n" + b.output();
        return b.output().contains(v2Runs() + ", confirmed") ? "v2" : "v1";
    }

    /** Null when the board boots a correctly signed v1 or v2 and the update completes or reverts. */
    private String check(McubootBoard b) {
        if (!b.await("app: ready", BOOT_WITHIN)) return "nothing boots";
        String out = b.output();
        if (out.contains(v1Runs())) {
            if (!slotHolds(b, McubootImages.SLOT0, build.factoryV1())) return "v1 runs from a slot that is not the signed v1";
            b.send("r");
            if (!b.await(v1Runs() + ", confirmed", BOOT_WITHIN)) return "v1 does not boot confirmed after a reset";
            return null;
        }
        if (out.contains(v2Runs())) {
            if (!slotHolds(b, v2Slot, build.updateV2())) return "v2 runs from a slot that is not the signed v2";
            if (out.contains(v2Runs() + ", not confirmed")) {
                b.send("c");
                if (!b.await("app: confirmed", 100 * MS)) return "v2 cannot confirm itself";
                if (!b.await("app: ready", 100 * MS)) return "no prompt after confirming";
            }
            b.send("r");
            if (!b.await(v2Runs() + ", confirmed", BOOT_WITHIN)) return "confirmed v2 does not stay";
            return null;
        }
        return "neither v1 nor v2 runs";
    }

    private static boolean slotHolds(McubootBoard b, int slot, byte[] image) {
        int n = McubootImages.imageLength(image);
        return Arrays.equals(b.flash(slot, n), Arrays.copyOf(image, n));
    }

    /** Prints the count and outcomes, then fails on any cut point that did not pass. */
    static void report(String what, String note, List<CutPoint> cuts, List<String> outcomes) {
        long v1 = outcomes.stream().filter("v1"::equals).count(), v2 = outcomes.stream().filter("v2"::equals).count();
        List<String> failures = outcomes.stream().filter(o -> !o.equals("v1") && !o.equals("v2")).toList();
        Map<String, Long> kinds = new TreeMap<>();
        cuts.stream().filter(c -> c.position() == CutPosition.START).forEach(c -> kinds.merge(c.memory() + " " + c.op().kind(), 1L, Long::sum));
        System.out.printf("%s: %d cut points tried (start/middle/end of the operations %s), %d passed, %d ended on v1 (reverted), "
                + "%d on v2 (completed)%s%n", what, cuts.size(), kinds, cuts.size() - failures.size(), v1, v2, note);
        assertThat(failures).as("cut points that did not leave a signed image booting").isEmpty();
        assertThat(outcomes).hasSameSizeAs(cuts);
    }

    /** Intel HEX (type 04 extended linear address, 00 data, 01 end) of {@code data} at {@code address}; all-0xFF lines left out. */
    static String intelHex(long address, byte[] data) {
        StringBuilder out = new StringBuilder();
        long upper = -1;
        for (int at = 0; at < data.length; at += 16) {
            int n = Math.min(16, data.length - at);
            boolean blank = true;
            for (int i = 0; i < n; i++) blank &= data[at + i] == (byte) 0xFF;
            if (blank) continue;
            long a = address + at;
            if ((a >>> 16) != upper) {
                upper = a >>> 16;
                record(out, 0, 4, new byte[] {(byte) (upper >>> 8), (byte) upper});
            }
            record(out, (int) (a & 0xFFFF), 0, Arrays.copyOfRange(data, at, at + n));
        }
        record(out, 0, 1, new byte[0]);
        return out.toString();
    }

    private static void record(StringBuilder out, int offset, int type, byte[] bytes) {
        int sum = bytes.length + (offset >>> 8) + (offset & 0xFF) + type;
        out.append(String.format(":%02X%04X%02X", bytes.length, offset, type));
        for (byte x : bytes) {
            out.append(String.format("%02X", x & 0xFF));
            sum += x & 0xFF;
        }
        out.append(String.format("%02X%n", (-sum) & 0xFF));
    }
}
