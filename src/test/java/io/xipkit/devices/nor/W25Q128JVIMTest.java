package io.xipkit.devices.nor;

import static io.xipkit.peripherals.xspi.PhaseFormat.S4;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.time.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * W25Q128JV-IM/JM (EF 70 18): the QPI and Set Read Parameters behaviour its entry adds to the -IQ
 * part (flashrom "W25Q128.V..M": QPI feature; Linux 83e824a4a595: the 0xef7018 part adds QPI and DTR).
 */
class W25Q128JVIMTest {
    ManualClock clock;
    NorChip chip;
    SpiHost host;

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        NorPart part = NorCatalog.standard().part("W25Q128JV-IM");
        chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 3);
        host = new SpiHost(chip, clock);
    }

    @Test
    void reportsItsOwnJedecId() {
        assertThat(host.readNoAddr(0x9F, 3)).containsExactly(0xEF, 0x70, 0x18);
    }

    @Test
    void enterQpiIsIgnoredUntilQuadEnableIsSet() {
        host.command(0x38);
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.SPI);
        enterQpi();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.QPI);
        assertThat(qpiRead(0x9F, 3)).containsExactly(0xEF, 0x70, 0x18);
        qpiCommand(0xFF);
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.SPI);
        assertThat(host.readNoAddr(0x9F, 3)).containsExactly(0xEF, 0x70, 0x18);
    }

    @Test
    void setReadParametersChangesQpiFastReadDummyClocksWithoutWriteEnable() {
        host.programAndWait(0x100, new byte[] {0x5A, (byte) 0xC3});
        enterQpi();
        assertThat(qpiFastRead(0x0B, 0x100, 2)).containsExactly(0x5A, 0xC3); // P5-P4 = 00: 2 clocks
        qpiWrite(0xC0, 0x30); // P5-P4 = 11: 8 clocks; no WREN before it
        assertThat(chip.registerValue("RP")).isEqualTo(0x30);
        assertThat(chip.warnings()).isEmpty();
        assertThat(qpiFastRead(0x0B, 0x100, 8)).containsExactly(0x5A, 0xC3);
        // Two clocks short: the part still drives its dummy clocks for six more (4 lines x 6 = 3 bytes).
        assertThat(qpiFastRead(0x0B, 0x100, 2)).doesNotContain(0x5A);
    }

    @Test
    void qpiQuadIoReadTakesItsModeClocksInsideTheConfiguredClocks() {
        host.programAndWait(0x2000, new byte[] {0x11, 0x22});
        enterQpi();
        // Default: the 2 mode clocks are all there is (the part's SFDP: 4-4-4 EBh, 2 mode + 0 wait).
        assertThat(qpiQuadIoRead(0x2000, 0xFF, 0)).containsExactly(0x11, 0x22);
        qpiWrite(0xC0, 0x10); // 4 clocks: 2 mode + 2 wait
        assertThat(qpiQuadIoRead(0x2000, 0xFF, 2)).containsExactly(0x11, 0x22);
    }

    @Test
    void readParametersAreVolatile() {
        enterQpi();
        qpiWrite(0xC0, 0x20);
        chip.powerCut();
        chip.powerOn();
        assertThat(chip.registerValue("RP")).isZero();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.SPI);
    }

    private void enterQpi() {
        host.command(0x50); // volatile SR write enable
        host.writeRegister(0x31, 0x02); // SR2: QE
        host.command(0x38);
    }

    private void qpiCommand(int op) {
        chip.select();
        chip.instruction(op, S4);
        chip.deselect();
    }

    private void qpiWrite(int op, int value) {
        chip.select();
        chip.instruction(op, S4);
        chip.write(new byte[] {(byte) value}, 0, 1, S4);
        chip.deselect();
    }

    private int[] qpiRead(int op, int len) {
        byte[] b = new byte[len];
        chip.select();
        chip.instruction(op, S4);
        chip.read(b, 0, len, S4);
        chip.deselect();
        return unsigned(b);
    }

    private int[] qpiFastRead(int op, long addr, int dummy) {
        byte[] b = new byte[2];
        chip.select();
        chip.instruction(op, S4);
        chip.address(addr, 3, S4);
        chip.dummy(dummy);
        chip.read(b, 0, 2, S4);
        chip.deselect();
        return unsigned(b);
    }

    private int[] qpiQuadIoRead(long addr, int mode, int dummy) {
        byte[] b = new byte[2];
        chip.select();
        chip.instruction(0xEB, S4);
        chip.address(addr, 3, S4);
        chip.alternate(mode, 1, S4);
        if (dummy > 0) chip.dummy(dummy);
        chip.read(b, 0, 2, S4);
        chip.deselect();
        return unsigned(b);
    }

    private static int[] unsigned(byte[] b) {
        int[] r = new int[b.length];
        for (int i = 0; i < b.length; i++) r[i] = b[i] & 0xFF;
        return r;
    }
}
