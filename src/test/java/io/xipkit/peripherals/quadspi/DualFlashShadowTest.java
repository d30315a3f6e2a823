package io.xipkit.peripherals.quadspi;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.peripherals.xspi.DirectRead;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The dual-flash shadow brought up to date page by page equals a full interleave of the two dies. */
class DualFlashShadowTest {
    private static final int DIE = 64 * 1024;

    private static byte[] interleaved(byte[] a, byte[] b) {
        byte[] s = new byte[2 * DIE];
        for (int i = 0; i < DIE; i++) {
            s[2 * i] = a[i];
            s[2 * i + 1] = b[i];
        }
        return s;
    }

    @Property(tries = 40)
    void aShadowUpdatedAfterEachChangeEqualsTheInterleavedDies(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ArrayNonVolatileMemory d1 = new ArrayNonVolatileMemory(DIE), d2 = new ArrayNonVolatileMemory(DIE);
        DualFlashShadow shadow = new DualFlashShadow();
        for (int round = 0; round < 15; round++) {
            ArrayNonVolatileMemory m = rnd.nextBoolean() ? d1 : d2;
            int at = rnd.nextInt(DIE - 1), len = 1 + rnd.nextInt(Math.min(6000, DIE - at));
            for (int i = 0; i < len; i++) m.array()[at + i] = (byte) rnd.nextInt();
            m.arrayChanged(at, len);
            shadow.update(new DirectRead(d1.array(), 0, DIE, round, d1.pageStamps()),
                    new DirectRead(d2.array(), 0, DIE, round, d2.pageStamps()), DIE);
            assertThat(shadow.shadow()).isEqualTo(interleaved(d1.array(), d2.array()));
        }
    }
}
