package io.xipkit.tools.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.bus.ArrayNonVolatileMemory;
import io.xipkit.bus.NonVolatileMemory;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The sweep's flash digest follows the content: a change moves it, undoing the change brings it back. */
class FlashDigestTest {
    @Property(tries = 30)
    void theDigestChangesWithTheContentAndComesBackWithIt(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ArrayNonVolatileMemory a = new ArrayNonVolatileMemory(32 * 1024), b = new ArrayNonVolatileMemory(16 * 1024);
        Map<String, NonVolatileMemory> memories = new TreeMap<>(Map.of("a", a, "b", b));
        FlashDigest digests = new FlashDigest();
        FlashDigest.Digest before = digests.of(memories);
        ArrayNonVolatileMemory m = rnd.nextBoolean() ? a : b;
        int at = rnd.nextInt((int) m.size());
        byte old = m.array()[at];
        m.array()[at] = (byte) (old ^ (1 << rnd.nextInt(8)));
        m.arrayChanged(at, 1);
        assertThat(digests.of(memories)).isNotEqualTo(before);
        m.array()[at] = old;
        m.arrayChanged(at, 1);
        assertThat(digests.of(memories)).isEqualTo(before);
        m.eraseCounts()[0]++;
        assertThat(digests.of(memories)).as("erase counts count").isNotEqualTo(before);
        m.eraseCounts()[0]--;
        m.registerImage()[3] ^= 1;
        assertThat(digests.of(memories)).as("the register image counts").isNotEqualTo(before);
    }

    @Property(tries = 10)
    void theSameBytesInTheOtherMemoryGiveAnotherDigest(@ForAll long seed) {
        ArrayNonVolatileMemory a = new ArrayNonVolatileMemory(8192), b = new ArrayNonVolatileMemory(8192);
        int at = new SplittableRandom(seed).nextInt(8192);
        a.array()[at] = 0;
        a.arrayChanged(at, 1);
        FlashDigest.Digest inA = new FlashDigest().of(new TreeMap<>(Map.of("a", a, "b", b)));
        a.array()[at] = (byte) 0xFF;
        a.arrayChanged(at, 1);
        b.array()[at] = 0;
        b.arrayChanged(at, 1);
        assertThat(new FlashDigest().of(new TreeMap<>(Map.of("a", a, "b", b)))).isNotEqualTo(inA);
    }
}
