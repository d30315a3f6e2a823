package io.xipkit.tools.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.MainTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A board keeps its flash between runs in --state DIR, and a killed run never corrupts it. */
class BoardStateDirectoryTest {
    private static final Path V1 = Path.of("firmware/elf/nucleo-l476rg/app-v1.elf");

    @Test
    void flashProgrammedInOneRunBootsInTheNextWithoutImages(@TempDir Path dir) {
        MainTest.Outcome first = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "--max-time", "0.05", V1.toString());
        assertThat(first.out()).contains("app v1 running from bank 1");
        assertThat(dir.resolve("flash.flash")).exists();
        MainTest.Outcome second = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "--max-time", "0.05");
        assertThat(second.out()).as(second.err()).contains("app v1 running from bank 1");
    }

    @Test
    void withoutStateEveryRunStartsErased(@TempDir Path dir) {
        MainTest.Outcome run = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--max-time", "0.01");
        assertThat(run.status()).isEqualTo(2); // no image and no state: nothing to run
        assertThat(run.err()).startsWith("xipkit: no image file given");
    }

    @Test
    void aRunKilledMidwayLeavesTheStateDirectoryLoadable(@TempDir Path dir) throws Exception {
        MainTest.Outcome first = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "--max-time", "0.05", V1.toString());
        assertThat(first.out()).contains("app v1");
        byte[] before = Files.readAllBytes(dir.resolve("flash.flash"));
        // A second run in a child JVM, loading v2 and running for a long virtual time, killed mid-run.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", classpath, "io.xipkit.cli.Main",
                "run", "--board", "nucleo-l476rg", "--state", dir.toString(), "--max-time", "1000",
                "firmware/elf/nucleo-l476rg/app-v2.elf");
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(new File(dir.toFile(), "child.log"));
        Process child = pb.start();
        // Wait until the child is running the firmware (its console printed), then kill it hard.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !Files.readString(dir.resolve("child.log")).contains("app v2")) {
            Thread.sleep(50);
        }
        assertThat(Files.readString(dir.resolve("child.log"))).contains("app v2 running from bank 1");
        child.destroyForcibly().waitFor();
        // Whatever the kill interrupted, the state file is a complete snapshot that loads.
        FlashStateFile reopened = FlashStateFile.open(dir.resolve("flash.flash"), 1 << 20);
        assertThat(reopened.size()).isEqualTo(1 << 20);
        assertThat(Files.readAllBytes(dir.resolve("flash.flash"))).isEqualTo(before);
        MainTest.Outcome after = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "--max-time", "0.05");
        assertThat(after.out()).contains("app v1 running from bank 1");
    }
}
