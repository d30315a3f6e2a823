package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.devices.nor.NorChip;
import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import org.junit.jupiter.api.Test;

/**
 * ST's STM32H747I-DISCO BSP initialisation order for the MT25TL01G, replayed at register level
 * (written from reading STM32CubeH7 stm32h747i_discovery_qspi.c and the mt25tl01g component; no ST
 * code here): QSPI_ResetMemory sends 66h/99h in QPI (four lines) and then in SPI,
 * MT25TL01G_AutoPollingMemReady always polls 05h on four lines (2 dummy clocks, two status bytes,
 * mask 0101h, match 0) — also while the dies are in SPI mode and ignore it — then
 * Enter4BytesAddressMode (SPI), QSPI_DummyCyclesCfg (85h/81h on four lines, ignored by dies in
 * SPI), ConfigFlash(QPI, DTR) and EnableMemoryMappedModeDTR(QPI).
 *
 * <p>Whether the 4-line polls complete depends on what the controller samples on lines no die
 * drives: a board fact ({@link UndrivenLines}).
 */
class Mt25tl01gBspInitOrderTest {
    final QuadspiRig rig = QuadspiRig.dualMt25tl01g();

    private static final int WIP2 = 0x0101, WEL2 = 0x0202;
    private static final long HAL_TIMEOUT = 10_000_000_000L; // 10 ms of virtual time (HAL waits up to 5 s)

    /** MT25TL01G_AutoPollingMemReady: 05h on four lines, 2 dummy clocks, data on four lines. */
    private boolean pollReadyOnFourLines(long maxPicos) {
        rig.wr(FCR, 0x1B);
        rig.wr(PSMKR, WIP2);
        rig.wr(PSMAR, 0);
        rig.wr(PIR, 0x10);
        rig.wr(DLR, 1);
        rig.wr(CR, rig.rd(CR) | APMS);
        rig.wr(CCR, new Ccr().instr(0x05, 4).dummy(2).data(4).fmode(2).value());
        long limit = rig.now() + maxPicos;
        while ((rig.sr() & SMF) == 0) {
            if (rig.now() > limit) {
                rig.abort();
                rig.waitNotBusy();
                return false;
            }
            rig.runFor(1_000 * NS);
        }
        rig.wr(FCR, SMF);
        rig.waitNotBusy();
        rig.wr(CR, rig.rd(CR) & ~APMS);
        return true;
    }

    /** MT25TL01G_WriteEnable(SPI): 06h, then poll 05h on one line until WEL on both dies. */
    private void writeEnableSpi() {
        rig.command(new Ccr().instr(0x06, 1), 0);
        rig.autoPoll(0x05, 2, WEL2, WEL2, HAL_TIMEOUT);
    }

    private void resetMemory(int lines) {
        rig.command(new Ccr().instr(0x66, lines), 0);
        rig.command(new Ccr().instr(0x99, lines), 0);
    }

    @Test
    void bspInitCompletesAndTheDtrWindowReadsTheDiesWhenUndrivenLinesReadLow() {
        rig.q.setUndrivenLines(UndrivenLines.PULL_DOWN); // as stm32h757-mt25tl01g says
        rig.fill(rig.chip1, 7);
        rig.fill(rig.chip2, 8);
        rig.init(3, 26, DFM); // MX_QSPI_Init for DTR: prescaler 3, SSHIFT none, dual-flash
        // QSPI_ResetMemory: QPI reset (the dies, in SPI mode, ignore it), wait, SPI reset.
        resetMemory(4);
        assertThat(pollReadyOnFourLines(HAL_TIMEOUT)).isTrue();
        resetMemory(1);
        // BSP_QSPI_Init: AutoPollingMemReady (four lines) while the dies are in SPI mode: it
        // completes at once, whether or not the dies have recovered from the reset.
        assertThat(pollReadyOnFourLines(HAL_TIMEOUT)).as("4-line poll of dies in SPI mode").isTrue();
        // The BSP sends WREN at once (its poll cannot see the dies): the entry's idle-reset
        // recovery (resetIdle) lets the dies take it, as they do on ST's board.
        // MT25TL01G_Enter4BytesAddressMode(SPI).
        writeEnableSpi();
        rig.command(new Ccr().instr(0xB7, 1), 0);
        assertThat(pollReadyOnFourLines(HAL_TIMEOUT)).isTrue();
        // QSPI_DummyCyclesCfg: read VCR on four lines (undriven: 0000h), WREN, write it back on four
        // lines with 8 dummy clocks in bits 7:4 of each die's byte; the dies in SPI mode ignore both.
        byte[] vcr = rig.indirectRead(new Ccr().instr(0x85, 4).data(4), 0, 2);
        assertThat(vcr).containsExactly(0, 0);
        writeEnableSpi();
        rig.indirectWrite(new Ccr().instr(0x81, 4).data(4), 0, new byte[] {(byte) 0x80, (byte) 0x80});
        // BSP_QSPI_ConfigFlash(QPI, DTR): EnterQPIMode, 35h on one line.
        rig.command(new Ccr().instr(0x35, 1), 0);
        for (NorChip die : new NorChip[] {rig.chip1, rig.chip2}) {
            assertThat(die.fourByteAddressing()).isTrue();
            assertThat(die.protocol()).isEqualTo(NorChip.Protocol.QPI);
            assertThat(die.registerValue("VCR")).as("the 4-line VCR write did not reach the dies").isEqualTo(0xFB);
        }
        // MT25TL01G_EnableMemoryMappedModeDTR(QPI): EDh 4-4D-4D, 32-bit address, 8 dummy clocks, DHHC.
        Ccr ed = new Ccr().instr(0xED, 4).addr(4, 4).dummy(8).data(4).ddr();
        ed.v |= 1 << 30;
        rig.memoryMapped(ed, 0);
        byte[] a1 = rig.chip1.storage().array();
        byte[] a2 = rig.chip2.storage().array();
        for (int addr = 0x3000; addr < 0x3010; addr++) {
            int want = ((addr & 1) == 0 ? a1 : a2)[addr >>> 1] & 0xFF;
            assertThat(rig.bus.read8(WINDOW + addr)).as("window byte %x", addr).isEqualTo(want);
        }
    }

    @Test
    void withPullUpsTheFourLinePollOfDiesInSpiModeNeverSeesReady() {
        rig.init(1, 26, DFM); // the default board setting: undriven lines read 1
        resetMemory(1);
        rig.runFor(1_000_000 * NS);
        assertThat(pollReadyOnFourLines(10_000_000 * NS)).as("WIP reads 1 on undriven lines").isFalse();
    }

    @Test
    void aBusKeeperHoldsTheInstructionsLastNibbleSoThePollSeesWipSet() {
        rig.q.setUndrivenLines(UndrivenLines.BUS_KEEPER);
        rig.init(1, 26, DFM);
        // 05h on four lines: the last instruction clock drives IO3..IO0 = 0101; the dies, in SPI
        // mode, never drive: every status byte reads 55h, WIP (bit 0) = 1.
        assertThat(pollReadyOnFourLines(10_000_000 * NS)).isFalse();
        byte[] sr = rig.indirectRead(new Ccr().instr(0x05, 4).data(4), 0, 2);
        assertThat(sr).containsExactly(0x55, 0x55);
    }

    @Test
    void aDieThatDrivesTheLinesIsReadWhateverTheBoardSetting() {
        rig.q.setUndrivenLines(UndrivenLines.PULL_DOWN);
        rig.init(1, 26, DFM);
        byte[] id = rig.indirectRead(new Ccr().instr(0x9F, 1).data(1), 0, 6);
        assertThat(id).containsExactly(0x20, 0x20, (byte) 0xBA, (byte) 0xBA, 0x20, 0x20);
    }

    /**
     * The order of ST's MT25TL01G loader for the STM32H747I-DISCO (the algorithm probe-rs's
     * STM32H7_Series.yaml carries as mt25tl01g_stm32h747i-disco, run unmodified by {@code xipkit
     * algo test}; the sequence below is what it drove on the QUADSPI, read from the model's log):
     * reset in QPI and in SPI, then ENTER QUAD 35h 0.65 us after RESET MEMORY with no wait, then
     * WREN on four lines polled for WEL on four lines. The dies, idle when reset, take the 35h.
     */
    @Test
    void idleDiesTakeEnterQuadRightAfterTheSoftwareReset() {
        rig.q.setUndrivenLines(UndrivenLines.PULL_DOWN);
        rig.init(1, 27, DFM);
        resetMemory(4);
        resetMemory(1);
        rig.command(new Ccr().instr(0x35, 1), 0);
        for (NorChip die : new NorChip[] {rig.chip1, rig.chip2}) assertThat(die.protocol()).isEqualTo(NorChip.Protocol.QPI);
        rig.command(new Ccr().instr(0x06, 4), 0);
        rig.wr(FCR, 0x1B);
        rig.wr(PSMKR, WEL2);
        rig.wr(PSMAR, WEL2);
        rig.wr(PIR, 0x10);
        rig.wr(DLR, 1);
        rig.wr(CR, rig.rd(CR) | APMS);
        rig.wr(CCR, new Ccr().instr(0x05, 4).data(4).fmode(2).value());
        rig.waitWhile(SMF, 0, HAL_TIMEOUT);
        assertThat(rig.chip1.warnings()).noneMatch(w -> w.message().contains("while busy"));
    }

    /** A reset that aborts an erase still keeps the die busy for the entry's tSHSL3 ("reset"). */
    @Test
    void aResetDuringAnEraseKeepsTheDieBusyForItsRecovery() {
        rig.init(1, 26, DFM);
        rig.command(new Ccr().instr(0x06, 1), 0);
        rig.command(new Ccr().instr(0x20, 1).addr(3, 1), 0x1000);
        resetMemory(1);
        rig.command(new Ccr().instr(0x35, 1), 0);
        assertThat(rig.chip1.protocol()).isEqualTo(NorChip.Protocol.SPI);
        assertThat(rig.chip1.warnings()).anyMatch(w -> w.message().contains("instruction 35h while busy"));
        rig.runFor(40_000 * NS);
        rig.command(new Ccr().instr(0x35, 1), 0);
        assertThat(rig.chip1.protocol()).isEqualTo(NorChip.Protocol.QPI);
    }
}
