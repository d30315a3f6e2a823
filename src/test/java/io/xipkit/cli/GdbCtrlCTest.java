package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * gdb's own interrupt stops a busy loop: Debian's gdb-multiarch driven through its machine
 * interface (GDB/MI, as IDEs drive it) resumes the H750 in the background ({@code mi-async on})
 * and sends {@code -exec-interrupt}, which gdb turns into the remote protocol's interrupt byte,
 * the same as a Ctrl-C typed at gdb's prompt. No sleeps: each step waits for gdb's own record.
 */
class GdbCtrlCTest {
    /** A loop in AXI SRAM: {@code loop: adds r0, #1; b loop} (Thumb: 0x3001, 0xE7FD; ARMv7-M ARM A7.7.3, A7.7.12). */
    private static final String LOOP = "0130fde7";

    @Test
    void miInterruptStopsABusyLoopOnTheH750AndTheLoopCounted() throws Exception {
        try (GdbServerProcess server = new GdbServerProcess("--board", "stm32h750-w25q128");
             Mi gdb = new Mi()) {
            gdb.command("-gdb-set mi-async on", "^done");
            gdb.command("-target-select extended-remote 127.0.0.1:" + server.port, "^connected");
            gdb.command("-data-write-memory-bytes 0x24000000 " + LOOP, "^done");
            gdb.command("-gdb-set $r0=0", "^done");
            gdb.command("-gdb-set $pc=0x24000000", "^done");
            gdb.command("-exec-continue", "^running");
            gdb.await("*running");
            gdb.command("-exec-interrupt", "^done");
            String stopped = gdb.await("*stopped");
            assertThat(stopped).contains("reason=\"signal-received\"").contains("signal-name=\"SIGINT\"")
                    .containsPattern("addr=\"0x2400000[02]\"");
            String r0 = gdb.command("-data-evaluate-expression $r0", "^done");
            assertThat(Long.parseLong(r0.replaceAll(".*value=\"(\\d+)\".*", "$1"))).as(r0).isPositive();
            // The core stays halted and answers: a second continue/interrupt round works as well.
            gdb.command("-exec-continue", "^running");
            gdb.await("*running");
            gdb.command("-exec-interrupt", "^done");
            assertThat(gdb.await("*stopped")).contains("SIGINT");
            String r0again = gdb.command("-data-evaluate-expression $r0", "^done");
            assertThat(Long.parseLong(r0again.replaceAll(".*value=\"(\\d+)\".*", "$1")))
                    .isGreaterThan(Long.parseLong(r0.replaceAll(".*value=\"(\\d+)\".*", "$1")));
            gdb.command("-interpreter-exec console \"monitor quit\"", "^done");
            assertThat(server.awaitExit()).isZero();
        }
    }

    /** gdb-multiarch in GDB/MI mode on pipes; a missing gdb-multiarch fails the test. */
    private static final class Mi implements AutoCloseable {
        private final Process p;
        private final BufferedReader out;
        private final Writer in;
        private final StringBuilder seen = new StringBuilder();

        Mi() throws IOException {
            p = new ProcessBuilder("gdb-multiarch", "--interpreter=mi3", "-nx", "-q").redirectErrorStream(true).start();
            out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            in = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        }

        /** Sends a command and returns its result record, which must start with {@code expected}. */
        String command(String command, String expected) throws IOException {
            in.write(command + "\n");
            in.flush();
            String result = await("^");
            assertThat(result).as("%s%nsession:%n%s", command, seen).startsWith(expected);
            return result;
        }

        /** The next output record starting with {@code prefix}. */
        String await(String prefix) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith(prefix)) return line;
            }
            throw new AssertionError("gdb ended before " + prefix + ":\n" + seen);
        }

        @Override
        public void close() throws Exception {
            in.close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
