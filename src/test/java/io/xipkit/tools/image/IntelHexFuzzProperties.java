package io.xipkit.tools.image;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Damaged HEX files either still parse or fail with an ImageFormatException naming file and line. */
class IntelHexFuzzProperties {

    static final byte[] HEX = TestImages.bytes("blinky.hex");

    @Property(tries = 2000)
    void corruptedTextParsesOrFailsCleanly(@ForAll @Size(min = 1, max = 4) int[] positions,
                                           @ForAll @Size(min = 4, max = 4) byte[] values) {
        byte[] damaged = HEX.clone();
        for (int i = 0; i < positions.length; i++) damaged[Math.floorMod(positions[i], damaged.length)] = values[i];
        try {
            IntelHex.parse("f.hex", damaged);
        } catch (ImageFormatException e) {
            assertThat(e.getMessage()).matches("f\\.hex:\\d+: [^\\n]+");
        }
    }
}
