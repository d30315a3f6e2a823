package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Indirect read and write, command start rules, FIFO, flags and abort with a real W25Q128JV. */
class QuadspiIndirectModeTest {
    final QuadspiRig rig = QuadspiRig.single("W25Q128JV");

    QuadspiIndirectModeTest() {
        rig.init(1, 23, 0); // 100 MHz CLK from 200 MHz, FSIZE = 23: 16 MiB
    }

    @Test
    void readsTheJedecIdWithAnInstructionOnlyCommandStartedByTheCcrWrite() {
        assertThat(rig.indirectRead(jedecId(), 0, 3)).containsExactly(0xEF, 0x40, 0x18);
    }

    @Test
    void quadOutputFastReadReturnsTheArray() {
        rig.fill(rig.chip1, 5);
        byte[] got = rig.indirectRead(quadOutputRead(), 0x12345, 300);
        assertThat(got).isEqualTo(Arrays.copyOfRange(rig.chip1.storage().array(), 0x12345, 0x12345 + 300));
    }

    @Test
    void dualIoReadWithModeBitsAsAlternateByteOnTwoLines() {
        rig.fill(rig.chip1, 9);
        // W25Q128JV BBh: 1-2-2, address and M7-0 on two lines, no dummy clocks.
        byte[] got = rig.indirectRead(new Ccr().instr(0xBB, 1).addr(3, 2).alt(1, 2).data(2), 0x400, 16);
        assertThat(got).isEqualTo(Arrays.copyOfRange(rig.chip1.storage().array(), 0x400, 0x410));
    }

    @Test
    void aCommandWithAnAddressWaitsForTheArWrite() {
        rig.wr(DLR, 3);
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        rig.runFor(10_000 * NS);
        assertThat(rig.sr() & BUSY).isZero();
        rig.wr(AR, 0x100);
        assertThat(rig.sr() & BUSY).isEqualTo(BUSY);
    }

    @Test
    void anIndirectWriteWithDataStartsOnTheFirstDrWriteNotOnAr() {
        rig.command(wren(), 0);
        rig.wr(DLR, 1);
        rig.wr(CCR, pageProgram().fmode(0).value());
        rig.wr(AR, 0x200);
        assertThat(rig.sr() & BUSY).isZero();
        assertThat(rig.sr() & FTF).as("FIFO empty: FTHRES+1 free bytes").isEqualTo(FTF);
        rig.bus.write8(REGS + DR, 0x12);
        assertThat(rig.sr() & BUSY).isEqualTo(BUSY);
    }

    @Test
    void programAndEraseThroughIndirectWriteAndAutomaticStatusPolling() {
        byte[] data = pattern(256, 3);
        rig.command(wren(), 0);
        rig.indirectWrite(pageProgram(), 0x1000, data);
        assertThat(rig.chip1.isBusy()).isTrue();
        rig.autoPoll(0x05, 1, 0x01, 0x00, 5_000_000_000L);
        assertThat(rig.chip1.isBusy()).isFalse();
        assertThat(rig.indirectRead(quadOutputRead(), 0x1000, 256)).isEqualTo(data);

        rig.command(wren(), 0);
        rig.command(sectorErase(), 0x1000);
        rig.autoPoll(0x05, 1, 0x01, 0x00, 500_000_000_000L);
        byte[] erased = new byte[256];
        Arrays.fill(erased, (byte) 0xFF);
        assertThat(rig.indirectRead(quadOutputRead(), 0x1000, 256)).isEqualTo(erased);
    }

    @Test
    void bytesHalfwordsAndWordsPopThatManyBytesFromDr() {
        rig.fill(rig.chip1, 1);
        byte[] a = rig.chip1.storage().array();
        rig.wr(DLR, 6);
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        rig.wr(AR, 0x40);
        rig.runFor(2_000 * NS);
        assertThat(rig.flevel()).isEqualTo(7);
        int w = rig.bus.read32(REGS + DR);
        int h = rig.bus.read16(REGS + DR);
        int b = rig.bus.read8(REGS + DR);
        assertThat(w).isEqualTo((a[0x40] & 0xFF) | (a[0x41] & 0xFF) << 8 | (a[0x42] & 0xFF) << 16 | (a[0x43] & 0xFF) << 24);
        assertThat(h).isEqualTo((a[0x44] & 0xFF) | (a[0x45] & 0xFF) << 8);
        assertThat(b).isEqualTo(a[0x46] & 0xFF);
        assertThat(rig.sr() & (BUSY | TCF)).isEqualTo(TCF);
    }

    @Test
    void aFullFifoStallsTheTransferUntilSoftwareReads() {
        rig.wr(DLR, 63);
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        rig.wr(AR, 0);
        rig.runFor(100_000 * NS);
        assertThat(rig.flevel()).isEqualTo(32);
        assertThat(rig.sr() & (BUSY | TCF)).isEqualTo(BUSY);
        for (int i = 0; i < 8; i++) rig.bus.read32(REGS + DR);
        assertThat(rig.flevel()).isZero();
        rig.runFor(100_000 * NS);
        assertThat(rig.flevel()).isEqualTo(32);
        assertThat(rig.sr() & TCF).isEqualTo(TCF);
        for (int i = 0; i < 8; i++) rig.bus.read32(REGS + DR);
        assertThat(rig.sr() & BUSY).as("BUSY falls when the FIFO is empty").isZero();
    }

    @Test
    void fifoThresholdFlagDrivesTheInterruptWhenEnabled() {
        rig.wr(CR, rig.rd(CR) & ~(0x1F << 8) | 7 << 8 | FTIE); // FTHRES = 7: 8 bytes
        rig.wr(DLR, 15);
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        long start = rig.now();
        rig.wr(AR, 0);
        rig.runFor(300 * NS); // header (8 + 24 + 8 clocks) = 400 ns: no data yet
        assertThat(rig.irq).isFalse();
        rig.runFor(1_000 * NS);
        assertThat(rig.irq).isTrue();
        // Eighth byte in: 400 ns header + 8 x 20 ns.
        assertThat(rig.irqRaisedAt - start).isEqualTo(560 * NS);
        assertThat(rig.sr() & FTF).isEqualTo(FTF);
        for (int i = 0; i < 4; i++) rig.bus.read32(REGS + DR);
        assertThat(rig.irq).isFalse();
    }

    @Test
    void transferCompleteInterruptAndFlagClear() {
        rig.wr(CR, rig.rd(CR) | TCIE);
        rig.wr(FCR, 0x1B);
        rig.wr(CCR, wren().fmode(0).value());
        rig.runFor(1_000 * NS);
        assertThat(rig.sr() & TCF).isEqualTo(TCF);
        assertThat(rig.irq).isTrue();
        rig.wr(FCR, TCF);
        assertThat(rig.sr() & TCF).isZero();
        assertThat(rig.irq).isFalse();
    }

    @Test
    void abortDuringATransferStopsItFlushesTheFifoAndSetsTcf() {
        rig.wr(DLR, 4095);
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        rig.wr(AR, 0);
        rig.runFor(600 * NS);
        assertThat(rig.flevel()).isGreaterThan(0);
        rig.abort();
        assertThat(rig.rd(CR) & ABORT).as("ABORT clears itself").isZero();
        assertThat(rig.sr() & (BUSY | TCF)).isEqualTo(TCF);
        assertThat(rig.flevel()).isZero();
        // The chip saw CS# rise: the next command works.
        assertThat(rig.indirectRead(jedecId(), 0, 3)).containsExactly(0xEF, 0x40, 0x18);
    }

    @Test
    void anAddressBeyondFsizeSetsTefAndStartsNothing() {
        rig.wr(CR, rig.rd(CR) | TEIE);
        rig.wr(DLR, 3);
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        rig.wr(AR, 0x0100_0000);
        assertThat(rig.sr() & (TEF | BUSY)).isEqualTo(TEF);
        assertThat(rig.irq).isTrue();
        rig.wr(FCR, TEF);
        assertThat(rig.irq).isFalse();
    }

    @Test
    void undefinedLengthReadsUpToTheEndOfTheFlash() {
        rig.fill(rig.chip1, 2);
        rig.wr(DLR, 0xFFFF_FFFF);
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        rig.wr(AR, 0xFF_FFF8);
        rig.runFor(2_000 * NS);
        assertThat(rig.flevel()).isEqualTo(8);
        assertThat(rig.sr() & (TCF | TEF)).isEqualTo(TCF);
    }

    @Test
    void writesToConfigurationRegistersWhileBusyAreIgnored() {
        rig.wr(DLR, 63);
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        rig.wr(AR, 0);
        rig.wr(DLR, 5);
        rig.wr(CCR, jedecId().fmode(1).value());
        assertThat(rig.rd(DLR)).isEqualTo(63);
        assertThat(rig.rd(CCR)).isEqualTo(quadOutputRead().fmode(1).value());
        rig.abort();
        rig.wr(DLR, 5);
        assertThat(rig.rd(DLR)).isEqualTo(5);
    }

    @Test
    void sendInstructionOnlyOnceLetsTheChipStayInContinuousReadMode() {
        rig.fill(rig.chip1, 4);
        byte[] a = rig.chip1.storage().array();
        // EBh 1-4-4 with M7-0 = 20h (M5-4 = 10: continuous read), 4 dummy clocks; SIOO = 1.
        Ccr xip = new Ccr().instr(0xEB, 1).addr(3, 4).alt(1, 4).dummy(4).data(4).sioo();
        rig.wr(ABR, 0x20);
        assertThat(rig.indirectRead(xip, 0x800, 8)).isEqualTo(Arrays.copyOfRange(a, 0x800, 0x808));
        assertThat(rig.chip1.continuousReadActive()).isTrue();
        // Same CCR, not rewritten: the next command omits the instruction, as the chip expects.
        rig.wr(FCR, 0x1B);
        rig.wr(AR, 0x900);
        byte[] second = new byte[8];
        rig.runFor(5_000 * NS);
        for (int i = 0; i < 8; i++) second[i] = (byte) rig.bus.read8(REGS + DR);
        assertThat(second).isEqualTo(Arrays.copyOfRange(a, 0x900, 0x908));
    }

    @Test
    void withoutSiooAChipInContinuousReadModeTakesTheInstructionAsAddressBits() {
        rig.fill(rig.chip1, 4);
        byte[] a = rig.chip1.storage().array();
        Ccr xip = new Ccr().instr(0xEB, 1).addr(3, 4).alt(1, 4).dummy(4).data(4);
        rig.wr(ABR, 0x20);
        rig.indirectRead(xip, 0x800, 8);
        assertThat(rig.chip1.continuousReadActive()).isTrue();
        assertThat(rig.indirectRead(xip, 0x900, 8)).isNotEqualTo(Arrays.copyOfRange(a, 0x900, 0x908));
    }
}
