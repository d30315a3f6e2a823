package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.devices.nor.NorChip;
import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The register sequence ST's MT25TL01G component and STM32H747I-DISCO BSP drive on the QUADSPI of
 * the H757 + MT25TL01G system (two MT25QL512 dies in dual-flash mode), written from reading that
 * code (STM32CubeH7 Drivers/BSP/Components/mt25tl01g and Drivers/BSP/STM32H747I-DISCO
 * stm32h747i_discovery_qspi.c; no ST code here): reset, wait ready, 4-byte address mode,
 * QPI mode, then {@code MT25TL01G_EnableMemoryMappedModeDTR(QPI)} — EDh with instruction, address
 * and data on four lines, 32-bit address, 8 dummy clocks, DDRM = 1, DHHC = 1 — and
 * {@code MT25TL01G_ReadDTR(QPI)}, the same command as an indirect read.
 *
 * <p>Here the dies are polled on one line while they are in SPI mode (the component's own
 * {@code AutoPollingMemReady} always uses four lines; what such a poll reads from dies that do not
 * drive the lines is a board fact, see the undriven-lines tests).
 */
class Mt25tl01gDtrFlowTest {
    final QuadspiRig rig = QuadspiRig.dualMt25tl01g();
    final byte[] a1 = rig.chip1.storage().array();
    final byte[] a2 = rig.chip2.storage().array();

    private static final int SR_WIP = 0x01, SR_WEL = 0x02;
    private static final int DHHC = 1 << 30;

    @BeforeEach
    void bspInitInDtrQpi() {
        bspInit(true);
    }

    /** BSP_QSPI_Init for DTR, ending in QPI mode ({@code qpi}) or with the dies left in SPI mode. */
    private void bspInit(boolean qpi) {
        rig.fill(rig.chip1, 3);
        rig.fill(rig.chip2, 4);
        // MX_QSPI_Init for DTR: prescaler 3, FSIZE = log2(128 MiB) - 1 = 26, SSHIFT none, dual-flash.
        rig.init(3, 26, DFM);
        // QSPI_ResetMemory, SPI part: 66h then 99h on one line, then wait for WIP = 0 on both dies.
        rig.command(new Ccr().instr(0x66, 1), 0);
        rig.command(new Ccr().instr(0x99, 1), 0);
        rig.autoPoll(0x05, 2, SR_WIP | SR_WIP << 8, 0, 1_000_000_000L);
        // MT25TL01G_Enter4BytesAddressMode(SPI): write enable (polled for WEL on both dies), B7h.
        writeEnable();
        rig.command(new Ccr().instr(0xB7, 1), 0);
        rig.autoPoll(0x05, 2, SR_WIP | SR_WIP << 8, 0, 1_000_000_000L);
        // BSP_QSPI_ConfigFlash(QPI, DTR): MT25TL01G_EnterQPIMode, 35h on one line.
        if (qpi) rig.command(new Ccr().instr(0x35, 1), 0);
        for (NorChip die : new NorChip[] {rig.chip1, rig.chip2}) {
            assertThat(die.fourByteAddressing()).isTrue();
            assertThat(die.protocol()).isEqualTo(qpi ? NorChip.Protocol.QPI : NorChip.Protocol.SPI);
        }
    }

    private void writeEnable() {
        rig.command(new Ccr().instr(0x06, 1), 0);
        rig.autoPoll(0x05, 2, SR_WEL | SR_WEL << 8, SR_WEL | SR_WEL << 8, 1_000_000_000L);
    }

    /** The CCR of MT25TL01G_EnableMemoryMappedModeDTR / ReadDTR in QPI mode (without FMODE). */
    private static Ccr qpiDtrRead() {
        Ccr c = new Ccr().instr(0xED, 4).addr(4, 4).dummy(8).data(4).ddr();
        c.v |= DHHC;
        return c;
    }

    /** Byte {@code addr} of the window: even addresses from die 1, odd from die 2, each at addr / 2. */
    private int windowByte(int addr) {
        return ((addr & 1) == 0 ? a1 : a2)[addr >>> 1] & 0xFF;
    }

    private int windowWord(int addr) {
        return windowByte(addr) | windowByte(addr + 1) << 8 | windowByte(addr + 2) << 16 | windowByte(addr + 3) << 24;
    }

    @Test
    void memoryMappedQpiDtrReadsBothDiesInterleavedThroughTheWindow() {
        rig.memoryMapped(qpiDtrRead(), 0);
        for (int addr : new int[] {0, 0x100, 0x12_3454, 0x07FF_FFF0}) {
            for (int i = 0; i < 16; i += 4) {
                assertThat(rig.bus.read32(WINDOW + addr + i)).as("window word at %x", addr + i).isEqualTo(windowWord(addr + i));
            }
        }
        assertThat(rig.bus.read8(WINDOW + 0x4001)).isEqualTo(windowByte(0x4001));
        assertThat(rig.chip1.warnings()).isEmpty();
        assertThat(rig.chip2.warnings()).isEmpty();
    }

    @Test
    void readDtrInQpiModeReadsTheSameBytesIndirectly() {
        byte[] got = rig.indirectRead(qpiDtrRead(), 0x20_0000, 64);
        for (int i = 0; i < 64; i++) assertThat(got[i] & 0xFF).as("byte %d", i).isEqualTo(windowByte(0x20_0000 + i));
        assertThat(rig.chip1.warnings()).isEmpty();
        assertThat(rig.chip2.warnings()).isEmpty();
    }

    @Test
    void abortLeavesMemoryMappedModeAndReEntryReadsAgain() {
        rig.memoryMapped(qpiDtrRead(), 0);
        assertThat(rig.bus.read32(WINDOW + 0x800)).isEqualTo(windowWord(0x800));
        rig.abort();
        rig.waitNotBusy();
        // BSP_QSPI_DisableMemoryMappedMode then re-enable: the dies are still in QPI and 4-byte mode.
        rig.memoryMapped(qpiDtrRead(), 0);
        assertThat(rig.bus.read32(WINDOW + 0x1_0000)).isEqualTo(windowWord(0x1_0000));
        assertThat(rig.chip1.warnings()).isEmpty();
    }

    @Test
    void memoryMappedDtrInSpi4IoModeReadsTheWindow() {
        // A second init on the same dies, stopping in SPI mode (reset first leaves QPI: the QPI
        // reset of QSPI_ResetMemory, sent here explicitly).
        rig.command(new Ccr().instr(0x66, 4), 0);
        rig.command(new Ccr().instr(0x99, 4), 0);
        rig.runFor(100_000 * NS);
        bspInit(false);
        // MT25TL01G_EnableMemoryMappedModeDTR(SPI_4IO): EEh, instruction on one line, address and
        // data on four at double rate, 32-bit address, 8 dummy clocks.
        Ccr ee = new Ccr().instr(0xEE, 1).addr(4, 4).dummy(8).data(4).ddr();
        ee.v |= DHHC;
        rig.memoryMapped(ee, 0);
        for (int i = 0; i < 16; i += 4) assertThat(rig.bus.read32(WINDOW + 0x40_0000 + i)).isEqualTo(windowWord(0x40_0000 + i));
        assertThat(rig.chip1.warnings()).isEmpty();
    }

    @Test
    void theSameReadWithStrDummyClocksIsShiftedAsOnTheDies() {
        // A DTR read given 6 dummy clocks where the quad-protocol EDh waits 8: the dies start
        // driving two clocks (16 bits at double rate on four lines) after the controller samples.
        Ccr c = new Ccr().instr(0xED, 4).addr(4, 4).dummy(6).data(4).ddr();
        byte[] got = rig.indirectRead(c, 0x1000, 8);
        assertThat(got[0] & 0xFF).isEqualTo(0xFF); // dies not yet driving: pulled-up lines
        assertThat(rig.chip1.warnings()).anyMatch(w -> w.message().contains("data shifted"));
    }

    /**
     * The pairing ST's H747I-DISCO external loader and its H750B-DK ExtMem_Boot template use (VCR
     * written to 8 dummy clocks, EDh mapped with DCYC = MT25TL01G_DUMMY_CYCLES_READ_QUAD_DTR - 1 =
     * 5, DDRM, DHHC) as the model reads it. Controller side: RM0399 Rev 4 section 24.3.3
     * "Dummy-cycles phase": "In both SDR and DDR modes, the duration is specified as a number of
     * full CLK cycles", so 5 clocks; part side: 8 clocks as the VCR says (VCR bits 7:4, no
     * source found that counts them otherwise in DTR). The data come three clocks, three bytes a
     * die, early for the controller: the first six window bytes are the undriven lines. Whether
     * silicon does this is the open question of docs/FLASH-MODEL.md ("DTR dummy clocks"): ST's
     * newer BSP pairs 8 with 8 and no source settles which one the dies follow.
     */
    @Test
    void stsOlderPairingOfVcr8WithDcyc5IsThreeClocksShortOnTheModel() {
        writeEnableQpi();
        rig.indirectWrite(new Ccr().instr(0x81, 4).data(4), 0, new byte[] {(byte) 0x8B, (byte) 0x8B}); // VCR: 8 dummy, XIP off, no wrap
        Ccr c = new Ccr().instr(0xED, 4).addr(4, 4).dummy(5).data(4).ddr();
        c.v |= DHHC;
        byte[] got = rig.indirectRead(c, 0x1000, 16);
        for (int i = 0; i < 6; i++) assertThat(got[i] & 0xFF).as("byte %d: dies not yet driving", i).isEqualTo(0xFF);
        for (int i = 6; i < 16; i++) assertThat(got[i] & 0xFF).as("byte %d", i).isEqualTo(windowByte(0x1000 + i - 6));
        assertThat(rig.chip1.warnings()).anyMatch(w -> w.message().contains("controller clocked 18 half-cycles before data, part expects 24"));
    }

    private void writeEnableQpi() {
        rig.command(new Ccr().instr(0x06, 4), 0);
    }
}
