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
class OctospiRegisterLevelTest extends OctalControllerContract {
    static final int REGS = 0x5200_5000, WINDOW = 0x9000_0000;
    static final int MID = 0x3FC;
    static final int TEIE = 1 << 16, TCIE = 1 << 17, FTIE = 1 << 18, SMIE = 1 << 19, TOIE = 1 << 20;
    static final int SIOO = 1 << 31;

    OctospiRegisterLevelTest() {
        // 64 MiB: DEVSIZE 25; SR.FLEVEL six bits (32-byte FIFO). Kernel clock 200 MHz, CLK 100 MHz.
        super(REGS, WINDOW, "MX25LM51245G", 25, 32,
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
        assertAllOnesReadBackAs(masks);
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
    void statusPollingWithSmieRaisesSmfOnceTheMaskedStatusMatches() {
        switchToDtrOpi();
        write(ccr(8, 2, 0, 1, 0, true, false), 0x06F9, 0, new byte[0]);
        write(ccr(8, 2, 8, 4, 0, true, false), 0x21DE, 0, new byte[0]);
        wr(CR, rd(CR) | SMIE);
        startPollingWipOctalDtr();
        runFor(1_000 * NS);
        assertThat(rd(SR) & (SMF | BUSY)).as("erase in progress: WIP = 1").isEqualTo(BUSY);
        assertThat(irq).isFalse();
        runFor(400_000_000 * NS);
        assertThat(rd(SR) & (SMF | BUSY)).as("APMS: polling stops at the match").isEqualTo(SMF);
        assertThat(irq).isTrue();
        assertThat(rd(DR) & 1).as("the last status read is in DR").isZero();
    }
}
