package io.xipkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./test}, the README's test command, sets up what the tests drive before running Maven:
 * with every Debian package present it goes straight on; when it cannot install a missing one it
 * stops with a loud error instead of running tests that would fail for a missing tool.
 * ({@code XIPKIT_TEST_SETUP_ONLY=1} stops it after the set-up, so no Maven runs inside Maven.)
 * Then it runs Maven twice, with translation on and with XIPKIT_JIT=off; the tests of that give it
 * a fake {@code mvn} that records how it was called.
 */
class TestScriptTest {
    private static final String PACKAGES = "gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm gdb-multiarch"
            + " openocd stm32flash socat tmux chromium";

    @TempDir
    Path dir;

    private record Result(int status, String output) {}

    private static Result setupOnly(String path) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("./test").redirectErrorStream(true);
        pb.environment().put("XIPKIT_TEST_SETUP_ONLY", "1");
        if (path != null) pb.environment().put("PATH", path);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /**
     * {@code ./test ARGS} with a fake {@code mvn} first on the PATH, which logs its XIPKIT_JIT and
     * arguments and fails (status 7) in the pass whose XIPKIT_JIT is {@code failWith}.
     */
    private Result withFakeMaven(String failWith, String... args) throws IOException, InterruptedException {
        fakeTool("mvn", "echo \"XIPKIT_JIT=${XIPKIT_JIT-unset} $*\" >> '" + dir.resolve("mvn.log") + "'\n"
                + "[ \"${XIPKIT_JIT-unset}\" = '" + failWith + "' ] && exit 7\nexit 0");
        List<String> command = new ArrayList<>(List.of("./test"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("XIPKIT_TEST_SETUP_ONLY");
        pb.environment().put("XIPKIT_JIT", "on");   // pass 1 runs without it whatever the caller has
        pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private List<String> mavenCalls() throws IOException {
        Path log = dir.resolve("mvn.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void itRunsMavenWithTranslationOnThenOffPassingTheArgumentsToBoth() throws Exception {
        Result r = withFakeMaven("never", "-o", "-Dtest=MainTest");
        assertThat(r.status()).as(r.output()).isZero();
        assertThat(mavenCalls()).containsExactly("XIPKIT_JIT=unset -B test -o -Dtest=MainTest",
                "XIPKIT_JIT=off -B test -o -Dtest=MainTest");
        assertThat(r.output()).contains("./test: pass 1 of 2, translation on").contains("./test: pass 2 of 2, translation off")
                .doesNotContain("FAILED");
    }

    @Test
    void aFailingFirstPassStopsItAndSaysSo() throws Exception {
        Result r = withFakeMaven("unset");
        assertThat(r.status()).isEqualTo(7);
        assertThat(mavenCalls()).containsExactly("XIPKIT_JIT=unset -B test");
        assertThat(r.output()).contains("./test: FAILED in pass 1 of 2, translation on (XIPKIT_JIT unset)");
    }

    @Test
    void aFailingSecondPassFailsItAndSaysSo() throws Exception {
        Result r = withFakeMaven("off");
        assertThat(r.status()).isEqualTo(7);
        assertThat(mavenCalls()).containsExactly("XIPKIT_JIT=unset -B test", "XIPKIT_JIT=off -B test");
        assertThat(r.output()).contains("./test: FAILED in pass 2 of 2, translation off (XIPKIT_JIT=off)")
                .doesNotContain("both passes passed");
    }

    private void fakeTool(String name, String script) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void withEveryPackageInstalledTheSetUpPassesQuietly() throws Exception {
        Result r = setupOnly(null);
        assertThat(r.status()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("installing").doesNotContain("ERROR");
    }

    @Test
    void aPackageItCannotInstallStopsItLoudly() throws Exception {
        // dpkg-query knows no package; apt-get (and sudo, for a non-root run) fail as without network.
        fakeTool("dpkg-query", "exit 1");
        fakeTool("apt-get", "echo 'E: network unreachable' >&2; exit 100");
        fakeTool("sudo", "exec \"$@\"");
        Result r = setupOnly(dir + ":" + System.getenv("PATH"));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.output()).contains("./test: installing " + PACKAGES)
                .contains("./test: ERROR: 'apt-get update' failed (network or repository problem)")
                .contains("install by hand: apt-get install " + PACKAGES);
    }

    @Test
    void readmeAndCiUseIt() throws IOException {
        assertThat(Files.readString(Path.of("README.md"))).contains("./test             # the test suite");
        assertThat(Files.readString(Path.of(".ci/run"))).contains("exec ./test");
        assertThat(Files.readString(Path.of("test"))).contains("packages=(" + PACKAGES + ")").contains("env XIPKIT_JIT=off mvn -B test \"$@\"");
    }
}
