package io.xipkit.tools.run;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.cpu.StopReason;
import io.xipkit.tools.state.FillingFileSystem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --state DIR} with DIR on a file system that fills up ({@link FillingFileSystem}): one
 * {@code xipkit:} line naming the directory, the file, the reason and what to do (the caller exits
 * 2 on a BadInputException, as for every input error), and the directory is still a good state
 * directory: the next run boots from it.
 */
class RunFullDiskTest {
    private static final Path LOOP = Path.of("firmware/elf/stm32h7/stm32h750-w25q128-flash_loop.elf");
    private static final long ONE_SECOND = 1_000_000_000_000L;

    @TempDir
    Path dir;

    private RunResult run(Path state, FillingFileSystem fs, List<Path> images, long maxPicos) throws BadInputException {
        Runner runner = new Runner(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), dir).events(EventsMode.OFF)
                .translation(TestBoards.translation());
        if (fs != null) runner.stateStores(fs);
        return runner.run(new RunRequest("stm32h750-w25q128", images, OptionalLong.empty(), Long.MAX_VALUE, maxPicos,
                false, "flash_loop.elf", state));
    }

    @Test
    void aDiskThatIsFullBeforeTheRunIsAnInputError() {
        Path state = dir.resolve("st");
        assertThatThrownBy(() -> run(state, new FillingFileSystem(0), List.of(LOOP), ONE_SECOND))
                .isInstanceOf(BadInputException.class)
                .hasMessage("state directory " + state + ": cannot write qspi-flash1.flash (No space left on device);"
                        + " the directory holds the flash as it was before that write (free some space, then run again)");
    }

    @Test
    void aDiskThatFillsDuringTheRunStopsItWithAnInputErrorAndTheNextRunBootsFromTheDirectory() throws Exception {
        // How many writes loading takes: a run of one instruction on a roomy disk.
        Path probe = dir.resolve("probe");
        FillingFileSystem roomy = new FillingFileSystem(Long.MAX_VALUE);
        Runner one = new Runner(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), dir).events(EventsMode.OFF).stateStores(roomy)
                .translation(TestBoards.translation());
        one.run(new RunRequest("stm32h750-w25q128", List.of(LOOP), OptionalLong.empty(), 1, Long.MAX_VALUE, false, "x", probe));
        long loading = roomy.writes();

        Path state = dir.resolve("st");
        FillingFileSystem filling = new FillingFileSystem(loading + 10);
        assertThatThrownBy(() -> run(state, filling, List.of(LOOP), 10 * ONE_SECOND))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("state directory " + state + ": cannot write qspi-flash1.flash (No space left on device) at ")
                .hasMessageEndingWith(" s of virtual time; the run stopped and the directory holds the flash as it was"
                        + " before that operation (free some space, then run again)");
        assertThat(filling.writes()).isEqualTo(loading + 10);

        // The directory opens as a good state directory and the board boots from what it holds.
        RunResult again = run(state, null, List.of(), ONE_SECOND / 100);
        assertThat(again.stop()).isInstanceOf(StopReason.TimeLimit.class);
        assertThat(again.instructions()).isGreaterThan(1000);
    }
}
