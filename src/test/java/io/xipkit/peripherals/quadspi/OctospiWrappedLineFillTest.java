package io.xipkit.peripherals.quadspi;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.MemoryRegion;
import io.xipkit.cpu.Core;
import io.xipkit.cpu.CoreVariant;
import io.xipkit.cpu.Scb;
import io.xipkit.cpu.cache.DataCache;
import io.xipkit.cpu.cache.InstructionCache;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Cortex-M7 cache line fills through the OCTOSPI1 window as wrapping bursts (critical doubleword
 * first), with a memory that has a wrap read of its own: a W25Q128JV-IM in QPI mode, whose Burst
 * Read with Wrap (0Ch) wraps inside the aligned block its read parameters choose (C0h, P1-P0 = 10:
 * 32 bytes) while the QPI Fast Read (0Bh) reads linearly. OCTOSPI drives it on four lines; WPIR
 * holds 0Ch, IR 0Bh, DCR2.WRAPSIZE 32 bytes, the L1 line length.
 */
class OctospiWrappedLineFillTest {
    static final int REGS = 0x5200_5000, WINDOW = 0x9000_0000;

    /** The contract's rig (registers, indirect helpers) around the quad part; none of its tests run here. */
    final OctalControllerContract rig = new OctalControllerContract(REGS, WINDOW, "W25Q128JV-IM", 23, 32,
            (clock, scheduler, irq, flash) -> new Stm32Octospi("OCTOSPI1", clock, scheduler, () -> 200_000_000L, irq, flash)) {
    };
    final byte[] image = new byte[128];

    OctospiWrappedLineFillTest() {
        for (int i = 0; i < image.length; i++) image[i] = (byte) (0x80 ^ i * 3);
        rig.x.window().load(0x1000, image, 0, image.length);
        rig.write(OctalControllerContract.ccr(1, 1, 0, 1, 0, false, false), 0x06, 0, new byte[0]);            // WREN
        rig.write(OctalControllerContract.ccr(1, 1, 0, 1, 1, false, false), 0x31, 0, new byte[] {0x02});     // SR2: QE
        rig.runFor(20_000_000_000L);                                                                       // tW
        rig.write(OctalControllerContract.ccr(1, 1, 0, 1, 0, false, false), 0x38, 0, new byte[0]);            // enter QPI
        rig.write(OctalControllerContract.ccr(4, 1, 0, 1, 4, false, false), 0xC0, 0, new byte[] {0x02});     // 32-byte wrap
    }

    /** 0Bh 4-4-4 (2 dummy clocks) in memory-mapped mode; 0Ch in the wrap registers when {@code wrapsize} is set. */
    void memoryMapped(boolean wrapsize) {
        int quad = OctalControllerContract.ccr(4, 1, 4, 3, 4, false, false);
        rig.wr(OctalControllerContract.CCR, quad);
        rig.wr(OctalControllerContract.TCR, 2);
        rig.wr(OctalControllerContract.IR, 0x0B);
        rig.wr(OctalControllerContract.WPCCR, quad);
        rig.wr(OctalControllerContract.WPTCR, 2);
        rig.wr(OctalControllerContract.WPIR, 0x0C);
        if (wrapsize) rig.wr(OctalControllerContract.DCR2, rig.rd(OctalControllerContract.DCR2) | 3 << 16);
        rig.setMode(3);
    }

    long transactions() {
        return rig.chip.counters().transactions();
    }

    @Test
    void aLineFillIsOneWrapCommandAtTheCriticalDoublewordAndTheLineIsExact() {
        memoryMapped(true);
        long tx = transactions();
        byte[] line = new byte[32];
        rig.bus.readLine(WINDOW + 0x1020, WINDOW + 0x1034, 32, false, line, 0);
        assertThat(line).isEqualTo(Arrays.copyOfRange(image, 0x20, 0x40));
        assertThat(transactions() - tx).isEqualTo(1);
        assertThat(rig.x.mapped.wrapCommands).isEqualTo(1);
        assertThat(rig.x.window().fastPath()).as("wrapped reads on: every burst goes to the controller").isNull();
    }

    @Test
    void theDataCacheFillsItsLineWithOneWrapCommandAndThenHits() {
        memoryMapped(true);
        DataCache dc = new DataCache(16 * 1024, 4);
        long tx = transactions();
        assertThat(dc.read(WINDOW + 0x105C, 4, rig.bus)).isEqualTo(word(0x5C));
        assertThat(transactions() - tx).isEqualTo(1);
        assertThat(dc.read(WINDOW + 0x1040, 4, rig.bus)).as("the line holds the bytes before the critical word").isEqualTo(word(0x40));
        assertThat(transactions() - tx).as("a hit").isEqualTo(1);
    }

    @Test
    void theInstructionCacheFillsItsLineWithOneWrapCommand() {
        memoryMapped(true);
        InstructionCache ic = new InstructionCache(16 * 1024, 2);
        long tx = transactions();
        assertThat(ic.fetch16(WINDOW + 0x1006, rig.bus)).isEqualTo(half(0x06));
        assertThat(ic.fetch16(WINDOW + 0x101E, rig.bus)).isEqualTo(half(0x1E));
        assertThat(transactions() - tx).isEqualTo(1);
        assertThat(rig.x.mapped.wrapCommands).isEqualTo(1);
    }

    @Test
    void withoutWrapsizeTheDataCacheLineFillIsTwoLinearReadsAndTheNextLineContinuesTheSecond() {
        memoryMapped(false);
        rig.x.setFastPathEnabled(false);
        DataCache dc = new DataCache(16 * 1024, 4);
        long tx = transactions();
        assertThat(dc.read(WINDOW + 0x1018, 4, rig.bus)).isEqualTo(word(0x18));
        assertThat(dc.read(WINDOW + 0x1004, 4, rig.bus)).isEqualTo(word(0x04));
        assertThat(transactions() - tx).as("0x1018.. then 0x1000..0x1017").isEqualTo(2);
        assertThat(rig.x.mapped.splitBursts).isEqualTo(1);
        // The next line starts where the open transaction stands: the controller goes on reading.
        assertThat(dc.read(WINDOW + 0x1020, 4, rig.bus)).isEqualTo(word(0x20));
        assertThat(transactions() - tx).isEqualTo(2);
    }

    /**
     * A Cortex-M7 with its D-cache on over the window (0x9000_0000: Normal write-through in the
     * default memory map, ARMv7-M ARM Table B3-1): a load misses, the line fill goes out as one
     * wrap command starting at the loaded word's doubleword, and the rest of the line hits.
     */
    @Test
    void aCoreLoadWithTheDataCacheOnFillsItsLineWithOneWrapCommand() {
        memoryMapped(true);
        rig.bus.map(0, MemoryRegion.ram("code", 0x10000));
        rig.bus.write32(0, 0x2000_0000);
        rig.bus.write32(4, 0x101);
        Core core = new Core(CoreVariant.CORTEX_M7, rig.bus, 400_000_000);
        core.reset();
        core.addCoherencyModelledRange(WINDOW & 0xFFFF_FFFFL, 0x1_0000);
        core.write32(0xE000_ED14, core.read32(0xE000_ED14) | Scb.CCR_DC); // SCB.CCR.DC
        long tx = transactions();
        assertThat(core.read32(WINDOW + 0x1068)).isEqualTo(word(0x68));
        for (int o = 0x60; o < 0x80; o += 4) assertThat(core.read32(WINDOW + 0x1000 + o)).isEqualTo(word(o));
        assertThat(transactions() - tx).isEqualTo(1);
        assertThat(rig.x.mapped.wrapCommands).isEqualTo(1);
    }

    private int word(int o) {
        return half(o) | half(o + 2) << 16;
    }

    private int half(int o) {
        return (image[o] & 0xFF) | (image[o + 1] & 0xFF) << 8;
    }
}
