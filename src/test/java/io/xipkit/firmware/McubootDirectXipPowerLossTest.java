package io.xipkit.firmware;

import static io.xipkit.firmware.McubootBoard.MS;
import static io.xipkit.firmware.McubootImages.SLOT0;
import static io.xipkit.firmware.McubootImages.SLOT1;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.devices.nor.NorOperation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * Power loss during a direct-XIP update on {@code stm32h750-w25q128} (issue 17, acceptance "Power loss"): one complete update
 * (v1 confirmed in slot 0 receives v2 into slot 1 over the console, resets, v2's trial boot writes
 * copy_done, v2 confirms itself with image_ok, resets, boots confirmed) is run once to list every
 * program and erase the W25Q128JV starts; then, for each of them, the update is replayed from the
 * factory state (virtual time: the same operations at the same instants) with the supply cut at the
 * start, the middle and the end of that operation. The chip model leaves what an interrupted
 * operation leaves (a torn page program, a part-erased sector: devices/nor NorOperationEngine).
 * A fresh power-on on the same flash must then boot v1 or v2 with the exact bytes that were
 * signed, never neither, and the update must complete (a v2 on trial confirms and stays) or be
 * cleanly reverted (v1 boots again after another reset).
 */
class McubootDirectXipPowerLossTest {
    private static final byte[] V1 = McubootImages.factory(H7Firmware.H750, "mcuboot-app-v1", "1.0.0", 1);
    private static final byte[] V2 = McubootImages.update(H7Firmware.H750, "mcuboot-app-v2-slot1", "2.0.0", 2);
    private static final String V1_RUNS = "app: v1.0.0 running in slot 0 at 0x90000400";
    private static final String V2_RUNS = "app: v2.0.0 running in slot 1 at 0x90020400";
    private static final double[] POSITIONS = {0.0, 0.5, 1.0};

    /** Wait for the text, then send the bytes (none: just wait). */
    private record Step(String await, byte[] send) {}

    private static List<Step> update() {
        byte[] u = new byte[5 + V2.length];
        u[0] = 'u';
        for (int i = 0; i < 4; i++) u[1 + i] = (byte) (V2.length >>> (8 * i));
        System.arraycopy(V2, 0, u, 5, V2.length);
        byte[] none = {};
        return List.of(new Step("app: ready", u), new Step("app: image stored, pending", none),
                new Step("app: ready", "r".getBytes()), new Step(V2_RUNS + ", not confirmed", none),
                new Step("app: ready", "c".getBytes()), new Step("app: confirmed", none),
                new Step("app: ready", "r".getBytes()), new Step(V2_RUNS + ", confirmed", none),
                new Step("app: ready", none));
    }

    private static McubootBoard factoryBoard() {
        return new McubootBoard(H7Firmware.H750).program("mcuboot-directxip").programFlash(SLOT0, V1);
    }

    /** Runs the update's steps; false as soon as the chip has lost power. */
    private static boolean runUpdate(McubootBoard b) {
        for (Step s : update()) {
            if (!b.await(s.await(), 2_000 * MS)) {
                if (b.chip.isPowered()) throw new AssertionError("step \"" + s.await() + "\" not reached; output:\n" + b.output());
                return false;
            }
            b.send(s.send());
        }
        return b.chip.isPowered();
    }

    @Test
    void aPowerCutAtTheStartMiddleAndEndOfEveryFlashOperationOfAnUpdateAlwaysLeavesASignedImageBooting() {
        McubootBoard uncut = factoryBoard().powerOn();
        assertThat(runUpdate(uncut)).as("the uncut update completes").isTrue();
        List<NorOperation> ops = uncut.flashOperations();
        assertThat(ops).as("erases and programs of one update").hasSizeGreaterThan(10);

        // Every cut point replays from the factory state on its own board: two at a time.
        record Cut(NorOperation op, double position) {}
        List<Cut> cutPoints = new ArrayList<>();
        for (NorOperation op : ops) for (double p : POSITIONS) cutPoints.add(new Cut(op, p));
        ForkJoinPool pool = new ForkJoinPool(2);
        List<String> outcomes;
        try {
            outcomes = pool.submit(() -> cutPoints.parallelStream().map(c -> cutAndReboot(c.op(), c.position())).toList()).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdown();
        }
        int cuts = outcomes.size();
        long endedOnV1 = outcomes.stream().filter("v1"::equals).count();
        long endedOnV2 = outcomes.stream().filter("v2"::equals).count();
        List<String> failures = outcomes.stream().filter(o -> !o.equals("v1") && !o.equals("v2")).toList();
        Map<String, Long> kinds = new TreeMap<>();
        for (NorOperation op : ops) kinds.merge(op.command(), 1L, Long::sum);
        System.out.printf("direct-XIP power loss: %d cut points (%d flash operations %s x %d positions), %d passed, "
                + "%d ended on v1 (reverted), %d on v2 (completed)%n", cuts, ops.size(), kinds, POSITIONS.length,
                cuts - failures.size(), endedOnV1, endedOnV2);
        assertThat(failures).as("cut points that did not leave a signed image booting").isEmpty();
        assertThat(cuts).isEqualTo(ops.size() * POSITIONS.length);
    }

    /** "v1" or "v2" (what runs at the end), or what went wrong. */
    private static String cutAndReboot(NorOperation op, double position) {
        String where = String.format("cut at %.1f of operation #%d %s at 0x%06x", position, op.index(), op.command(), op.address());
        McubootBoard b = factoryBoard();
        b.chip.armPowerCutDuringOperation(op.index(), position);
        b.powerOn();
        if (runUpdate(b)) return where + ": the cut never happened";
        McubootBoard after = b.powerCycled();
        String failed = afterCut(after);
        if (failed != null) return where + ": " + failed;
        return after.output().contains(V2_RUNS + ", confirmed") ? "v2" : "v1";
    }

    /** Null when the board boots a correctly signed v1 or v2 and the update completes or reverts. */
    private static String afterCut(McubootBoard b) {
        if (!b.await("app: ready", 2_000 * MS)) return "nothing boots: " + b.output();
        String out = b.output();
        if (out.contains("no bootable image")) return "no bootable image";
        if (out.contains(V1_RUNS)) {
            int n = McubootImages.imageLength(V1);
            if (!Arrays.equals(b.flash(SLOT0, n), Arrays.copyOf(V1, n))) return "v1 runs from a slot that is not the signed v1";
            b.send("r");
            if (!b.await(V1_RUNS + ", confirmed", 2_000 * MS)) return "v1 does not boot again after a reset: " + b.output();
            return null;
        }
        if (out.contains(V2_RUNS)) {
            if (!Arrays.equals(b.flash(SLOT1, V2.length), V2)) return "v2 runs from a slot that is not the signed v2";
            if (out.contains(V2_RUNS + ", not confirmed")) {
                b.send("c");
                if (!b.await("app: confirmed", 100 * MS)) return "v2 cannot confirm itself";
                if (!b.await("app: ready", 100 * MS)) return "no prompt after confirming";
            }
            b.send("r");
            if (!b.await(V2_RUNS + ", confirmed", 2_000 * MS)) return "confirmed v2 does not stay: " + b.output();
            return null;
        }
        return "neither v1 nor v2 runs: " + out;
    }
}
