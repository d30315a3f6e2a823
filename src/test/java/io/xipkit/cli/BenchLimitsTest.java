package io.xipkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** bench on firmware that never exits measures up to --max-instructions / --max-time instead of hanging. */
class BenchLimitsTest {
    private static final String APP = "firmware/elf/nucleo-l476rg/app-v1.elf";

    @Test
    void instructionLimitEndsEachRun() {
        MainTest.Outcome o = MainTest.xipkit("bench", "--board", "nucleo-l476rg", "--repeat", "2", "--max-instructions", "1000", APP);
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("program: " + APP + " on nucleo-l476rg\n"
                + "(each run ended at the --max-instructions limit, not by the program)\n  run 1: 1,000 instructions in ")
                .contains("  run 2: 1,000 instructions in ").contains("best: ");
    }

    @Test
    void timeLimitEndsEachRun() {
        // 4 MHz core clock: 1 ms of virtual time is 4,000 cycles.
        MainTest.Outcome o = MainTest.xipkit("bench", "--board", "nucleo-l476rg", "--repeat", "1", "--max-time", "0.001", APP);
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("(each run ended at the --max-time limit, not by the program)\n  run 1: 4,000 instructions in ");
    }

    @Test
    void qemuNeedsAProgramThatExits() {
        MainTest.Outcome o = MainTest.xipkit("bench", "--board", "nucleo-l476rg", "--repeat", "1", "--max-instructions", "10",
                "--qemu", APP);
        assertThat(o.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(o.err()).isEqualTo("xipkit: --qemu compares whole runs; the program did not exit within the limits, so qemu is not timed\n");
    }

    /** A missing qemu-system-arm is the host's to fix: one line, exit 2 (a child JVM with no PATH to find it on). */
    @Test
    void qemuMissingIsBadInputNotAnInternalError() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.xipkit.cli.Main", "bench", "--repeat", "1", "--qemu",
                "firmware/elf/examples/generic-m7-hello.elf");
        pb.environment().put("PATH", "/nonexistent");
        Process p = pb.start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(err).isEqualTo("xipkit: --qemu: qemu-system-arm not found (Debian package qemu-system-arm)\n");
    }

    @Test
    void aMissingBaselineProgramIsOneLineAndExit2() {
        MainTest.Outcome o = MainTest.xipkit("bench", "--board", "nucleo-l476rg", "--repeat", "1",
                "--baseline", "firmware/elf/no-such-baseline.elf", APP);
        assertThat(o.status()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(o.err()).isEqualTo("xipkit: baseline program not found: firmware/elf/no-such-baseline.elf\n");
        assertThat(o.out()).isEmpty();
    }
}
