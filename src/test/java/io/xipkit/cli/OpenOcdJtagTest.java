package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Debian's real OpenOCD 0.12 (/usr/bin/openocd; the test fails when it is missing) with its stock
 * target scripts, only the three adapter lines added, against {@code xipkit run --jtag-port 0}.
 * Every warning or error OpenOCD prints must be one of {@link #EXPLAINED}.
 *
 * <p>The tests run side by side: each spends much of its time waiting on OpenOCD or gdb, and
 * shares nothing (each board binds port 0, OpenOCD's servers are off or on port 0, each test has
 * its own directory).
 */
@Execution(ExecutionMode.CONCURRENT)
class OpenOcdJtagTest {
    private static final Pattern LISTENING = Pattern.compile("xipkit: jtag \\(remote_bitbang\\) for (\\S+) on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern GDB_LISTENING = Pattern.compile("Listening on port (\\d+) for gdb connections");
    /** No gdb, telnet or tcl server: tests run in parallel with other OpenOCDs on this machine. */
    private static final String NO_SERVERS = "gdb_port disabled; telnet_port disabled; tcl_port disabled";

    /** OpenOCD messages a real part on a remote_bitbang adapter gives too, and why. */
    private static final List<String> EXPLAINED = List.of(
            // The stock scripts set "adapter speed 4000" in reset-init/reset-start; remote_bitbang has
            // no speed setting in OpenOCD 0.12 (remote_bitbang.c gives no khz/speed hooks), so the
            // event fails on any remote_bitbang target; OpenOCD goes on with the reset.
            "Translation from khz to adapter speed not implemented",
            "Error executing event reset-init on target",
            "Error executing event reset-start on target",
            "embedded:startup.tcl:1193: Error:",
            // A blank part: the vector table reads 0xFFFFFFFF, so the core locks up at once after
            // power-on, and OpenOCD's first poll reports and clears that (cortex_m.c); that poll
            // then returns a failure on purpose, so target.c re-examines the core.
            "clearing lockup after double fault",
            "Polling target stm32h7x.cpu0 failed, trying to reexamine",
            "Polling target stm32l4x.cpu failed, trying to reexamine",
            // The image does not fill the sector (128 KiB on the H7, 2 KiB pages on the L4) it is
            // written to: OpenOCD erases the rest.
            "Adding extra erase range",
            // Host time, not the part: OpenOCD warns when more than a second of wall time passed
            // between two of its gdb keep-alives, which a long JTAG queue to a simulated board does
            // when the machine is busy (these tests run side by side with others).
            "keep_alive() was not invoked in the 1000 ms timelimit");

    @TempDir
    Path dir;

    @Test
    void openocdStm32h7xCfgResetHaltsReadsWritesAndProbesTheH750Flash() throws Exception {
        String out = openocd("stm32h750-w25q128", "target/stm32h7x.cfg",
                "init", "reset halt", "mww 0x24000000 0xCAFEF00D", "mdw 0x24000000", "flash probe 0",
                "catch {mdw 0x90000000}", "dap info 0", "shutdown");
        // ST's system ROM table (DEV_ID 0x450), then the Cortex-M7's PPB ROM table and its SCS, DWT,
        // FPB v2 and ITM, all at revision 0 (see Stm32DebugPorts).
        assertThat(out).containsSubsequence("Peripheral ID 0x00000a0450", "Peripheral ID 0x04000bb4c7",
                "Peripheral ID 0x04000bb00c", "Peripheral ID 0x04000bb002", "Peripheral ID 0x04000bb00e",
                "Peripheral ID 0x04000bb001");
        assertThat(out).contains("JTAG tap: stm32h7x.cpu tap/device found: 0x6ba00477")
                .contains("JTAG tap: stm32h7x.bs tap/device found: 0x06450041")
                .contains("Cortex-M7 r1p1 processor detected").contains("target has 8 breakpoints, 4 watchpoints")
                .contains("halted due to debug-request")
                .contains("0x24000000: cafef00d")
                .contains("Device: STM32H74x/75x").contains("Bank (0) size is 128 kb, base address is 0x08000000")
                // QUADSPI is not memory-mapped after reset: the AHB-AP read fails as on silicon.
                .contains("JTAG-DP STICKY ERROR").contains("Failed to read memory at 0x90000000");
        assertOnlyExplained(out, "JTAG-DP STICKY ERROR", "Failed to read memory at 0x90000000");
    }

    @Test
    void openocdProgramsAndVerifiesTheH750BootloaderIntoInternalFlash() throws Exception {
        Path elf = Path.of("firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf").toAbsolutePath();
        String out = openocd("stm32h750-w25q128", "target/stm32h7x.cfg",
                "init", "reset halt", "program " + elf + " verify", "reset halt", "mdw 0x08000000 2", "shutdown");
        assertThat(out).contains("** Programming Finished **").contains("** Verified OK **")
                .contains("0x08000000: 20020000 08000299")
                .containsPattern("halted due to debug-request, current mode: Thread \\R.*pc: 0x08000298");
        assertOnlyExplained(out);
    }

    @Test
    void openocdStm32l4xCfgFindsTheCortexM4AndBoundaryScanTaps() throws Exception {
        String out = openocd("nucleo-l476rg", "target/stm32l4x.cfg", "init", "reset halt", "dap info 0", "shutdown");
        // The Cortex-M4 r0p1's components with their PIDR revisions (SCS 0, DWT 3, FPB 2, ITM 3,
        // TPIU 0, ETM 0: see Stm32DebugPorts), behind ST's ROM table with the DEV_ID as part number.
        assertThat(out).containsSubsequence("Peripheral ID 0x00000a0415", "Peripheral ID 0x04000bb00c",
                "Peripheral ID 0x04003bb002", "Peripheral ID 0x04002bb003", "Peripheral ID 0x04003bb001",
                "Peripheral ID 0x04000bb9a1", "Peripheral ID 0x04000bb925");
        assertThat(out).contains("JTAG tap: stm32l4x.cpu tap/device found: 0x4ba00477")
                .contains("JTAG tap: stm32l4x.bs tap/device found: 0x06415041")
                .contains("Cortex-M4 r0p1 processor detected").contains("target has 6 breakpoints, 4 watchpoints")
                .contains("halted due to debug-request");
        assertOnlyExplained(out);
    }

    @Test
    void openocdProgramsAndVerifiesTheL476AppIntoBank1ThroughItsAsyncFlashLoader() throws Exception {
        // The loader runs on the core while OpenOCD streams data into its FIFO across 1 KiB
        // boundaries: it needs the Cortex-M4 AHB-AP's 4 KiB auto-increment (OpenOCD relies on it).
        Path elf = Path.of("firmware/elf/nucleo-l476rg/app-v1.elf").toAbsolutePath();
        String out = openocd("nucleo-l476rg", "target/stm32l4x.cfg",
                "init", "reset halt", "program " + elf + " verify", "reset halt", "mdw 0x08000000 2", "shutdown");
        assertThat(out).contains("device idcode = 0x10070415 (STM32L47/L48xx - Rev 4 : 0x1007)")
                .contains("flash size = 1024 KiB").contains("flash mode : dual-bank")
                .contains("** Programming Finished **").contains("** Verified OK **")
                .contains("0x08000000: 20018000 08000189").contains("pc: 0x08000188");
        assertOnlyExplained(out);
    }

    /**
     * QUADSPI set up for the one W25Q128JV on bank 1 as board/stm32h7x_dual_qspi.cfg's qspi_init does
     * it for two chips (RM0433 23.5): QSPIEN in RCC_AHB3ENR, CR (PRESCALER 1, APMS, SSHIFT; no DFM),
     * DCR FSIZE 23 (16 MiB) with CSHT 1, EN, then CCR memory-mapped READ 0x03 with 24-bit addresses.
     */
    private static final List<String> QSPI_INIT = List.of("mmw 0x580244D4 0x00004000 0", "mww 0x52005000 0x01400010",
            "mww 0x52005004 0x00170100", "mmw 0x52005000 0x00000001 0", "mww 0x52005014 0x0D002503");

    @Test
    void openocdStmqspiProbesTheW25q128WritesVerifiesAndTheBoardBootsTheApp() throws Exception {
        Path boot = Path.of("firmware/elf/stm32h7/stm32h750-w25q128-bootloader.elf").toAbsolutePath();
        Path app = Path.of("firmware/elf/stm32h7/stm32h750-w25q128-app.elf").toAbsolutePath();
        List<String> cmds = new ArrayList<>(List.of("init", "reset halt"));
        cmds.addAll(QSPI_INIT);
        cmds.addAll(List.of("flash probe 1", "program " + boot + " verify", "reset halt"));
        cmds.addAll(QSPI_INIT);
        // "reset run" straight after verify_image's checksum algorithm: the core sits on the
        // algorithm's BKPT when OpenOCD clears C_HALT and resets, and boots (a core reset clears C_HALT).
        cmds.addAll(List.of("flash write_image erase " + app, "verify_image " + app, "reset run", "shutdown"));
        Session s = session("stm32h750-w25q128", List.of("set QUADSPI 1"), "target/stm32h7x.cfg", cmds);
        assertThat(s.openocd()).contains("flash1 'win w25q128fv/jv' id = 0x1840ef size = 16384 KiB")
                .contains("flash 'stmqspi' found at 0x90000000")
                .contains("** Verified OK **").contains("wrote 67688 bytes from file").contains("verified 67684 bytes");
        assertOnlyExplained(s.openocd());
        assertThat(s.exit().get(120, TimeUnit.SECONDS)).as("the app's exit status; stderr: %s", s.stderr()).isZero();
        assertThat(s.stdout().toString(StandardCharsets.UTF_8))
                .contains("boot: QUADSPI W25Q128JV, JEDEC ID ef 40 18")
                .contains("app: assets 65536 bytes at 0x900007a0, checksum 0x939eddc5 ok");
    }

    @Test
    void openocdProgramsBothL476BanksSetsBfb2AndTheBoardBootsFromBank2() throws Exception {
        Path v1 = Path.of("firmware/elf/nucleo-l476rg/app-v1.elf").toAbsolutePath();
        Path v2 = Path.of("firmware/elf/nucleo-l476rg/app-v2.elf").toAbsolutePath();
        // app-v2 is linked at 0x08000000 like v1 (each bank boots at 0 when it is aliased there):
        // write_image's offset puts it at bank 2, 0x08080000 (RM0351 3.3.1, 1 MiB dual-bank).
        Session s = session("nucleo-l476rg", List.of(), "target/stm32l4x.cfg", List.of("init", "reset halt",
                "program " + v1 + " verify", "flash write_image erase " + v2 + " 0x80000 elf", "verify_image " + v2 + " 0x80000 elf",
                // FLASH_OPTR (offset 0x20) bit 20 BFB2 (RM0351 3.7.8), then OBL_LAUNCH loads it (3.4.2).
                "stm32l4x option_write 0 0x20 0x00100000 0x00100000", "stm32l4x option_read 0 0x20",
                "catch {stm32l4x option_load 0}", "reset run", "shutdown"), "--max-time", "60");
        assertThat(s.openocd()).contains("** Verified OK **").containsPattern("verified \\d+ bytes")
                .contains("stm32l4x Option written.").contains("Option Register: <0x40022020> = 0xfffff8aa");
        assertOnlyExplained(s.openocd());
        assertThat(s.exit().get(120, TimeUnit.SECONDS)).as("time limit; stderr: %s", s.stderr()).isEqualTo(ExitStatus.LIMIT);
        assertThat(s.stdout().toString(StandardCharsets.UTF_8)).contains("app v2 running from bank 2")
                .doesNotContain("app v1");   // OBL_LAUNCH and "reset run" each boot it: from bank 2 both times
    }

    @Test
    void openocdStmqspiFindsBothMt25tl01gDiesInDualFlashModeAndWritesAndVerifies1MiB() throws Exception {
        byte[] data = new byte[1 << 20];
        new java.util.Random(14).nextBytes(data);
        Path image = Files.write(dir.resolve("one-mib.bin"), data);
        // QUADSPI set up by the stock board/stm32h7x_dual_qspi.cfg's qspi_init, as
        // board/stm32h747i-disco.cfg's reset-init does it (qpi 1: both dies put into the quad I/O
        // protocol, then memory-mapped 4-4-4 fast reads). Afterwards single-flash memory-mapped
        // reads of each die (CR: DFM clear, FSEL 0 then 1; DCR FSIZE 25 = 64 MiB) show the split:
        // even bytes in the die on bank 1, odd bytes in the one on bank 2 (RM0433 23.3.12).
        List<String> cmds = new ArrayList<>(List.of("init", "reset halt", "qspi_init 1", "flash probe 2",
                "flash write_image erase " + image + " 0x90000000", "verify_image " + image + " 0x90000000"));
        for (int fsel = 0; fsel < 2; fsel++) {
            cmds.addAll(List.of("mmw 0x52005000 0x00000002 0", "mww 0x52005000 0x00000000",
                    "mww 0x52005004 0x00190200", String.format("mww 0x52005000 0x%08X", 0x05500019 | fsel << 7),
                    "mww 0x52005014 0x0F283FEC", "mdb 0x90000000 8"));
        }
        cmds.add("shutdown");
        Session s = session("stm32h757-mt25tl01g", List.of("set QUADSPI 1"),
                List.of("target/stm32h7x_dual_bank.cfg", "board/stm32h7x_dual_qspi.cfg"), cmds);
        assertThat(s.openocd()).contains("Device: STM32H74x/75x")
                // stmqspi.c reads each die's ID in dual-flash mode and names both.
                .contains("flash1 'micron mt25ql512' id = 0x20ba20 size = 65536 KiB")
                .contains("flash2 'micron mt25ql512' id = 0x20ba20 size = 65536 KiB")
                .contains("flash 'stmqspi' found at 0x90000000")
                .contains("wrote 1048576 bytes from file " + image).contains("verified 1048576 bytes")
                .contains("0x90000000: " + hexBytes(data, 0)).contains("0x90000000: " + hexBytes(data, 1));
        assertOnlyExplained(s.openocd());
    }

    @Test
    void gdbMultiarchLoadsBreaksAndContinuesThroughOpenocdsOwnGdbServer() throws Exception {
        Path elf = Path.of("firmware/elf/nucleo-l476rg/app-v1.elf").toAbsolutePath();
        BoardRun run = startBoard("nucleo-l476rg", "--max-time", "60");
        // gdb_port 0: OpenOCD binds a free port and prints it (server.c: "Listening on port N for
        // gdb connections"); the telnet and tcl servers stay off.
        Process openocd = new ProcessBuilder(openocdCommand(run.port(), "gdb_port 0; telnet_port disabled; tcl_port disabled",
                List.of(), List.of("target/stm32l4x.cfg"), List.of("init", "reset halt"))).redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        CompletableFuture<Integer> gdbPort = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(openocd.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    out.append(line).append('\n');
                    Matcher m = GDB_LISTENING.matcher(line);
                    if (m.find()) gdbPort.complete(Integer.parseInt(m.group(1)));
                }
            } catch (java.io.IOException e) {
                gdbPort.completeExceptionally(e);
            }
            gdbPort.complete(-1);
        });
        reader.start();
        int port = gdbPort.get(60, TimeUnit.SECONDS);
        assertThat(port).as("OpenOCD's gdb port; output:%n%s", out).isPositive();
        Process gdb = new ProcessBuilder("/usr/bin/gdb-multiarch", "-nx", "-batch", "-ex", "set confirm off",
                // A busy machine can keep OpenOCD's reply past gdb's 2 s default; gdb then sends
                // the packet again and OpenOCD warns of the extra acknowledgment.
                "-ex", "set remotetimeout 60",
                "-ex", "target extended-remote 127.0.0.1:" + port, "-ex", "monitor reset halt", "-ex", "load",
                "-ex", "break main", "-ex", "continue", "-ex", "print/x $pc", "-ex", "delete",
                "-ex", "monitor resume", "-ex", "monitor shutdown", elf.toString()).redirectErrorStream(true).start();
        String gdbOut = new String(gdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gdb.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(openocd.waitFor(60, TimeUnit.SECONDS)).as("openocd ends on monitor shutdown; output:%n%s", out).isTrue();
        reader.join();
        // main is at 0x080002c4; gdb puts the breakpoint after the prologue it analyses.
        Matcher at = Pattern.compile("Breakpoint 1 at (0x80002[cd][0-9a-f])").matcher(gdbOut);
        assertThat(at.find()).as("gdb:%n%s%nopenocd:%n%s", gdbOut, out).isTrue();
        assertThat(gdbOut).contains("Loading section .text").contains("Start address 0x08000188")
                .contains("Breakpoint 1, 0x0" + at.group(1).substring(2) + " in main ()").contains("$1 = " + at.group(1));
        assertThat(out.toString()).contains("accepting 'gdb' connection").contains("device idcode = 0x10070415");
        // gdb connects while the erased part is locked up with its PC at 0xFFFFFFFE and reads the
        // code and stack around it: those addresses have no slave behind the AHB-AP on the
        // silicon either, so the reads fail with a sticky error before "load".
        assertOnlyExplained(out.toString(), "JTAG-DP STICKY ERROR", "Failed to read memory at 0xfffffff");
        // Resumed and left running: the application prints on the console until the time limit.
        assertThat(run.exit().get(120, TimeUnit.SECONDS)).as("stderr: %s", run.stderr()).isEqualTo(ExitStatus.LIMIT);
        assertThat(run.stdout().toString(StandardCharsets.UTF_8)).contains("app v1");
    }

    /** Every second byte of {@code data} from {@code first}, 8 of them, as OpenOCD's mdb prints them. */
    private static String hexBytes(byte[] data, int first) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) b.append(i == 0 ? "" : " ").append(String.format("%02x", data[first + 2 * i] & 0xFF));
        return b.toString();
    }

    /**
     * {@code xipkit gdb --jtag-port}: OpenOCD and gdb on one board at once, both served on the gdb
     * server's thread; what OpenOCD writes through the AHB-AP, gdb reads through its own port.
     */
    @Test
    void gdbServerWithJtagPortLetsOpenocdAndGdbShareTheH750() throws Exception {
        try (GdbServerProcess server = new GdbServerProcess("--board", "stm32h750-w25q128", "--jtag-port", "0")) {
            Matcher m = LISTENING.matcher(server.err());
            assertThat(m.find()).as(server.err()).isTrue();
            assertThat(m.group(1)).isEqualTo("stm32h750-w25q128");
            Process openocd = new ProcessBuilder("/usr/bin/openocd", "-c",
                    "adapter driver remote_bitbang; remote_bitbang host 127.0.0.1; remote_bitbang port " + m.group(2)
                            + "; " + NO_SERVERS,
                    "-f", "target/stm32h7x.cfg", "-c", "init", "-c", "halt", "-c", "mww 0x24000000 0xCAFEF00D",
                    "-c", "mdw 0x24000000", "-c", "shutdown").redirectErrorStream(true).start();
            String out = new String(openocd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(openocd.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("JTAG tap: stm32h7x.cpu tap/device found: 0x6ba00477").contains("0x24000000: cafef00d");
            assertOnlyExplained(out);
            String gdb = server.gdb(null, "x/wx 0x24000000", "monitor quit");
            assertThat(gdb).contains("0x24000000:\t0xcafef00d");
            assertThat(server.awaitExit()).isZero();
        }
    }

    /** OpenOCD's output, the board run's stdout and stderr, and the run's exit status once it ends. */
    private record Session(String openocd, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr, CompletableFuture<Integer> exit) {}

    /** A board run with its JTAG port open. */
    private record BoardRun(int port, ByteArrayOutputStream stdout, ByteArrayOutputStream stderr, CompletableFuture<Integer> exit) {}

    private String openocd(String board, String cfg, String... commands) throws Exception {
        return session(board, List.of(), cfg, List.of(commands)).openocd();
    }

    private Session session(String board, List<String> before, String cfg, List<String> commands, String... runOptions) throws Exception {
        return session(board, before, List.of(cfg), commands, runOptions);
    }

    /** Starts the board with a JTAG port on this JVM, runs openocd with the commands. */
    private Session session(String board, List<String> before, List<String> cfgs, List<String> commands, String... runOptions) throws Exception {
        BoardRun run = startBoard(board, runOptions);
        Process openocd = new ProcessBuilder(openocdCommand(run.port(), NO_SERVERS, before, cfgs, commands))
                .redirectErrorStream(true).start();
        String out = new String(openocd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openocd.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("JTAG tap:");
        return new Session(out, run.stdout(), run.stderr(), run.exit());
    }

    /**
     * OpenOCD's command line: the adapter lines, then its servers' ports (none of them on the
     * default 3333/4444/6666, which parallel runs would fight over), then the stock scripts.
     */
    private static List<String> openocdCommand(int jtagPort, String servers, List<String> before, List<String> cfgs, List<String> commands) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/openocd", "-c",
                "adapter driver remote_bitbang; remote_bitbang host 127.0.0.1; remote_bitbang port " + jtagPort, "-c", servers));
        for (String c : before) {
            cmd.add("-c");
            cmd.add(c);
        }
        for (String cfg : cfgs) {
            cmd.add("-f");
            cmd.add(cfg);
        }
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        return cmd;
    }

    /** Starts {@code xipkit run --jtag-port 0} on this JVM and waits for the port it prints. */
    private BoardRun startBoard(String board, String... runOptions) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        OutputStream watcher = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                err.write(b);
                Matcher m = LISTENING.matcher(err.toString(StandardCharsets.UTF_8));
                if (b == '\n' && m.find()) port.complete(Integer.parseInt(m.group(2)));
            }
        };
        PrintStream e = new PrintStream(watcher, true, StandardCharsets.UTF_8);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        // The board runs (an erased part: locked up) until its program exits or the JVM ends, as a
        // board does with a probe attached.
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            List<String> args = new ArrayList<>(List.of("run", "--board", board, "--state", state.toString(), "--jtag-port", "0"));
            args.addAll(List.of(runOptions));
            int status = Main.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), o, e);
            port.complete(-status - 1);
            return status;
        }, GdbServerProcess::ownThread);
        int p = port.get(60, TimeUnit.SECONDS);
        assertThat(p).as("jtag port line; stderr: %s", err).isPositive();
        return new BoardRun(p, stdout, err, exit);
    }

    private static void assertOnlyExplained(String out, String... alsoExpected) {
        for (String line : out.split("\\R")) {
            if (!line.startsWith("Error") && !line.startsWith("Warn") && !line.contains(": Error")
                    && !line.startsWith("Polling target")) continue;
            boolean explained = EXPLAINED.stream().anyMatch(line::contains) || List.of(alsoExpected).stream().anyMatch(line::contains);
            assertThat(explained).as("unexplained OpenOCD message: %s%nfull output:%n%s", line, out).isTrue();
        }
    }
}
