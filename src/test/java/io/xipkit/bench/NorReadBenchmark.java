package io.xipkit.bench;

import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.time.ManualClock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host cost of reading a whole 16 MiB W25Q128JV through the transaction interface: one Fast Read
 * Quad I/O (EBh) transaction, and the same split into 4 KiB transactions as a driver would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NorReadBenchmark {
    NorChip chip;
    byte[] dst;

    @Setup
    public void setUp() {
        NorPart part = NorCatalog.standard().part("W25Q128JV");
        ArrayNorStorage s = new ArrayNorStorage(part.sizeBytes());
        for (int i = 0; i < s.array().length; i++) s.array()[i] = (byte) i;
        chip = new NorChip(part, s, new ManualClock(), 0);
        dst = new byte[(int) part.sizeBytes()];
    }

    @Benchmark
    public byte[] read16MiBOneTransaction() {
        chip.select();
        chip.instruction(0xEB, PhaseFormat.S1);
        chip.address(0, 3, PhaseFormat.S4);
        chip.alternate(0xF0, 1, PhaseFormat.S4);
        chip.dummy(4);
        chip.read(dst, 0, dst.length, PhaseFormat.S4);
        chip.deselect();
        return dst;
    }

    @Benchmark
    public byte[] read16MiBIn4KiBTransactions() {
        for (int a = 0; a < dst.length; a += 4096) {
            chip.select();
            chip.instruction(0xEB, PhaseFormat.S1);
            chip.address(a, 3, PhaseFormat.S4);
            chip.alternate(0xF0, 1, PhaseFormat.S4);
            chip.dummy(4);
            chip.read(dst, a, 4096, PhaseFormat.S4);
            chip.deselect();
        }
        return dst;
    }
}
