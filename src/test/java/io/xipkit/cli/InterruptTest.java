package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM end a run of firmware that never exits (the L476 application waits for an
 * update for ever) with a one-line summary and exit status 130/143, and the flash it was given is
 * in the state directory: the next run boots from it. A child JVM gets the real signals.
 */
class InterruptTest {
    private static final Path APP = Path.of("firmware/elf/nucleo-l476rg/app-v1.elf");

    @TempDir
    Path dir;

    /**
     * Starts xipkit in a child JVM. perl restores the default action of SIGINT first: a shell
     * starting a background job makes it ignore SIGINT, the child would inherit that, and the JVM
     * leaves an ignored SIGINT ignored.
     */
    private Process xipkit(Path stderr, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.xipkit.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    }

    /** Reads the child's standard output until a line contains {@code text}; fails at end of output. */
    private static String readUntil(Process p, String text) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.ISO_8859_1));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains(text)) return seen.toString();
        }
        throw new AssertionError("output ended before \"" + text + "\": " + seen);
    }

    private void signalEndsTheRunWithASummaryAndSavesTheFlash(String signal, int expectedStatus) throws Exception {
        Path state = dir.resolve("st");
        Path err = dir.resolve("err.txt");
        Process p = xipkit(err, "run", "--board", "nucleo-l476rg", "--state", state.toString(), APP.toString());
        try {
            assertThat(readUntil(p, "ready")).contains("app v1 running from bank 1");
            signal(p, signal);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("xipkit ended after SIG%s", signal).isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = assertSummary(p, err, expectedStatus);
        assertThat(Files.list(state)).isNotEmpty();

        // The flash kept the program: a run with only the state directory boots it.
        MainTest.Outcome again = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", state.toString(),
                "--max-time", "0.05", "--events", "off");
        assertThat(again.status()).as(again.err()).isEqualTo(ExitStatus.LIMIT);
        assertThat(again.out()).contains("app v1 running from bank 1");
    }

    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    /** The exit status and run's one-line summary as the last line of stderr; returns stderr's lines. */
    private static List<String> assertSummary(Process p, Path err, int expectedStatus) throws IOException {
        List<String> lines = Files.readAllLines(err);
        assertThat(p.exitValue()).as("exit status; stderr %s", lines).isEqualTo(expectedStatus);
        assertThat(lines.get(lines.size() - 1))
                .matches("xipkit: interrupted \\(Ctrl-C or SIGTERM\\): [0-9.]+ s virtual time, [0-9]+ instructions");
        return lines;
    }

    @Test
    void ctrlCEndsARunWith130() throws Exception {
        signalEndsTheRunWithASummaryAndSavesTheFlash("INT", 130);
    }

    @Test
    void sigtermEndsARunWith143() throws Exception {
        signalEndsTheRunWithASummaryAndSavesTheFlash("TERM", 143);
    }

    /**
     * {@code xipkit gdb} with gdb-multiarch attached and the L476 application running under it
     * (continue): the signal ends the server with run's summary line and status, the flash saved.
     */
    private void signalEndsTheGdbServerWithASummary(String signal, int expectedStatus) throws Exception {
        Path state = dir.resolve("st");
        Path err = dir.resolve("err.txt");
        Process p = xipkit(err, "gdb", "--board", "nucleo-l476rg", "--port", "0", "--state", state.toString(), APP.toString());
        Process gdb = null;
        try {
            String port = awaitLine(err, "xipkit: gdb server for nucleo-l476rg on 127.0.0.1:").replaceAll(".*:(\\d+)$", "$1");
            gdb = new ProcessBuilder("gdb-multiarch", "-batch", "-nx", "-ex", "target extended-remote 127.0.0.1:" + port, "-ex", "continue")
                    .redirectErrorStream(true).start();
            // The application's console line says the core runs under gdb.
            assertThat(readUntil(p, "ready")).contains("app v1 running from bank 1");
            signal(p, signal);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("xipkit gdb ended after SIG%s", signal).isTrue();
            String gdbOut = new String(gdb.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(gdb.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(gdbOut).contains("Remote connection closed");
        } finally {
            p.destroyForcibly();
            if (gdb != null) gdb.destroyForcibly();
        }
        List<String> lines = assertSummary(p, err, expectedStatus);
        assertThat(Files.list(state)).isNotEmpty();
    }

    /**
     * Waits until the file (a child's stderr) has a line starting with {@code prefix} and returns
     * it; the child writes it once its socket listens, so this polls the file on the JVM's file
     * system events instead of sleeping.
     */
    private static String awaitLine(Path file, String prefix) throws Exception {
        try (java.nio.file.WatchService w = file.getFileSystem().newWatchService()) {
            file.getParent().register(w, java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (Files.exists(file)) {
                    for (String line : Files.readAllLines(file)) if (line.startsWith(prefix)) return line;
                }
                java.nio.file.WatchKey k = w.poll(1, TimeUnit.SECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
            }
        }
        throw new AssertionError("no line " + prefix + " in " + Files.readAllLines(file));
    }

    @ParameterizedTest(name = "SIG{0} ends gdbServer with {1}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void ctrlCOrSigtermEndsTheGdbServerWithTheSummaryAnd130Or143(String signal, int status) throws Exception {
        signalEndsTheGdbServerWithASummary(signal, status);
    }

    /**
     * {@code xipkit flash} of 1 MiB into the W25Q128JV, stopped once a tenth is done: the summary
     * line and status, and the sectors completed before the signal are in the state directory (a
     * second flash of the same image finds them unchanged).
     */
    private void signalEndsAFlashBetweenOperations(String signal, int expectedStatus) throws Exception {
        Path state = dir.resolve("st");
        Path err = dir.resolve("err.txt");
        Path image = dir.resolve("one-mib.bin");
        byte[] data = new byte[1 << 20];
        new java.util.Random(11).nextBytes(data);
        Files.write(image, data);
        Process p = xipkit(err, "flash", "--board", "stm32h750-w25q128", "--state", state.toString(), image + "@0x90000000");
        try {
            awaitLine(err, "flash: 10%");
            signal(p, signal);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("xipkit flash ended after SIG%s", signal).isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = assertSummary(p, err, expectedStatus);
        assertThat(lines).noneMatch(l -> l.startsWith("flash: 100%"));

        MainTest.Outcome again = MainTest.xipkit("flash", "--board", "stm32h750-w25q128", "--state", state.toString(), image + "@0x90000000");
        assertThat(again.status()).as(again.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) unchanged \\(skipped\\)").matcher(again.out());
        assertThat(m.find()).as(again.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("sectors completed before the signal").isGreaterThanOrEqualTo(25).isLessThan(256);
    }

    @ParameterizedTest(name = "SIG{0} ends flash with {1}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void ctrlCOrSigtermEndsAFlashWithTheSummaryAnd130Or143(String signal, int status) throws Exception {
        signalEndsAFlashBetweenOperations(signal, status);
    }

    @Test
    void sigtermEndsABenchmarkOfFirmwareThatNeverExits() throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = xipkit(err, "bench", "--board", "nucleo-l476rg", "--repeat", "1", APP.toString());
        try {
            readUntil(p, "program: ");
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(err);
        assertThat(p.exitValue()).as("stderr %s", lines).isEqualTo(143);
        assertThat(lines.get(lines.size() - 1)).matches("xipkit: interrupted \\(Ctrl-C or SIGTERM\\) during run 1: [0-9]+ instructions in all");
    }
}
