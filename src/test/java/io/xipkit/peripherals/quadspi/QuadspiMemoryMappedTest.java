package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.cpu.BusErrorException;
import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Memory-mapped mode through the window: real reads, fast path, bus errors, timeout counter. */
class QuadspiMemoryMappedTest {
    final QuadspiRig rig = QuadspiRig.single("W25Q128JV");
    final byte[] array = rig.chip1.storage().array();

    QuadspiMemoryMappedTest() {
        rig.init(1, 23, 0);
        rig.fill(rig.chip1, 7);
    }

    /** EBh 1-4-4 with M7-0 = FFh (no continuous read), 4 dummy clocks. */
    static Ccr quadIo() {
        return new Ccr().instr(0xEB, 1).addr(3, 4).alt(1, 4).dummy(4).data(4);
    }

    static Ccr quadIoContinuous() {
        return quadIo().sioo();
    }

    private int word(int a) {
        return (array[a] & 0xFF) | (array[a + 1] & 0xFF) << 8 | (array[a + 2] & 0xFF) << 16 | (array[a + 3] & 0xFF) << 24;
    }

    @Test
    void windowAccessOutsideMemoryMappedModeIsABusErrorForReadsFetchesAndWrites() {
        assertThatThrownBy(() -> rig.bus.read32(WINDOW + 0x100)).isInstanceOf(BusErrorException.class)
                .satisfies(e -> assertThat(((BusErrorException) e).address()).isEqualTo(WINDOW + 0x100))
                .hasMessageContaining("not in memory-mapped mode");
        assertThatThrownBy(() -> rig.bus.fetch16(WINDOW + 0x200)).isInstanceOf(BusErrorException.class);
        assertThatThrownBy(() -> rig.bus.write8(WINDOW, 1)).isInstanceOf(BusErrorException.class)
                .satisfies(e -> assertThat(((BusErrorException) e).isWrite()).isTrue());
        // Indirect read mode configured: still not memory-mapped.
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        assertThatThrownBy(() -> rig.bus.read8(WINDOW)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void memoryMappedReadsReturnTheArrayAndTheBusServesThemStraightFromIt() {
        rig.memoryMapped(quadIo(), 0xFF);
        assertThat(rig.sr() & BUSY).as("no access yet: CS# high").isZero();
        long tx = rig.chip1.counters().transactions();
        assertThat(rig.bus.read32(WINDOW + 0x1234)).isEqualTo(word(0x1234));
        assertThat(rig.q.window().fastPath()).isNotNull();
        assertThat(rig.sr() & BUSY).as("after an access CS# stays low (TCEN = 0)").isEqualTo(BUSY);
        assertThat(rig.bus.fetch16(WINDOW + 0x20000)).isEqualTo((array[0x20000] & 0xFF) | (array[0x20001] & 0xFF) << 8);
        assertThat(rig.bus.read8(WINDOW + 0xFF_FFFF)).isEqualTo(array[0xFF_FFFF] & 0xFF);
        assertThat(rig.chip1.counters().transactions()).as("fast path: no transaction").isEqualTo(tx);
    }

    @Test
    void writesAndReadsBeyondFsizeInMemoryMappedModeAreBusErrors() {
        rig.memoryMapped(quadIo(), 0xFF);
        assertThatThrownBy(() -> rig.bus.write32(WINDOW + 0x10, 0)).isInstanceOf(BusErrorException.class)
                .hasMessageContaining("read-only");
        assertThatThrownBy(() -> rig.bus.read32(WINDOW + 0x0100_0000)).isInstanceOf(BusErrorException.class)
                .hasMessageContaining("FSIZE");
        assertThatThrownBy(() -> rig.bus.fetch16(WINDOW + 0x0FFF_FFFE)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void withoutTheFastPathEveryReadIsATransactionAndSequentialReadsShareOne() {
        rig.q.setFastPathEnabled(false);
        rig.memoryMapped(quadIo(), 0xFF);
        assertThat(rig.q.window().fastPath()).isNull();
        long tx = rig.chip1.counters().transactions();
        for (int a = 0x4000; a < 0x4040; a += 4) assertThat(rig.bus.read32(WINDOW + a)).isEqualTo(word(a));
        assertThat(rig.chip1.counters().transactions() - tx).isEqualTo(1);
        assertThat(rig.bus.read32(WINDOW + 0x9000)).isEqualTo(word(0x9000));
        assertThat(rig.chip1.counters().transactions() - tx).isEqualTo(2);
        assertThat(rig.bus.read16(WINDOW + 0x9002)).as("overlapping re-read").isEqualTo(word(0x9002) & 0xFFFF);
    }

    @Test
    void continuousReadModeWithSiooFirstReadsThroughTheChipThenTakesTheFastPath() {
        rig.memoryMapped(quadIoContinuous(), 0x20);
        assertThat(rig.q.window().fastPath()).as("the first read must carry the instruction").isNull();
        assertThat(rig.bus.read32(WINDOW + 0x100)).isEqualTo(word(0x100));
        assertThat(rig.chip1.continuousReadActive()).isTrue();
        assertThat(rig.q.window().fastPath()).isNotNull();
        long tx = rig.chip1.counters().transactions();
        assertThat(rig.bus.read32(WINDOW + 0x77_0000)).isEqualTo(word(0x77_0000));
        assertThat(rig.chip1.counters().transactions()).isEqualTo(tx);
    }

    @Test
    void aChipLeftInContinuousReadModeAnswersWhatItWouldToACommandWithAnInstruction() {
        rig.memoryMapped(quadIoContinuous(), 0x20);
        rig.bus.read32(WINDOW + 0x100);
        rig.abort();
        rig.memoryMapped(quadIo(), 0x20); // instruction every time, chip expects none
        assertThat(rig.q.window().fastPath()).isNull();
        assertThat(rig.bus.read32(WINDOW + 0x5000)).isNotEqualTo(word(0x5000));
    }

    @Test
    void systemResetResetsTheControllerButLeavesTheChipInContinuousReadMode() {
        rig.memoryMapped(quadIoContinuous(), 0x20);
        rig.bus.read32(WINDOW + 0x100);
        rig.q.reset();
        assertThat(rig.rd(CR)).isZero();
        assertThat(rig.rd(CCR)).isZero();
        assertThat(rig.chip1.continuousReadActive()).isTrue();
        assertThatThrownBy(() -> rig.bus.read32(WINDOW)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void fastPathIsDroppedAndRebuiltWhenTheChipIsProgrammedThroughIndirectMode() {
        rig.memoryMapped(quadIo(), 0xFF);
        int before = rig.bus.read32(WINDOW + 0x3000);
        assertThat(before).isEqualTo(word(0x3000));
        rig.abort();
        rig.codeChanges.clear();
        rig.command(wren(), 0);
        rig.command(sectorErase(), 0x3000);
        assertThat(rig.codeChanges).as("erase start drops decoded code in the window").contains("90000000+10000000");
        rig.autoPoll(0x05, 1, 0x01, 0x00, 500_000_000_000L);
        rig.command(wren(), 0);
        rig.indirectWrite(pageProgram(), 0x3000, new byte[] {0x11, 0x22, 0x33, 0x44});
        rig.autoPoll(0x05, 1, 0x01, 0x00, 5_000_000_000L);
        rig.codeChanges.clear();
        rig.memoryMapped(quadIo(), 0xFF);
        assertThat(rig.codeChanges).contains("90000000+10000000");
        assertThat(rig.bus.read32(WINDOW + 0x3000)).isEqualTo(0x44332211);
        assertThat(rig.q.window().fastPath()).isNotNull();
        assertThat(rig.bus.read32(WINDOW + 0x3004)).isEqualTo(-1);
    }

    @Test
    void timeoutCounterReleasesChipSelectAfterThePrefetchAndLptrCycles() {
        rig.q.setFastPathEnabled(false);
        rig.wr(LPTR, 100);
        rig.wr(CR, rig.rd(CR) | TCEN | TOIE);
        rig.memoryMapped(quadIo(), 0xFF);
        rig.bus.read32(WINDOW + 0x40);
        long t = rig.now();
        assertThat(rig.sr() & BUSY).as("CS# held low after the access").isEqualTo(BUSY);
        // Prefetch fills the 32-byte FIFO (64 clocks on 4 lines), then LPTR = 100 clocks: 1.64 us.
        rig.runUntil(t + 1_630 * NS);
        assertThat(rig.sr() & (BUSY | TOF)).isEqualTo(BUSY);
        rig.runUntil(t + 1_640 * NS);
        assertThat(rig.sr() & (BUSY | TOF)).isEqualTo(TOF);
        assertThat(rig.irq).isTrue();
        assertThat(rig.irqRaisedAt - t).isEqualTo(1_640 * NS);
        rig.wr(FCR, TOF);
        assertThat(rig.irq).isFalse();
    }

    @Test
    void withoutTheTimeoutCounterChipSelectStaysLowUntilAbort() {
        rig.q.setFastPathEnabled(false);
        rig.memoryMapped(quadIo(), 0xFF);
        rig.bus.read32(WINDOW + 0x40);
        rig.runFor(1_000_000 * NS);
        assertThat(rig.sr() & (BUSY | TOF)).isEqualTo(BUSY);
        rig.abort();
        assertThat(rig.sr() & (BUSY | TCF)).isEqualTo(TCF);
    }

    @Test
    void enteringAndLeavingMemoryMappedModeDropsDecodedInstructionsInTheWindow() {
        rig.memoryMapped(quadIo(), 0xFF);
        assertThat(rig.codeChanges).contains("90000000+10000000");
        rig.codeChanges.clear();
        rig.abort();
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        assertThat(rig.codeChanges).contains("90000000+10000000");
        assertThat(rig.q.window().fastPath()).isNull();
    }

    @Test
    void programmerLoadGoesStraightIntoTheArrayAndReportsTheChange() {
        byte[] image = pattern(1000, 42);
        rig.bus.loadBytes(0x9000_2000L, image);
        assertThat(Arrays.copyOfRange(array, 0x2000, 0x2000 + 1000)).isEqualTo(image);
        assertThat(rig.storage1.changes).anySatisfy(c -> assertThat(c).containsExactly(0x2000, 1000));
        assertThat(rig.bus.peekBytes(0x9000_2000L, 1000)).isEqualTo(image);
        rig.memoryMapped(quadIo(), 0xFF);
        assertThat(rig.bus.read32(WINDOW + 0x2000)).isEqualTo(word(0x2000));
        assertThatThrownBy(() -> rig.bus.loadBytes(0x9100_0000L - 2, new byte[4]))
                .hasMessageContaining("runs past the external flash");
    }
}
