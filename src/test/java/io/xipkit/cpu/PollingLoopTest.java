package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.MemoryRegion;
import io.xipkit.bus.Peripheral;
import io.xipkit.bus.QuietReads;
import io.xipkit.bus.SystemBus;
import io.xipkit.cpu.jit.BlockTranslator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The polling-loop skip ({@link PollingLoop}) on small programs: a loop that only re-reads a quiet
 * register is skipped to the event that sets the flag, with the same counts, registers, memory and
 * SysTick interrupts (taken at the same instruction boundaries: the handler sums SYST_CVR at entry) as
 * when every iteration executes, interpreted and translated; a loop that counts its iterations, or
 * that also reads a register with a side effect, is executed iteration by iteration.
 */
class PollingLoopTest {
    static final int FLAG_BASE = 0x4000_0000;
    static final long EVENT_PICOS = 3_000_000_000L;   // 3 ms: 300,000 cycles at 100 MHz

    /** A status register (offset 0, quiet: set by a scheduled event) and a data register (offset 4: each read pops). */
    static final class FlagBlock implements Peripheral, QuietReads {
        int flag;
        int pops;

        @Override
        public int read(int offset, int size) {
            if (offset == 4) {
                pops++;
                return 0;
            }
            return offset == 0 ? flag : 0;
        }

        @Override
        public void write(int offset, int size, int value) {}

        @Override
        public boolean quietRead(int offset, int size) {
            return offset == 0;
        }
    }

    record Outcome(List<Object> seen, long skipped) {}

    static Outcome run(ThumbCode loop, boolean skip, boolean translate) {
        return run(loop, skip, translate, FLAG_BASE);
    }

    /** The program around {@code loop}, which finds {@code r2Base} in R2. */
    static Outcome run(ThumbCode loop, boolean skip, boolean translate, int r2Base) {
        return run(loop, skip, translate, r2Base, false);
    }

    /** The same, with a debugger's halting debug enabled (DHCSR.C_DEBUGEN, the core running) when {@code debugger}. */
    static Outcome run(ThumbCode loop, boolean skip, boolean translate, int r2Base, boolean debugger) {
        SystemBus bus = new SystemBus();
        MemoryRegion code = MemoryRegion.ram("code", 64 * 1024);
        MemoryRegion ram = MemoryRegion.ram("ram", 64 * 1024);
        bus.map(0, code);
        bus.map(0x2000_0000L, ram);
        FlagBlock block = new FlagBlock();
        bus.mapPeripheral("flag", FLAG_BASE, 0x400, block);
        Core core = new Core(CoreVariant.CORTEX_M7, bus, 100_000_000);
        if (translate) core.setTranslator(new BlockTranslator(core));
        core.setPollingLoopSkip(skip);
        // Vector table: SP, reset at 0x100, SysTick (exception 15) at 0x80.
        bus.write32(0, 0x2000_8000);
        bus.write32(4, 0x101);
        bus.write32(15 * 4, 0x81);
        // The handler adds SYST_CVR at its entry to r7 and logs it at 0x20001000 + 4 x r6: an
        // interrupt taken one instruction later shows.
        ThumbCode handler = new ThumbCode().ldr(1, 0xE000_E018).ldrImm(1, 1, 0).op(0x187F).ldr(0, 0x2000_1000).op(0x00B2, 0x5081).adds(6, 1).op(ThumbCode.BX_LR);
        bus.loadBytes(0x80, handler.bytes(0x80));
        ThumbCode main = new ThumbCode()
                .ldr(0, 0xE000_E010).ldr(1, 9_999).str(1, 0, 4).movs(1, 7).str(1, 0, 0)   // SysTick: every 10,000 cycles
                .ldr(2, r2Base);
        for (int hw : loop.assemble(0)) main.op(hw);                          // the loop (PC-relative free)
        main.adds(5, 1).op(ThumbCode.B_SELF);
        bus.loadBytes(0x100, main.bytes(0x100));
        core.reset();
        if (debugger) {
            core.debugAccess().write32(io.xipkit.cpu.debug.HaltingDebug.DHCSR,
                    io.xipkit.cpu.debug.HaltingDebug.DBGKEY | io.xipkit.cpu.debug.HaltingDebug.C_DEBUGEN);
        }
        core.scheduler.schedule(EVENT_PICOS, now -> block.flag = 1);
        core.run(400_000, Long.MAX_VALUE);
        List<Object> seen = CoreObservation.of(core);
        seen.add(block.pops);
        for (byte b : bus.peekBytes(0x2000_7F00L, 0x100)) seen.add(b);   // the stack: SysTick frames
        int[] log = new int[40];   // SYST_CVR at each handler entry
        for (int i = 0; i < 40; i++) log[i] = bus.read32(0x2000_1000 + 4 * i);
        seen.add(java.util.Arrays.toString(log));
        return new Outcome(seen, core.pollingLoopSkips()[1]);
    }

    /** {@code 1: ldr r3, [r2]; cmp r3, #0; beq 1b}. */
    static ThumbCode statusWait() {
        return new ThumbCode().ldrImm(3, 2, 0).op(0x2B00, 0xD0FC);
    }

    /** {@code 1: adds r4, #1; ldr r3, [r2]; cmp r3, #0; beq 1b}: a spin counter. */
    static ThumbCode countingWait() {
        return new ThumbCode().adds(4, 1).ldrImm(3, 2, 0).op(0x2B00, 0xD0FB);
    }

    /** {@code 1: ldr r1, [r2, #4]; ldr r3, [r2]; cmp r3, #0; beq 1b}: also pops a data register (always 0). */
    static ThumbCode drainingWait() {
        return new ThumbCode().ldrImm(1, 2, 4).ldrImm(3, 2, 0).op(0x2B00, 0xD0FB);
    }

    @Test
    void aLoopPollingAQuietRegisterIsSkippedToTheEventWithEverythingTheSame() {
        for (boolean translate : new boolean[] {false, true}) {
            Outcome reference = run(statusWait(), false, translate);
            Outcome skipped = run(statusWait(), true, translate);
            assertThat(reference.skipped()).isZero();
            assertThat(skipped.skipped()).as("skipped (translate %s)", translate).isGreaterThan(200_000L);
            assertThat(skipped.seen()).as("translate %s", translate).containsExactlyElementsOf(reference.seen());
            assertThat((int) skipped.seen().get(5)).as("r5: the loop ended").isEqualTo(1);
            assertThat((int) skipped.seen().get(6)).as("r6: SysTick interrupts taken").isGreaterThan(29);
        }
    }

    /**
     * {@code 1: ldr r3, [r2, #80]; cmp r3, #0; beq 1b} with R2 at the handler's log: waits in RAM
     * for the 21st SysTick interrupt's entry, as HAL_Delay waits for its tick.
     */
    static ThumbCode ramWait() {
        return new ThumbCode().ldrImm(3, 2, 80).op(0x2B00, 0xD0FC);
    }

    @Test
    void aLoopWaitingOnRamThatOnlyAnInterruptHandlerWritesIsSkippedBetweenInterrupts() {
        for (boolean translate : new boolean[] {false, true}) {
            Outcome reference = run(ramWait(), false, translate, 0x2000_1000);
            Outcome skipped = run(ramWait(), true, translate, 0x2000_1000);
            assertThat(reference.skipped()).isZero();
            assertThat(skipped.skipped()).as("skipped (translate %s)", translate).isGreaterThan(150_000L);
            assertThat(skipped.seen()).as("translate %s", translate).containsExactlyElementsOf(reference.seen());
            assertThat((int) skipped.seen().get(5)).as("r5: the loop ended").isEqualTo(1);
        }
    }

    /**
     * A debugger with halting debug enabled writes RAM while the core runs (OpenOCD fills a flash
     * algorithm's FIFO that the algorithm polls), which no event announces: no proof is tried for a
     * loop that reads only RAM, or virtual time would race to the next checkpoint.
     */
    @Test
    void aLoopWaitingOnRamIsNotSkippedWhileADebuggerHasHaltingDebugEnabled() {
        Outcome reference = run(ramWait(), false, true, 0x2000_1000, true);
        Outcome tried = run(ramWait(), true, true, 0x2000_1000, true);
        assertThat(tried.skipped()).isZero();
        assertThat(tried.seen()).containsExactlyElementsOf(reference.seen());
    }

    @Test
    void aLoopThatCountsItsIterationsIsNotSkipped() {
        Outcome reference = run(countingWait(), false, false);
        Outcome skipped = run(countingWait(), true, false);
        assertThat(skipped.skipped()).isZero();
        assertThat(skipped.seen()).containsExactlyElementsOf(reference.seen());
        assertThat((int) skipped.seen().get(4)).as("r4 counted the iterations").isGreaterThan(50_000);
    }

    @Test
    void aLoopThatAlsoReadsARegisterWithASideEffectIsNotSkipped() {
        Outcome reference = run(drainingWait(), false, true);
        Outcome skipped = run(drainingWait(), true, true);
        assertThat(skipped.skipped()).isZero();
        assertThat(skipped.seen()).containsExactlyElementsOf(reference.seen());
    }
}
