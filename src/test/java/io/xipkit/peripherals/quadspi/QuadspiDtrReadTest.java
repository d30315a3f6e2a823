package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.devices.nor.NorChip;
import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DTR read of every catalog part that has them, in every protocol the part takes it in,
 * issued by the QUADSPI with DDRM = 1 (RM0433 §23.3.4 "DDR mode": address, alternate and data on
 * both edges, instruction at single rate) as firmware would: once as an indirect read, once
 * through the memory-mapped window. Each must return the array's bytes with no model warning.
 * The command table per part is the one in its catalog entry (sources cited there: ST's MT25TL01G
 * component, Linux spi-nor.h, the Winbond/ISSI entries' own notes).
 */
class QuadspiDtrReadTest {
    /**
     * One read: the part, how to put it into the protocol, the opcode, instruction/address/data
     * lines, address bytes, mode-byte (alternate) presence and dummy clocks the part expects.
     */
    record Case(String part, String protocol, Consumer<QuadspiRig> setup, int opcode, int instrLines, int addrBytes,
                int lines, int addrLines, boolean modeByte, int dummy, int fsize) {
        @Override
        public String toString() {
            return String.format("%s %s %02Xh %d-%dD-%dD", part, protocol, opcode, instrLines, addrLines, lines);
        }

        Ccr ccr() {
            Ccr c = new Ccr().instr(opcode, instrLines).addr(addrBytes, addrLines).dummy(dummy).data(lines).ddr();
            if (modeByte) c.alt(1, addrLines);
            return c;
        }
    }

    private static final Consumer<QuadspiRig> NONE = r -> { };

    /** MT25Q dual I/O protocol: EVCR bit 6 = 0 (61h after WREN; U1 in the entry). */
    private static final Consumer<QuadspiRig> MICRON_DUAL = r -> {
        r.command(wren(), 0);
        r.indirectWrite(new Ccr().instr(0x61, 1).data(1), 0, new byte[] {(byte) 0xBF});
        assertThat(r.chip1.protocol()).isEqualTo(NorChip.Protocol.DPI);
    };

    /** MT25Q quad I/O protocol: ENTER QUAD INPUT/OUTPUT MODE 35h. */
    private static final Consumer<QuadspiRig> MICRON_QUAD = r -> {
        r.command(new Ccr().instr(0x35, 1), 0);
        assertThat(r.chip1.protocol()).isEqualTo(NorChip.Protocol.QPI);
    };

    /** QE = 1 by a non-volatile status write (Winbond SR2 31h bit 1, ISSI SR 01h bit 6), waiting for WIP. */
    private static Consumer<QuadspiRig> quadEnable(int writeOpcode, int value) {
        return r -> {
            r.command(wren(), 0);
            r.indirectWrite(new Ccr().instr(writeOpcode, 1).data(1), 0, new byte[] {(byte) value});
            r.autoPoll(0x05, 1, 0x01, 0x00, 100_000_000_000L);
        };
    }

    private static Consumer<QuadspiRig> then(Consumer<QuadspiRig> a, int enterQpi) {
        return r -> {
            a.accept(r);
            r.command(new Ccr().instr(enterQpi, 1), 0);
            assertThat(r.chip1.protocol()).isEqualTo(NorChip.Protocol.QPI);
        };
    }

    static Stream<Case> cases() {
        String mt = "MT25QL512ABB";
        String w = "W25Q128JV-IM";
        String is = "IS25LP128";
        Consumer<QuadspiRig> wQe = quadEnable(0x31, 0x02);
        Consumer<QuadspiRig> isQe = quadEnable(0x01, 0x40);
        return Stream.of(
                // Micron MT25Q, extended SPI: 3-byte (address mode) and 4-byte opcodes.
                new Case(mt, "extended SPI", NONE, 0x0D, 1, 3, 1, 1, false, 6, 25),
                new Case(mt, "extended SPI", NONE, 0x3D, 1, 3, 2, 1, false, 6, 25),
                new Case(mt, "extended SPI", NONE, 0xBD, 1, 3, 2, 2, false, 6, 25),
                new Case(mt, "extended SPI", NONE, 0x6D, 1, 3, 4, 1, false, 6, 25),
                new Case(mt, "extended SPI", NONE, 0xED, 1, 3, 4, 4, false, 8, 25),
                new Case(mt, "extended SPI", NONE, 0x0E, 1, 4, 1, 1, false, 6, 25),
                new Case(mt, "extended SPI", NONE, 0xBE, 1, 4, 2, 2, false, 6, 25),
                new Case(mt, "extended SPI", NONE, 0xEE, 1, 4, 4, 4, false, 8, 25),
                // Dual I/O protocol: 2-2D-2D.
                new Case(mt, "dual", MICRON_DUAL, 0x0D, 2, 3, 2, 2, false, 6, 25),
                new Case(mt, "dual", MICRON_DUAL, 0x3D, 2, 3, 2, 2, false, 6, 25),
                new Case(mt, "dual", MICRON_DUAL, 0xBD, 2, 3, 2, 2, false, 6, 25),
                new Case(mt, "dual", MICRON_DUAL, 0x0E, 2, 4, 2, 2, false, 6, 25),
                new Case(mt, "dual", MICRON_DUAL, 0xBE, 2, 4, 2, 2, false, 6, 25),
                // Quad I/O protocol: 4-4D-4D, 8 dummy clocks.
                new Case(mt, "quad", MICRON_QUAD, 0x0D, 4, 3, 4, 4, false, 8, 25),
                new Case(mt, "quad", MICRON_QUAD, 0x6D, 4, 3, 4, 4, false, 8, 25),
                new Case(mt, "quad", MICRON_QUAD, 0xED, 4, 3, 4, 4, false, 8, 25),
                new Case(mt, "quad", MICRON_QUAD, 0x0E, 4, 4, 4, 4, false, 8, 25),
                new Case(mt, "quad", MICRON_QUAD, 0xEE, 4, 4, 4, 4, false, 8, 25),
                // Winbond W25Q128JV-IM (DTR ordering code): SPI and QPI.
                new Case(w, "SPI", NONE, 0x0D, 1, 3, 1, 1, false, 6, 23),
                new Case(w, "SPI", NONE, 0xBD, 1, 3, 2, 2, true, 4, 23),
                new Case(w, "SPI", wQe, 0xED, 1, 3, 4, 4, true, 7, 23),
                new Case(w, "QPI", then(wQe, 0x38), 0x0D, 4, 3, 4, 4, false, 2, 23),
                new Case(w, "QPI", then(wQe, 0x38), 0xED, 4, 3, 4, 4, true, 7, 23),
                // ISSI IS25LP128: SPI and QPI.
                new Case(is, "SPI", NONE, 0x0D, 1, 3, 1, 1, false, 8, 23),
                new Case(is, "SPI", NONE, 0xBD, 1, 3, 2, 2, true, 4, 23),
                new Case(is, "SPI", isQe, 0xED, 1, 3, 4, 4, true, 6, 23),
                new Case(is, "QPI", then(isQe, 0x35), 0x0D, 4, 3, 4, 4, false, 8, 23),
                new Case(is, "QPI", then(isQe, 0x35), 0xED, 4, 3, 4, 4, true, 6, 23));
    }

    private static QuadspiRig rigFor(Case c) {
        QuadspiRig rig = QuadspiRig.single(c.part());
        rig.fill(rig.chip1, 5);
        rig.init(1, c.fsize(), 0);
        c.setup().accept(rig);
        return rig;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void indirectDtrReadReturnsTheArray(Case c) {
        QuadspiRig rig = rigFor(c);
        byte[] a = rig.chip1.storage().array();
        int addr = c.addrBytes() == 4 ? 0x0123_4567 : 0x12_3457;
        rig.wr(ABR, 0xFF); // mode bits that keep no continuous read on any of these parts
        byte[] got = rig.indirectRead(c.ccr(), addr, 48);
        byte[] want = java.util.Arrays.copyOfRange(a, addr, addr + 48);
        assertThat(got).isEqualTo(want);
        assertThat(rig.chip1.warnings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void memoryMappedDtrReadReturnsTheArray(Case c) {
        QuadspiRig rig = rigFor(c);
        byte[] a = rig.chip1.storage().array();
        int addr = c.addrBytes() == 4 ? 0x0123_4560 : 0x12_3450;
        rig.memoryMapped(c.ccr(), 0xFF);
        for (int i = 0; i < 64; i += 4) {
            int want = (a[addr + i] & 0xFF) | (a[addr + i + 1] & 0xFF) << 8 | (a[addr + i + 2] & 0xFF) << 16
                    | (a[addr + i + 3] & 0xFF) << 24;
            assertThat(rig.bus.read32(WINDOW + addr + i)).as("word at %x", addr + i).isEqualTo(want);
        }
        assertThat(rig.chip1.warnings()).isEmpty();
    }
}
