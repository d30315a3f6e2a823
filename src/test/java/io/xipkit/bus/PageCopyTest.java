package io.xipkit.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A copy kept with {@link ArrayNonVolatileMemory#syncFrom} equals its source after every
 * synchronisation, whatever changed on either side in between (the campaign's per-worker flash
 * copies), while copying only the pages stamped since.
 */
class PageCopyTest {
    private static final int SIZE = 64 * 1024;

    private static void scribble(ArrayNonVolatileMemory m, SplittableRandom rnd) {
        int at = rnd.nextInt(SIZE - 1), len = 1 + rnd.nextInt(Math.min(9000, SIZE - at));
        for (int i = 0; i < len; i++) m.array()[at + i] = (byte) rnd.nextInt();
        m.arrayChanged(at, len);
        m.eraseCounts()[rnd.nextInt(m.eraseCounts().length)]++;
        m.registerImage()[rnd.nextInt(NonVolatileMemory.REGISTER_IMAGE_BYTES)] = (byte) rnd.nextInt();
    }

    @Property(tries = 40)
    void aCopySynchronisedAfterChangesOnBothSidesEqualsItsSource(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ArrayNonVolatileMemory source = new ArrayNonVolatileMemory(SIZE), copy = new ArrayNonVolatileMemory(SIZE);
        for (int round = 0; round < 12; round++) {
            for (int k = rnd.nextInt(4); k > 0; k--) scribble(source, rnd);
            copy.syncFrom(source);
            assertThat(copy.array()).isEqualTo(source.array());
            assertThat(copy.eraseCounts()).isEqualTo(source.eraseCounts());
            assertThat(copy.registerImage()).isEqualTo(source.registerImage());
            for (int k = rnd.nextInt(4); k > 0; k--) scribble(copy, rnd); // the reboot on the copy writes too
        }
    }

    @Property(tries = 20)
    void aSynchronisationStampsTheCopiedPagesAndOnlyThem(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ArrayNonVolatileMemory source = new ArrayNonVolatileMemory(SIZE), copy = new ArrayNonVolatileMemory(SIZE);
        copy.syncFrom(source);
        long seen = copy.pageStamps().version();
        int page = rnd.nextInt(SIZE / PageStamps.PAGE);
        source.array()[page * PageStamps.PAGE + rnd.nextInt(PageStamps.PAGE)] = 0;
        source.arrayChanged(page * PageStamps.PAGE, 1);
        copy.syncFrom(source);
        for (int p = 0; p < SIZE / PageStamps.PAGE; p++) assertThat(copy.pageStamps().changedSince(p, seen)).as("page " + p).isEqualTo(p == page);
    }
}
