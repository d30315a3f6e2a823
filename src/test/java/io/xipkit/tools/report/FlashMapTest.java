package io.xipkit.tools.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.image.ElfSection;
import io.xipkit.tools.sign.ImageTrailer;
import io.xipkit.tools.sign.ImageVersion;
import io.xipkit.tools.sign.McubootHeader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the flash map finds in a memory's bytes: unit states, ELF sections, MCUboot slots. */
class FlashMapTest {
    private static final int UNIT = 4096;

    private static byte[] erased(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    private static FlashMap.ImageSection text(long address, long size) {
        return new FlashMap.ImageSection("app.elf", new ElfSection(".text", ElfSection.SHT_PROGBITS, ElfSection.SHF_ALLOC,
                address, size, new byte[(int) size]));
    }

    @Test
    void unitsAreErasedInUseOrFull() {
        byte[] m = erased(4 * UNIT);
        m[UNIT + 10] = 0;                                   // unit 1: one byte of data
        Arrays.fill(m, 2 * UNIT, 3 * UNIT, (byte) 0x12);    // unit 2: no erased byte left
        var s = new MappedStorage("qspi-flash1", "chip", 0x9000_0000L, m.length, UNIT, 1, 0);
        FlashMap map = FlashMap.of(s, m, UNIT, new int[4], List.of());
        assertThat(map.unitStates()).containsExactly(FlashMap.ERASED, FlashMap.PARTLY, FlashMap.PROGRAMMED, FlashMap.ERASED);
        assertThat(map.counts()).containsExactly(2, 1, 1);
    }

    @Test
    void mcubootHeaderAndTrailerMarkASlot() {
        byte[] m = erased(16 * UNIT);
        int slot = 4 * UNIT, slotSize = 8 * UNIT;
        byte[] header = new McubootHeader(0, 0x200, 0, 5000, 0, new ImageVersion(1, 2, 3, 4)).encode();
        System.arraycopy(header, 0, m, slot, header.length);
        byte[] magic = ImageTrailer.forAlignment(8, ImageTrailer.DEFAULT_MAX_SECTORS, false).magic();
        System.arraycopy(magic, 0, m, slot + slotSize - magic.length, magic.length);
        var s = new MappedStorage("qspi-flash1", "chip", 0x9000_0000L, m.length, UNIT, 1, 0);
        List<FlashMap.Region> regions = FlashMap.of(s, m, UNIT, new int[16], List.of()).regions();
        assertThat(regions).extracting(FlashMap.Region::kind, FlashMap.Region::offset, FlashMap.Region::length)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("image", (long) slot, 0x200L + 5000),
                        org.assertj.core.groups.Tuple.tuple("trailer", (long) slot + slotSize - 16, 16L));
        assertThat(regions.get(0).label()).contains("MCUboot image 1.2.3+4", "5000 bytes");
    }

    @Test
    void sectionsLandAtTheirOffsetAndOnEachLaneOfADualFlashWindow() {
        long base = 0x9000_0000L;
        var single = new MappedStorage("qspi-flash1", "chip", base, 16 * UNIT, UNIT, 1, 0);
        assertThat(FlashMap.of(single, erased(16 * UNIT), UNIT, new int[16], List.of(text(base + 0x1000, 0x100))).regions())
                .extracting(FlashMap.Region::offset, FlashMap.Region::length)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0x1000L, 0x100L));
        // Dual-flash (RM0433 23.3.2): window byte 2n is byte n of flash 1, byte 2n+1 byte n of flash 2.
        var lane0 = new MappedStorage("qspi-flash1", "die", base, 16 * UNIT, UNIT, 2, 0);
        var lane1 = new MappedStorage("qspi-flash2", "die", base, 16 * UNIT, UNIT, 2, 1);
        var odd = List.of(text(base + 0x2001, 0x101));       // window 0x2001..0x2101
        assertThat(FlashMap.of(lane0, erased(16 * UNIT), UNIT, new int[16], odd).regions())
                .extracting(FlashMap.Region::offset, FlashMap.Region::length)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0x1001L, 0x80L));   // 0x2002..0x2100
        assertThat(FlashMap.of(lane1, erased(16 * UNIT), UNIT, new int[16], odd).regions())
                .extracting(FlashMap.Region::offset, FlashMap.Region::length)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0x1000L, 0x81L));   // 0x2001..0x2101
        assertThat(FlashMap.of(single, erased(16 * UNIT), UNIT, new int[16], List.of(text(0x0800_0000L, 64))).regions()).isEmpty();
    }
}
