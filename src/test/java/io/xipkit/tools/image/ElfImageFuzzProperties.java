package io.xipkit.tools.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Damaged ELF files either still parse or fail with ImageFormatException, never anything else. */
class ElfImageFuzzProperties {

    static final byte[] ELF = TestImages.bytes("blinky.elf");

    @Property(tries = 2000)
    void corruptedBytesParseOrFailCleanly(@ForAll @Size(min = 1, max = 8) int[] positions,
                                          @ForAll @Size(min = 8, max = 8) byte[] values,
                                          @ForAll @IntRange(min = 0, max = 9076) int truncateTo) {
        byte[] damaged = ELF.clone();
        for (int i = 0; i < positions.length; i++) {
            damaged[Math.floorMod(positions[i], damaged.length)] = values[i];
        }
        damaged = Arrays.copyOf(damaged, Math.min(truncateTo, damaged.length));
        assertParsesOrFailsCleanly(damaged);
    }

    /** Corruption concentrated on the headers and symbol table, where the parser makes decisions. */
    @Property(tries = 3000)
    void corruptedHeaderFieldsParseOrFailCleanly(@ForAll("structuralOffsets") int offset, @ForAll("fieldValues") int value,
                                                @ForAll("structuralOffsets") int offset2, @ForAll byte value2) {
        byte[] damaged = ELF.clone();
        TestImages.putU32(damaged, Math.min(offset, damaged.length - 4), Integer.toUnsignedLong(value));
        damaged[offset2] = value2;
        assertParsesOrFailsCleanly(damaged);
    }

    @Provide
    Arbitrary<Integer> structuralOffsets() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 52 + 64 - 1),       // ELF + program headers
                Arbitraries.integers().between(8756, 9076 - 1),       // section headers
                Arbitraries.integers().between(0x2004, 0x2184 - 1));  // symbol table
    }

    @Provide
    Arbitrary<Integer> fieldValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(0, 1, 2, 3, 32, 40, 52, -1, Integer.MIN_VALUE, 0x7FFF_FFFF, 0xFFFF_FFF0, 9076, 9075, 0x1000),
                Arbitraries.integers());
    }

    static void assertParsesOrFailsCleanly(byte[] bytes) {
        try {
            LoadableImage image = ElfImage.parse("f.elf", bytes);
            for (LoadableImage.Segment s : image.segments()) {
                assertThat(s.end()).isLessThanOrEqualTo(LoadableImage.ADDRESS_SPACE_END);
            }
            for (Symbol s : image.symbols()) image.symbols().describe((int) s.address());
        } catch (ImageFormatException e) {
            assertThat(e.getMessage()).startsWith("f.elf: ").doesNotContain("\n");
        }
    }
}
