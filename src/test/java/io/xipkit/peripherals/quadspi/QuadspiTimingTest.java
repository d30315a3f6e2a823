package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import org.junit.jupiter.api.Test;

/**
 * Transfer times in virtual time: every phase costs its clocks at CLK = kernel / (PRESCALER + 1),
 * and TCF rises (with its interrupt) at the instant the last data bit has moved.
 */
class QuadspiTimingTest {

    /** Starts an indirect read and drains the FIFO promptly; returns picoseconds from AR write to TCF. */
    private static long timedRead(QuadspiRig rig, Ccr c, int len) {
        rig.wr(CR, rig.rd(CR) | TCIE);
        rig.wr(FCR, 0x1B);
        rig.wr(DLR, len - 1);
        rig.wr(CCR, c.fmode(1).value());
        rig.irqRaisedAt = -1;
        long start = rig.now();
        rig.wr(AR, 0);
        int got = 0;
        while (got < len) {
            rig.runFor(5 * NS);
            while (rig.flevel() > 0 && got < len) {
                rig.bus.read8(REGS + DR);
                got++;
            }
        }
        rig.runFor(1_000 * NS);
        assertThat(rig.irqRaisedAt).as("TCF interrupt").isGreaterThan(0);
        return rig.irqRaisedAt - start;
    }

    @Test
    void quadReadOf4KiBAtPrescaler1From200MHzTakes82_32Microseconds() {
        QuadspiRig rig = QuadspiRig.single("W25Q128JV");
        rig.init(1, 23, 0);
        // 6Bh: 8 instruction + 24 address + 8 dummy clocks, then 4096 bytes x 2 clocks at 100 MHz.
        long t = timedRead(rig, quadOutputRead(), 4096);
        assertThat(t).isEqualTo((8 + 24 + 8 + 8192) * 10 * NS);
        double mbPerS = 4096 / (t / 1e12) / 1e6;
        assertThat(mbPerS).isBetween(49.0, 50.0);
    }

    @Test
    void theKernelClockAndPrescalerSetTheClockPeriod() {
        QuadspiRig rig = QuadspiRig.single("W25Q128JV");
        rig.kernelHz = 240_000_000;
        rig.init(2, 23, 0); // 80 MHz: 12.5 ns
        long t = timedRead(rig, quadOutputRead(), 256);
        assertThat(t).isEqualTo((40 + 512) * 12_500L);
    }

    @Test
    void singleLineReadIsFourTimesSlowerPerByteThanQuad() {
        QuadspiRig rig = QuadspiRig.single("W25Q128JV");
        rig.init(1, 23, 0);
        long t = timedRead(rig, new Ccr().instr(0x0B, 1).addr(3, 1).dummy(8).data(1), 1024);
        assertThat(t).isEqualTo((40 + 8 * 1024) * 10 * NS);
    }

    @Test
    void ddrClocksAddressAndDataOnBothEdges() {
        QuadspiRig rig = QuadspiRig.single("MT25QL512ABB");
        rig.init(1, 25, 0);
        rig.fill(rig.chip1, 3);
        // MT25Q 6Dh DTR quad output fast read: 1-1D-4D, 6 dummy clocks.
        Ccr c = new Ccr().instr(0x6D, 1).addr(3, 1).dummy(6).data(4).ddr();
        long t = timedRead(rig, c, 1024);
        // 8 instruction clocks (single rate) + 24 address bits / 2 + 6 dummy + 1024 bytes x 1 clock.
        assertThat(t).isEqualTo((8 + 12 + 6 + 1024) * 10 * NS);
        assertThat(rig.indirectRead(c, 0x300, 64))
                .isEqualTo(java.util.Arrays.copyOfRange(rig.chip1.storage().array(), 0x300, 0x300 + 64));
    }

    @Test
    void anInstructionOnlyCommandCompletesAfterItsEightClocks() {
        QuadspiRig rig = QuadspiRig.single("W25Q128JV");
        rig.init(1, 23, TCIE);
        long start = rig.now();
        rig.wr(CCR, wren().fmode(0).value());
        assertThat(rig.sr() & BUSY).isEqualTo(BUSY);
        rig.runFor(79 * NS);
        assertThat(rig.sr() & TCF).isZero();
        rig.runFor(1 * NS);
        assertThat(rig.sr() & (TCF | BUSY)).isEqualTo(TCF);
        assertThat(rig.irqRaisedAt - start).isEqualTo(80 * NS);
    }

    @Test
    void dualFlashMovesTwoBytesPerDataClockGroup() {
        QuadspiRig rig = QuadspiRig.dualMt25tl01g();
        rig.init(1, 26, DFM);
        // 1-1-4 on each memory at once: 8 bits per clock over both, 4096 bytes in 4096 clocks.
        long t = timedRead(rig, quadOutputRead(), 4096);
        assertThat(t).isEqualTo((40 + 4096) * 10 * NS);
    }
}
