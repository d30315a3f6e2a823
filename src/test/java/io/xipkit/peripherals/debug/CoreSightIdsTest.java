package io.xipkit.peripherals.debug;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cpu.debug.DebugAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ROM tables and component IDs as ADIv5.2 D1.2/D3.4 lay them out, with the parts probes read on silicon. */
class CoreSightIdsTest {
    final JtagDpTest.Memory memory = new JtagDpTest.Memory();

    int pidr(CoreSightIds ids, int base) {
        return ids.read(base + 0xFE0, 4) | ids.read(base + 0xFE4, 4) << 8 | ids.read(base + 0xFE8, 4) << 16
                | ids.read(base + 0xFEC, 4) << 24;
    }

    int cidr(CoreSightIds ids, int base) {
        return ids.read(base + 0xFF0, 4) | ids.read(base + 0xFF4, 4) << 8 | ids.read(base + 0xFF8, 4) << 16
                | ids.read(base + 0xFFC, 4) << 24;
    }

    @Test
    void scsOfTheCortexM7HasArmDesignerPart00cAndGenericClass() {
        CoreSightIds ids = new CoreSightIds(memory, List.of(
                CoreSightIds.Component.modelled(0xE000E000, CoreSightIds.CLASS_GENERIC, CoreSightIds.ARM, 0x00C)));
        assertThat(pidr(ids, 0xE000E000)).isEqualTo(0x000BB00C);
        assertThat(ids.read(0xE000EFD0, 4)).isEqualTo(0x04);
        assertThat(cidr(ids, 0xE000E000)).isEqualTo(0xB105E00D);
    }

    @Test
    void aComponentsRevisionIsInPidr2BitsSevenToFour() {
        // The Cortex-M4's DWT reads PID 0x04003BB002 on silicon: revision 3, JEDEC, JEP106 ARM.
        CoreSightIds ids = new CoreSightIds(memory, List.of(
                CoreSightIds.Component.modelled(0xE0001000, CoreSightIds.CLASS_GENERIC, CoreSightIds.ARM, 0x002).revision(3)));
        assertThat(ids.read(0xE0001FE8, 4)).isEqualTo(0x3B);
        assertThat(pidr(ids, 0xE0001000)).isEqualTo(0x003BB002);
        assertThat(ids.read(0xE0001FEC, 4)).as("PIDR3: RevAnd and CMOD 0").isZero();
    }

    @Test
    void romTableEntriesAreOffsetsWithPresentAndFormatBitsAndEndWithZero() {
        CoreSightIds ids = new CoreSightIds(memory, List.of(CoreSightIds.Component.romTable(0xE00FF000, CoreSightIds.ARM, 0x4C7,
                List.of(CoreSightIds.present(0xE00FF000, 0xE000E000), CoreSightIds.absent(0xE00FF000, 0xE0040000)))));
        assertThat(ids.read(0xE00FF000, 4)).isEqualTo(0xFFF0F003);
        assertThat(ids.read(0xE00FF004, 4)).isEqualTo(0xFFF41002);
        assertThat(ids.read(0xE00FF008, 4)).isZero();
        assertThat(ids.read(0xE00FFFCC, 4)).as("MEMTYPE.SYSMEM").isEqualTo(1);
        assertThat(cidr(ids, 0xE00FF000)).isEqualTo(0xB105100D);
        assertThat(pidr(ids, 0xE00FF000)).isEqualTo(0x000BB4C7);
    }

    @Test
    void stRomTableCarriesSt020AndTheDevId() {
        CoreSightIds ids = new CoreSightIds(memory, List.of(CoreSightIds.Component.romTable(0xE00FE000, CoreSightIds.ST, 0x450, List.of())));
        // PIDR1[7:4] = JEP106[3:0] = 0, PIDR2[2:0] = JEP106[6:4] = 2, JEDEC bit set; PIDR4 continuation 0.
        assertThat(pidr(ids, 0xE00FE000)).isEqualTo(0x000A0450);
        assertThat(ids.read(0xE00FEFD0, 4)).isZero();
    }

    @Test
    void h7ApsHaveTheIdrsAndBasesOfTheSiliconAndAp2ReachesDbgmcu() {
        DebugAccess access = new DebugAccess() {
            @Override public int read8(int a) { return memory.read(a, 1); }
            @Override public int read16(int a) { return memory.read(a, 2); }
            @Override public int read32(int a) { return memory.read(a, 4); }
            @Override public void write8(int a, int v) { memory.write(a, 1, v); }
            @Override public void write16(int a, int v) { memory.write(a, 2, v); }
            @Override public void write32(int a, int v) { memory.write(a, 4, v); }
            @Override public void read(int a, byte[] into, int off, int len) { throw new UnsupportedOperationException(); }
            @Override public void write(int a, byte[] from, int off, int len) { throw new UnsupportedOperationException(); }
        };
        memory.words.put(0x5C001000, 0x20036450);
        JtagChain chain = Stm32DebugPorts.stm32h7(access, null);
        JtagDp dp = (JtagDp) chain.taps().get(0);
        assertThat(dp.idcode()).isEqualTo(0x6BA00477);
        assertThat(((BoundaryScanTap) chain.taps().get(1)).idcode()).isEqualTo(0x06450041);
        JtagProbe probe = new JtagProbe(chain);
        probe.resetToIdle();
        // Through the chain: power up, select AP2, read IDR, BASE, and DBGMCU_IDCODE at 0xE00E1000.
        long bypassBs = 0b11111L << 4;
        probe.scan(true, JtagDp.DPACC | bypassBs, 9);
        probe.scan(false, 1L << 1 | (0x50000000L << 3), 36);           // CTRL/STAT: power-up requests
        probe.scan(false, 2L << 1 | (0x020000F0L << 3), 36);           // SELECT: AP2, bank 0xF
        probe.scan(true, JtagDp.APACC | bypassBs, 9);
        probe.scan(false, 1 | 3L << 1, 36);                            // read IDR (0xFC)
        long idr = probe.scan(false, 1 | 2L << 1, 36);                 // read BASE (0xF8), returns IDR
        probe.scan(true, JtagDp.DPACC | bypassBs, 9);
        long base = probe.scan(false, 1 | 3L << 1, 36);                // RDBUFF, returns BASE
        assertThat((int) (idr >>> 3)).isEqualTo(0x54770002);
        assertThat((int) (base >>> 3)).isEqualTo(0xE00E0003);
        probe.scan(false, 2L << 1 | (0x02000000L << 3), 36);           // SELECT: AP2, bank 0
        probe.scan(true, JtagDp.APACC | bypassBs, 9);
        probe.scan(false, 0 | 0L << 1 | (0x80000042L << 3), 36);       // CSW: 32-bit
        probe.scan(false, 0 | 1L << 1 | (0xE00E1000L << 3), 36);       // TAR
        probe.scan(false, 1 | 3L << 1, 36);                            // read DRW
        probe.scan(true, JtagDp.DPACC | bypassBs, 9);
        long id = probe.scan(false, 1 | 3L << 1, 36);
        assertThat((int) (id >>> 3)).isEqualTo(0x20036450);
    }
}
