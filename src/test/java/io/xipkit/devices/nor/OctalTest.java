package io.xipkit.devices.nor;

import static io.xipkit.peripherals.xspi.PhaseFormat.D8;
import static io.xipkit.peripherals.xspi.PhaseFormat.S1;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.time.ManualClock;
import org.junit.jupiter.api.Test;

/** Macronix octal parts: entering DTR OPI through CR2 and using 2-byte 8D-8D-8D commands. */
class OctalTest {
    @Test
    void dtrOctalModeTakesTwoByteInstructionsAndReadsTheArray() {
        NorPart part = NorCatalog.standard().part("MX25UW25645G");
        ManualClock clock = new ManualClock();
        NorChip chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 0);
        SpiHost host = new SpiHost(chip, clock);
        host.programAndWait(0x100, new byte[] {0x5A, (byte) 0xA5});
        host.command(0x06);
        chip.select();
        chip.instruction(0x72, S1);
        chip.address(0, 4, S1);
        chip.write(new byte[] {0x02}, 0, 1, S1); // CR2[1:0] = 10: DTR OPI
        chip.deselect();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.DOPI);
        assertThat(host.readNoAddr(0x9F, 3)).containsOnly(0xFF); // SPI instruction ignored now

        byte[] id = new byte[3];
        chip.select();
        chip.instruction(0x9F60, 2, D8);
        chip.address(0, 4, D8);
        chip.dummy(4);
        chip.read(id, 0, 3, D8);
        chip.deselect();
        assertThat(id).containsExactly(0xC2, 0x81, 0x39);

        byte[] d = new byte[2];
        chip.select();
        chip.instruction(0xEE11, 2, D8);
        chip.address(0x100, 4, D8);
        chip.dummy(20);
        chip.read(d, 0, 2, D8);
        chip.deselect();
        assertThat(d).containsExactly(0x5A, 0xA5);

        chip.select();
        chip.instruction(0xEE11, 1, D8); // 1-byte instruction in OPI: garbled
        chip.deselect();
        assertThat(chip.warnings()).anyMatch(w -> w.message().contains("1 byte(s)"));

        chip.select();
        chip.instruction(0x6699, 2, D8);
        chip.deselect();
        chip.select();
        chip.instruction(0x9966, 2, D8);
        chip.deselect();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.SPI); // reset returns to SPI
    }

    @Test
    void configurationRegister2DummyCodeSetsTheOctalReadDummyClocks() {
        NorPart part = NorCatalog.standard().part("MX25LM51245G");
        ManualClock clock = new ManualClock();
        NorChip chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 0);
        SpiHost host = new SpiHost(chip, clock);
        host.programAndWait(0x200, new byte[] {0x12, 0x34, 0x56, 0x78});
        host.command(0x06);
        chip.select();
        chip.instruction(0x72, S1);
        chip.address(0x300, 4, S1);
        chip.write(new byte[] {0x02}, 0, 1, S1); // CR2 300h = 010: 16 dummy clocks
        chip.deselect();
        host.command(0x06);
        chip.select();
        chip.instruction(0x72, S1);
        chip.address(0, 4, S1);
        chip.write(new byte[] {0x02}, 0, 1, S1); // DTR OPI
        chip.deselect();

        assertThat(octalDtrRead(chip, 16)).containsExactly(0x12, 0x34);
        // 20 clocks (the reset default) are now 4 clocks (8 bytes in DTR) too many: the data is shifted.
        assertThat(octalDtrRead(chip, 20)).containsExactly(0xFF, 0xFF);
        assertThat(chip.warnings()).anyMatch(w -> w.message().contains("data shifted"));
    }

    private static byte[] octalDtrRead(NorChip chip, int dummy) {
        byte[] d = new byte[2];
        chip.select();
        chip.instruction(0xEE11, 2, D8);
        chip.address(0x200, 4, D8);
        chip.dummy(dummy);
        chip.read(d, 0, 2, D8);
        chip.deselect();
        return d;
    }
}
