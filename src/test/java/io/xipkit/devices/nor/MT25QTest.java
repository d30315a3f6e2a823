package io.xipkit.devices.nor;

import static io.xipkit.peripherals.xspi.PhaseFormat.S1;
import static io.xipkit.peripherals.xspi.PhaseFormat.S2;
import static io.xipkit.peripherals.xspi.PhaseFormat.S4;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.xspi.ReadCommand;
import io.xipkit.time.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Micron MT25QL512ABB / MT25TL01G behaviours that differ from the Winbond part. */
class MT25QTest {
    ManualClock clock;
    NorChip chip;
    SpiHost host;

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        NorPart part = NorCatalog.standard().part("MT25QL512ABB");
        chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 1);
        host = new SpiHost(chip, clock);
    }

    @Test
    void fourByteModeNeedsWriteEnableAndShowsInFlagStatus() {
        host.command(0xB7);
        assertThat(chip.fourByteAddressing()).isFalse();
        host.command(0x06);
        host.command(0xB7);
        assertThat(chip.fourByteAddressing()).isTrue();
        assertThat(host.status(0x70) & 1).isEqualTo(1);
        host.addressBytes = 4;
        host.programAndWait(0x3000000, new byte[] {0x42});
        assertThat(host.read(0x3000000, 1)).containsExactly(0x42);
        host.addressBytes = 3;
        assertThat(host.read(0x000000, 1)).containsExactly(0xFF);
    }

    @Test
    void fourByteCommandsWorkIn3ByteMode() {
        byte[] b = new byte[1];
        host.command(0x06);
        chip.select();
        chip.instruction(0x12, S1);
        chip.address(0x2000010, 4, S1);
        chip.write(new byte[] {0x24}, 0, 1, S1);
        chip.deselect();
        host.waitReady();
        chip.select();
        chip.instruction(0x13, S1);
        chip.address(0x2000010, 4, S1);
        chip.read(b, 0, 1, S1);
        chip.deselect();
        assertThat(b[0]).isEqualTo((byte) 0x24);
    }

    @Test
    void flagStatusReadyBitIsTheInverseOfBusy() {
        host.command(0x06);
        host.erase(0x20, 0);
        assertThat(host.status(0x70) & 0x80).isZero();
        host.waitReady();
        assertThat(host.status(0x70) & 0x80).isEqualTo(0x80);
    }

    @Test
    void programIntoProtectedSectorSetsProtectionErrorAndClearsWel() {
        host.command(0x06);
        host.writeRegister(0x01, 0x24); // BP0 + TB: bottom 64 KB sector
        host.waitReady();
        host.command(0x06);
        host.program(0x02, 0x00FF00, new byte[] {0});
        assertThat(host.status(0x70) & 0x02).isEqualTo(0x02);
        assertThat(host.status(0x05) & 0x02).isZero();
        host.command(0x50);
        assertThat(host.status(0x70) & 0x02).isZero();
    }

    @Test
    void dummyCyclesFollowTheVolatileConfigurationRegister() {
        host.programAndWait(0, new byte[] {0x77});
        assertThat(host.read(0x0B, 0, 8, 1, S1, S1)).containsExactly(0x77);
        host.command(0x06);
        host.writeRegister(0x81, 0x4B); // 4 dummy cycles
        assertThat(host.read(0x0B, 0, 4, 1, S1, S1)).containsExactly(0x77);
        assertThat(host.read(0x0B, 0, 8, 1, S1, S1)).containsExactly(0x77 << 4 & 0xF0 | 0x0F); // 4 cycles late: shifted
    }

    @Test
    void quadIoProtocolModeTakesInstructionsOnFourLines() {
        host.command(0x35);
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.QPI);
        assertThat(host.readNoAddr(0x9F, 3)).containsOnly(0xFF); // single-line instruction ignored
        byte[] id = new byte[3];
        chip.select();
        chip.instruction(0xAF, S4);
        chip.read(id, 0, 3, S4);
        chip.deselect();
        assertThat(id).containsExactly(0x20, 0xBA, 0x20);
        chip.select();
        chip.instruction(0xF5, S4);
        chip.deselect();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.SPI);
    }

    @Test
    void nonVolatileAddressBytesSettingSelects4ByteModeAfterPowerCycle() {
        host.command(0x06);
        host.writeRegister(0xB1, 0xFE, 0xFF); // NVCR bit 0 = 0: 4-byte addressing at power-up
        host.waitReady();
        assertThat(chip.fourByteAddressing()).isFalse();
        chip.powerCut();
        chip.powerOn();
        assertThat(chip.fourByteAddressing()).isTrue();
    }

    @Test
    void twinQuadPackageIsTwoIndependentDies() {
        NorCatalog cat = NorCatalog.standard();
        NorPart twin = cat.part("MT25TL01G");
        assertThat(NorCatalog.dies(twin)).isEqualTo(2);
        NorPart die = cat.diePart(twin);
        assertThat(die.part()).isEqualTo("MT25QL512ABB");
        assertThat(die.sizeBytes() * 2).isEqualTo(twin.sizeBytes());
    }

    /** Quad I/O fast read: optional instruction, 3-byte address on 4 lines, alternate byte, dummy, data. */
    private byte[] quadIoRead(boolean withInstruction, long addr, int alternate, int dummy, int len) {
        byte[] b = new byte[len];
        chip.select();
        if (withInstruction) chip.instruction(0xEB, S1);
        chip.address(addr, 3, S4);
        chip.alternate(alternate, 1, S4);
        chip.dummy(dummy);
        chip.read(b, 0, len, S4);
        chip.deselect();
        return b;
    }

    @Test
    void xipIsEnteredByVcrBit3AndAZeroConfirmationBitAndLeftByAOne() {
        host.programAndWait(0x40, new byte[] {0x11, 0x22});
        // VCR bit 3 = 1 (default): the confirmation bit is ignored.
        assertThat(quadIoRead(true, 0x40, 0x00, 8, 2)).containsExactly(0x11, 0x22);
        assertThat(chip.continuousReadActive()).isFalse();

        host.command(0x06);
        host.writeRegister(0x81, 0xF3); // VCR: default dummy, XIP enabled (bit 3 = 0)
        assertThat(quadIoRead(true, 0x40, 0x00, 8, 2)).containsExactly(0x11, 0x22); // DQ0 = 0 in the first dummy clock
        assertThat(chip.continuousReadActive()).isTrue();
        ReadCommand xip = ReadCommand.of(0xEB, S1, 3, S4, 8, S4).withAlternate(0x00, 1, S4).withoutInstruction();
        assertThat(chip.directRead(xip)).isNotNull();

        assertThat(quadIoRead(false, 0x41, 0x00, 8, 1)).containsExactly(0x22); // address first, no instruction
        assertThat(chip.continuousReadActive()).isTrue();
        assertThat(quadIoRead(false, 0x40, 0xE0, 8, 1)).containsExactly(0x11); // bit 4 (DQ0 of clock 1) = 0: stays
        assertThat(chip.continuousReadActive()).isTrue();
        assertThat(quadIoRead(false, 0x40, 0x10, 8, 1)).containsExactly(0x11); // DQ0 = 1: leaves XIP
        assertThat(chip.continuousReadActive()).isFalse();
        assertThat(host.readNoAddr(0x9F, 3)).containsExactly(0x20, 0xBA, 0x20); // instructions decoded again
    }

    @Test
    void xipReadWithoutADrivenConfirmationBitLeavesXip() {
        host.programAndWait(0, new byte[] {0x5A});
        host.command(0x06);
        host.writeRegister(0x81, 0xF3);
        byte[] b = new byte[1];
        chip.select();
        chip.instruction(0xEB, S1);
        chip.address(0, 3, S4);
        chip.dummy(10); // lines float high during the first dummy clock
        chip.read(b, 0, 1, S4);
        chip.deselect();
        assertThat(b[0]).isEqualTo((byte) 0x5A);
        assertThat(chip.continuousReadActive()).isFalse();
    }

    @Test
    void nonvolatileConfigurationLoadsTheVolatileRegistersAtPowerUp() {
        host.programAndWait(0x80, new byte[] {0x33});
        host.command(0x06);
        host.writeRegister(0xB1, 0xFF, 0x69); // NVCR: dummy 0110 = 6, XIP mode 100 = quad I/O fast read
        host.waitReady();
        assertThat(chip.registerValue("VCR")).isEqualTo(0xFB); // volatile copy unchanged until power-up
        chip.powerCut();
        chip.powerOn();
        assertThat(chip.registerValue("VCR") >>> 4).isEqualTo(6);
        assertThat(chip.registerValue("VCR") & 0x08).isZero(); // XIP enabled
        assertThat(chip.continuousReadActive()).isTrue();
        assertThat(quadIoRead(false, 0x80, 0x00, 4, 1)).containsExactly(0x33); // 2 alternate + 4 dummy = 6 clocks
    }

    @Test
    void enhancedVolatileQuadBitSelectsTheQuadIoProtocol() {
        host.command(0x06);
        host.writeRegister(0x61, 0x7F); // EVCR bit 7 = 0
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.QPI);
        chip.select();
        chip.instruction(0xF5, S4);
        chip.deselect();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.SPI);
        assertThat(chip.registerValue("EVCR") & 0x80).isEqualTo(0x80); // F5h sets the bit back
        host.command(0x35);
        assertThat(chip.registerValue("EVCR") & 0x80).isZero();

        chip.select();
        chip.instruction(0x06, S4);
        chip.deselect();
        chip.select();
        chip.instruction(0xB1, S4);
        chip.write(new byte[] {(byte) 0xF7, (byte) 0xFF}, 0, 2, S4); // NVCR bit 3 = 0: quad protocol at power-up
        chip.deselect();
        clock.advanceMicros(100_000);
        chip.powerCut();
        chip.powerOn();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.QPI);
    }

    @Test
    void enhancedVolatileDualBitSelectsTheDualIoProtocol() {
        host.programAndWait(0x1230, new byte[] {0x5A, (byte) 0xA5});
        host.command(0x06);
        host.writeRegister(0x61, 0xBF); // EVCR bit 6 = 0 (U1: dual protocol disable bit)
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.DPI);
        assertThat(host.readNoAddr(0x9F, 3)).containsExactly(0xFF, 0xFF, 0xFF); // 1-line instruction: ignored
        assertThat(chip.warnings()).isNotEmpty();

        assertThat(dualRead(0xBB, 0x1230, 8)).containsExactly(0x5A, 0xA5); // default 8 dummy clocks
        assertThat(dualRead(0x0B, 0x1230, 8)).containsExactly(0x5A, 0xA5);
        assertThat(dualRegisterRead(0x65)).isEqualTo(0xBF);

        dualCommand(0x06);
        dualWrite(0x81, 0x6B); // VCR: 6 dummy clocks
        assertThat(dualRead(0xBB, 0x1230, 6)).containsExactly(0x5A, 0xA5);

        dualCommand(0x06);
        dualWrite(0x61, 0xFF); // dual protocol off again: instructions back on one line
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.SPI);
        assertThat(host.readNoAddr(0x9F, 3)).containsExactly(0x20, 0xBA, 0x20);
    }

    @Test
    void quadProtocolBitWinsOverDualAndDualBitSurvivesQuadExit() {
        host.command(0x06);
        host.writeRegister(0x61, 0x3F); // bits 7 and 6 both 0
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.QPI);
        chip.select();
        chip.instruction(0xF5, S4); // quad off; EVCR bit 6 still 0
        chip.deselect();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.DPI);
    }

    @Test
    void nonvolatileDualBitStartsThePartInTheDualProtocol() {
        host.command(0x06);
        host.writeRegister(0xB1, 0xFB, 0xFF); // NVCR bit 2 = 0
        host.waitReady();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.SPI);
        chip.powerCut();
        chip.powerOn();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.DPI);
        assertThat(dualRegisterRead(0x65) & 0x40).isZero();
        dualCommand(0x66);
        dualCommand(0x99);
        clock.advanceMicros(1_000);
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.DPI); // reset reloads EVCR from the NVCR
    }

    private void dualCommand(int op) {
        chip.select();
        chip.instruction(op, S2);
        chip.deselect();
    }

    private void dualWrite(int op, int value) {
        chip.select();
        chip.instruction(op, S2);
        chip.write(new byte[] {(byte) value}, 0, 1, S2);
        chip.deselect();
    }

    private int dualRegisterRead(int op) {
        byte[] b = new byte[1];
        chip.select();
        chip.instruction(op, S2);
        chip.read(b, 0, 1, S2);
        chip.deselect();
        return b[0] & 0xFF;
    }

    private int[] dualRead(int op, long addr, int dummy) {
        byte[] b = new byte[2];
        chip.select();
        chip.instruction(op, S2);
        chip.address(addr, 3, S2);
        chip.dummy(dummy);
        chip.read(b, 0, 2, S2);
        chip.deselect();
        return new int[] {b[0] & 0xFF, b[1] & 0xFF};
    }
}
