package io.xipkit.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.cpu.BusErrorException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SystemBusTest {
    private final SystemBus bus = new SystemBus();

    @Test
    void ramReadsBackLittleEndianAtEverySize() {
        bus.map(0x2000_0000L, MemoryRegion.ram("ram", 0x1_0000 * 3));
        bus.write32(0x2000_0100, 0x1122_3344);
        assertThat(bus.read8(0x2000_0100)).isEqualTo(0x44);
        assertThat(bus.read16(0x2000_0102)).isEqualTo(0x1122);
        assertThat(bus.read32(0x2000_0100)).isEqualTo(0x1122_3344);
        bus.write16(0x2000_0101, 0xBEEF);
        assertThat(bus.read32(0x2000_0100)).isEqualTo(0x11BE_EF44);
        bus.write8(0x2000_0103, 0x99);
        assertThat(bus.read32(0x2000_0100)).isEqualTo(0x99BE_EF44);
    }

    @Test
    void unalignedWordAcrossA64KiBPageBoundaryInsideOneRegion() {
        bus.map(0, MemoryRegion.ram("ram", 0x2_0000));
        bus.write32(0xFFFE, 0xA1B2_C3D4);
        assertThat(bus.read8(0xFFFF)).isEqualTo(0xC3);
        assertThat(bus.read8(0x1_0000)).isEqualTo(0xB2);
        assertThat(bus.read32(0xFFFE)).isEqualTo(0xA1B2_C3D4);
        assertThat(bus.fetch16(0xFFFF)).isEqualTo(0xB2C3);
    }

    @Test
    void wordStraddlingTheEndOfRamIntoNothingIsABusErrorAtTheFirstMissingByte() {
        bus.map(0x2000_0000L, MemoryRegion.ram("ram", 0x1_0000));
        assertThatThrownBy(() -> bus.read32(0x2000_FFFE))
                .isInstanceOfSatisfying(BusErrorException.class, e -> {
                    assertThat(e.address()).isEqualTo(0x2001_0000);
                    assertThat(e.isWrite()).isFalse();
                });
        assertThatThrownBy(() -> bus.write16(0x2000_FFFF, 0x1234))
                .isInstanceOfSatisfying(BusErrorException.class, e -> assertThat(e.isWrite()).isTrue());
        // The last bytes themselves are fine.
        bus.write16(0x2000_FFFE, 0xCAFE);
        assertThat(bus.read16(0x2000_FFFE)).isEqualTo(0xCAFE);
    }

    @Test
    void wordStraddlingTwoAdjacentRegionsReadsFromBoth() {
        MemoryRegion low = MemoryRegion.ram("low", 0x1_0000);
        MemoryRegion high = MemoryRegion.ram("high", 0x1_0000);
        bus.map(0, low);
        bus.map(0x1_0000, high);
        bus.write32(0xFFFD, 0x4433_2211);
        assertThat(low.read(0xFFFD, 2)).isEqualTo(0x2211);
        assertThat(low.read(0xFFFF, 1)).isEqualTo(0x33);
        assertThat(high.read(0, 1)).isEqualTo(0x44);
        assertThat(bus.read32(0xFFFD)).isEqualTo(0x4433_2211);
    }

    @Test
    void regionSmallerThanAPageIsServedByTheSlowPathAndEndsExactly() {
        bus.map(0x4000_0000L, MemoryRegion.ram("small", 0x100));
        bus.write32(0x4000_00FC, 0x0102_0304);
        assertThat(bus.read32(0x4000_00FC)).isEqualTo(0x0102_0304);
        assertThatThrownBy(() -> bus.read8(0x4000_0100)).isInstanceOf(BusErrorException.class);
        assertThatThrownBy(() -> bus.read32(0x4000_00FE)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void unmappedAddressesAnswerWithBusErrorsForEveryAccessKind() {
        bus.map(0, MemoryRegion.ram("ram", 0x1_0000));
        int a = 0x3000_0000;
        assertThatThrownBy(() -> bus.read8(a)).isInstanceOf(BusErrorException.class).hasMessageContaining("0x30000000");
        assertThatThrownBy(() -> bus.read16(a)).isInstanceOf(BusErrorException.class);
        assertThatThrownBy(() -> bus.read32(a)).isInstanceOf(BusErrorException.class);
        assertThatThrownBy(() -> bus.fetch16(a)).isInstanceOf(BusErrorException.class);
        assertThatThrownBy(() -> bus.write8(a, 1)).isInstanceOf(BusErrorException.class);
        assertThatThrownBy(() -> bus.write32(0xFFFF_FFFC, 1)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void romIgnoresOrRejectsBusWritesAsConfiguredButTheLoaderWritesIt() {
        MemoryRegion quiet = MemoryRegion.rom("quiet", 0x1_0000, RomWritePolicy.IGNORE);
        MemoryRegion strict = MemoryRegion.rom("strict", 0x1_0000, RomWritePolicy.BUS_ERROR);
        bus.map(0x0800_0000L, quiet);
        bus.map(0x0900_0000L, strict);
        bus.loadBytes(0x0800_0000L, new byte[] {1, 2, 3, 4});
        bus.loadBytes(0x0900_0000L, new byte[] {5, 6, 7, 8});
        bus.write32(0x0800_0000, 0xFFFF_FFFF);
        assertThat(bus.read32(0x0800_0000)).isEqualTo(0x0403_0201);
        assertThatThrownBy(() -> bus.write8(0x0900_0001, 0))
                .isInstanceOfSatisfying(BusErrorException.class, e -> assertThat(e.address()).isEqualTo(0x0900_0001));
        assertThat(bus.read32(0x0900_0000)).isEqualTo(0x0807_0605);
    }

    @Test
    void mirrorMappingReachesTheSameBytes() {
        MemoryRegion ram = MemoryRegion.ram("ssram1", 0x40_0000);
        bus.map(0, ram);
        bus.map(0x40_0000, ram);
        bus.write32(0x40_0010, 0x5555_AAAA);
        assertThat(bus.read32(0x10)).isEqualTo(0x5555_AAAA);
        // A word at the end of the first copy continues into the mirror's start.
        bus.write16(0, 0x2211);
        bus.write16(0x3F_FFFE, 0x4433);
        assertThat(bus.read32(0x3F_FFFE)).isEqualTo(0x2211_4433);
    }

    @Test
    void overlappingMappingsAreRefused() {
        bus.map(0x2000_0000L, MemoryRegion.ram("a", 0x2_0000));
        assertThatThrownBy(() -> bus.map(0x2001_0000L, MemoryRegion.ram("b", 0x100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
        assertThatThrownBy(() -> bus.map(0xFFFF_0000L, MemoryRegion.ram("c", 0x2_0000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peripheralsSeeOffsetsSizesAndValuesAndTheirErrorsCarryTheBusAddress() {
        List<String> log = new ArrayList<>();
        bus.mapPeripheral("uart", 0x4000_4000L, 0x1000, new Peripheral() {
            @Override
            public int read(int offset, int size) {
                log.add("r" + size + "@" + Integer.toHexString(offset));
                if (offset == 0xFFC) throw new BusErrorException(offset, false, "reserved register");
                return 0x42;
            }

            @Override
            public void write(int offset, int size, int value) {
                log.add("w" + size + "@" + Integer.toHexString(offset) + "=" + Integer.toHexString(value));
            }
        });
        assertThat(bus.read32(0x4000_4004)).isEqualTo(0x42);
        bus.write16(0x4000_4008, 0xABCD);
        assertThat(log).containsExactly("r4@4", "w2@8=abcd");
        assertThatThrownBy(() -> bus.read32(0x4000_4FFC))
                .isInstanceOfSatisfying(BusErrorException.class, e -> assertThat(e.address()).isEqualTo(0x4000_4FFC));
    }

    @Test
    void loadingIntoNoMemoryNamesTheFirstMissingAddressAndWritesNothing() {
        MemoryRegion ram = MemoryRegion.ram("ram", 0x1_0000);
        bus.map(0, ram);
        assertThatThrownBy(() -> bus.loadBytes(0xFFFE, new byte[] {9, 9, 9, 9}))
                .isInstanceOf(NotMemoryException.class).hasMessage("0x00010000 is in no memory");
        assertThat(ram.read(0xFFFE, 2)).isZero();
    }

    @Test
    void loadingTellsCodeChangeListenersAndPeekReadsBack() {
        bus.map(0, MemoryRegion.ram("ram", 0x1_0000));
        List<String> changes = new ArrayList<>();
        bus.addCodeChangeListener((a, n) -> changes.add(Integer.toHexString(a) + "+" + n));
        bus.loadBytes(0x100, new byte[] {1, 2, 3});
        assertThat(changes).containsExactly("100+3");
        assertThat(bus.peekBytes(0x100, 3)).containsExactly(1, 2, 3);
    }

    /** A flash window whose fast path a controller switches on and off (what QUADSPI will do). */
    static final class SwitchableWindow implements Region {
        final byte[] content = new byte[0x2_0000];
        boolean memoryMapped;
        RegionContext context;
        long base;

        @Override public String name() { return "window"; }
        @Override public long size() { return content.length; }
        @Override public int read(int offset, int size) {
            if (!memoryMapped) throw new BusErrorException(offset, false, "not memory-mapped");
            return readLe(offset, size);
        }
        int readLe(int offset, int size) {
            int v = 0;
            for (int i = 0; i < size; i++) v |= (content[offset + i] & 0xFF) << (8 * i);
            return v;
        }
        @Override public void write(int offset, int size, int value) {
            throw new BusErrorException(offset, true, "read-only window");
        }
        @Override public FastPath fastPath() { return memoryMapped ? new FastPath(content, false) : null; }
        @Override public void attached(RegionContext ctx, long at) { context = ctx; base = at; }

        void setMemoryMapped(boolean on) {
            memoryMapped = on;
            context.fastPathChanged(this);
            context.notifyAllCodeChanged();
        }
    }

    @Test
    void aRegionCanSwitchItsFastPathAndTellTheCoreThatCodeChanged() {
        SwitchableWindow window = new SwitchableWindow();
        bus.map(0x9000_0000L, window);
        List<String> changes = new ArrayList<>();
        bus.addCodeChangeListener((a, n) -> changes.add(n < 0 ? "all" : Integer.toHexString(a)));
        window.content[0x1_0004] = 0x5A;
        assertThatThrownBy(() -> bus.read8(0x9001_0004)).isInstanceOf(BusErrorException.class);
        window.setMemoryMapped(true);
        assertThat(bus.read8(0x9001_0004)).isEqualTo(0x5A);
        assertThatThrownBy(() -> bus.write8(0x9001_0004, 1)).isInstanceOf(BusErrorException.class);
        window.setMemoryMapped(false);
        assertThatThrownBy(() -> bus.fetch16(0x9001_0004)).isInstanceOf(BusErrorException.class);
        assertThat(changes).containsExactly("all", "all");
    }

    @Property(tries = 300)
    void fastPathAgreesWithBytewiseReadsAnywhereInRam(@ForAll @IntRange(min = 0, max = 0x2_FFFC) int offset,
                                                      @ForAll int value) {
        SystemBus b = new SystemBus();
        b.map(0x2000_0000L, MemoryRegion.ram("ram", 0x3_0000));
        int a = 0x2000_0000 + offset;
        b.write32(a, value);
        int bytewise = b.read8(a) | b.read8(a + 1) << 8 | b.read8(a + 2) << 16 | b.read8(a + 3) << 24;
        assertThat(bytewise).isEqualTo(value);
        assertThat(b.read32(a)).isEqualTo(value);
        assertThat(b.read16(a + 2)).isEqualTo(value >>> 16);
    }
}
