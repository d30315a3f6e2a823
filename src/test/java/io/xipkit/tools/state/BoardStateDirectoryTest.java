package io.xipkit.tools.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cli.MainTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    /**
     * A run that never ends by itself, stopped with SIGTERM (what Ctrl-C's SIGINT and a `kill` do:
     * the JVM exits through its shutdown) or SIGKILL (no shutdown at all): what it loaded into
     * flash is kept either way.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aKilledRunKeepsWhatItWroteAndTheNextRunBootsIt(boolean sigkill, @TempDir Path dir) throws Exception {
        MainTest.Outcome first = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "--max-time", "0.05", V1.toString());
        assertThat(first.out()).contains("app v1");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", classpath, "io.xipkit.cli.Main",
                "run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "firmware/elf/nucleo-l476rg/app-v2.elf");
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(new File(dir.toFile(), "child.log"));
        Process child = pb.start();
        // Wait until the child is running the firmware (its console printed), then kill it hard.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !Files.readString(dir.resolve("child.log")).contains("app v2")) {
            Thread.onSpinWait();
        }
        assertThat(Files.readString(dir.resolve("child.log"))).contains("app v2 running from bank 1");
        if (sigkill) child.destroyForcibly();
        else child.destroy();
        assertThat(child.waitFor()).isEqualTo(128 + (sigkill ? 9 : 15));
        MainTest.Outcome after = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "--max-time", "0.05");
        assertThat(after.out()).as(after.err()).contains("app v2 running from bank 1");
    }

    @Test
    void aStateDirectoryOfAnotherBoardIsRefusedBeforeAnythingRuns(@TempDir Path dir) {
        MainTest.Outcome first = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "--max-time", "0.01", V1.toString());
        assertThat(first.status()).isEqualTo(4); // the time limit: it ran
        assertThat(dir.resolve("board")).hasContent("nucleo-l476rg");
        MainTest.Outcome other = MainTest.xipkit("run", "--board", "stm32h750-w25q128", "--state", dir.toString(),
                "--max-time", "0.01");
        assertThat(other.status()).isEqualTo(2);
        assertThat(other.out()).isEmpty();
        assertThat(other.err()).isEqualTo("xipkit: state directory " + dir + ": it holds the flash of board "
                + "nucleo-l476rg, not stm32h750-w25q128; give another directory (or delete this one)\n");
        assertThat(dir.resolve("board")).hasContent("nucleo-l476rg");
    }

    /** Two runs writing the same flash would interleave their operations: the second is refused. */
    @Test
    void aStateDirectoryInUseByAnotherRunIsRefused(@TempDir Path dir) throws Exception {
        try (StateDirectory first = new StateDirectory(dir, "nucleo-l476rg")) {
            MainTest.Outcome second = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                    "--max-time", "0.01", V1.toString());
            assertThat(second.status()).isEqualTo(2);
            assertThat(second.err()).isEqualTo("xipkit: state directory " + dir
                    + ": it is in use by another xipkit run; give another directory\n");
        }
        MainTest.Outcome after = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "--max-time", "0.01", V1.toString());
        assertThat(after.status()).as(after.err()).isEqualTo(4); // free again: it ran to its time limit
        MainTest.Outcome badImage = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "no-such.elf");
        assertThat(badImage.status()).isEqualTo(2);
        MainTest.Outcome again = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", dir.toString(),
                "--max-time", "0.01");
        assertThat(again.out()).as(again.err()).contains("app v1 running from bank 1"); // a refused image frees it too
    }

    @Test
    void aStateDirectoryThatCannotBeCreatedIsAnErrorAtStart(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        MainTest.Outcome run = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", file.resolve("st").toString(),
                V1.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty(); // refused before the board ran
        assertThat(run.err()).startsWith("xipkit: --state " + file.resolve("st") + ": cannot write there (");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void aStatePathThatIsAFileIsAnErrorAtStart(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        MainTest.Outcome run = MainTest.xipkit("run", "--board", "nucleo-l476rg", "--state", file.toString(), V1.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("xipkit: --state " + file + ": is a file, not a directory; give a directory (created if missing)\n");
    }

    @Test
    void anUnknownBoardWritesNoStateDirectory(@TempDir Path dir) {
        MainTest.Outcome run = MainTest.xipkit("run", "--board", "no-such-board", "--state", dir.resolve("st").toString(),
                V1.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(dir.resolve("st")).doesNotExist();
    }
}
