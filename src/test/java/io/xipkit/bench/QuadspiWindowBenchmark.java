package io.xipkit.bench;

import io.xipkit.bus.MemoryRegion;
import io.xipkit.bus.SystemBus;
import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.peripherals.IrqLine;
import io.xipkit.peripherals.quadspi.QuadspiFlash;
import io.xipkit.peripherals.quadspi.Stm32Quadspi;
import io.xipkit.peripherals.quadspi.Stm32Xspi;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
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
 * Host cost of XIP-style data reads: 64 KiB of word reads and halfword fetches through the
 * {@link SystemBus}, from the QUADSPI window in memory-mapped mode (W25Q128JV, EBh quad I/O) and
 * from AXI SRAM. With the window's fast path both take the same inline array path. The octal
 * variants read the XSPI2 window at 0x7000_0000 (MX25UW25645G switched to DTR-OPI, 8DTRD EE11h),
 * the NUCLEO-H7S3L8's set-up, through the same engine.
 * Run: {@code bench/jmh.sh QuadspiWindowBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QuadspiWindowBenchmark {
    static final int WINDOW = 0x9000_0000;
    static final int RAM = 0x2400_0000;
    static final int SPAN = 64 * 1024;
    static final int OCTAL_WINDOW = 0x7000_0000;
    SystemBus bus;
    /** XSPI2 with the octal chip in DTR-OPI, memory-mapped at 0x7000_0000. */
    SystemBus octalBus;
    /** The same window with the fast path off: every read is a transaction on the chip model. */
    SystemBus slowBus;

    @Setup
    public void setUp() {
        bus = build(true);
        slowBus = build(false);
        octalBus = buildOctal();
    }

    private static SystemBus buildOctal() {
        ManualClock clock = new ManualClock();
        Scheduler scheduler = new Scheduler();
        NorPart part = NorCatalog.standard().part("MX25UW25645G");
        ArrayNorStorage storage = new ArrayNorStorage(part.sizeBytes());
        for (int i = 0; i < storage.array().length; i++) storage.array()[i] = (byte) (i * 31);
        NorChip chip = new NorChip(part, storage, clock, 0);
        Stm32Xspi x = new Stm32Xspi("XSPI2", clock, scheduler, () -> 200_000_000L, IrqLine.NONE,
                new QuadspiFlash(chip, storage));
        SystemBus bus = new SystemBus();
        bus.mapPeripheral("xspi2", Stm32Xspi.XSPI2_REGISTERS_BASE, Stm32Xspi.REGISTERS_SIZE, x);
        bus.map(Stm32Xspi.XSPI2_WINDOW_BASE, x.window());
        int regs = (int) Stm32Xspi.XSPI2_REGISTERS_BASE;
        bus.write32(regs + 0x08, 24 << 16 | 1 << 8);     // DCR1: 32 MiB, CSHT
        bus.write32(regs + 0x0C, 1);                      // DCR2: CLK = 200 MHz / 2
        bus.write32(regs + 0x00, 1);                      // CR: indirect write, EN
        bus.write32(regs + 0x100, 1);                     // CCR: 1-line instruction only
        bus.write32(regs + 0x110, 0x06);                  // IR: WREN
        settle(clock, scheduler);
        bus.write32(regs + 0x40, 0);                      // DLR: one byte
        bus.write32(regs + 0x100, 1 | 1 << 8 | 3 << 12 | 1 << 24); // 1-1-1, 4-byte address
        bus.write32(regs + 0x110, 0x72);                  // WRCR2
        bus.write32(regs + 0x48, 0);                      // CR2 address 0
        bus.write8(regs + 0x50, 0x02);                    // DTR-OPI
        settle(clock, scheduler);
        // CCR: 8D instruction (2 bytes), 8D 4-byte address, 8D data, DQSE; 20 dummy; 8DTRD; memory-mapped.
        bus.write32(regs + 0x100, 4 | 1 << 3 | 1 << 4 | 4 << 8 | 1 << 11 | 3 << 12 | 4 << 24 | 1 << 27 | 1 << 29);
        bus.write32(regs + 0x108, 20);
        bus.write32(regs + 0x110, 0xEE11);
        bus.write32(regs + 0x00, 3 << 28 | 1);
        byte[] a = storage.array();
        int expected = (a[4] & 0xFF) | (a[5] & 0xFF) << 8 | (a[6] & 0xFF) << 16 | (a[7] & 0xFF) << 24;
        if (bus.read32(OCTAL_WINDOW + 4) != expected) throw new IllegalStateException("octal window set-up failed");
        if (x.window().fastPath() == null) throw new IllegalStateException("octal window has no fast path");
        return bus;
    }

    /** Runs the command just started to its end in virtual time. */
    private static void settle(ManualClock clock, Scheduler scheduler) {
        long t = clock.nowPicos() + 100_000_000L;
        for (long d; (d = scheduler.nextDeadline()) <= t; ) {
            clock.setPicos(Math.max(d, clock.nowPicos()));
            scheduler.runDue(clock.nowPicos());
        }
        clock.setPicos(t);
    }

    private static SystemBus build(boolean fastPath) {
        ManualClock clock = new ManualClock();
        NorPart part = NorCatalog.standard().part("W25Q128JV");
        ArrayNorStorage storage = new ArrayNorStorage(part.sizeBytes());
        for (int i = 0; i < storage.array().length; i++) storage.array()[i] = (byte) (i * 31);
        NorChip chip = new NorChip(part, storage, clock, 0);
        Stm32Quadspi q = new Stm32Quadspi(clock, new Scheduler(), () -> 200_000_000L, IrqLine.NONE,
                new QuadspiFlash(chip, storage), null, false);
        q.setFastPathEnabled(fastPath);
        SystemBus bus = new SystemBus();
        bus.mapPeripheral("quadspi", Stm32Quadspi.REGISTERS_BASE, Stm32Quadspi.REGISTERS_SIZE, q);
        bus.map(Stm32Quadspi.WINDOW_BASE, q.window());
        MemoryRegion ram = MemoryRegion.ram("axisram", 512 * 1024);
        bus.map(RAM & 0xFFFF_FFFFL, ram);
        for (int i = 0; i < SPAN; i += 4) bus.write32(RAM + i, i * 0x01010101);
        int regs = (int) Stm32Quadspi.REGISTERS_BASE;
        bus.write32(regs + 0x04, 23 << 16);              // DCR: FSIZE = 23 (16 MiB)
        bus.write32(regs + 0x00, 1 << 24 | 1);           // CR: PRESCALER = 1, EN
        bus.write32(regs + 0x1C, 0xFF);                  // ABR: M7-0 = FFh
        // CCR: EBh, IMODE 1 line, ADMODE/ABMODE 4 lines, 24-bit address, 8-bit alternate, 4 dummy, DMODE 4 lines, memory-mapped.
        bus.write32(regs + 0x14, 0xEB | 1 << 8 | 3 << 10 | 2 << 12 | 3 << 14 | 4 << 18 | 3 << 24 | 3 << 26);
        bus.read32(WINDOW); // first access arms the fast path
        return bus;
    }

    private static int sumWords(SystemBus bus, int base) {
        int s = 0;
        for (int i = 0; i < SPAN; i += 4) s += bus.read32(base + i);
        return s;
    }

    private int sumFetches(int base) {
        int s = 0;
        for (int i = 0; i < SPAN; i += 2) s += bus.fetch16(base + i);
        return s;
    }

    @Benchmark
    public int windowWordReads64KiB() {
        return sumWords(bus, WINDOW + 0x10_0000);
    }

    @Benchmark
    public int ramWordReads64KiB() {
        return sumWords(bus, RAM);
    }

    @Benchmark
    public int windowWordReads64KiBWithoutFastPath() {
        return sumWords(slowBus, WINDOW + 0x10_0000);
    }

    @Benchmark
    public int windowFetches64KiB() {
        return sumFetches(WINDOW + 0x10_0000);
    }

    @Benchmark
    public int octalWindowWordReads64KiB() {
        return sumWords(octalBus, OCTAL_WINDOW + 0x10_0000);
    }

    @Benchmark
    public int octalWindowFetches64KiB() {
        int s = 0;
        for (int i = 0; i < SPAN; i += 2) s += octalBus.fetch16(OCTAL_WINDOW + 0x10_0000 + i);
        return s;
    }

    @Benchmark
    public int ramFetches64KiB() {
        return sumFetches(RAM);
    }
}
