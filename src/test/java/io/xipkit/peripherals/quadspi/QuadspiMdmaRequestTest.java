package io.xipkit.peripherals.quadspi;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.MemoryRegion;
import io.xipkit.peripherals.stm32.Stm32Mdma;
import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * QUADSPI's FTF and TCF as MDMA triggers 22 and 23 (the H7 wiring of the board files): indirect
 * reads drained and indirect writes fed through DR by an MDMA channel, as ST's
 * HAL_QSPI_Receive_DMA / HAL_QSPI_Transmit_DMA run them (RM0433 §23.3.5, §14.3.7).
 */
class QuadspiMdmaRequestTest {
    static final int MDMA = 0x5200_0000, RAM = 0x2400_0000;
    static final int CH = 0x40; // channel 0
    static final int ISR = 0x00, IFCR = 0x04, CR = 0x0C, TCR = 0x10, BNDTR = 0x14, SAR = 0x18, DAR = 0x1C, TBR = 0x28;
    static final int CTCIF = 2, TEIF = 1;

    final QuadspiRig rig = QuadspiRig.single("W25Q128JV");
    final Stm32Mdma mdma;

    QuadspiMdmaRequestTest() {
        rig.bus.map(RAM & 0xFFFF_FFFFL, MemoryRegion.ram("axi-sram", 64 << 10));
        mdma = new Stm32Mdma(rig.bus, rig.clock, rig.scheduler, () -> 200_000_000L, level -> {},
                Stm32Mdma.MemoryWritten.NONE);
        rig.bus.mapPeripheral("MDMA", MDMA & 0xFFFF_FFFFL, Stm32Mdma.SIZE, mdma);
        rig.q.connectDmaRequests(mdma.trigger(22, rig.q::dmaRequestsWatched), mdma.trigger(23, rig.q::dmaRequestsWatched));
        rig.init(1, 23, 0); // FTHRES = 3: FTF at 4 bytes
    }

    void channel(int ch, int tcr, int tsel, int src, int dst, int bytes) {
        int base = MDMA + CH + 0x40 * ch;
        rig.bus.write32(base + IFCR, 0x1F);
        rig.bus.write32(base + TCR, tcr);
        rig.bus.write32(base + BNDTR, bytes);
        rig.bus.write32(base + SAR, src);
        rig.bus.write32(base + DAR, dst);
        rig.bus.write32(base + TBR, tsel);
        rig.bus.write32(base + CR, 1);
    }

    int isr(int ch) {
        return rig.bus.read32(MDMA + CH + 0x40 * ch + ISR);
    }

    void waitFor(int ch, int flags) {
        long limit = rig.now() + 10_000_000_000L;
        while ((isr(ch) & flags) == 0) {
            assertThat(rig.now()).as("MDMA channel %d still running", ch).isLessThan(limit);
            rig.runFor(100 * QuadspiRig.NS);
        }
    }

    /** SINC/DINC 10 = increment; sizes 0 byte, 2 word; TLEN+1 = 4 bytes; TRGM 00: one buffer per request. */
    static int tcr(int sinc, int dinc, int ssize, int dsize, boolean pack) {
        return sinc | dinc << 2 | ssize << 4 | dsize << 6 | ssize << 8 | dsize << 10 | 3 << 18 | (pack ? 1 << 25 : 0);
    }

    @Test
    void anIndirectReadIsDrainedByTheMdmaOnTheFifoThresholdTrigger() {
        byte[] pattern = new byte[256];
        for (int i = 0; i < pattern.length; i++) pattern[i] = (byte) (i * 13 + 5);
        System.arraycopy(pattern, 0, rig.storage1.array(), 0x3000, pattern.length);
        rig.wr(QuadspiRig.DLR, 255);
        rig.wr(QuadspiRig.CCR, new Ccr().instr(0x0B, 1).addr(3, 1).dummy(8).data(1).fmode(1).value());
        rig.wr(QuadspiRig.AR, 0x3000); // the read runs before the channel is enabled, as in HAL_QSPI_Receive_DMA
        // Words from DR (4 bytes out of the FIFO per access), unpacked into bytes.
        channel(0, tcr(0, 2, 2, 0, true), 22, QuadspiRig.REGS + QuadspiRig.DR, RAM, 256);
        waitFor(0, CTCIF | TEIF);
        assertThat(isr(0) & TEIF).isZero();
        rig.waitWhile(QuadspiRig.TCF, 0, 1_000_000_000L);
        assertThat(rig.bus.peekBytes(RAM & 0xFFFF_FFFFL, 256)).isEqualTo(pattern);
        assertThat(rig.flevel()).isZero();
    }

    @Test
    void anIndirectWriteIsFedByTheMdmaOnTheFifoThresholdTrigger() {
        byte[] pattern = new byte[256];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 7 + 1);
            rig.bus.write8(RAM + i, pattern[i]);
        }
        rig.command(new Ccr().instr(0x06, 1), 0);
        rig.wr(QuadspiRig.DLR, 255);
        rig.wr(QuadspiRig.CCR, new Ccr().instr(0x02, 1).addr(3, 1).data(1).fmode(0).value());
        rig.wr(QuadspiRig.AR, 0x5000); // a write with data starts at the first DR write: the MDMA's
        channel(0, tcr(2, 0, 0, 0, false), 22, RAM, QuadspiRig.REGS + QuadspiRig.DR, 256);
        waitFor(0, CTCIF | TEIF);
        rig.waitWhile(QuadspiRig.TCF, 0, 1_000_000_000L);
        rig.wr(QuadspiRig.FCR, QuadspiRig.TCF);
        rig.autoPoll(0x05, 1, 0x01, 0x00, 10_000_000_000L);
        assertThat(Arrays.copyOfRange(rig.storage1.array(), 0x5000, 0x5100)).isEqualTo(pattern);
    }

    @Test
    void theTransferCompleteTriggerRunsAChannelWhenTcfRises() {
        rig.bus.write32(RAM, 0x1234_5678);
        // A memory copy on trigger 23, block mode.
        channel(1, 2 | 2 << 2 | 2 << 4 | 2 << 6 | 2 << 8 | 2 << 10 | 3 << 18 | 1 << 28, 23, RAM, RAM + 0x100, 4);
        rig.runFor(10_000 * QuadspiRig.NS);
        assertThat(rig.bus.read32(RAM + 0x100)).as("no transfer complete yet").isZero();
        rig.wr(QuadspiRig.CCR, new Ccr().instr(0x06, 1).fmode(0).value());
        waitFor(1, CTCIF);
        assertThat(rig.bus.read32(RAM + 0x100)).isEqualTo(0x1234_5678);
        assertThat(rig.sr() & QuadspiRig.TCF).isEqualTo(QuadspiRig.TCF);
    }
}
