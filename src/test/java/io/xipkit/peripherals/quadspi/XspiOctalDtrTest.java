package io.xipkit.peripherals.quadspi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.cpu.BusErrorException;
import io.xipkit.peripherals.ModelWarnings;
import org.junit.jupiter.api.Test;

/**
 * The STM32H7R/S XSPI2 front-end (RM0477 "Extended-SPI interface (XSPI)") driving an MX25UW25645G the way the
 * NUCLEO-H7S3L8 firmware does: SPI, the CR2 switch to DTR-OPI, then 8D-8D-8D commands with 16-bit
 * instructions in indirect mode, automatic polling and through the memory-mapped window at
 * 0x7000_0000.
 */
class XspiOctalDtrTest extends OctalControllerContract {
    static final int REGS = 0x5200_A000, WINDOW = 0x7000_0000;

    XspiOctalDtrTest() {
        // 32 MiB (DEVSIZE 24); a 64-byte FIFO (SR.FLEVEL seven bits).
        super(REGS, WINDOW, "MX25UW25645G", 24, 64,
                (clock, scheduler, irq, flash) -> new Stm32Xspi("XSPI2", clock, scheduler, () -> 200_000_000L, irq, flash));
    }

    // ------------------------------------------------------------------ tests

    @Test
    void registersSitAtTheirRm0477OffsetsAndReadBack() {
        wr(DCR1, 3 << 24 | 24 << 16 | 2 << 8);  // MTYP = Macronix, DEVSIZE, CSHT
        wr(DCR3, 10 << 16 | 0x20);               // CSBOUND, MAXTRAN
        wr(HLCR, 6 << 8 | 1);
        wr(WCCR, ccr(8, 2, 8, 4, 8, true, true));
        assertThat(rd(DCR1)).isEqualTo(3 << 24 | 24 << 16 | 2 << 8);
        assertThat(rd(DCR3)).isEqualTo(10 << 16 | 0x20);
        assertThat(rd(HLCR)).isEqualTo(6 << 8 | 1);
        assertThat(rd(WCCR)).isEqualTo(ccr(8, 2, 8, 4, 8, true, true));
        assertThat(rd(0x04)).as("reserved offset").isZero();
    }

    @Test
    void controlRegisterHoldsDmmCsselNoprefMselAndASixBitThresholdButNoFsel() {
        x.reset();
        wr(CR, 0xCFFF_FFFD); // every bit except ABORT and FMODE
        // EN, DMAEN, TCEN, DMM (6), FTHRES 13:8, TEIE..TOIE, APMS, PMM, CSSEL 24, NOPREF 25,
        // NOPREF_AXI 26, MSEL 31:30; bit 7 (OCTOSPI's FSEL) and 27 reserved.
        assertThat(rd(CR)).isEqualTo(0xC7DF_3F4D);
    }

    @Test
    void commandRegistersHaveNoSiooBitAndTheWrapRegistersReadBack() {
        x.reset();
        int[][] masks = {
                {CCR, 0x2F3F_3F3F},   // modes, DTR bits, sizes, DQSE 29; bit 31 reserved (no SIOO)
                {WPCCR, 0x2F3F_3F3F},
                {WPTCR, 0x5000_001F},
                {WPIR, 0xFFFF_FFFF},
                {WPABR, 0xFFFF_FFFF},
                {DCR2, 0x0007_00FF},  // PRESCALER, WRAPSIZE
        };
        assertAllOnesReadBackAs(masks);
    }

    @Test
    void theSixtyFourByteFifoTakesAThresholdAboveThirtyTwoAndFlevelCountsToSixtyFour() {
        wr(CR, (rd(CR) & ~(0x3F << 8)) | 39 << 8 | 1 << 18); // FTHRES = 39: forty bytes; FTIE
        startSingleLineRead(100);
        // 40 header clocks then 8 clocks a byte at 10 ns: 39 bytes after 3.52 us, forty at 3.60 us.
        runFor(3_550 * NS);
        assertThat(flevel()).isEqualTo(39);
        assertThat(rd(SR) & FTF).isZero();
        runFor(60 * NS);
        assertThat(rd(SR) & FTF).isEqualTo(FTF);
        assertThat(irq).isTrue();
        runFor(10_000 * NS);
        assertThat(flevel()).as("the FIFO is full and the transfer waits").isEqualTo(64);
        assertThat(rd(SR) & BUSY).isEqualTo(BUSY);
        wr(CR, rd(CR) | 2); // ABORT
        runFor(1_000 * NS);
    }

    @Test
    void tcrSampleShiftWithDtrAndDataHoldWithoutDtrAreModelWarnings() {
        // RM0477 XSPI_TCR: SSHIFT (bit 30) must stay 0 with a DTR data phase; DHQC (bit 28) acts in DTR only.
        ModelWarnings w = x.warnings();
        read(ccr(1, 1, 0, 1, 1, false, false), 1 << 28, 0x9F, 0, 3);
        switchToDtrOpi();
        read(ccr(8, 2, 8, 4, 8, true, true), 4 | 1 << 30, 0x9F60, 0, 6);
        assertThat(w.warnings()).extracting(m -> m.source() + ": " + m.key())
                .containsExactly("XSPI2: DDR hold without DDR", "XSPI2: SSHIFT with DDR");
        assertThat(w.warnings().get(0).message()).startsWith("TCR.DHQC = 1 with a single-rate command (9Fh)");
        assertThat(w.warnings().get(1).message()).startsWith("TCR.SSHIFT = 1 with a double-rate command (9F60h)");
    }
}
