package io.xipkit.peripherals.quadspi;

import static io.xipkit.peripherals.quadspi.QuadspiRig.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.quadspi.QuadspiRig.Ccr;
import org.junit.jupiter.api.Test;

/**
 * Dual-flash mode (RM0433 §23.3.4) with the two MT25QL512 dies of an MT25TL01G: both dies get
 * every command, each with half the address; even bytes live in flash 1, odd bytes in flash 2.
 */
class QuadspiDualFlashTest {
    final QuadspiRig rig = QuadspiRig.dualMt25tl01g();
    final byte[] a1 = rig.chip1.storage().array();
    final byte[] a2 = rig.chip2.storage().array();

    QuadspiDualFlashTest() {
        rig.init(1, 26, DFM); // FSIZE = 26: 128 MiB, the two dies together
    }

    @Test
    void indirectWriteSplitsBytesAndHalvesTheAddress() {
        rig.command(wren(), 0);
        rig.indirectWrite(pageProgram(), 0x100, new byte[] {'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'});
        rig.autoPoll(0x05, 2, 0x0101, 0x0000, 5_000_000_000L);
        assertThat(new String(a1, 0x80, 4)).isEqualTo("ACEG");
        assertThat(new String(a2, 0x80, 4)).isEqualTo("BDFH");
    }

    @Test
    void indirectReadInterleavesTheDies() {
        rig.fill(rig.chip1, 1);
        rig.fill(rig.chip2, 2);
        byte[] got = rig.indirectRead(quadOutputRead(), 0x2000, 64);
        for (int i = 0; i < 32; i++) {
            assertThat(got[2 * i]).isEqualTo(a1[0x1000 + i]);
            assertThat(got[2 * i + 1]).isEqualTo(a2[0x1000 + i]);
        }
    }

    @Test
    void dlBit0AndAddressBit0AreStuckInDualFlashMode() {
        rig.wr(DLR, 4);
        rig.wr(AR, 0x101);
        assertThat(rig.rd(DLR)).isEqualTo(5);
        assertThat(rig.rd(AR)).isEqualTo(0x100);
        rig.wr(CR, rig.rd(CR) & ~DFM);
        assertThat(rig.rd(DLR)).isEqualTo(4);
        assertThat(rig.rd(AR)).isEqualTo(0x101);
    }

    /**
     * DLR = 0 (one byte) in dual-flash mode: DL[0] is stuck at 1, so a pair is read, one byte of each
     * die (RM0433 23.5.3 QUADSPI_DLR); BUSY clears only "when the operation with the flash memory is
     * finished and the FIFO is empty" (23.5.2 QUADSPI_SR), so a firmware reading one byte of DR
     * leaves BUSY set until it reads the other one (or aborts). The boot loader reads pairs for this.
     */
    @Test
    void aOneByteIndirectReadInDualFlashModeReadsAPairAndStaysBusyUntilTheFifoIsEmpty() {
        rig.fill(rig.chip1, 1);
        rig.fill(rig.chip2, 2);
        rig.wr(FCR, 0x1B);
        rig.wr(DLR, 0);
        assertThat(rig.rd(DLR)).isEqualTo(1);
        rig.wr(CCR, quadOutputRead().fmode(1).value());
        rig.wr(AR, 0x2000);
        rig.waitWhile(TCF, 0, 1_000_000_000L);
        assertThat(rig.flevel()).as("two bytes transferred").isEqualTo(2);
        assertThat(rig.sr() & BUSY).isEqualTo(BUSY);
        assertThat((byte) rig.bus.read8(REGS + DR)).isEqualTo(a1[0x1000]);
        rig.runFor(1_000 * NS);
        assertThat(rig.sr() & BUSY).as("a byte left in the FIFO keeps BUSY set").isEqualTo(BUSY);
        assertThat((byte) rig.bus.read8(REGS + DR)).isEqualTo(a2[0x1000]);
        assertThat(rig.sr() & BUSY).as("FIFO empty, transfer complete").isZero();
        assertThat(rig.flevel()).isZero();
    }

    @Test
    void statusPollingSeesOneStatusByteFromEachDieAndMatchesAcrossBoth() {
        rig.command(wren(), 0); // both dies: SR = 02h (WEL)
        rig.wr(CR, rig.rd(CR) & ~DFM | FSEL);
        rig.command(new Ccr().instr(0x04, 1), 0); // WRDI to flash 2 only
        rig.wr(CR, rig.rd(CR) | DFM);

        rig.wr(FCR, 0x1B);
        rig.wr(PSMKR, 0x0202);
        rig.wr(PSMAR, 0x0202);
        rig.wr(PIR, 0x10);
        rig.wr(DLR, 1);
        rig.wr(CCR, new Ccr().instr(0x05, 1).data(1).fmode(2).value());
        rig.runFor(5_000 * NS);
        assertThat(rig.rd(DR)).as("flash 1 status, then flash 2 status").isEqualTo(0x0002);
        assertThat(rig.sr() & SMF).as("AND: flash 2 has WEL = 0").isZero();
        rig.abort();

        rig.wr(CR, rig.rd(CR) | PMM);
        rig.wr(FCR, 0x1B);
        rig.wr(CCR, new Ccr().instr(0x05, 1).data(1).fmode(2).value());
        rig.runFor(5_000 * NS);
        assertThat(rig.sr() & SMF).as("OR: flash 1 has WEL = 1").isEqualTo(SMF);
        rig.abort();
    }

    @Test
    void fselPicksTheMemoryWhenDualFlashModeIsOff() {
        rig.fill(rig.chip1, 1);
        rig.fill(rig.chip2, 2);
        rig.wr(CR, rig.rd(CR) & ~DFM);
        assertThat(rig.indirectRead(quadOutputRead(), 0x10, 4)).isEqualTo(java.util.Arrays.copyOfRange(a1, 0x10, 0x14));
        rig.wr(CR, rig.rd(CR) | FSEL);
        assertThat(rig.indirectRead(quadOutputRead(), 0x10, 4)).isEqualTo(java.util.Arrays.copyOfRange(a2, 0x10, 0x14));
    }

    @Test
    void memoryMappedFastPathServesAnInterleavedShadowRebuiltAfterAProgram() {
        rig.fill(rig.chip1, 1);
        rig.fill(rig.chip2, 2);
        Ccr read = new Ccr().instr(0x6B, 1).addr(3, 1).dummy(8).data(4);
        rig.memoryMapped(read, 0);
        int w = rig.bus.read32(WINDOW + 0x1000);
        assertThat(rig.q.window().fastPath()).isNotNull();
        assertThat(w).isEqualTo((a1[0x800] & 0xFF) | (a2[0x800] & 0xFF) << 8 | (a1[0x801] & 0xFF) << 16 | (a2[0x801] & 0xFF) << 24);
        assertThat(rig.bus.read8(WINDOW + 0x7FF_FFFF)).isEqualTo(a2[0x3FF_FFFF] & 0xFF);

        rig.abort();
        rig.command(wren(), 0);
        rig.command(sectorErase(), 0x0);
        rig.autoPoll(0x05, 2, 0x0101, 0x0000, 500_000_000_000L);
        rig.command(wren(), 0);
        rig.indirectWrite(pageProgram(), 0x1000, new byte[] {1, 2, 3, 4});
        rig.autoPoll(0x05, 2, 0x0101, 0x0000, 5_000_000_000L);
        rig.memoryMapped(read, 0);
        assertThat(rig.bus.read32(WINDOW + 0x1000)).isEqualTo(0x04030201);
        assertThat(rig.bus.read32(WINDOW + 0x1004)).isEqualTo(-1);
    }

    @Test
    void slowPathReadsInterleaveToo() {
        rig.fill(rig.chip1, 1);
        rig.fill(rig.chip2, 2);
        rig.q.setFastPathEnabled(false);
        rig.memoryMapped(new Ccr().instr(0x6B, 1).addr(3, 1).dummy(8).data(4), 0);
        assertThat(rig.bus.read8(WINDOW + 0x2001)).isEqualTo(a2[0x1000] & 0xFF);
        assertThat(rig.bus.read16(WINDOW + 0x2003)).isEqualTo((a2[0x1001] & 0xFF) | (a1[0x1002] & 0xFF) << 8);
    }

    @Test
    void programmerLoadInterleavesAcrossTheDiesOnADualFlashBoard() {
        byte[] image = pattern(11, 5);
        rig.bus.loadBytes(0x9000_0101L, image); // odd start: first byte to flash 2
        for (int i = 0; i < image.length; i++) {
            int o = 0x101 + i;
            assertThat(((o & 1) == 0 ? a1 : a2)[o >>> 1]).isEqualTo(image[i]);
        }
        assertThat(rig.storage1.changes).anySatisfy(c -> assertThat(c).containsExactly(0x81, 5));
        assertThat(rig.storage2.changes).anySatisfy(c -> assertThat(c).containsExactly(0x80, 6));
        assertThat(rig.bus.peekBytes(0x9000_0101L, image.length)).isEqualTo(image);
        rig.memoryMapped(new Ccr().instr(0x6B, 1).addr(3, 1).dummy(8).data(4), 0);
        for (int i = 0; i < image.length; i++) assertThat((byte) rig.bus.read8(WINDOW + 0x101 + i)).isEqualTo(image[i]);
    }
}
