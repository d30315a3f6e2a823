package io.xipkit.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code xipkit gdb ... --port 0} started in this JVM on its own thread, and Debian's real
 * gdb-multiarch run against it in batch mode. A missing gdb-multiarch fails the test (the
 * process cannot start), it never skips.
 */
final class GdbServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("xipkit: gdb server for (\\S+) on 127\\.0\\.0\\.1:(\\d+)");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LineWatcher err = new LineWatcher();
    private final CompletableFuture<Integer> exit;
    final int port;

    /** A stream that completes a future when the listening line appears. */
    private static final class LineWatcher extends OutputStream {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        final CompletableFuture<Integer> port = new CompletableFuture<>();

        @Override
        public synchronized void write(int b) {
            all.write(b);
            if (b == '\n') {
                Matcher m = LISTENING.matcher(all.toString(StandardCharsets.UTF_8));
                if (m.find() && !port.isDone()) port.complete(Integer.parseInt(m.group(2)));
            }
        }

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    GdbServerProcess(String... args) throws Exception {
        List<String> full = new ArrayList<>(List.of("gdb", "--port", "0"));
        full.addAll(List.of(args));
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        exit = CompletableFuture.supplyAsync(() -> {
            int status = Main.run(full.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), o, e);
            err.port.complete(-1);
            return status;
        }, GdbServerProcess::ownThread);
        port = err.port.get(120, TimeUnit.SECONDS);
        if (port < 0) throw new AssertionError("the gdb server did not start: " + err.text());
    }

    /** Runs gdb-multiarch in batch mode with these commands (each one -ex) and returns its output (stdout + stderr). */
    String gdb(String elf, String... commands) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gdb-multiarch", "-batch", "-nx",
                "-ex", "set confirm off", "-ex", "set pagination off", "-ex", "set width 0",
                "-ex", "target extended-remote 127.0.0.1:" + port));
        for (String c : commands) {
            cmd.add("-ex");
            cmd.add(c);
        }
        if (elf != null) cmd.add(elf);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gdb-multiarch did not finish:\n" + text);
        }
        return text;
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.text();
    }

    /** Waits for the server to end (after monitor quit) and returns its exit status. */
    int awaitExit() throws Exception {
        return exit.get(120, TimeUnit.SECONDS);
    }

    /**
     * Runs a server on a thread of its own: it lives as long as its test, and tests run side by
     * side ({@code @Execution(CONCURRENT)}) would otherwise queue on the common pool's few threads.
     */
    static void ownThread(Runnable server) {
        Thread t = new Thread(server, "xipkit server");
        t.setDaemon(true);
        t.start();
    }

    static String path(String p) {
        return Path.of(p).toAbsolutePath().toString();
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            // Ask the server to stop the way a user would.
            try {
                gdb(null, "monitor quit");
            } catch (IOException ignored) {
                // the server is gone already
            }
            exit.get(120, TimeUnit.SECONDS);
        }
    }
}
