package io.xipkit.peripherals.stm32;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.MemoryRegion;
import io.xipkit.bus.Peripheral;
import io.xipkit.bus.SystemBus;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.CoreObservation;
import io.xipkit.cpu.CoreVariant;
import io.xipkit.cpu.ThumbCode;
import io.xipkit.cpu.jit.BlockTranslator;
import io.xipkit.regs.Register;
import io.xipkit.regs.RegisterBlock;
import io.xipkit.time.ManualClock;
import io.xipkit.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The quiet-read promise ({@link io.xipkit.bus.QuietReads}) of the register blocks HAL firmware
 * polls while it waits: RCC, PWR, GPIO and the internal flash interfaces. In these models every
 * register is quiet: the ready flags are computed from the register state (oscillators, PLLs and
 * regulators settle in zero virtual time), the flash busy flags are set by a write and cleared by
 * the operation's completion event, and no read clears anything. The tests pin that each block
 * answers quiet at every offset, that reading every register twice changes nothing, that the
 * values polled stay put until a write or an event changes them, and that a firmware loop polling
 * the flash busy flags or a GPIO input is skipped to the event with the same outcome as when
 * every iteration runs.
 */
class QuietReadsTest {
    // ================================================================================================
    // Every offset answers quiet, and reading every register twice changes nothing
    // ================================================================================================

    /** Maps {@code peripheral} at {@code base} on a new bus. */
    private static SystemBus busWith(long base, int size, Peripheral peripheral) {
        SystemBus bus = new SystemBus();
        bus.mapPeripheral("block", base, size, peripheral);
        return bus;
    }

    /** Every access (byte, halfword, word at every aligned offset) of the window is declared quiet. */
    private static void assertEveryOffsetQuiet(String block, SystemBus bus, long base, int size) {
        for (int offset = 0; offset < size; offset++) {
            for (int width : new int[] {1, 2, 4}) {
                if (offset % width != 0) continue;
                assertThat(bus.quietRead((int) (base + offset), width))
                        .as("%s offset 0x%03x, %d byte(s)", block, offset, width).isTrue();
            }
        }
    }

    /**
     * Reads every declared register twice through the bus: the second sweep returns what the
     * first did and the block's stored state (its dump) is what it was, so no read has a side effect.
     */
    private static void assertReadsChangeNothing(String block, SystemBus bus, long base, RegisterBlock regs) {
        String before = regs.dump();
        List<Integer> first = sweep(bus, base, regs), second = sweep(bus, base, regs);
        assertThat(second).as("%s: second sweep", block).containsExactlyElementsOf(first);
        assertThat(regs.dump()).as("%s: stored state after two sweeps", block).isEqualTo(before);
    }

    private static List<Integer> sweep(SystemBus bus, long base, RegisterBlock regs) {
        List<Integer> values = new ArrayList<>();
        for (Register r : regs.registers()) values.add(bus.read32((int) (base + r.offset())));
        return values;
    }

    private static void assertQuietBlock(String block, long base, int size, Peripheral peripheral, RegisterBlock regs) {
        SystemBus bus = busWith(base, size, peripheral);
        assertEveryOffsetQuiet(block, bus, base, size);
        assertReadsChangeNothing(block, bus, base, regs);
    }

    @Test
    void everyRccRegisterReadsQuietlyAndWithoutSideEffect() {
        for (Stm32H7Rcc.Variant v : Stm32H7Rcc.Variant.values()) {
            Stm32H7Rcc rcc = new Stm32H7Rcc(v, 25_000_000, c -> {});
            assertQuietBlock("RCC " + v, Stm32H7Rcc.BASE, Stm32H7Rcc.SIZE, rcc, rcc.registers());
        }
        Stm32H7rsRcc h7rs = new Stm32H7rsRcc(24_000_000, c -> {});
        assertQuietBlock("RCC H7R/S", Stm32H7rsRcc.BASE, Stm32H7rsRcc.SIZE, h7rs, h7rs.registers());
        Stm32L4Rcc l4 = new Stm32L4Rcc(8_000_000, c -> {});
        assertQuietBlock("RCC L4", Stm32L4Rcc.BASE, Stm32L4Rcc.SIZE, l4, l4.registers());
    }

    @Test
    void everyPwrRegisterReadsQuietlyAndWithoutSideEffect() {
        for (Stm32H7Rcc.Variant v : Stm32H7Rcc.Variant.values()) {
            Stm32H7Pwr pwr = new Stm32H7Pwr(v);
            assertQuietBlock("PWR " + v, Stm32H7Pwr.BASE, Stm32H7Pwr.SIZE, pwr, pwr.registers());
        }
        Stm32H7rsPwr h7rs = new Stm32H7rsPwr();
        assertQuietBlock("PWR H7R/S", Stm32H7rsPwr.BASE, Stm32H7rsPwr.SIZE, h7rs, h7rs.registers());
        Stm32L4Pwr l4 = new Stm32L4Pwr();
        assertQuietBlock("PWR L4", Stm32L4Pwr.BASE, Stm32L4Pwr.SIZE, l4, l4.registers());
    }

    @Test
    void everyGpioRegisterReadsQuietlyAndWithoutSideEffect() {
        ManualClock clock = new ManualClock();
        for (Stm32Gpio.Family f : Stm32Gpio.Family.values()) {
            Stm32Gpio gpio = new Stm32Gpio(f, 'B', clock, PinListener.NONE);
            gpio.drive(5, true);   // an external level on an input: IDR shows it, still quietly
            long base = Stm32Gpio.baseAddress(f, 'B');
            assertQuietBlock("GPIOB " + f, base, Stm32Gpio.SIZE, gpio, gpio.registers());
        }
    }

    @Test
    void everyFlashInterfaceRegisterReadsQuietlyAndWithoutSideEffectAlsoWhileBusy() {
        for (H7FlashVariant v : H7FlashVariant.values()) {
            H7FlashRig rig = new H7FlashRig(v);
            String name = "FLASH " + v;
            assertEveryOffsetQuiet(name, rig.bus, H7FlashRig.REGS, H7FlashMemory.REGISTER_SIZE);
            assertReadsChangeNothing(name, rig.bus, H7FlashRig.REGS, rig.flash.registerBlock());
            programH7Word(rig);
            assertThat(rig.reg(H7FlashRig.SR1) & H7FlashRig.QW).as(name + " busy").isNotZero();
            assertEveryOffsetQuiet(name + " busy", rig.bus, H7FlashRig.REGS, H7FlashMemory.REGISTER_SIZE);
            assertReadsChangeNothing(name + " busy", rig.bus, H7FlashRig.REGS, rig.flash.registerBlock());
        }

        L4Rig l4 = new L4Rig(new ManualClock(), new Scheduler(), new SystemBus());
        assertEveryOffsetQuiet("FLASH L4", l4.bus, L4Flash.BASE, L4Flash.REGISTER_WINDOW);
        assertReadsChangeNothing("FLASH L4", l4.bus, L4Flash.BASE, l4.flash.registers());
        l4.programDoubleWord();
        assertThat(l4.sr() & L4_BSY).as("L4 busy").isNotZero();
        assertEveryOffsetQuiet("FLASH L4 busy", l4.bus, L4Flash.BASE, L4Flash.REGISTER_WINDOW);
        assertReadsChangeNothing("FLASH L4 busy", l4.bus, L4Flash.BASE, l4.flash.registers());

        Stm32H7rsFlashInterface h7rs = new Stm32H7rsFlashInterface(Stm32H7rsFlashInterface.OB_XSPI1_HSLV);
        assertQuietBlock("FLASH H7R/S", Stm32H7rsFlashInterface.BASE, Stm32H7rsFlashInterface.SIZE, h7rs, h7rs.registers());
    }

    // ================================================================================================
    // The values polled stay put until a write or an event changes them
    // ================================================================================================

    /** Reads {@code offset} of {@code p} three times and returns the value after checking they agree. */
    private static int steady(Peripheral p, int offset) {
        int v = p.read(offset, 4);
        assertThat(p.read(offset, 4)).as("second read of 0x%03x", offset).isEqualTo(v);
        assertThat(p.read(offset, 4)).as("third read of 0x%03x", offset).isEqualTo(v);
        return v;
    }

    @Test
    void rccPllReadyAndSwsChangeOnlyAtTheWritesThatAskForThem() {
        // H743 (RM0433 Rev 8 8.7.2 CR: PLL1ON 24, PLL1RDY 25; 8.7.7 CFGR: SW 2:0, SWS 5:3;
        // 8.7.11 PLLCKSELR: PLLSRC 1:0 = HSE is 2, DIVM1 9:4).
        Stm32H7Rcc h7 = new Stm32H7Rcc(Stm32H7Rcc.Variant.RM0433_SINGLE_CORE, 25_000_000, c -> {});
        h7.write(0x028, 4, 2 | 5 << 4);
        h7.write(0x000, 4, h7.read(0x000, 4) | 1 << 16);                 // HSEON
        assertThat(steady(h7, 0x000) & (1 << 17 | 1 << 25)).as("HSERDY, no PLL1RDY").isEqualTo(1 << 17);
        h7.write(0x000, 4, h7.read(0x000, 4) | 1 << 24);                 // PLL1ON
        assertThat(steady(h7, 0x000) & 1 << 25).as("PLL1RDY, set by the write (zero-time lock)").isNotZero();
        h7.write(0x010, 4, 3);                                           // SW = PLL1
        assertThat(steady(h7, 0x010) >>> 3 & 7).as("SWS").isEqualTo(3);

        // H7R/S (stm32h7s3xx.h: the same CR/CFGR/PLLCKSELR positions as the H743).
        Stm32H7rsRcc h7rs = new Stm32H7rsRcc(24_000_000, c -> {});
        h7rs.write(0x028, 4, 2 | 3 << 4);
        h7rs.write(0x000, 4, h7rs.read(0x000, 4) | 1 << 16);
        assertThat(steady(h7rs, 0x000) & 1 << 25).as("H7R/S PLL1RDY before PLL1ON").isZero();
        h7rs.write(0x000, 4, h7rs.read(0x000, 4) | 1 << 24);
        assertThat(steady(h7rs, 0x000) & 1 << 25).as("H7R/S PLL1RDY").isNotZero();
        h7rs.write(0x010, 4, 3);
        assertThat(steady(h7rs, 0x010) >>> 3 & 7).as("H7R/S SWS").isEqualTo(3);

        // L476 (RM0351 6.4.1 CR: PLLON 24, PLLRDY 25; 6.4.3 CFGR: SW 1:0, SWS 3:2; 6.4.4 PLLCFGR).
        Stm32L4Rcc l4 = new Stm32L4Rcc(8_000_000, c -> {});
        l4.write(0x0C, 4, 1 | 40 << 8 | 1 << 24);                        // MSI, N = 40, PLLREN
        assertThat(steady(l4, 0x00) & 1 << 25).as("L4 PLLRDY before PLLON").isZero();
        l4.write(0x00, 4, l4.read(0x00, 4) | 1 << 24);
        assertThat(steady(l4, 0x00) & 1 << 25).as("L4 PLLRDY").isNotZero();
        l4.write(0x08, 4, 3);
        assertThat(steady(l4, 0x08) >>> 2 & 3).as("L4 SWS").isEqualTo(3);
        l4.write(0x08, 4, 0);                                            // back to MSI: then PLLON may clear
        l4.write(0x00, 4, l4.read(0x00, 4) & ~(1 << 24));
        assertThat(steady(l4, 0x00) & 1 << 25).as("L4 PLLRDY after PLLON cleared").isZero();
    }

    @Test
    void pwrReadyFlagsHoldAndTheActiveScaleFollowsOnlyTheScaleWrite() {
        // H743: D3CR.VOS 15:14, VOSRDY 13 (RM0433 6.8.6); CSR1.ACTVOS 15:14, ACTVOSRDY 13 (6.8.2).
        Stm32H7Pwr h7 = new Stm32H7Pwr(Stm32H7Rcc.Variant.RM0433_SINGLE_CORE);
        h7.write(0x0C, 4, 0x2);                                          // LDO supply
        assertThat(steady(h7, 0x04) & 1 << 13).as("ACTVOSRDY").isNotZero();
        assertThat(steady(h7, 0x04) >>> 14 & 3).as("ACTVOS before the scale write").isEqualTo(1);
        h7.write(0x18, 4, 3 << 14);
        assertThat(steady(h7, 0x18) & 1 << 13).as("VOSRDY").isNotZero();
        assertThat(steady(h7, 0x04) >>> 14 & 3).as("ACTVOS after it").isEqualTo(3);

        // H7R/S: CSR4.VOS 0, VOSRDY 1; SR1.ACTVOS 0, ACTVOSRDY 1 (stm32h7s3xx.h).
        Stm32H7rsPwr h7rs = new Stm32H7rsPwr();
        assertThat(steady(h7rs, 0x04) & 3).as("H7R/S ACTVOSRDY, scale 1").isEqualTo(2);
        h7rs.write(0x14, 4, 1);
        assertThat(steady(h7rs, 0x14) & 2).as("H7R/S VOSRDY").isNotZero();
        assertThat(steady(h7rs, 0x04) & 3).as("H7R/S ACTVOS scale 0").isEqualTo(3);

        // L476: SR2.REGLPF (bit 9) follows CR1.LPR (bit 14), VOSF (bit 10) reads 0 (RM0351 5.4.1, 5.4.6).
        Stm32L4Pwr l4 = new Stm32L4Pwr();
        assertThat(steady(l4, 0x14) & (1 << 9 | 1 << 10)).as("L4 REGLPF, VOSF").isZero();
        l4.write(0x00, 4, l4.read(0x00, 4) | 1 << 14);
        assertThat(steady(l4, 0x14) & 1 << 9).as("L4 REGLPF after LPR").isNotZero();
    }

    @Test
    void gpioInputStaysPutUntilAnEventDrivesThePin() {
        ManualClock clock = new ManualClock();
        Scheduler scheduler = new Scheduler();
        Stm32Gpio gpio = new Stm32Gpio(Stm32Gpio.Family.H7, 'C', clock, PinListener.NONE);
        gpio.write(0x00, 4, gpio.read(0x00, 4) & ~(3 << 6));            // PC3 input (MODER 00)
        scheduler.schedule(50_000_000L, now -> gpio.drive(3, true));
        assertThat(steady(gpio, 0x10) & 1 << 3).as("IDR3 before the event").isZero();
        clock.advanceMicros(49);
        scheduler.runDue(clock.nowPicos());
        assertThat(steady(gpio, 0x10) & 1 << 3).as("IDR3 1 us before the event").isZero();
        clock.advanceMicros(1);
        scheduler.runDue(clock.nowPicos());
        assertThat(steady(gpio, 0x10) & 1 << 3).as("IDR3 once the event ran").isNotZero();
    }

    @Test
    void h7FlashQueueWaitStaysSetUntilTheProgramEventRuns() {
        H7FlashRig rig = new H7FlashRig(H7FlashVariant.H743);
        programH7Word(rig);
        int busy = H7FlashRig.QW | H7FlashRig.BSY;
        assertThat(steady(rig.flash.registers(), H7FlashRig.SR1) & busy).as("QW, BSY at the last word").isEqualTo(busy);
        rig.advanceMicros(99);                                           // x64 program: 100 us (H7FlashTiming.typical)
        assertThat(steady(rig.flash.registers(), H7FlashRig.SR1) & busy).as("1 us before the end").isEqualTo(busy);
        rig.advanceMicros(1);
        int sr = steady(rig.flash.registers(), H7FlashRig.SR1);
        assertThat(sr & busy).as("QW, BSY once the event ran").isZero();
        assertThat(sr & H7FlashBank.EOP).as("EOP").isNotZero();
    }

    @Test
    void l4FlashBusyStaysSetUntilTheProgramEventRuns() {
        ManualClock clock = new ManualClock();
        Scheduler scheduler = new Scheduler();
        L4Rig l4 = new L4Rig(clock, scheduler, new SystemBus());
        l4.programDoubleWord();
        assertThat(steady(l4.flash, 0x10) & L4_BSY).as("BSY after the second word").isNotZero();
        long end = scheduler.nextDeadline();
        clock.advancePicos(end - 1);
        scheduler.runDue(clock.nowPicos());
        assertThat(steady(l4.flash, 0x10) & L4_BSY).as("BSY 1 ps before the end").isNotZero();
        clock.advancePicos(1);
        scheduler.runDue(clock.nowPicos());
        assertThat(steady(l4.flash, 0x10) & L4_BSY).as("BSY once the event ran").isZero();
    }

    @Test
    void h7rsFlashStatusIsStoredAndChangesOnlyWhenWritten() {
        Stm32H7rsFlashInterface flash = new Stm32H7rsFlashInterface(0);
        assertThat(steady(flash, 0x014)).as("SR").isZero();
        assertThat(steady(flash, 0x000) & 0xF).as("ACR.LATENCY").isEqualTo(1);
        flash.write(0x000, 4, 3);
        assertThat(steady(flash, 0x000) & 0xF).as("ACR.LATENCY after the write").isEqualTo(3);
    }

    // ================================================================================================
    // A firmware loop polling these registers is skipped to the event, with the same outcome
    // ================================================================================================

    record Outcome(List<Object> seen, long skipped) {}

    /**
     * Runs {@code 1: ldr r3, [r2, #offset]; tst r3, r4; b(ne|eq) 1b; adds r5, #1; b .} on a
     * Cortex-M7 at 100 MHz with r2 = {@code base} and r4 = {@code mask}, waiting while the bits are
     * set ({@code whileSet}) or while they are clear. {@code wire} maps the block on the bus (after
     * reset, with the core's clock and scheduler) and starts what the loop waits for; it returns
     * the block's state to compare at the end.
     */
    static Outcome poll(boolean skip, boolean translate, int base, int offset, int mask, boolean whileSet,
                        BiFunction<Core, SystemBus, Supplier<Object>> wire) {
        SystemBus bus = new SystemBus();
        bus.map(0, MemoryRegion.ram("code", 64 * 1024));
        bus.map(0x2000_0000L, MemoryRegion.ram("ram", 64 * 1024));
        Core core = new Core(CoreVariant.CORTEX_M7, bus, 100_000_000);
        if (translate) core.setTranslator(new BlockTranslator(core));
        core.setPollingLoopSkip(skip);
        bus.write32(0, 0x2000_8000);
        bus.write32(4, 0x101);
        ThumbCode main = new ThumbCode().ldr(2, base).ldr(4, mask)
                .ldrImm(3, 2, offset).op(0x4223, whileSet ? 0xD1FC : 0xD0FC)  // tst r3, r4; bne/beq 1b
                .adds(5, 1).op(ThumbCode.B_SELF);
        bus.loadBytes(0x100, main.bytes(0x100));
        core.reset();
        Supplier<Object> state = wire.apply(core, bus);
        core.run(40_000, Long.MAX_VALUE);
        List<Object> seen = CoreObservation.of(core);
        seen.add(state.get());
        return new Outcome(seen, core.pollingLoopSkips()[1]);
    }

    private static void assertSkippedWithTheSameOutcome(String what, int base, int offset, int mask, boolean whileSet,
                                                        BiFunction<Core, SystemBus, Supplier<Object>> wire) {
        for (boolean translate : new boolean[] {false, true}) {
            Outcome reference = poll(false, translate, base, offset, mask, whileSet, wire);
            Outcome skipped = poll(true, translate, base, offset, mask, whileSet, wire);
            assertThat(reference.skipped()).isZero();
            assertThat(skipped.skipped()).as("%s: instructions skipped (translate %s)", what, translate).isGreaterThan(3_000L);
            assertThat(skipped.seen()).as("%s (translate %s)", what, translate).containsExactlyElementsOf(reference.seen());
            assertThat((int) skipped.seen().get(5)).as("%s: r5, the loop ended", what).isEqualTo(1);
        }
    }

    @Test
    void aLoopWaitingForH7FlashQueueWaitIsSkippedToTheProgramEndWithTheSameOutcome() {
        assertSkippedWithTheSameOutcome("H7 FLASH_SR1.QW", (int) H7FlashRig.REGS, H7FlashRig.SR1, H7FlashRig.QW, true,
                (core, bus) -> {
                    H7FlashMemory flash = new H7FlashMemory(H7FlashVariant.H743, BoardFileGeometries.H743, H7FlashTiming.typical(),
                            core.clock(), core.scheduler, level -> {}, new ArrayNonVolatileMemory(1 << 20),
                            new ArrayNonVolatileMemory(1 << 20), new ArrayNonVolatileMemory(4096));
                    bus.mapPeripheral("FLASH", H7FlashRig.REGS, H7FlashMemory.REGISTER_SIZE, flash.registers());
                    bus.map(H7FlashRig.FLASH, flash.bankRegion(0));
                    bus.write32((int) H7FlashRig.REGS + H7FlashRig.KEYR1, H7FlashBank.KEY1);
                    bus.write32((int) H7FlashRig.REGS + H7FlashRig.KEYR1, H7FlashBank.KEY2);
                    bus.write32((int) H7FlashRig.REGS + H7FlashRig.CR1, H7FlashRig.PG | 3 << 4);
                    for (int i = 0; i < 8; i++) bus.write32((int) H7FlashRig.FLASH + 4 * i, 0x1234_0000 + i);
                    return () -> List.of(bus.read32((int) H7FlashRig.REGS + H7FlashRig.SR1), bus.read32((int) H7FlashRig.FLASH));
                });
    }

    @Test
    void aLoopWaitingForL4FlashBusyIsSkippedToTheProgramEndWithTheSameOutcome() {
        assertSkippedWithTheSameOutcome("L4 FLASH_SR.BSY", (int) L4Flash.BASE, 0x10, L4_BSY, true, (core, bus) -> {
            L4Rig l4 = new L4Rig(core.clock(), core.scheduler, bus);
            l4.programDoubleWord();
            return () -> List.of(l4.sr(), bus.read32(0x0800_0000), bus.read32(0x0800_0004));
        });
    }

    @Test
    void aLoopWaitingForL4FlashBusyAfterAFastRowStoppedPartwayIsSkippedToTheDataMissWithTheSameOutcome() {
        assertSkippedWithTheSameOutcome("L4 FLASH_SR.BSY, fast row stopped", (int) L4Flash.BASE, 0x10, L4_BSY, true, (core, bus) -> {
            L4Rig l4 = new L4Rig(core.clock(), core.scheduler, bus);
            l4.fastProgramFirstDoubleWordOnly();
            return () -> List.of(l4.sr(), bus.read32(0x0800_0000), bus.read32(0x0800_0008));
        });
    }

    @Test
    void aLoopWaitingForAGpioInputIsSkippedToTheEventThatDrivesIt() {
        int base = Stm32Gpio.baseAddress(Stm32Gpio.Family.H7, 'C');
        assertSkippedWithTheSameOutcome("GPIOC IDR3", base, 0x10, 1 << 3, false, (core, bus) -> {
            Stm32Gpio gpio = new Stm32Gpio(Stm32Gpio.Family.H7, 'C', core.clock(), PinListener.NONE);
            bus.mapPeripheral("GPIOC", base, Stm32Gpio.SIZE, gpio);
            bus.write32(base, bus.read32(base) & ~(3 << 6));            // PC3 input
            core.scheduler.schedule(150_000_000L, now -> gpio.drive(3, true));   // 150 us: 15,000 cycles
            return () -> gpio.read(0x10, 4);
        });
    }

    // ================================================================================================
    // Rigs
    // ================================================================================================

    static final int L4_BSY = 1 << 16;

    /** Unlocks bank 1 and programs one flash word (x64 where PSIZE exists) at 0x0800_0000: QW/BSY until its event. */
    private static void programH7Word(H7FlashRig rig) {
        rig.unlockBank1();
        rig.setReg(H7FlashRig.CR1, H7FlashRig.PG | (rig.flash.variant().layout().psize() ? 3 << 4 : 0));
        for (int i = 0; i < rig.flash.variant().flashWordBytes() / 4; i++) rig.bus.write32((int) H7FlashRig.FLASH + 4 * i, 0x1234_0000 + i);
    }

    /** An L476 flash interface (register block and array) on {@code bus}, as L4FlashTest wires it. */
    static final class L4Rig {
        final SystemBus bus;
        final L4Flash flash;

        L4Rig(io.xipkit.time.Clock clock, Scheduler scheduler, SystemBus bus) {
            this.bus = bus;
            flash = new L4Flash(BoardFileGeometries.L476, new ArrayNonVolatileMemory(BoardFileGeometries.L476_SIZE), clock,
                    scheduler, level -> {}, () -> {});
            bus.mapPeripheral("flash-regs", L4Flash.BASE, L4Flash.REGISTER_WINDOW, flash);
            bus.map(BoardFileGeometries.L476.memoryBase(), flash.memory());
        }

        int sr() {
            return bus.read32((int) L4Flash.BASE + 0x10);
        }

        /** Unlock, PG, then the two words of a double word at 0x0800_0000 (RM0351 3.3.7): BSY for the program time. */
        void programDoubleWord() {
            bus.write32((int) L4Flash.BASE + 0x08, L4Flash.KEY1);
            bus.write32((int) L4Flash.BASE + 0x08, L4Flash.KEY2);
            bus.write32((int) L4Flash.BASE + 0x14, 1);                   // CR.PG
            bus.write32(0x0800_0000, 0x1234_5678);
            bus.write32(0x0800_0004, 0x9ABC_DEF0);
        }

        /**
         * FSTPG, then only the first double word of a row at 0x0800_0000 (RM0351 3.3.7 "Fast
         * programming"): BSY until the data-miss event, about 129 us later, sets MISERR. The virgin
         * array is erased already, so the rig records bank 1 as mass-erased rather than spending the
         * 22 ms of a real mass erase before the loop starts.
         */
        void fastProgramFirstDoubleWordOnly() {
            bus.write32((int) L4Flash.BASE + 0x08, L4Flash.KEY1);
            bus.write32((int) L4Flash.BASE + 0x08, L4Flash.KEY2);
            flash.massErased[0] = true;
            bus.write32((int) L4Flash.BASE + 0x14, 1 << 18);             // CR.FSTPG
            bus.write32(0x0800_0000, 0x1234_5678);
            bus.write32(0x0800_0004, 0x9ABC_DEF0);
        }
    }
}
