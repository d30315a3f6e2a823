package io.xipkit.docs;

import static io.xipkit.cli.MainTest.xipkit;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.MainTest;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command a user can copy from README.md's code blocks or from a {@code --help} text is
 * either run here or mirrored by a named test, so a documented command that stops working fails
 * the build.
 *
 * <p><b>How it works.</b> {@link #documentedCommands()} extracts the commands: each line of a
 * README code block (a {@code \}-continued line joined to the next; blank lines, {@code #} comment
 * and output lines skipped; a {@code ```gdb} block as one entry keyed by its first line), and the
 * commands in the help texts ("Connect with: ..." lines). {@link #COVERAGE} maps each command, as
 * written (whitespace folded, a trailing {@code # comment} dropped), to how it is covered:
 * {@code RUN}, executed by {@link #theCommandsThisTestRunsWorkAsDocumented} (with a virtual-time
 * limit where the firmware never exits), or {@code mirrored("Class#method")}, a test that runs the
 * same command (checked to exist). A README line added without an entry fails
 * {@link #everyDocumentedCommandIsRunOrMirrored} with its line number: add it to COVERAGE.
 */
class ReadmeCommandsTest {
    private static final Path README = Path.of("README.md");
    private static final String RUN = "run here";

    private static String mirrored(String testMethod) {
        return testMethod;
    }

    /** Command as documented → {@link #RUN}, or the test method ("package.Class#method") that runs it. */
    static final Map<String, String> COVERAGE = new LinkedHashMap<>();

    static {
        COVERAGE.put("./xipkit demo", RUN);
        COVERAGE.put("./test", mirrored("io.xipkit.TestScriptTest#withEveryPackageInstalledTheSetUpPassesQuietly"));
        COVERAGE.put("./xipkit boards", RUN);
        COVERAGE.put("./xipkit chips", RUN);
        COVERAGE.put("./xipkit run --board generic-m7 firmware/elf/examples/generic-m7-hello.elf", RUN);
        COVERAGE.put("./xipkit run --board generic-m7 --max-instructions 100000000 --max-time 2.5 firmware/elf/generic-m7/int_arith-O2.elf", RUN);
        COVERAGE.put("./xipkit run --board nucleo-l476rg --address 0x08000000 firmware/elf/nucleo-l476rg/app-v1.bin", RUN);
        COVERAGE.put("./xipkit run --board generic-m7 --trace firmware/elf/examples/generic-m7-hello.elf 2> trace.txt", RUN);
        COVERAGE.put("./xipkit run --board stm32h750-w25q128 firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf firmware/elf/stm32h7/stm32h750-w25q128-app.elf", RUN);
        COVERAGE.put("./xipkit run --board nucleo-l476rg --state st/ firmware/elf/nucleo-l476rg/app-v1.elf", RUN);
        COVERAGE.put("./xipkit run --board nucleo-l476rg --state st/", RUN);
        COVERAGE.put("./xipkit run --board nucleo-l476rg --console-port 4000 firmware/elf/nucleo-l476rg/app-v1.elf",
                mirrored("io.xipkit.tools.run.TcpConsoleTest#consoleOnATcpPortCarriesBothDirections"));
        COVERAGE.put("./xipkit run --board nucleo-l476rg --events=all --verbose firmware/elf/nucleo-l476rg/app-v1.elf", RUN);
        COVERAGE.put("./xipkit bench --qemu", mirrored("io.xipkit.cli.BenchLimitsTest#qemuNeedsAProgramThatExits"));
        COVERAGE.put("./xipkit bench --board nucleo-l476rg --max-time 1 firmware/elf/nucleo-l476rg/app-v1.elf",
                mirrored("io.xipkit.cli.BenchLimitsTest#timeLimitEndsEachRun"));
        COVERAGE.put("./xipkit chips W25Q128JV", RUN);
        COVERAGE.put("./xipkit image sign --key k.pem --version 1.2.3+4 --header-size 0x200 --pad-header --slot-size 0x100000 --confirm app.bin app-signed.bin",
                mirrored("io.xipkit.cli.ImageCommandTest#ecdsaKeygenSignVerifyGetpubRoundTripAndTampering"));
        COVERAGE.put("./xipkit image verify --key k.pem app-signed.bin",
                mirrored("io.xipkit.cli.ImageCommandTest#verifyAcceptsTheImageAndPrintsWhatImgtoolPrints"));
        COVERAGE.put("./xipkit campaign scenarios/l476-dual-bank-update.yaml --json r.json",
                mirrored("io.xipkit.cli.CampaignCommandTest#shardResultsMergeIntoTheWholeCampaignsResult"));
        COVERAGE.put("./xipkit report --campaign r.json -o report.html",
                mirrored("io.xipkit.cli.ReportCommandTest#writesAnHtmlPageFromACampaignsResults"));
        COVERAGE.put("make -C firmware/examples", RUN);
        COVERAGE.put("./xipkit run --board nucleo-l476rg firmware/elf/examples/nucleo-l476rg-hello.elf", RUN);
        COVERAGE.put("./xipkit run --board stm32h743-w25q128 firmware/elf/examples/stm32h743-w25q128-hello.elf", RUN);
        String gdbSession = mirrored("io.xipkit.cli.GdbMultiarchBoardsTest#h750LoadsBootloaderAndXipAppBreaksInQspiCodeWatchesRamAndTheStateBoots");
        for (String c : List.of("./xipkit gdb --board stm32h750-w25q128 --port 3333 --state st/",
                "gdb-multiarch firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf -ex 'target extended-remote :3333' -ex 'load firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf' -ex 'load firmware/elf/stm32h7/stm32h750-w25q128-app.elf' -ex 'add-symbol-file firmware/elf/stm32h7/stm32h750-w25q128-app.elf' -ex 'monitor reset halt'",
                "(gdb) watch *(unsigned char *)&quad_status", "(gdb) continue", "(gdb) delete", "(gdb) break *0x90000420",
                "(gdb) bt", "(gdb) x/8wx 0x90000000", "(gdb) info registers", "(gdb) kill", "(gdb) monitor quit",
                "./xipkit run --board stm32h750-w25q128 --state st/")) {
            COVERAGE.put(c, gdbSession);
        }
        COVERAGE.put("./xipkit flash --board stm32h750-w25q128 --state st/ firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf firmware/elf/stm32h7/stm32h750-w25q128-app.elf",
                mirrored("io.xipkit.cli.FlashCommandTest#bootloaderAndAppFlashedThroughTheReferenceAlgorithmsBootFromTheStateDirectory"));
        COVERAGE.put("./xipkit flash --board stm32h750-w25q128 --state st/ --algorithm my.FLM data.bin@0x90100000",
                mirrored("io.xipkit.cli.FlashCommandTest#aFailingAlgorithmExitsThreeAndNeverLeavesTheNewImageAsIfItHadWorked"));
        COVERAGE.put("./xipkit flash --board stm32h757-mt25tl01g --state st/ --algorithm target.yaml#mt25tl01g app.hex", RUN);
        COVERAGE.put("gdb script: set pagination off", mirrored(
                "io.xipkit.cli.GdbMultiarchBoardsTest#h750LoadsBootloaderAndXipAppBreaksInQspiCodeWatchesRamAndTheStateBoots"));
        COVERAGE.put("./xipkit algo info my.FLM", mirrored("io.xipkit.cli.AlgoCommandTest#infoShowsFormatDeviceSectorsFunctionsAndRamFootprint"));
        COVERAGE.put("./xipkit algo convert my.FLM --to probe-rs > a.yaml", mirrored("io.xipkit.cli.AlgoCommandTest#convertedYamlReadsBackToTheSameInfo"));
        COVERAGE.put("./xipkit algo convert my.FLM --to probe-rs --board stm32h750-w25q128 > t.yaml",
                mirrored("io.xipkit.cli.AlgoCommandTest#convertWithABoardWritesATargetDescriptionThatAlgoReadsBack"));
        COVERAGE.put("./xipkit algo test --board stm32h750-w25q128 my.FLM", mirrored("io.xipkit.cli.FlashCommandTest#algoTestRunsTheSelfTestOnTheBoard"));
        COVERAGE.put("./xipkit bench --no-jit firmware/elf/generic-m7/bench-coremark.elf",
                mirrored("io.xipkit.cli.JitOptionTest#benchWithJitCountsTheSameInstructions"));
        COVERAGE.put("./xipkit run --board stm32h750-w25q128 --max-time 0.3 --report run.html firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf firmware/elf/stm32h7/stm32h750-w25q128-flash_loop.elf",
                mirrored("io.xipkit.cli.ReportCommandTest#runReportDrawsTheControllerModesChipOperationsAndFlashMap"));
        COVERAGE.put("./xipkit report --state st/ --board nucleo-l476rg firmware/elf/nucleo-l476rg/app-v1.elf -o flash.html",
                mirrored("io.xipkit.cli.ReportCommandTest#stateReportShowsWhatTheDirectoryHoldsWithTheSectionsOfTheGivenPrograms"));
        COVERAGE.put("./xipkit run --board stm32h750-w25q128 firmware/elf/stm32h7/stm32h750-w25q128-pitfall_wrong_protocol.elf",
                mirrored("io.xipkit.cli.RunWarningsTest#aCommandInTheWrongProtocolEndsTheRunWithTheWarningSummary"));
        COVERAGE.put("gdb-multiarch firmware/elf/stm32h7/stm32h750-w25q128-app_debug.elf -ex 'target extended-remote :3333' -ex 'directory firmware/stm32h7' -ex 'load firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf' -ex 'load firmware/elf/stm32h7/stm32h750-w25q128-app_debug.elf' -ex 'monitor reset halt' -ex 'break checksum' -ex 'continue'",
                mirrored("io.xipkit.cli.GdbMultiarchBoardsTest#h750DebugBuildShowsBacktraceLocalsAndStepsNextsFinishesInXipCode"));
        COVERAGE.put("(gdb) next",
                mirrored("io.xipkit.cli.GdbMultiarchBoardsTest#h750DebugBuildShowsBacktraceLocalsAndStepsNextsFinishesInXipCode"));
        COVERAGE.put("(gdb) info locals",
                mirrored("io.xipkit.cli.GdbMultiarchBoardsTest#h750DebugBuildShowsBacktraceLocalsAndStepsNextsFinishesInXipCode"));
        COVERAGE.put("(gdb) finish",
                mirrored("io.xipkit.cli.GdbMultiarchBoardsTest#h750DebugBuildShowsBacktraceLocalsAndStepsNextsFinishesInXipCode"));
        COVERAGE.put("./xipkit gdb --board stm32h750-w25q128 --state st/ --port 3333 &",
                mirrored("io.xipkit.cli.FlashOverGdbTest#flashingThroughXipkitGdbLeavesTheSameFlashAsFlashingInProcess"));
        COVERAGE.put("./xipkit flash --board stm32h750-w25q128 --gdb 127.0.0.1:3333 --algorithm my.FLM data.bin@0x90000000",
                mirrored("io.xipkit.cli.FlashOverGdbTest#flashingThroughXipkitGdbLeavesTheSameFlashAsFlashingInProcess"));
        COVERAGE.put("./xipkit algo convert my.stldr --to probe-rs > b.yaml",
                mirrored("io.xipkit.cli.AlgoCommandTest#anStldrConvertsToAProbeRsEntryWithCmsisShimsAtItsLinkAddress"));
        COVERAGE.put("./xipkit run --board stm32h750-w25q128 --state st --jtag-port 9000 &",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#openocdProgramsAndVerifiesTheH750BootloaderIntoInternalFlash"));
        COVERAGE.put("openocd -c \"adapter driver remote_bitbang; remote_bitbang host 127.0.0.1; remote_bitbang port 9000\" -f target/stm32h7x.cfg -c init -c \"reset halt\" -c \"program firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf verify\" -c \"reset run\" -c shutdown",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#openocdProgramsAndVerifiesTheH750BootloaderIntoInternalFlash"));
        COVERAGE.put("openocd -c \"adapter driver remote_bitbang; remote_bitbang host 127.0.0.1; remote_bitbang port 9000\" -c \"gdb_port disabled; telnet_port disabled; tcl_port disabled\" -c \"set QUADSPI 1\" -f target/stm32h7x.cfg -c init -c \"reset halt\" -c \"mmw 0x580244D4 0x00004000 0; mww 0x52005000 0x01400010; mww 0x52005004 0x00170100\" -c \"mmw 0x52005000 0x00000001 0; mww 0x52005014 0x0D002503\" -c \"flash probe 1\" -c \"flash write_image erase firmware/elf/stm32h7/stm32h750-w25q128-app.elf\" -c \"verify_image firmware/elf/stm32h7/stm32h750-w25q128-app.elf\" -c \"reset run\" -c shutdown",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#openocdStmqspiProbesTheW25q128WritesVerifiesAndTheBoardBootsTheApp"));
        COVERAGE.put("head -c 1048576 /dev/urandom > big.bin",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#openocdStmqspiFindsBothMt25tl01gDiesInDualFlashModeAndWritesAndVerifies1MiB"));
        COVERAGE.put("./xipkit run --board stm32h757-mt25tl01g --state st7 --jtag-port 9002 &",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#openocdStmqspiFindsBothMt25tl01gDiesInDualFlashModeAndWritesAndVerifies1MiB"));
        COVERAGE.put("openocd -c \"adapter driver remote_bitbang; remote_bitbang host 127.0.0.1; remote_bitbang port 9002\" -c \"set QUADSPI 1\" -f target/stm32h7x_dual_bank.cfg -f board/stm32h7x_dual_qspi.cfg -c init -c \"reset halt\" -c \"qspi_init 1\" -c \"flash probe 2\" -c \"flash write_image erase big.bin 0x90000000\" -c \"verify_image big.bin 0x90000000\" -c shutdown",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#openocdStmqspiFindsBothMt25tl01gDiesInDualFlashModeAndWritesAndVerifies1MiB"));
        COVERAGE.put("./xipkit run --board nucleo-l476rg --state st4 --jtag-port 9001 &",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#openocdProgramsBothL476BanksSetsBfb2AndTheBoardBootsFromBank2"));
        COVERAGE.put("openocd -c \"adapter driver remote_bitbang; remote_bitbang host 127.0.0.1; remote_bitbang port 9001\" -f target/stm32l4x.cfg -c init -c \"reset halt\" -c \"program firmware/elf/nucleo-l476rg/app-v1.elf verify\" -c \"flash write_image erase firmware/elf/nucleo-l476rg/app-v2.elf 0x80000 elf\" -c \"stm32l4x option_write 0 0x20 0x00100000 0x00100000\" -c \"stm32l4x option_load 0\" -c \"reset run\" -c shutdown",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#openocdProgramsBothL476BanksSetsBfb2AndTheBoardBootsFromBank2"));
        COVERAGE.put("./xipkit run --board nucleo-l476rg --state st5 --jtag-port 9003 &",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#gdbMultiarchLoadsBreaksAndContinuesThroughOpenocdsOwnGdbServer"));
        COVERAGE.put("openocd -c \"adapter driver remote_bitbang; remote_bitbang host 127.0.0.1; remote_bitbang port 9003\" -c \"gdb_port 3333; telnet_port disabled; tcl_port disabled\" -f target/stm32l4x.cfg -c init -c \"reset halt\" &",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#gdbMultiarchLoadsBreaksAndContinuesThroughOpenocdsOwnGdbServer"));
        COVERAGE.put("gdb-multiarch -batch -ex \"target extended-remote 127.0.0.1:3333\" -ex \"monitor reset halt\" -ex load -ex \"break main\" -ex continue -ex \"monitor resume\" -ex \"monitor shutdown\" firmware/elf/nucleo-l476rg/app-v1.elf",
                mirrored("io.xipkit.cli.OpenOcdJtagTest#gdbMultiarchLoadsBreaksAndContinuesThroughOpenocdsOwnGdbServer"));
        // --help texts
        COVERAGE.put("gdb-multiarch -ex 'target extended-remote :3333' app.elf",
                mirrored("io.xipkit.cli.GdbMultiarchGenericM7Test#breakAtExitReadsTheRunningTotalAndContinuesToTheExitStatus"));
    }

    /** A documented command and where it is documented. */
    record Documented(String command, String where) {}

    private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("\\s+#\\s.*$");

    static String fold(String line) {
        return TRAILING_COMMENT.matcher(line).replaceAll("").trim().replaceAll("\\s+", " ");
    }

    static List<Documented> readmeCommands(List<String> lines) {
        List<Documented> out = new ArrayList<>();
        String lang = null;
        boolean blockTaken = false;
        StringBuilder pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                lang = lang == null ? fence.group(1) : null;
                blockTaken = false;
                continue;
            }
            if (lang == null) continue;
            String where = "README.md:" + (i + 1);
            if (lang.equals("gdb")) { // a gdb script: one entry, its first line
                if (!blockTaken) out.add(new Documented("gdb script: " + line.trim(), where));
                blockTaken = true;
                continue;
            }
            String t = line.trim();
            if (pending == null && (t.isEmpty() || t.startsWith("#"))) continue;
            if (pending == null) {
                pending = new StringBuilder();
                pendingLine = i + 1;
            }
            boolean continued = t.endsWith("\\");
            pending.append(continued ? t.substring(0, t.length() - 1) : fold(t)).append(' ');
            if (!continued) {
                out.add(new Documented(fold(pending.toString()), "README.md:" + pendingLine));
                pending = null;
            }
        }
        return out;
    }

    /** "Connect with: ..." (and "Example: ...") lines of every command's --help. */
    static List<Documented> helpCommands() {
        List<Documented> out = new ArrayList<>();
        for (String cmd : List.of("run", "gdb", "flash", "bench", "image", "campaign", "report", "algo", "boards", "chips", "demo")) {
            MainTest.Outcome help = xipkit(cmd, "--help");
            for (String line : help.out().split("\n")) {
                Matcher m = Pattern.compile("(?:Connect with|Examples?):\\s*(.+)").matcher(line);
                if (m.find()) out.add(new Documented(fold(m.group(1)), "xipkit " + cmd + " --help"));
            }
        }
        return out;
    }

    static List<Documented> documentedCommands() throws IOException {
        List<Documented> all = new ArrayList<>(readmeCommands(Files.readAllLines(README)));
        all.addAll(helpCommands());
        return all;
    }

    @Test
    void everyDocumentedCommandIsRunOrMirrored() throws IOException {
        List<String> uncovered = new ArrayList<>();
        for (Documented d : documentedCommands()) {
            if (!COVERAGE.containsKey(d.command())) {
                uncovered.add(d.where() + ": `" + d.command() + "`");
            }
        }
        assertThat(uncovered).as("documented commands neither run nor mirrored by a test: add each to"
                + " ReadmeCommandsTest.COVERAGE (RUN, or mirrored(\"Class#method\") of a test that runs it)").isEmpty();
    }

    @Test
    void everyCoverageEntryIsStillDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (Documented d : documentedCommands()) documented.add(d.command());
        assertThat(new TreeSet<>(COVERAGE.keySet())).as("entries for commands no longer documented").isSubsetOf(documented);
    }

    @Test
    void everyMirroringTestExists() throws Exception {
        for (Map.Entry<String, String> e : COVERAGE.entrySet()) {
            if (e.getValue().equals(RUN)) continue;
            String[] parts = e.getValue().split("#");
            Class<?> c = Class.forName(parts[0]);
            Method m = null;
            for (Method candidate : c.getDeclaredMethods()) if (candidate.getName().equals(parts[1])) m = candidate;
            assertThat(m).as("%s, mirrored by %s", e.getKey(), e.getValue()).isNotNull();
            assertThat(m.isAnnotationPresent(Test.class)).as("%s is a @Test", e.getValue()).isTrue();
        }
    }

    @TempDir
    Path dir;

    /** The command's xipkit arguments (after "./xipkit"), with {@code st/} in a temporary directory. */
    private String[] args(String command, String... extra) {
        List<String> a = new ArrayList<>();
        for (String w : command.replaceFirst("^\\./xipkit ", "").split(" ")) {
            if (w.equals("2>") || w.equals("trace.txt")) continue; // the shell's redirection: the test reads stderr itself
            a.add(w.equals("st/") ? dir.resolve("st").toString() + "/" : w);
        }
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    /** Runs a RUN entry; {@code extra} adds a virtual-time limit to firmware that never exits. */
    private MainTest.Outcome run(String command, int status, String... extra) {
        assertThat(COVERAGE.get(command)).as(command).isEqualTo(RUN);
        MainTest.Outcome o = xipkit(args(command, extra));
        assertThat(o.status()).as("exit status of %s%nstderr: %s", command, o.err()).isEqualTo(status);
        return o;
    }

    /** One Intel HEX record (type, address, data) with its checksum. */
    private static String hexRecord(int type, int address, byte[] data) {
        StringBuilder r = new StringBuilder(String.format(":%02X%04X%02X", data.length, address, type));
        int sum = data.length + (address >> 8) + (address & 0xFF) + type;
        for (byte b : data) {
            r.append(String.format("%02X", b & 0xFF));
            sum += b & 0xFF;
        }
        return r.append(String.format("%02X", (-sum) & 0xFF)).append('\n').toString();
    }

    @Test
    void theCommandsThisTestRunsWorkAsDocumented() throws Exception {
        assertThat(run("./xipkit boards", 0).out()).contains("generic-m7", "nucleo-l476rg", "stm32h750-w25q128");
        assertThat(run("./xipkit chips", 0).out()).contains("W25Q128JV", "MT25TL01G");
        assertThat(run("./xipkit chips W25Q128JV", 0).out()).contains("W25Q128JV");
        String hello = "./xipkit run --board generic-m7 firmware/elf/examples/generic-m7-hello.elf";
        MainTest.Outcome h = run(hello, 0);
        assertThat(h.out()).containsIgnoringCase("hello");
        assertThat(run("./xipkit run --board generic-m7 --trace firmware/elf/examples/generic-m7-hello.elf 2> trace.txt", 0).err())
                .contains("0x");
        // Exit status 11: the program's own (its result, the same under QEMU: QemuDifferentialTest).
        run("./xipkit run --board generic-m7 --max-instructions 100000000 --max-time 2.5 firmware/elf/generic-m7/int_arith-O2.elf", 11);
        // Firmware that never exits: a virtual-time limit ends the run (exit 4), after it has talked.
        assertThat(run("./xipkit run --board nucleo-l476rg --address 0x08000000 firmware/elf/nucleo-l476rg/app-v1.bin", 4,
                "--max-time", "0.2").out()).contains("app v1 running from bank 1");
        run("./xipkit run --board stm32h750-w25q128 firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf"
                + " firmware/elf/stm32h7/stm32h750-w25q128-app.elf", 0);
        assertThat(run("./xipkit run --board nucleo-l476rg --state st/ firmware/elf/nucleo-l476rg/app-v1.elf", 4,
                "--max-time", "0.2").out()).contains("app v1 running from bank 1");
        assertThat(run("./xipkit run --board nucleo-l476rg --state st/", 4, "--max-time", "0.2").out())
                .contains("app v1 running from bank 1");
        assertThat(run("./xipkit run --board nucleo-l476rg --events=all --verbose firmware/elf/nucleo-l476rg/app-v1.elf", 4,
                "--max-time", "0.2").err()).contains("xipkit: app-v1.elf: ", "LED");
        assertThat(run("./xipkit run --board nucleo-l476rg firmware/elf/examples/nucleo-l476rg-hello.elf", 0).out())
                .containsIgnoringCase("hello");
        assertThat(run("./xipkit run --board stm32h743-w25q128 firmware/elf/examples/stm32h743-w25q128-hello.elf", 0).out())
                .containsIgnoringCase("hello");
        // The demo shows the NUCLEO-H7S3L8 boot chain (bootloader -> octal DTR -> blinky at 0x70000000) and the flash-test figures.
        assertThat(run("./xipkit demo", 0).out()).contains("NUCLEO-H7S3L8: bootloader -> XSPI2 octal DTR",
                "bootloader: octal DTR, memory-mapped at 0x70000000", "blinky: running from 0x70000000",
                "nucleo-h7s3l8 flash-test: exit 0").containsPattern("flash-test: erase4k_ms=[0-9.]+ program_mbps=[0-9.]+ read_mbps=[0-9.]+ errors=0");
        // The user's target.yaml#mt25tl01g and app.hex: the committed probe-rs target file, and a HEX file for the XIP window.
        String flash = "./xipkit flash --board stm32h757-mt25tl01g --state st/ --algorithm target.yaml#mt25tl01g app.hex";
        Path hex = dir.resolve("app.hex");
        Files.writeString(hex, hexRecord(4, 0, new byte[] {(byte) 0x90, 0x00}) + hexRecord(0, 0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
                + ":00000001FF\n");
        assertThat(COVERAGE.get(flash)).isEqualTo(RUN);
        MainTest.Outcome f = xipkit(args(flash.replace("target.yaml#mt25tl01g",
                "firmware/elf/flashalgo/MT25TL01G_STM32H757.yaml#mt25tl01g_stm32h757").replace("app.hex", hex.toString())
                .replace(" st/ ", " " + dir.resolve("st757") + "/ "))); // another board: its own state directory
        assertThat(f.status()).as(f.err()).isZero();
        // make -C firmware/examples, into a temporary directory: the same bytes as the committed ELFs.
        assertThat(COVERAGE.get("make -C firmware/examples")).isEqualTo(RUN);
        Path out = dir.resolve("examples");
        Process make = new ProcessBuilder("make", "-C", "firmware/examples", "OUT=" + out, "BUILD=" + dir.resolve("build"))
                .redirectErrorStream(true).start();
        String log = new String(make.getInputStream().readAllBytes());
        assertThat(make.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).as(log).isZero();
        for (String board : List.of("generic-m7", "nucleo-l476rg", "stm32h743-w25q128")) {
            assertThat(Files.readAllBytes(out.resolve(board + "-hello.elf")))
                    .isEqualTo(Files.readAllBytes(Path.of("firmware/elf/examples/" + board + "-hello.elf")));
        }
    }
}
