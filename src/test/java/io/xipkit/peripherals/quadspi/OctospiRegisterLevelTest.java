package io.xipkit.peripherals.quadspi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.cpu.BusErrorException;
import io.xipkit.regs.Register;
import org.junit.jupiter.api.Test;

/**
 * The STM32H7A3/B3 OCTOSPI1 front-end (RM0455 chapter 24) on the shared engine, driving the
 * STM32H7B3I-DK's MX25LM51245G (64 MiB, octal) register by register: the map and its field
 * widths, each functional mode (indirect write/read, automatic status polling, memory-mapped), each
 * flag (TEF, TCF, FTF, SMF, TOF, BUSY, FLEVEL) and its interrupt, SIOO, abort, and memory-mapped
 * gating (window accesses are bus errors outside memory-mapped mode, writes always).
 */
class OctospiRegisterLevelTest extends OctalRig {
    static final int REGS = 0x5200_5000, WINDOW = 0x9000_0000;
    static final int MID = 0x3FC;
    static final int TEIE = 1 << 16, TCIE = 1 << 17, FTIE = 1 << 18, SMIE = 1 << 19, TOIE = 1 << 20;
    static final int SIOO = 1 << 31;

    OctospiRegisterLevelTest() {
        // 64 MiB: DEVSIZE 25; SR.FLEVEL six bits (32-byte FIFO). Kernel clock 200 MHz, CLK 100 MHz.
        super(REGS, WINDOW, "MX25LM51245G", 25, 6,
                (clock, scheduler, irq, flash) -> new Stm32Octospi("OCTOSPI1", clock, scheduler, () -> 200_000_000L, irq, flash));
    }

    // ------------------------------------------------------------------ register map

    @Test
    void everyRegisterResetsToZeroExceptTheMagicIdentificationWhichIsReadOnly() {
        x.reset();
        for (Register r : x.registers().registers()) {
            // SR: FTF reads 1 in indirect-write mode (FMODE = 00 at reset) with FTHRES+1 free bytes.
            int expected = r.offset() == MID ? 0xA3C5_DD01 : r.offset() == SR ? FTF : 0;
            assertThat(rd(r.offset())).as(r.name()).isEqualTo(expected);
        }
        wr(MID, 0);
        assertThat(rd(MID)).as("OpenOCD's stmqspi probe value survives a write").isEqualTo(Stm32Octospi.MAGIC_ID);
        assertThat(rd(0x3F8)).as("unmodelled ID/VER/HWCFGR offsets are reserved").isZero();
        assertThat(rd(0x04)).as("reserved offset").isZero();
    }

    @Test
    void controlRegisterHoldsDqmFselAndAFiveBitFifoThresholdButNoXspiBits() {
        x.reset();
        wr(CR, 0xCFFF_FFFD); // every bit except ABORT and FMODE
        // EN, DMAEN, TCEN, DQM (6), FSEL (7), FTHRES 12:8, TEIE..TOIE, APMS, PMM; 24..27 and 30..31 reserved.
        assertThat(rd(CR)).isEqualTo(0x00DF_1FCD);
    }

    @Test
    void configurationAndCommandRegistersKeepOnlyTheirRm0455Fields() {
        x.reset();
        int[][] masks = {
                {DCR1, 0x071F_3F0B}, // CKMODE, FRCK, DLYBYP, CSHT 13:8, DEVSIZE 20:16, MTYP 26:24
                {DCR2, 0x0007_00FF}, // PRESCALER, WRAPSIZE
                {DCR3, 0x001F_00FF}, // MAXTRAN, CSBOUND
                {CCR, 0xAF3F_3F3F},  // modes, DTR bits, sizes, DQSE 29, SIOO 31
                {TCR, 0x5000_001F},  // DCYC, DHQC 28, SSHIFT 30
                {0x140, 0x2F3F_3F3F}, // WPCCR: no SIOO
                {WCCR, 0x2F3F_3F3F}, // WCCR: no SIOO
                {WTCR, 0x0000_001F},
                {WIR, 0xFFFF_FFFF},
                {WABR, 0xFFFF_FFFF},
                {HLCR, 0x00FF_FF03},
                {LPTR, 0x0000_FFFF},
                {PIR, 0x0000_FFFF},
        };
        for (int[] m : masks) {
            wr(m[0], 0xFFFF_FFFF);
            assertThat(rd(m[0])).as(x.registers().describe(m[0])).isEqualTo(m[1]);
        }
    }

    @Test
    void fieldsMarkedBusyGuardedIgnoreWritesWhileACommandRuns() {
        wr(DLR, 1023);
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        setMode(1);
        wr(IR, 0x13);
        wr(AR, 0);
        assertThat(rd(SR) & BUSY).isEqualTo(BUSY);
        wr(DCR2, 7);
        wr(CCR, 0);
        assertThat(rd(DCR2)).as("PRESCALER kept").isEqualTo(1);
        assertThat(rd(CCR)).isEqualTo(ccr(1, 1, 1, 4, 1, false, false));
    }

    // ------------------------------------------------------------------ indirect modes

    @Test
    void readsTheIdInSpiThenInOctalDtrAfterTheCr2Switch() {
        assertThat(read(ccr(1, 1, 0, 1, 1, false, false), 0, 0x9F, 0, 3)).containsExactly(0xC2, 0x85, 0x3A);
        switchToDtrOpi();
        byte[] id = read(ccr(8, 2, 8, 4, 8, true, true), 4, 0x9F60, 0, 6);
        assertThat(id[0] & 0xFF).isEqualTo(0xC2);
        assertThat(read(ccr(1, 1, 0, 1, 1, false, false), 0, 0x9F, 0, 3)).as("SPI no longer answered")
                .containsExactly(0xFF, 0xFF, 0xFF);
    }

    @Test
    void erasesProgramsAndReadsBackInOctalDtrWithAutomaticPollingSettingSmf() {
        switchToDtrOpi();
        write(ccr(8, 2, 0, 1, 0, true, false), 0x06F9, 0, new byte[0]);           // WREN
        write(ccr(8, 2, 8, 4, 0, true, false), 0x21DE, 0x3FF_0000, new byte[0]);  // SE4B near the top of 64 MiB
        pollWipOctalDtr();
        byte[] data = new byte[100];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 13 + 1);
        write(ccr(8, 2, 0, 1, 0, true, false), 0x06F9, 0, new byte[0]);
        write(ccr(8, 2, 8, 4, 8, true, false), 0x12ED, 0x3FF_0000, data);        // PP4B
        pollWipOctalDtr();
        assertThat(read(ccr(8, 2, 8, 4, 8, true, true), 20, 0xEE11, 0x3FF_0000, 100)).isEqualTo(data);
        assertThat(storage.array()[0x3FF_0000]).as("in the array").isEqualTo((byte) 1);
    }

    @Test
    void anOctalDtrReadMovesTwoBytesPerClockAndRaisesTcfWithItsInterrupt() {
        switchToDtrOpi();
        wr(CR, rd(CR) | TCIE);
        wr(FCR, 0x1B);
        setMode(1);
        wr(DLR, 255);
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 20);
        wr(IR, 0xEE11);
        tcfAt = -1;
        long start = clock.nowPicos();
        wr(AR, 0);
        int got = 0;
        while (got < 256) {
            if (flevel() > 0) {
                bus.read8(REGS + DR);
                got++;
            } else {
                runFor(NS);
            }
        }
        runFor(1000 * NS);
        // CLK 100 MHz: 16-bit instruction in DTR = 1 clock, 4 address bytes = 2, 20 dummy, 256 bytes = 128.
        assertThat(tcfAt - start).isEqualTo((1 + 2 + 20 + 128) * 10 * NS);
        assertThat(rd(SR) & TCF).isEqualTo(TCF);
        wr(FCR, TCF);
        assertThat(irq).as("CTCF drops the interrupt").isFalse();
    }

    @Test
    void theFifoHoldsThirtyTwoBytesAndAbortFlushesItAndSetsTcf() {
        wr(FCR, 0x1B);
        setMode(1);
        wr(DLR, 1023);
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(TCR, 0);
        wr(IR, 0x13);
        wr(AR, 0);
        runFor(10_000 * NS);
        assertThat(flevel()).as("FIFO full").isEqualTo(32);
        assertThat(rd(SR) & BUSY).isEqualTo(BUSY);
        wr(CR, rd(CR) | 2);
        assertThat(rd(SR) & (BUSY | TCF | 0x3F00)).isEqualTo(TCF);
        assertThat(rd(CR) & 2).as("ABORT clears itself").isZero();
    }

    @Test
    void ftfFollowsTheFifoThresholdInIndirectReadWithItsInterrupt() {
        wr(CR, (rd(CR) & ~(0x1F << 8)) | 7 << 8 | FTIE); // FTHRES = 7: eight bytes
        wr(FCR, 0x1B);
        setMode(1);
        wr(DLR, 15);
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(TCR, 0);
        wr(IR, 0x13);
        wr(AR, 0);
        // 40 header clocks then 8 clocks a byte at 10 ns: seven bytes after 1 us, eight after 1.04 us.
        runFor(1_030 * NS);
        assertThat(flevel()).isEqualTo(7);
        assertThat(rd(SR) & FTF).isZero();
        assertThat(irq).isFalse();
        runFor(20 * NS);
        assertThat(rd(SR) & FTF).isEqualTo(FTF);
        assertThat(irq).isTrue();
        bus.read8(REGS + DR);
        assertThat(rd(SR) & FTF).as("below the threshold again").isZero();
    }

    @Test
    void anAddressBeyondDevsizeSetsTefAndItsInterruptAndSendsNothing() {
        wr(DCR1, 11 << 16 | 1 << 8); // 4 KiB
        wr(CR, rd(CR) | TEIE);
        wr(FCR, 0x1B);
        setMode(1);
        wr(DLR, 3);
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(IR, 0x13);
        wr(AR, 0x1000);
        assertThat(rd(SR) & (TEF | BUSY)).isEqualTo(TEF);
        assertThat(irq).isTrue();
        wr(FCR, TEF);
        assertThat(irq).isFalse();
    }

    @Test
    void withSiooACommandAfterTheFirstOmitsItsInstructionUntilCcrIsWrittenAgain() {
        wr(CR, rd(CR) | TCIE);
        int c = ccr(1, 1, 1, 4, 1, false, false) | SIOO;
        long[] took = new long[3];
        for (int i = 0; i < 3; i++) {
            wr(FCR, 0x1B);
            setMode(1);
            wr(DLR, 3);
            if (i != 1) {
                wr(CCR, c);
                wr(TCR, 0);
                wr(IR, 0x13);
            }
            runFor(1_000 * NS); // past CS# high time (DCR1.CSHT) after the previous command
            tcfAt = -1;
            long start = clock.nowPicos();
            wr(AR, 0);
            drain(4);
            took[i] = tcfAt - start;
        }
        // 1-1-1: instruction 8 clocks, 4 address bytes 32, 4 data bytes 32; 10 ns a clock.
        assertThat(took[0]).isEqualTo(72 * 10 * NS);
        assertThat(took[1]).as("second command: no instruction phase").isEqualTo(64 * 10 * NS);
        assertThat(took[2]).as("after a CCR write the instruction goes out again").isEqualTo(72 * 10 * NS);
    }

    // ------------------------------------------------------------------ memory-mapped mode

    @Test
    void theWindowIsABusErrorUntilMemoryMappedThenReadsTheArrayInOctalDtr() {
        byte[] image = new byte[256];
        for (int i = 0; i < image.length; i++) image[i] = (byte) (0x5A ^ i);
        x.window().load(0x10_0000, image, 0, image.length);
        assertThatThrownBy(() -> bus.read32(WINDOW + 0x10_0000)).isInstanceOf(BusErrorException.class)
                .hasMessageContaining("OCTOSPI1 window read");
        switchToDtrOpi();
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 20);
        wr(IR, 0xEE11);
        setMode(3);
        assertThat(bus.read32(WINDOW + 0x10_0000)).isEqualTo(0x5958_5B5A);
        assertThat(bus.read8(WINDOW + 0x10_00FF) & 0xFF).isEqualTo(0x5A ^ 0xFF);
        assertThat(x.window().fastPath()).isNotNull();
        assertThatThrownBy(() -> bus.write32(WINDOW + 0x10_0000, 0)).as("no memory-mapped writes modelled")
                .isInstanceOf(BusErrorException.class);
        setMode(0);
        assertThatThrownBy(() -> bus.read32(WINDOW)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void aWindowReadBeyondDevsizeIsABusError() {
        wr(DCR1, 19 << 16 | 1 << 8); // 1 MiB
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(IR, 0x13);
        setMode(3);
        bus.read32(WINDOW + 0xF_FFFC);
        assertThatThrownBy(() -> bus.read32(WINDOW + 0x10_0000)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void memoryMappedWithTcenReleasesChipSelectAfterTheTimeoutAndSetsTof() {
        wr(CR, rd(CR) | 1 << 3 | TOIE);
        wr(LPTR, 0x40);
        wr(CCR, ccr(1, 1, 1, 4, 1, false, false));
        wr(TCR, 0);
        wr(IR, 0x13);
        setMode(3);
        x.setFastPathEnabled(false);
        bus.read32(WINDOW + 0x40);
        assertThat(rd(SR) & (BUSY | TOF)).isEqualTo(BUSY);
        runFor(100_000 * NS);
        assertThat(rd(SR) & (BUSY | TOF)).isEqualTo(TOF);
        assertThat(irq).isTrue();
        wr(FCR, TOF);
        assertThat(irq).isFalse();
    }

    @Test
    void statusPollingWithSmieRaisesSmfOnceTheMaskedStatusMatches() {
        switchToDtrOpi();
        write(ccr(8, 2, 0, 1, 0, true, false), 0x06F9, 0, new byte[0]);
        write(ccr(8, 2, 8, 4, 0, true, false), 0x21DE, 0, new byte[0]);
        wr(CR, rd(CR) | SMIE | 1 << 22);
        wr(FCR, 0x1B);
        setMode(2);
        wr(PSMKR, 0x01);
        wr(PSMAR, 0x00);
        wr(PIR, 0x10);
        wr(DLR, 1);
        wr(CCR, ccr(8, 2, 8, 4, 8, true, true));
        wr(TCR, 4);
        wr(IR, 0x05FA);
        wr(AR, 0);
        runFor(1_000 * NS);
        assertThat(rd(SR) & (SMF | BUSY)).as("erase in progress: WIP = 1").isEqualTo(BUSY);
        assertThat(irq).isFalse();
        runFor(400_000_000 * NS);
        assertThat(rd(SR) & (SMF | BUSY)).as("APMS: polling stops at the match").isEqualTo(SMF);
        assertThat(irq).isTrue();
        assertThat(rd(DR) & 1).as("the last status read is in DR").isZero();
    }
}
