package io.xipkit.tools.flashalgo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Damaged algorithm files either still read or fail with one AlgorithmFormatException line, never anything else. */
class AlgorithmReadersFuzzProperties {
    static final byte[] FLM = ReferenceAlgorithms.bytes(ReferenceAlgorithms.W25Q + ".FLM");
    static final byte[] STLDR = ReferenceAlgorithms.bytes(ReferenceAlgorithms.W25Q + ".stldr");
    static final byte[] YAML = ReferenceAlgorithms.bytes(ReferenceAlgorithms.W25Q + ".yaml");

    @Property(tries = 1500)
    void damagedFlmReadsOrFailsCleanly(@ForAll @Size(min = 1, max = 6) int[] positions, @ForAll @Size(6) byte[] values,
                                       @ForAll @IntRange(min = 0, max = 12000) int truncateTo) {
        check("a.FLM", damage(FLM, positions, values, truncateTo));
    }

    @Property(tries = 1500)
    void damagedStldrReadsOrFailsCleanly(@ForAll @Size(min = 1, max = 6) int[] positions, @ForAll @Size(6) byte[] values,
                                         @ForAll @IntRange(min = 0, max = 12000) int truncateTo) {
        check("a.stldr", damage(STLDR, positions, values, truncateTo));
    }

    /** Damage aimed at the descriptors and the ELF headers, where the readers decide. */
    @Property(tries = 1500)
    void damagedDescriptorsReadOrFailCleanly(@ForAll @IntRange(min = 0, max = 199) int offset, @ForAll byte value,
                                             @ForAll @IntRange(min = 0, max = 51) int header, @ForAll byte value2) {
        for (byte[] original : new byte[][] {FLM, STLDR}) {
            byte[] b = original.clone();
            String text = new String(b, StandardCharsets.ISO_8859_1);
            int desc = text.indexOf("W25Q128JV_STM32H750-W25Q128") - (original == FLM ? 2 : 0);
            b[desc + offset] = value;
            b[header] = value2;
            check(original == FLM ? "a.FLM" : "a.stldr", b);
        }
    }

    @Property(tries = 1500)
    void damagedYamlReadsOrFailsCleanly(@ForAll @Size(min = 1, max = 4) int[] positions, @ForAll @Size(4) byte[] values,
                                        @ForAll @IntRange(min = 0, max = 3000) int truncateTo) {
        check("a.yaml", damage(YAML, positions, values, truncateTo));
    }

    static byte[] damage(byte[] original, int[] positions, byte[] values, int truncateTo) {
        byte[] b = original.clone();
        for (int i = 0; i < positions.length; i++) b[Math.floorMod(positions[i], b.length)] = values[i];
        return Arrays.copyOf(b, Math.min(truncateTo, b.length));
    }

    static void check(String name, byte[] bytes) {
        try {
            AlgorithmImage a = AlgorithmFiles.parse(name, bytes, null);
            assertThat(a.flash().sectorCount()).isPositive();
        } catch (AlgorithmFormatException e) {
            assertThat(e.getMessage()).startsWith(name + ": ").doesNotContain("\n");
        }
    }
}
