package io.xipkit.firmware;

import io.xipkit.TestBoards;
import static io.xipkit.firmware.H7Firmware.H750;
import static io.xipkit.firmware.McubootBoard.MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.FlashOperation;
import io.xipkit.cpu.Semihosting;
import io.xipkit.cpu.StopReason;
import io.xipkit.devices.nor.NorOperation;
import io.xipkit.tools.campaign.Campaign;
import io.xipkit.tools.campaign.CutPoint;
import io.xipkit.tools.campaign.CutPosition;
import io.xipkit.tools.campaign.CutRecord;
import io.xipkit.tools.campaign.ScenarioParser;
import io.xipkit.tools.image.LoadableImage;
import io.xipkit.tools.run.ConsoleSemihostingHost;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 (b): the self-updating firmware on {@code stm32h750-w25q128} (firmware/stm32h7/selfupdate,
 * docs/XIP-WRITES.md "Updating the image it runs from"). The v1 application executes in place from
 * slot 0 of the W25Q128JV, appends to its boot log and installs the v2 image it embeds into slot 1
 * through an ITCM routine; the boot loader starts the newest valid image of three slots and says
 * why it rejects the others; a power cut at any erase or program of the update leaves v1 or v2 bootable.
 */
class H7SelfUpdateTest {
    private static final long WINDOW = 0x9000_0000L;
    private static final int SLOT_SIZE = 0x20000, HEADER_AREA = 0x400, PAGE = 256;
    private static final int SLOT1 = SLOT_SIZE, SLOT2 = 2 * SLOT_SIZE;
    private static final Path SCENARIO = Path.of("scenarios", "h750-selfupdate.yaml");
    private static final Pattern SUMMARY = Pattern.compile("summary: ([^\n]*)\n");

    /**
     * The slot an image was linked for, as stamp.sh left it in the ELF: header, erased gap, image,
     * up to the size the header gives (the ELF's zero-filled .bss has a load address after it).
     */
    private static byte[] slotImage(String program, long slotBase) {
        byte[] out = new byte[SLOT_SIZE];
        Arrays.fill(out, (byte) 0xFF);
        for (LoadableImage.Segment s : H7Firmware.image(H750, program).segments()) {
            for (int i = 0; i < s.data().length; i++) {
                long a = s.address() + i;
                if (a >= slotBase && a < slotBase + SLOT_SIZE) out[(int) (a - slotBase)] = s.data()[i];
            }
        }
        int size = (out[8] & 0xFF) | (out[9] & 0xFF) << 8 | (out[10] & 0xFF) << 16 | (out[11] & 0xFF) << 24;
        assertThat(size).as("image size in the header of " + program).isBetween(8, SLOT_SIZE - HEADER_AREA);
        return Arrays.copyOf(out, HEADER_AREA + size);
    }

    private static Map<String, String> summary(String output) {
        Matcher m = SUMMARY.matcher(output);
        Map<String, String> out = new LinkedHashMap<>();
        String last = null;
        while (m.find()) last = m.group(1);
        assertThat(last).as("a summary line in:%n%s", output).isNotNull();
        for (String kv : last.split(" ")) {
            String[] p = kv.split("=", 2);
            out.put(p[0], p[1]);
        }
        return out;
    }

    /** Runs until the firmware exits (semihosting) and gives its status. */
    private static int exitStatus(McubootBoard b) {
        b.expect("summary:", 2_000 * MS);
        b.runUntilPowerLoss(50 * MS);
        StopReason stop = b.stopped();
        assertThat(stop).as("semihosting exit after the summary; output:%n%s", b.output()).isInstanceOf(StopReason.Exited.class);
        return ((StopReason.Exited) stop).status();
    }

    /** The board with semihosting served (as {@code xipkit run} does), so the firmware's exit ends the run with its status. */
    private static McubootBoard withExit(McubootBoard b) {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        b.board.core().setSemihosting(new Semihosting(new ConsoleSemihostingHost(new ByteArrayInputStream(new byte[0]), none, none,
                Path.of("").toAbsolutePath(), 0, "selfupdate"), b.board.semihostingHeapInfo()));
        return b;
    }

    private static McubootBoard firstBoot() {
        return withExit(new McubootBoard(H750)).program("selfupdate-boot").program("selfupdate-app").powerOn();
    }

    /** The same flash, powered on again. */
    private static McubootBoard reset(McubootBoard b) {
        return withExit(new McubootBoard(H750, b.memories)).powerOn();
    }

    @Test
    void theV1AppExecutingInPlaceAppendsItsBootLogAndWritesTheV2ImageIntoSlot1ThroughAnItcmRoutine() {
        McubootBoard b = firstBoot();
        assertThat(exitStatus(b)).as(b.output()).isZero();
        String out = b.output();
        assertThat(out).contains("boot: slot 0 at 0x90000000: v1, ", "boot: slot 1 at 0x90020000: rejected: empty (header area erased)",
                "boot: booting slot 0 v1 (the only valid image), VTOR 0x90000400",
                "app: v1 running in slot 0 at 0x90000400 (XIP)",
                "app: boot log at 0x90060000: boot 1 recorded in entry 0, 1 valid entries",
                "app: slot 1 now: v2 valid");
        Map<String, String> s = summary(out);
        assertThat(s).containsEntry("version", "1").containsEntry("slot", "0").containsEntry("boots", "1")
                .containsEntry("data_records", "1").containsEntry("data_ok", "1").containsEntry("update", "written")
                .containsEntry("target_slot", "1").containsEntry("target_was", "empty").containsEntry("installed", "2")
                .containsEntry("faults", "0");

        // Called through a pointer with the Thumb bit, to the routine in ITCM (0x00000000-0x0000FFFF).
        int flashOp = H7Firmware.symbol(H750, "selfupdate-app", "flash_op");
        assertThat(flashOp).isBetween(0x100, 0xFFFF);
        assertThat(Long.decode(s.get("flash_fn"))).isEqualTo((flashOp | 1) & 0xFFFF_FFFFL);

        // Slot 1 holds exactly the v2 image as built for it, written by the application.
        byte[] v2 = slotImage("selfupdate-app-v2", WINDOW + SLOT1);
        assertThat(b.flash(SLOT1, v2.length)).as("slot 1 = the v2 ELF").isEqualTo(v2);
        // W25Q128JV sector erase 20h, page program 02h (datasheet 8.2.17, 8.2.15).
        // One 4 KB erase per sector of the image (the header's first), one page program per page
        // of the image that is not blank, the header (32 bytes) last; one program for the boot log.
        List<NorOperation> ops = b.flashOperations();
        List<NorOperation> erases = ops.stream().filter(o -> o.opcode() == 0x20).toList();
        List<NorOperation> programs = ops.stream().filter(o -> o.opcode() == 0x02).toList();
        assertThat(erases).extracting(NorOperation::address).containsExactly(0x20000L, 0x21000L);
        int pages = 0;
        for (int at = HEADER_AREA; at < v2.length; at += PAGE) {
            boolean blank = true;
            for (int i = at; i < Math.min(v2.length, at + PAGE); i++) blank &= v2[i] == (byte) 0xFF;
            if (!blank) pages++;
        }
        assertThat(programs).hasSize(pages + 2);
        assertThat(programs.get(0).address()).as("boot log entry 0").isEqualTo(0x60000L);
        NorOperation commit = programs.get(programs.size() - 1);
        assertThat(commit.address()).as("the header, last").isEqualTo(SLOT1);
        assertThat(commit.length()).isEqualTo(32);
        assertThat(s).containsEntry("erases", "2").containsEntry("programs", String.valueOf(pages + 2));
        // SysTick kept counting: the time spent with its interrupt held inside flash_op is given
        // back, so the ticks cover at least the erases' and programs' busy time.
        long busyMs = ops.stream().mapToLong(o -> o.endPicos() - o.startPicos()).sum() / MS;
        assertThat(busyMs).isPositive();
        assertThat(Long.parseLong(s.get("ticks"))).isGreaterThanOrEqualTo(busyMs);
    }

    @Test
    void afterAResetTheBootLoaderStartsTheNewestValidImageWhichFindsTheBootLogOfTheOldOne() {
        McubootBoard first = firstBoot();
        assertThat(exitStatus(first)).isZero();
        for (int boot = 2; boot <= 3; boot++) {
            McubootBoard b = reset(first);
            assertThat(exitStatus(b)).as(b.output()).isZero();
            assertThat(b.output()).contains("boot: slot 0 at 0x90000000: v1, ", "boot: slot 1 at 0x90020000: v2, ",
                    "boot: booting slot 1 v2 (newest of 2 valid images), VTOR 0x90020400",
                    "app: v2 running in slot 1 at 0x90020400 (XIP)");
            assertThat(summary(b.output())).containsEntry("version", "2").containsEntry("slot", "1")
                    .containsEntry("boots", String.valueOf(boot)).containsEntry("data_records", String.valueOf(boot))
                    .containsEntry("data_ok", "1").containsEntry("update", "none").containsEntry("faults", "0");
            first = b;
        }
    }

    @Test
    void theBootLoaderSaysWhyItRejectsDamagedOrMisplacedImagesAndStartsTheNewestValidOne() {
        byte[] v2 = slotImage("selfupdate-app-v2", WINDOW + SLOT1);
        byte[] damaged = v2.clone();
        damaged[HEADER_AREA + 0x800] ^= 0x10; // one bit of the code
        McubootBoard b = withExit(new McubootBoard(H750)).program("selfupdate-boot").program("selfupdate-app")
                .programFlash(SLOT1, damaged).programFlash(SLOT2, v2).powerOn();
        assertThat(exitStatus(b)).as(b.output()).isZero();
        assertThat(b.output()).contains(
                "boot: slot 1 at 0x90020000: v2, " + (v2.length - HEADER_AREA) + " bytes: rejected: image CRC mismatch (torn or damaged image): header says 0x",
                "boot: slot 2 at 0x90040000: v2, " + (v2.length - HEADER_AREA)
                        + " bytes: rejected: linked for another slot (vector table at 0x90020400)",
                "boot: booting slot 0 v1 (the only valid image)",
                "app: installing v2 (" + v2.length + " bytes) into slot 1, which holds: image CRC mismatch");
        assertThat(b.flash(SLOT1, v2.length)).as("the application repaired slot 1").isEqualTo(v2);

        // A header whose last program was cut: some of its bits still 1.
        byte[] torn = v2.clone();
        torn[5] = (byte) 0xFF; // the version's second byte, 00 -> FF (not yet programmed)
        McubootBoard t = withExit(new McubootBoard(H750)).program("selfupdate-boot").programFlash(SLOT1, torn).powerOn();
        assertThat(t.await("boot: booting", 200 * MS)).as(t.output()).isFalse();
        assertThat(t.output()).contains("boot: slot 0 at 0x90000000: rejected: empty (header area erased)",
                "boot: slot 1 at 0x90020000: rejected: header CRC mismatch (torn or damaged header)",
                "boot: no valid image in any of the 3 slots: nothing to start");
        assertThat(t.stopped()).isEqualTo(new StopReason.Exited(1));
    }

    @Test
    void aPowerCutAtTheStartMiddleOrEndOfEveryEraseAndProgramOfTheUpdateLeavesTheOldOrTheNewImageBootable() throws Exception {
        Campaign campaign = new Campaign(ScenarioParser.load(SCENARIO, Path.of("")), SCENARIO.toString(), TestBoards.translation());
        List<CutPoint> cuts = campaign.cutPoints();
        List<FlashOperation> ops = cuts.stream().map(CutPoint::op).distinct().toList();
        long erases = ops.stream().filter(o -> o.kind() == FlashOperation.Kind.ERASE).count();
        long programs = ops.stream().filter(o -> o.kind() == FlashOperation.Kind.PROGRAM).count();
        FlashOperation log = ops.get(0);
        FlashOperation commit = ops.get(ops.size() - 1);
        assertThat(log.kind()).isEqualTo(FlashOperation.Kind.PROGRAM);
        assertThat(log.address()).as("the boot log entry, first").isEqualTo(0x60000L);
        assertThat(commit.kind()).isEqualTo(FlashOperation.Kind.PROGRAM);
        assertThat(commit.address()).as("the header of slot 1, last").isEqualTo(SLOT1);
        assertThat(erases).isEqualTo(2);
        assertThat(ops.get(1).kind()).as("then slot 1's header sector, which holds v0's header").isEqualTo(FlashOperation.Kind.ERASE);
        assertThat(ops.get(1).address()).isEqualTo(SLOT1);
        assertThat(cuts).hasSize(3 * ops.size());

        // The forward run on this thread, the reboots on the common pool (the other cores).
        ForkJoinPool pool = ForkJoinPool.commonPool();
        List<CutRecord> records = new ArrayList<>();
        for (Future<CutRecord> f : campaign.sweep(cuts, pool, pool.getParallelism() + 1)) records.add(f.get());
        int oldBooted = 0, newBooted = 0, tornHeaders = 0;
        FlashOperation headerErase = ops.get(1);
        for (int i = 0; i < cuts.size(); i++) {
            CutPoint cut = cuts.get(i);
            CutRecord r = records.get(i);
            String where = "cut " + cut.id() + " (" + cut.position() + " of " + cut.op().kind() + " at 0x"
                    + Long.toHexString(cut.op().address()) + ")";
            assertThat(r.survived()).as(where + ": " + r.failedCheck() + "\n" + r.consoleTail()).isTrue();
            Map<String, String> s = summary(r.consoleTail());
            // The v2 header is complete only once its program ended: until then slot 1 holds the
            // older v0 (before its header sector's erase began), or nothing valid (a part-erased
            // or torn header, an image not yet complete): v1, the newest valid, runs again and
            // installs v2 anew.
            boolean committed = cut.op() == commit && cut.position() == CutPosition.END;
            if (committed) {
                assertThat(s).as(where).containsEntry("version", "2").containsEntry("slot", "1").containsEntry("update", "none");
                newBooted++;
            } else {
                assertThat(s).as(where).containsEntry("version", "1").containsEntry("slot", "0")
                        .containsEntry("update", "written").containsEntry("installed", "2");
                // What v1 found in slot 1: v0 until the erase of its header sector began; a
                // part-erased v0 header or a torn v2 header (bits between old and new) fails its
                // check; else the header area is erased.
                String was = s.get("target_was");
                if (cut.op() == log || cut.op() == headerErase && cut.position() == CutPosition.START) {
                    assertThat(was).as(where).isEqualTo("valid");
                } else if ((cut.op() == headerErase || cut.op() == commit) && cut.position() == CutPosition.MIDDLE) {
                    assertThat(was).as(where).isIn("bad-magic", "bad-header-crc");
                    tornHeaders++;
                } else {
                    assertThat(was).as(where).isEqualTo("empty");
                }
                oldBooted++;
            }
            // The boot log keeps the first boot's entry once its program ended.
            int boots = cut.op() == log && cut.position() != CutPosition.END ? 1 : 2;
            assertThat(s).as(where).containsEntry("boots", String.valueOf(boots)).containsEntry("data_records", String.valueOf(boots));
        }
        System.out.println("self-update power-cut test: " + records.size() + " cut points tried (" + erases + " sector erases, "
                + programs + " page programs, start/middle/end of each): " + oldBooted + " rebooted into v1, which installed v2 again, "
                + newBooted + " into v2; " + tornHeaders + " torn headers rejected");
    }
}
