package io.xipkit.bench;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardHost;
import io.xipkit.board.BoardSnapshot;
import io.xipkit.tools.image.ImageLoader;
import io.xipkit.tools.image.LoadableImage;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host cost of a board snapshot ({@link BoardSnapshot}) of a board that has run its firmware a
 * while: freezing it whole, freezing it again recycling the previous snapshot's flash arrays (only
 * the pages changed since are copied), and resuming a frozen snapshot into a new board. The
 * NUCLEO-L476RG holds 1 MiB of flash; the STM32H757 board two 64 MiB MT25TL01G dies and the
 * 128 MiB interleaved image of its dual-flash window.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g", "-Xss4m"})
public class BoardSnapshotBenchmark {
    @Param({"nucleo-l476rg", "stm32h757-mt25tl01g"})
    public String board;

    Board running;
    BoardSnapshot frozen;
    BoardSnapshot recycled;

    @Setup
    public void setUp() throws Exception {
        List<String> images = board.equals("nucleo-l476rg") ? List.of("firmware/elf/nucleo-l476rg/app-v1.elf")
                : List.of("firmware/elf/stm32h7/stm32h757-mt25tl01g-xipwrite-boot.elf", "firmware/elf/stm32h7/stm32h757-mt25tl01g-xipwrite-app.elf");
        running = new BoardCatalog().create(board, BoardHost.inMemory());
        for (String image : images) {
            LoadableImage loaded = ImageLoader.load(Path.of(image), OptionalLong.empty());
            for (var s : loaded.segments()) running.loadSegment(loaded.name(), s.address(), s.data(), s.stored());
        }
        running.reset();
        running.core().run(Long.MAX_VALUE, 30 * io.xipkit.time.Clock.PICOS_PER_MILLI);
        frozen = BoardSnapshot.of(running);
        recycled = BoardSnapshot.of(running);
    }

    @Benchmark
    public BoardSnapshot freezeWhole() {
        return BoardSnapshot.of(running);
    }

    @Benchmark
    public BoardSnapshot freezeRecyclingTheLastSnapshot() {
        recycled = BoardSnapshot.of(running, null, recycled);
        return recycled;
    }

    @Benchmark
    public Board resume() {
        return frozen.resume(BoardHost.inMemory());
    }
}
