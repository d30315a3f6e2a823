package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;

import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
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
 * Host cost of QUADSPI automatic status polling (RDSR every PIR = 16 clocks at 100 MHz, APMS, WIP =
 * 0) through a W25Q128JV erase: the 40 s chip erase (tCE typ.) with the skip to the erase end
 * ({@link PollSkip}), and a 45 ms sector erase with and without it. Each operation is WREN, the
 * erase, then polling driven event by event until SMF. It lives beside the rig it drives (package
 * access). Run: {@code bench/jmh.sh StatusPollingEraseBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StatusPollingEraseBenchmark {
    static final long SECOND = 1_000_000_000_000L;
    QuadspiRig skipping;
    QuadspiRig everyPoll;

    @Setup
    public void setUp() {
        skipping = QuadspiRig.single("W25Q128JV");
        skipping.init(1, 23, 0);
        everyPoll = QuadspiRig.single("W25Q128JV");
        everyPoll.q.polling.skip.enabled = false;
        everyPoll.init(1, 23, 0);
    }

    /** Erases with {@code erase} (address 0 when it takes one), polls to the end; returns the virtual time. */
    private static long eraseAndPoll(QuadspiRig rig, Ccr erase, long atLeast) {
        rig.command(wren(), 0);
        rig.command(erase, 0);
        long t0 = rig.now();
        rig.wr(FCR, 0x1B);
        rig.wr(PSMKR, 0x01);
        rig.wr(PSMAR, 0x00);
        rig.wr(PIR, 0x10);
        rig.wr(DLR, 0);
        rig.wr(CR, rig.rd(CR) | APMS);
        rig.wr(CCR, new Ccr().instr(0x05, 1).data(1).fmode(2).value());
        while ((rig.sr() & SMF) == 0) rig.runUntil(rig.scheduler.nextDeadline());
        rig.wr(FCR, SMF);
        rig.wr(CR, rig.rd(CR) & ~APMS);
        long took = rig.now() - t0;
        if (took < atLeast) throw new IllegalStateException("erase polled done after " + took + " ps");
        return took;
    }

    @Benchmark
    public long chipErase40sWithSkip() {
        return eraseAndPoll(skipping, new Ccr().instr(0xC7, 1), 40 * SECOND);
    }

    @Benchmark
    public long sectorErase45msWithSkip() {
        return eraseAndPoll(skipping, sectorErase(), 45 * SECOND / 1000);
    }

    @Benchmark
    public long sectorErase45msEveryPoll() {
        return eraseAndPoll(everyPoll, sectorErase(), 45 * SECOND / 1000);
    }
}
