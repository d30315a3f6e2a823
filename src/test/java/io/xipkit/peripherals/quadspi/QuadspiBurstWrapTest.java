package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import org.junit.jupiter.api.Test;

/**
 * A W25Q128JV with Set Burst with Wrap (77h) on behind the QUADSPI: memory-mapped quad I/O reads
 * get no fast path and a transaction the controller keeps open for sequential accesses sees the
 * chip wrap, as firmware that forgets to turn wrap off would on hardware.
 */
class QuadspiBurstWrapTest {
    final QuadspiRig rig = QuadspiRig.single("W25Q128JV");
    final byte[] array = rig.chip1.storage().array();

    QuadspiBurstWrapTest() {
        rig.init(1, 23, 0);
        rig.fill(rig.chip1, 3);
    }

    static Ccr quadIo() {
        return new Ccr().instr(0xEB, 1).addr(3, 4).alt(1, 4).dummy(4).data(4);
    }

    /** 77h: instruction on one line, 24 don't-care bits as a 4-line address, the wrap byte on 4 lines. */
    static Ccr setBurstWithWrap() {
        return new Ccr().instr(0x77, 1).addr(3, 4).data(4);
    }

    private int word(int a) {
        return (array[a] & 0xFF) | (array[a + 1] & 0xFF) << 8 | (array[a + 2] & 0xFF) << 16 | (array[a + 3] & 0xFF) << 24;
    }

    @Test
    void memoryMappedReadsGetNoFastPathAndWrapWhileBurstWrapIsOn() {
        rig.indirectWrite(setBurstWithWrap(), 0, new byte[] {0x00}); // W4 = 0, 8 bytes
        rig.memoryMapped(quadIo(), 0xFF);
        long tx = rig.chip1.counters().transactions();
        assertThat(rig.bus.read32(WINDOW + 0x2038)).isEqualTo(word(0x2038));
        assertThat(rig.q.window().fastPath()).isNull();
        assertThat(rig.bus.read32(WINDOW + 0x203C)).isEqualTo(word(0x203C));
        // The third sequential word continues the same transaction: the chip is back at 2038h.
        assertThat(rig.bus.read32(WINDOW + 0x2040)).isEqualTo(word(0x2038));
        assertThat(rig.chip1.counters().transactions() - tx).isEqualTo(1);
    }

    @Test
    void turningWrapOffGivesTheFastPathBack() {
        rig.indirectWrite(setBurstWithWrap(), 0, new byte[] {0x40});
        rig.memoryMapped(quadIo(), 0xFF);
        rig.bus.read32(WINDOW + 0x100);
        assertThat(rig.q.window().fastPath()).isNull();
        rig.abort();
        rig.indirectWrite(setBurstWithWrap(), 0, new byte[] {0x10}); // W4 = 1: off
        rig.memoryMapped(quadIo(), 0xFF);
        assertThat(rig.bus.read32(WINDOW + 0x2040)).isEqualTo(word(0x2040));
        assertThat(rig.q.window().fastPath()).isNotNull();
    }
}
