package io.xipkit.devices.nor;

import static io.xipkit.peripherals.xspi.PhaseFormat.S1;
import static io.xipkit.peripherals.xspi.PhaseFormat.S2;
import static io.xipkit.peripherals.xspi.PhaseFormat.S4;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.xspi.PhaseFormat;
import io.xipkit.time.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * Set Read Parameters (C0h) of the ISSI and GigaDevice parts. Tables from ufprog
 * (hackpascal/ufprog): vendor-issi.c is25lp032_dc_table with the dummy field at read register
 * bits 4:3; vendor-gigadevice.c before commit a6f41a0, QPI codes 00/01/10/11 = 4/4/6/8 clocks.
 * Each read is clocked with the table's count; a read one count off returns shifted data.
 */
class ReadParametersTest {
    final ManualClock clock = new ManualClock();

    NorChip chip(String name) {
        NorPart part = NorCatalog.standard().part(name);
        return new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 5);
    }

    @Test
    void issiReadRegisterDummyCodesSetTheQuadIoClocks() {
        NorChip chip = chip("IS25LP128");
        SpiHost host = new SpiHost(chip, clock);
        host.programAndWait(0x400, new byte[] {0x3C, (byte) 0xC3});
        host.command(0x06);
        host.writeRegister(0x01, 0x40); // SR: QE
        host.waitReady();
        int[] totals = {6, 4, 8, 10}; // 1-4-4 clocks after the address, 2 mode clocks included
        for (int code = 0; code < 4; code++) {
            host.writeRegister(0xC0, code << 3); // no WREN: volatile write
            assertThat(host.status(0x61)).isEqualTo(code << 3);
            assertThat(read(chip, S1, 0xEB, 0x400, S4, totals[code] - 2)).as("code %d", code).containsExactly(0x3C, 0xC3);
            assertThat(read(chip, S1, 0xEB, 0x400, S4, totals[code] - 1)).as("code %d, one clock too many", code)
                    .doesNotContain(0x3C);
        }
        assertThat(chip.warnings()).hasSize(4) // only the four deliberately long reads
                .allSatisfy(w -> assertThat(w.message()).contains("shifted by 4 bits"));
    }

    @Test
    void issiDualIoReadTakesEightClocksOnlyWithCodeTwo() {
        NorChip chip = chip("IS25LP128");
        SpiHost host = new SpiHost(chip, clock);
        host.programAndWait(0x800, new byte[] {0x12, 0x34});
        assertThat(read(chip, S1, 0xBB, 0x800, S2, 0)).containsExactly(0x12, 0x34); // 4 mode clocks only
        host.writeRegister(0xC0, 2 << 3);
        assertThat(read(chip, S1, 0xBB, 0x800, S2, 4)).containsExactly(0x12, 0x34);
        host.writeRegister(0xC0, 3 << 3);
        assertThat(read(chip, S1, 0xBB, 0x800, S2, 0)).containsExactly(0x12, 0x34);
    }

    @Test
    void issiReadRegisterIsVolatileAndFunctionRegisterHoldsTheTopBottomBit() {
        NorChip chip = chip("IS25LP128");
        SpiHost host = new SpiHost(chip, clock);
        host.writeRegister(0xC0, 0x18);
        host.command(0x06);
        host.writeRegister(0x42, 0x02); // FR: TBS
        host.waitReady();
        chip.powerCut();
        chip.powerOn();
        assertThat(host.status(0x61)).isZero();
        assertThat(host.status(0x48)).isEqualTo(0x02);
    }

    @Test
    void gigaDeviceQpiReadClocksFollowSetReadParameters() {
        NorChip chip = chip("GD25Q128");
        SpiHost host = new SpiHost(chip, clock);
        host.programAndWait(0x100, new byte[] {0x5A, (byte) 0xA5});
        host.command(0x50);
        host.writeRegister(0x31, 0x02); // SR2: QE
        host.command(0x38);
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.QPI);
        int[] totals = {4, 4, 6, 8};
        for (int code = 0; code < 4; code++) {
            chip.select();
            chip.instruction(0xC0, S4);
            chip.write(new byte[] {(byte) (code << 4)}, 0, 1, S4);
            chip.deselect();
            assertThat(read(chip, S4, 0x0B, 0x100, S4, totals[code])).as("0Bh code %d", code).containsExactly(0x5A, 0xA5);
            assertThat(read(chip, S4, 0xEB, 0x100, S4, totals[code] - 2)).as("EBh code %d", code).containsExactly(0x5A, 0xA5);
        }
        assertThat(chip.warnings()).isEmpty();
        chip.select();
        chip.instruction(0xC0, S4);
        chip.write(new byte[] {0}, 0, 1, S4);
        chip.deselect();
        // The default is 4 clocks, not 2: two clocks short, the first byte is still dummy time.
        assertThat(read(chip, S4, 0x0B, 0x100, S4, 2)).containsExactly(0xFF, 0x5A);
    }

    @Test
    void gigaDeviceStatusRegister3KeepsProtectionSelectDriverAndHoldBits() {
        NorChip chip = chip("GD25Q128");
        SpiHost host = new SpiHost(chip, clock);
        host.command(0x06);
        host.writeRegister(0x11, 0xFF);
        host.waitReady();
        assertThat(host.status(0x15)).isEqualTo(0xE4);
    }

    /** Instruction on {@code inst} lines, address, mode byte FFh for quad/dual I/O reads, dummies, 2 data bytes. */
    private static int[] read(NorChip chip, PhaseFormat inst, int op, long addr, PhaseFormat lines, int dummy) {
        byte[] b = new byte[2];
        chip.select();
        chip.instruction(op, inst);
        boolean io = op == 0xEB || op == 0xBB;
        chip.address(addr, 3, io || inst == S4 ? lines : S1);
        if (io) chip.alternate(0xFF, 1, lines);
        if (dummy > 0) chip.dummy(dummy);
        chip.read(b, 0, 2, lines);
        chip.deselect();
        return new int[] {b[0] & 0xFF, b[1] & 0xFF};
    }
}
