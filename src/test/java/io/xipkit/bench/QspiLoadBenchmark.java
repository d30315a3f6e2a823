package io.xipkit.bench;

import io.xipkit.board.Board;
import io.xipkit.board.BoardCatalog;
import io.xipkit.board.BoardHost;
import io.xipkit.tools.flasher.BoardFlashDrivers;
import io.xipkit.tools.flasher.ChangedBlockFlasher;
import io.xipkit.tools.flasher.FlashReport;
import io.xipkit.tools.target.CortexMTarget;
import io.xipkit.tools.target.VirtualTarget;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host cost of what gdb's {@code load} of a 1 MiB image into the W25Q128JV behind the STM32H750
 * QUADSPI does after vFlashDone: the changed-block flasher reading back, erasing and programming
 * through the controller's indirect mode with the debugger's memory accesses. Each invocation
 * starts from a chip holding a different 1 MiB image, so every 4 KiB sector is erased and every
 * page programmed. The virtual device time of the last invocation is printed at teardown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class QspiLoadBenchmark {
    static final int SIZE = 1 << 20;
    ChangedBlockFlasher flasher;
    byte[] image;
    FlashReport last;

    @Setup(Level.Invocation)
    public void setUp() {
        Board board = new BoardCatalog().create("stm32h750-w25q128", BoardHost.inMemory());
        board.reset();
        CortexMTarget target = VirtualTarget.attach(board, Object::toString);
        flasher = new ChangedBlockFlasher(target, BoardFlashDrivers.of(board, target));
        Random r = new Random(1);
        byte[] old = new byte[SIZE];
        r.nextBytes(old);
        board.bus().loadBytes(0x9000_0000L, old);   // a previous image, put there as a programmer would
        image = new byte[SIZE];
        r.nextBytes(image);
    }

    @Benchmark
    public FlashReport load1MiB() {
        flasher.stage(0x9000_0000L, image);
        last = flasher.commit();
        return last;
    }

    /** Runs one load outside JMH and prints the report (for docs/PERFORMANCE.md). */
    public static void main(String[] args) {
        QspiLoadBenchmark b = new QspiLoadBenchmark();
        b.setUp();
        long t0 = System.nanoTime();
        FlashReport r = b.load1MiB();
        System.out.printf("host %.3f s; %s%n", (System.nanoTime() - t0) / 1e9, r.summary());
    }
}
