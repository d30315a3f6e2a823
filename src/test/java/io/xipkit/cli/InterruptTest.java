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
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("xipkit ended after SIG%s", signal).isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(err);
        assertThat(p.exitValue()).as("exit status; stderr %s", lines).isEqualTo(expectedStatus);
        assertThat(lines.get(lines.size() - 1))
                .matches("xipkit: interrupted \\(Ctrl-C or SIGTERM\\): [0-9.]+ s virtual time, [0-9]+ instructions");
        assertThat(Files.list(state)).isNotEmpty();

        // The flash kept the program: a run with only the state directory boots it.
        MainTest.Outcome again = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", state.toString(),
                "--max-time", "0.05", "--events", "off");
        assertThat(again.status()).as(again.err()).isEqualTo(ExitStatus.LIMIT);
        assertThat(again.out()).contains("app v1 running from bank 1");
    }

    @Test
    void ctrlCEndsARunWith130() throws Exception {
        signalEndsTheRunWithASummaryAndSavesTheFlash("INT", 130);
    }

    @Test
    void sigtermEndsARunWith143() throws Exception {
        signalEndsTheRunWithASummaryAndSavesTheFlash("TERM", 143);
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
