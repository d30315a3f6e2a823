package io.xipkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./test}, the README's test command, sets up what the tests drive before running Maven:
 * with every Debian package present it goes straight on; when it cannot install a missing one it
 * stops with a loud error instead of running tests that would fail for a missing tool.
 * ({@code XIPKIT_TEST_SETUP_ONLY=1} stops it after the set-up, so no Maven runs inside Maven.)
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
        assertThat(Files.readString(Path.of("test"))).contains("packages=(" + PACKAGES + ")").contains("exec mvn -B test");
    }
}
