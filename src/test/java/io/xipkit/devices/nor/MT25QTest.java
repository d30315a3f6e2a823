package io.xipkit.devices.nor;

import static io.xipkit.peripherals.xspi.PhaseFormat.S1;
import static io.xipkit.peripherals.xspi.PhaseFormat.S4;
import static org.assertj.core.api.Assertions.assertThat;

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
}
