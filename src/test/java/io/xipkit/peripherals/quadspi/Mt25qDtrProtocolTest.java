package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.devices.nor.NorChip;
import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The MT25Q DTR protocol (EVCR bit 5 / NVCR bit 5 = 0; ST's mt25tl01g.h names both bits "Double
 * transfer rate protocol"): every command then takes its address and data on both clock edges,
 * the instruction still on the rising edge only (MT25Q datasheet, Signal Descriptions, pin C).
 * Driven through the QUADSPI as firmware would: DDRM = 1 gives address, alternate and data at
 * double rate with the instruction at single rate (RM0433 §23.3.4), which is exactly that form.
 */
class Mt25qDtrProtocolTest {
    final QuadspiRig rig = QuadspiRig.single("MT25QL512ABB");
    final byte[] a = rig.chip1.storage().array();

    private static final int EVCR_DTR_ON = 0xDF; // bit 5 = 0, quad and dual protocols off
    private static final int EVCR_QUAD_DTR_ON = 0x5F; // bits 7 and 5 = 0

    Mt25qDtrProtocolTest() {
        rig.fill(rig.chip1, 9);
        rig.init(1, 25, 0);
    }

    /** WRITE ENABLE then WRITE ENHANCED VOLATILE CONFIGURATION REGISTER, both in extended SPI STR. */
    private void writeEvcr(int value) {
        rig.command(wren(), 0);
        rig.indirectWrite(new Ccr().instr(0x61, 1).data(1), 0, new byte[] {(byte) value});
    }

    private int statusDtr(int lines) {
        return rig.indirectRead(new Ccr().instr(0x05, lines).data(lines).ddr(), 0, 1)[0] & 0xFF;
    }

    private void waitReadyDtr(int lines) {
        long limit = rig.now() + 10_000_000_000_000L;
        while ((statusDtr(lines) & 1) != 0) {
            if (rig.now() > limit) throw new AssertionError("WIP stuck");
            rig.runFor(1_000 * NS);
        }
    }

    @Test
    void evcrBit5ClearedMakesFastReadDoubleRateInAddressAndData() {
        writeEvcr(EVCR_DTR_ON);
        assertThat(rig.chip1.protocol()).isEqualTo(NorChip.Protocol.SPI);
        // 0Bh FAST READ in the DTR protocol: 1-1D-1D, its 8 default dummy clocks.
        int addr = 0x12_3451;
        byte[] got = rig.indirectRead(new Ccr().instr(0x0B, 1).addr(3, 1).dummy(8).data(1).ddr(), addr, 40);
        assertThat(got).isEqualTo(Arrays.copyOfRange(a, addr, addr + 40));
        // EBh QUAD I/O FAST READ: 1-4D-4D with its 10 dummy clocks.
        got = rig.indirectRead(new Ccr().instr(0xEB, 1).addr(3, 4).dummy(10).data(4).ddr(), addr, 40);
        assertThat(got).isEqualTo(Arrays.copyOfRange(a, addr, addr + 40));
        // The DTR reads of the entry keep their own forms: 0Dh 1-1D-1D, 6 dummy clocks.
        got = rig.indirectRead(new Ccr().instr(0x0D, 1).addr(3, 1).dummy(6).data(1).ddr(), addr, 40);
        assertThat(got).isEqualTo(Arrays.copyOfRange(a, addr, addr + 40));
        assertThat(rig.chip1.warnings()).isEmpty();
    }

    @Test
    void registerReadsAnswerOnBothEdgesAndSingleRateCommandsAreGarbled() {
        writeEvcr(EVCR_DTR_ON);
        assertThat(rig.indirectRead(new Ccr().instr(0x65, 1).data(1).ddr(), 0, 1)[0] & 0xFF).isEqualTo(EVCR_DTR_ON);
        assertThat(rig.indirectRead(new Ccr().instr(0x9F, 1).data(1).ddr(), 0, 3)).containsExactly(0x20, 0xBA, 0x20);
        assertThat(rig.chip1.warnings()).isEmpty();
        // The same FAST READ with address and data at single rate is not what the part samples.
        byte[] str = rig.indirectRead(new Ccr().instr(0x0B, 1).addr(3, 1).dummy(8).data(1), 0x100, 8);
        assertThat(str).containsOnly((byte) 0xFF);
        assertThat(rig.chip1.warnings()).anyMatch(w -> w.message().contains("FAST READ (0Bh) expects address/mode at DTR rate, got STR"));
    }

    @Test
    void programAndEraseTakeAddressAndDataAtDoubleRate() {
        writeEvcr(EVCR_DTR_ON);
        int sector = 0x0004_0000;
        rig.command(wren(), 0);
        rig.command(new Ccr().instr(0x20, 1).addr(3, 1).ddr(), sector);
        waitReadyDtr(1);
        byte[] page = pattern(256, 77);
        rig.command(wren(), 0);
        rig.indirectWrite(new Ccr().instr(0x02, 1).addr(3, 1).data(1).ddr(), sector, page);
        waitReadyDtr(1);
        assertThat(Arrays.copyOfRange(a, sector, sector + 256)).isEqualTo(page);
        assertThat(Arrays.copyOfRange(a, sector + 256, sector + 4096)).containsOnly((byte) 0xFF);
        assertThat(rig.chip1.warnings()).isEmpty();
    }

    @Test
    void quadProtocolWithDtrReadsThroughTheMemoryMappedWindow() {
        writeEvcr(EVCR_QUAD_DTR_ON);
        assertThat(rig.chip1.protocol()).isEqualTo(NorChip.Protocol.QPI);
        // 6Bh in the quad DTR protocol: 4-4D-4D with the quad protocol's 10 dummy clocks.
        rig.memoryMapped(new Ccr().instr(0x6B, 4).addr(3, 4).dummy(10).data(4).ddr(), 0xFF);
        int addr = 0x20_0040;
        for (int i = 0; i < 64; i += 4) {
            int want = (a[addr + i] & 0xFF) | (a[addr + i + 1] & 0xFF) << 8 | (a[addr + i + 2] & 0xFF) << 16
                    | (a[addr + i + 3] & 0xFF) << 24;
            assertThat(rig.bus.read32(WINDOW + addr + i)).as("word at %x", addr + i).isEqualTo(want);
        }
        assertThat(rig.chip1.warnings()).isEmpty();
    }

    @Test
    void nvcrBit5ClearedStartsThePartInTheDtrProtocolAfterReset() {
        // NVCR = FFDFh (bit 5 = 0), sent least significant byte first; then wait for the write.
        rig.command(wren(), 0);
        rig.indirectWrite(new Ccr().instr(0xB1, 1).data(1), 0, new byte[] {(byte) 0xDF, (byte) 0xFF});
        rig.autoPoll(0x05, 1, 0x01, 0x00, 100_000_000_000L);
        assertThat(statusDtr(1)).as("still STR until reset").isEqualTo(0xFF);
        rig.command(new Ccr().instr(0x66, 1), 0);
        rig.command(new Ccr().instr(0x99, 1), 0);
        rig.runFor(1_000_000 * NS);
        assertThat(rig.indirectRead(new Ccr().instr(0x65, 1).data(1).ddr(), 0, 1)[0] & 0xFF).isEqualTo(EVCR_DTR_ON);
        rig.memoryMapped(new Ccr().instr(0xEB, 1).addr(3, 4).dummy(10).data(4).ddr(), 0xFF);
        assertThat(rig.bus.read32(WINDOW + 0x10)).isEqualTo(
                (a[0x10] & 0xFF) | (a[0x11] & 0xFF) << 8 | (a[0x12] & 0xFF) << 16 | (a[0x13] & 0xFF) << 24);
    }

    @Test
    void writingEvcrBit5BackToOneReturnsToSingleRate() {
        writeEvcr(EVCR_DTR_ON);
        rig.command(wren(), 0);
        rig.indirectWrite(new Ccr().instr(0x61, 1).data(1).ddr(), 0, new byte[] {(byte) 0xFF});
        byte[] got = rig.indirectRead(quadOutputRead(), 0x1000, 16);
        assertThat(got).isEqualTo(Arrays.copyOfRange(a, 0x1000, 0x1010));
        assertThat(rig.chip1.warnings()).isEmpty();
    }
}
