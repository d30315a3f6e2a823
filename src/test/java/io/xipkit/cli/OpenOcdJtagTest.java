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

/**
 * Debian's real OpenOCD 0.12 (/usr/bin/openocd; the test fails when it is missing) with its stock
 * target scripts, only the three adapter lines added, against {@code xipkit run --jtag-port 0}.
 * Every warning or error OpenOCD prints must be one of {@link #EXPLAINED}.
 */
class OpenOcdJtagTest {
    private static final Pattern LISTENING = Pattern.compile("xipkit: jtag \\(remote_bitbang\\) for (\\S+) on 127\\.0\\.0\\.1:(\\d+)");

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
            // power-on, and OpenOCD's first poll reports and clears that (cortex_m.c).
            "clearing lockup after double fault",
            // The image does not fill the sector (128 KiB on the H7, 2 KiB pages on the L4) it is
            // written to: OpenOCD erases the rest.
            "Adding extra erase range");

    @TempDir
    Path dir;

    @Test
    void openocdStm32h7xCfgResetHaltsReadsWritesAndProbesTheH750Flash() throws Exception {
        String out = openocd("stm32h750-w25q128", "target/stm32h7x.cfg",
                "init", "reset halt", "mww 0x24000000 0xCAFEF00D", "mdw 0x24000000", "flash probe 0",
                "catch {mdw 0x90000000}", "shutdown");
        assertThat(out).contains("JTAG tap: stm32h7x.cpu tap/device found: 0x6ba00477")
                .contains("JTAG tap: stm32h7x.bs tap/device found: 0x06450041")
                .contains("Cortex-M7").contains("target has 8 breakpoints, 4 watchpoints")
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
        String out = openocd("nucleo-l476rg", "target/stm32l4x.cfg", "init", "reset halt", "shutdown");
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
        // The extra "reset halt" before "reset run": see the note below.
        cmds.addAll(List.of("flash write_image erase " + app, "verify_image " + app, "reset halt", "reset run", "shutdown"));
        Session s = session("stm32h750-w25q128", List.of("set QUADSPI 1"), "target/stm32h7x.cfg", cmds);
        assertThat(s.openocd()).contains("flash1 'win w25q128fv/jv' id = 0x1840ef size = 16384 KiB")
                .contains("flash 'stmqspi' found at 0x90000000")
                .contains("** Verified OK **").contains("wrote 67688 bytes from file").contains("verified 67684 bytes");
        assertOnlyExplained(s.openocd());
        // Known gap: "reset run" straight after an algorithm (verify_image's checksum) leaves the core
        // halted at the reset vector with DFSR BKPT|HALTED (OpenOCD: "halted due to breakpoint");
        // after a plain "reset halt" it boots. Not yet understood; the run below boots the app.
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
                "catch {stm32l4x option_load 0}", "reset halt", "reset run", "shutdown"), "--max-time", "60");
        assertThat(s.openocd()).contains("** Verified OK **").containsPattern("verified \\d+ bytes")
                .contains("stm32l4x Option written.").contains("Option Register: <0x40022020> = 0xfffff8aa");
        assertOnlyExplained(s.openocd());
        assertThat(s.exit().get(120, TimeUnit.SECONDS)).as("time limit; stderr: %s", s.stderr()).isEqualTo(ExitStatus.LIMIT);
        assertThat(s.stdout().toString(StandardCharsets.UTF_8)).contains("app v2 running from bank 2")
                .doesNotContain("app v1");   // OBL_LAUNCH and "reset run" each boot it: from bank 2 both times
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
                    "adapter driver remote_bitbang; remote_bitbang host 127.0.0.1; remote_bitbang port " + m.group(2),
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

    private String openocd(String board, String cfg, String... commands) throws Exception {
        return session(board, List.of(), cfg, List.of(commands)).openocd();
    }

    /** Starts the board with a JTAG port on this JVM, runs openocd with the commands. */
    private Session session(String board, List<String> before, String cfg, List<String> commands, String... runOptions) throws Exception {
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
        ByteArrayOutputStream errCopy = err;
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
        });
        int p = port.get(60, TimeUnit.SECONDS);
        assertThat(p).as("jtag port line; stderr: %s", err).isPositive();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/openocd", "-c",
                "adapter driver remote_bitbang; remote_bitbang host 127.0.0.1; remote_bitbang port " + p));
        for (String c : before) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add("-f");
        cmd.add(cfg);
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        Process openocd = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(openocd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openocd.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("JTAG tap:");
        return new Session(out, stdout, errCopy, exit);
    }

    private static void assertOnlyExplained(String out, String... alsoExpected) {
        for (String line : out.split("\\R")) {
            if (!line.startsWith("Error") && !line.startsWith("Warn") && !line.contains(": Error")) continue;
            boolean explained = EXPLAINED.stream().anyMatch(line::contains) || List.of(alsoExpected).stream().anyMatch(line::contains);
            assertThat(explained).as("unexplained OpenOCD message: %s%nfull output:%n%s", line, out).isTrue();
        }
    }
}
