package io.xipkit.tools.run;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cpu.StopReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The run loop's slices: a stop request ends the run; a core asleep for ever still ends as one. */
class RunnerStopTest {
    @TempDir
    Path dir;

    @Test
    void aStopRequestEndsARunThatWouldNeverEnd() {
        StopRequest stop = new StopRequest();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        // The request arrives when the firmware says "ready", as Ctrl-C would from another thread.
        OutputStream watcher = new OutputStream() {
            @Override
            public void write(int b) {
                console.write(b);
                if (console.toString(StandardCharsets.ISO_8859_1).contains("ready")) stop.request("test stop");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Runner runner = new Runner(new ByteArrayInputStream(new byte[0]), new PrintStream(watcher, true),
                new PrintStream(err, true), dir).stopOn(stop).events(EventsMode.OFF).translation(TestBoards.translation());
        RunResult r;
        try {
            r = runner.run(new RunRequest("nucleo-l476rg", List.of(Path.of("firmware/elf/nucleo-l476rg/app-v1.elf")),
                    OptionalLong.empty(), Long.MAX_VALUE, Long.MAX_VALUE, false, "app-v1.elf"));
        } catch (BadInputException e) {
            throw new AssertionError(e.getMessage());
        }
        assertThat(r.stop()).isEqualTo(new StopReason.Requested("test stop"));
        assertThat(r.faultReport()).isNull();
        assertThat(r.instructions()).isPositive();
        // Seen within one slice of virtual time after the request.
        assertThat(r.virtualPicos()).isLessThan(1_000_000_000_000L);
        assertThat(console.toString(StandardCharsets.ISO_8859_1)).contains("app v1 running from bank 1\r\nready");
    }

    @Test
    @Timeout(120)
    void aCoreAsleepWithNothingToWakeItStillEndsAsleep() throws IOException, BadInputException {
        // generic-m7 reset vector: SP 0x20400000, PC 0x41; at 0x40: wfi; b .  (nothing is scheduled)
        byte[] image = new byte[0x44];
        image[2] = 0x40;
        image[3] = 0x20;
        image[4] = 0x41;
        image[0x40] = 0x30;
        image[0x41] = (byte) 0xBF;
        image[0x42] = (byte) 0xFE;
        image[0x43] = (byte) 0xE7;
        Path p = dir.resolve("sleep.bin");
        Files.write(p, image);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Runner runner = new Runner(new ByteArrayInputStream(new byte[0]), new PrintStream(sink, true),
                new PrintStream(sink, true), dir).translation(TestBoards.translation());
        RunResult r = runner.run(new RunRequest("generic-m7", List.of(p), OptionalLong.of(0), Long.MAX_VALUE,
                Long.MAX_VALUE, false, "sleep.bin"));
        assertThat(r.stop()).isInstanceOf(StopReason.Asleep.class);
        assertThat(r.instructions()).isEqualTo(1);
        assertThat(r.faultReport()).startsWith("core asleep at pc=0x00000042");
    }
}
