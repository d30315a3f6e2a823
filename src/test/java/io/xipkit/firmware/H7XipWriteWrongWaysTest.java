package io.xipkit.firmware;

import io.xipkit.TestBoards;
import static io.xipkit.firmware.H7Firmware.H757;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.TimingMode;
import io.xipkit.firmware.H7Firmware.Run;
import io.xipkit.tools.run.RunRequest;
import io.xipkit.tools.run.RunResult;
import io.xipkit.tools.run.Runner;
import io.xipkit.tools.run.WarningsMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 (5): the xipwrite application with one step of the write sequence skipped (one build
 * each, firmware/stm32h7/xipwrite/wrongway.h) on {@code stm32h757-mt25tl01g}, and what xipkit says
 * about it. The diagnosis comes from the models: the QUADSPI mode log (mode, since when, set by
 * which instruction) and the window's refused accesses for the faults, the D-cache's lines older
 * than the flash, the dies' command decoders; the tools only name the addresses.
 * docs/XIP-WRITES.md cites each test.
 */
class H7XipWriteWrongWaysTest {
    private static final String HEX = "0x[0-9a-f]+";
    private static final String MS = "\\d+\\.\\d{3} ms";

    @Test
    void withoutMutexAndSchedulerLockAThreadFetchesItsCodeFromTheWindowWhileQuadspiPollsTheDies() {
        Run run = run("nolocks");
        assertThat(run.stderr()).as(run.describe()).contains("fault handler spins");
        // The thread that ran while the writer slept fetched its next instruction from the window.
        assertThat(causes(run)).as(run.describe()).singleElement().asString().matches(
                "cause: instruction fetch from 0x9[0-9a-f]{7} \\((reader|ui)(\\+" + HEX + ")?\\) while QUADSPI was in"
                        + " automatic-polling mode since " + MS + " \\(set by poll_asleep\\.constprop\\.0\\+" + HEX
                        + " in ITCM\\): BusFault → HardFault");
        assertThat(run.stderr()).as(run.describe()).contains("CFSR 0x00000100: IBUSERR: bus error on instruction fetch",
                "HFSR 0x40000000: FORCED");
    }

    @Test
    void writeRoutineInTheWindowReopensMemoryMappedModeAfterAbortAndTheNextCommandWaitsForEver() {
        Run run = run("inxip");
        // RM0433 23.3.7: after ABORT with FMODE still memory-mapped, the routine's next fetch starts a
        // memory-mapped read again; BUSY stays 1 (no timeout), and qspi_command waits for BUSY = 0.
        assertThat(run.stderr()).as(run.describe()).contains("time limit reached");
        assertThat(warningRows(run)).as(run.describe()).singleElement().asString().matches(
                "\\s+1\\s+\\S+\\s+QUADSPI\\s+0x9[0-9a-f]{7} locked_operation\\+" + HEX + "\\s+window read at 0x9[0-9a-f]{7}"
                        + " after ABORT \\(at " + MS + "\\) reopened memory-mapped mode \\(CCR.FMODE still 11\\): BUSY stays 1"
                        + " with CR.TCEN = 0, so the next indirect command waits for ever");
        assertThat(run.firmwareLines()).as(run.describe()).noneMatch(l -> l.startsWith("summary:"));
    }

    @Test
    void interruptLeftEnabledDuringTheWriteFaultsFetchingItsHandlerFromTheWindow() {
        Run run = run("unmasked");
        int handler = H7Firmware.symbol(H757, "xipwrite-wrong-unmasked", "Default_Handler") & ~1;
        // The QUADSPI status-match interrupt (IRQ 92) is taken; its handler is the default one, in the
        // window (startup.S names it under every weak alias of Default_Handler: any of them may be shown).
        assertThat(causes(run)).as(run.describe()).singleElement().asString().matches(
                "cause: instruction fetch from " + String.format("0x%08x", handler) + " \\(\\w+_Handler\\) in the IRQ 92"
                        + " handler while QUADSPI was in automatic-polling mode since " + MS + " \\(set by poll_asleep\\S*\\+"
                        + HEX + " in ITCM\\): BusFault → HardFault");
    }

    @Test
    void withoutDcacheInvalidationTheStoreReadsBackTheLineCachedBeforeTheProgram() {
        Run run = run("noinvalidate");
        assertThat(run.firmwareLines()).as(run.describe()).contains("summary: writes=8 faults=0 asset_errors=0 store_ok=0");
        assertThat(run.firmwareLines()).as(run.describe()).anyMatch(l -> l.matches("app: 8 writes in \\d+ ticks, 8 flash"
                + " operations, write errors [1-9]\\d*"));
        assertThat(warningRows(run)).as(run.describe()).singleElement().asString().matches(
                "\\s+\\d+\\s+\\S+\\s+Cortex-M7 D-cache\\s+0x9[0-9a-f]{7} xip_flash_read\\+" + HEX + "\\s+D-cache line 0x90100000"
                        + " held data older than the last program or erase of that address \\(at " + MS + "\\): the read"
                        + " returned the old bytes \\(no DCIMVAC after the write\\)");
    }

    @Test
    void writePathCalledThroughAPointerWithoutTheThumbBitIsAnInvstateUsageFault() {
        Run run = run("nothumb");
        int target = H7Firmware.symbol(H757, "xipwrite-wrong-nothumb", "locked_operation") & ~1;
        assertThat(causes(run)).as(run.describe()).singleElement().asString().matches(
                "cause: execution at " + String.format("0x%08x", target) + " \\(locked_operation in ITCM\\) with EPSR.T = 0:"
                        + " the branch there had bit 0 of its target address clear, return address 0x9[0-9a-f]{7}"
                        + " xip_flash_(program|erase)\\+" + HEX + ": INVSTATE UsageFault → HardFault");
        assertThat(run.stderr()).as(run.describe()).contains("INVSTATE: invalid state");
    }

    @Test
    void reenteringMemoryMappedModeInStrGarblesTheDtrReadOnBothDies() {
        Run run = run("strreentry");
        // Both dies take EDh with address and data on both edges; clocked in STR they ignore it and
        // the lines read as the board's pull-downs: every read after the first write is garbage.
        List<String> rows = warningRows(run);
        for (String die : List.of("qspi-flash1", "qspi-flash2")) {
            assertThat(rows).as(run.describe()).anyMatch(r -> r.matches("\\s+\\d+\\s+\\S+\\s+" + die + " MT25QL512ABB\\s+"
                    + "0x9[0-9a-f]{7} \\S+\\s+DTR QUAD INPUT/OUTPUT FAST READ \\(EDh\\) expects address/mode at DTR rate,"
                    + " got STR: command garbled, ignored"));
        }
        assertThat(run.firmwareLines()).as(run.describe()).noneMatch(l -> l.startsWith("summary:"));
    }

    @Test
    void pollingTheFirstDieOnlyReadsTheSecondWhileItIsStillBusy() {
        // Two dies take different times for the same program (die 2 at its datasheet maximum here,
        // die 1 typical): the firmware polls die 1's WIP only and reads the window while die 2 works.
        Run run = runWithDie2AtMaximumTiming("wiponedie");
        List<String> rows = warningRows(run);
        assertThat(rows).as(run.describe()).anyMatch(r -> r.matches("\\s+\\d+\\s+\\S+\\s+qspi-flash2 MT25QL512ABB\\s+0x9[0-9a-f]{7}"
                + " \\S+\\s+instruction EDh while busy \\(until \\d+ ps\\): ignored"));
        assertThat(rows).as(run.describe()).noneMatch(r -> r.contains("qspi-flash1"));
        // The window's code reads are garbled too (die 2's bytes read as pull-downs): the run does not
        // get to its summary.
        assertThat(run.firmwareLines()).as(run.describe()).noneMatch(l -> l.startsWith("summary:"));
    }

    @Test
    void pollingTheFirstDieOnlyGoesUnnoticedWhileBothDiesTakeTheTypicalTime() {
        // The same build with both dies at their typical times: they finish together and nothing
        // shows — why the test above sets die 2 to its maximum.
        Run run = run("wiponedie");
        assertThat(run.firmwareLines()).as(run.describe()).contains("summary: writes=8 faults=0 asset_errors=0 store_ok=1");
        assertThat(warningRows(run)).as(run.describe()).isEmpty();
    }

    private static Run run(String wrongWay) {
        return H7Firmware.run(H757, List.of("--events", "off", "--max-time", "1"), Duration.ofSeconds(600),
                H7Firmware.elf(H757, "xipwrite-boot"), H7Firmware.elf(H757, "xipwrite-wrong-" + wrongWay));
    }

    /** The run as {@link #run}, with die 2 set to its maximum program/erase times before reset. */
    private static Run runWithDie2AtMaximumTiming(String wrongWay) {
        return assertTimeoutPreemptively(Duration.ofSeconds(600), () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            RunResult result;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                Runner runner = new Runner(new ByteArrayInputStream(new byte[0]), o, e, Path.of("."))
                        .events(io.xipkit.tools.run.EventsMode.OFF).warnings(WarningsMode.SUMMARY)
                        .translation(TestBoards.translation());
                RunRequest request = new RunRequest(H757, List.of(H7Firmware.elf(H757, "xipwrite-boot"),
                        H7Firmware.elf(H757, "xipwrite-wrong-" + wrongWay)), OptionalLong.empty(), 400_000_000L,
                        1_000_000_000_000L, false, "xipwrite");
                result = runner.run(request, (board, maxInstructions, maxPicos) -> {
                    board.model("qspi-flash2", NorChip.class).setTimingMode(TimingMode.MAXIMUM);
                    return board.core().run(maxInstructions, maxPicos);
                });
                if (result.faultReport() != null) e.println("xipkit: " + result.faultReport());
                if (result.hitLimit()) e.println("xipkit: limit reached");
            }
            return new Run(result.exitStatus().orElse(-1), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        });
    }

    private static List<String> causes(Run run) {
        return run.stderr().lines().filter(l -> l.startsWith("cause: ")).toList();
    }

    /** The rows of the model-warning summary (after its heading and column titles). */
    private static List<String> warningRows(Run run) {
        List<String> lines = run.stderr().lines().toList();
        int heading = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith("xipkit: model warnings")) heading = i;
        if (heading < 0) return List.of();
        return lines.subList(heading + 2, lines.size()).stream().takeWhile(l -> l.startsWith("  ")).toList();
    }
}
