package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees in a terminal (issue 11): a long-running firmware started with `run`, stopped
 * with Ctrl-C typed into the terminal, ends with the one-line summary and status 130, and the next
 * run from the same state directory boots what was programmed. Driven through Debian's tmux (a
 * real pseudo-terminal, so Ctrl-C is the terminal's SIGINT to the foreground job); the test fails
 * when tmux is missing.
 */
class TerminalSessionTest {
    private static final Path APP = Path.of("firmware/elf/nucleo-l476rg/app-v1.elf");
    /** A tmux server of this test alone (its own socket), so a user's sessions are never touched. */
    private final String socket = "xipkit-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @TempDir
    Path dir;

    @AfterEach
    void killServer() throws Exception {
        tmux("kill-server").waitFor(10, TimeUnit.SECONDS);
    }

    private Process tmux(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TERM", "xterm-256color");
        return pb.start();
    }

    private String screen(String session) throws Exception {
        Process p = tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return text;
    }

    /** Polls the terminal until it shows {@code text} (the firmware runs in real time there). */
    private String waitFor(String session, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String s = "";
        while (System.nanoTime() < deadline) {
            s = screen(session);
            if (s.contains(text)) return s;
            Thread.sleep(100);
        }
        throw new AssertionError("the terminal never showed \"" + text + "\"; it shows:\n" + s);
    }

    /** Starts {@code xipkit ARGS} in a new terminal; the shell prints the exit status and waits. */
    private void start(String session, String... args) throws Exception {
        Path script = dir.resolve(session + ".sh");
        StringBuilder cmd = new StringBuilder("#!/bin/bash\n");
        cmd.append("'").append(Path.of(System.getProperty("java.home"), "bin", "java")).append("' -cp '")
                .append(System.getProperty("java.class.path")).append("' io.xipkit.cli.Main");
        for (String a : args) cmd.append(" '").append(a).append("'");
        cmd.append("\necho \"[exit status $?]\"\nread -r\n");
        Files.writeString(script, cmd.toString());
        Process p = tmux("new-session", "-d", "-s", session, "-x", "250", "-y", "50", "bash " + script);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void ctrlCInTheTerminalStopsTheRunWithASummaryAndTheNextRunBootsFromTheState() throws Exception {
        Path state = dir.resolve("st");
        start("first", "run", "--board", "nucleo-l476rg", "--state", state.toString(), APP.toString());
        waitFor("first", "app v1 running from bank 1");

        Process keys = tmux("send-keys", "-t", "first", "C-c");
        assertThat(keys.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String after = waitFor("first", "[exit status");
        assertThat(after).containsPattern("xipkit: interrupted \\(Ctrl-C or SIGTERM\\): [0-9.]+ s virtual time, [0-9]+ instructions");
        assertThat(after).contains("[exit status 130]");
        assertThat(after).doesNotContain("Exception");

        start("second", "run", "--board", "nucleo-l476rg", "--state", state.toString(), "--max-time", "0.05");
        String again = waitFor("second", "[exit status");
        assertThat(again).contains("app v1 running from bank 1").contains("[exit status 4]");
    }
}
