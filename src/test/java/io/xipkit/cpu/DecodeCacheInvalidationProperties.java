package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * A large change (a flash controller announcing its whole window) is handled from the I-cache's
 * held lines instead of walking the range line by line; the result must be exactly that of the
 * walk {@link MemoryPath#memoryChanged} does for small ranges: every line not held is invalidated
 * on its own, held lines keep their decoded instructions.
 */
class DecodeCacheInvalidationProperties {
    private static final int LINE = 32;
    private static final long BASE = 0x9000_0000L;

    private static final class Marker extends Op {
        Marker() {
            super(2);
        }

        @Override
        public void exec(Core c) {
        }
    }

    @Property(tries = 300)
    void keepingHeldLinesEqualsTheLineByLineWalk(@ForAll("seeds") long seed,
                                                 @ForAll @IntRange(min = 0, max = 4000) int startOffset,
                                                 @ForAll @IntRange(min = 1, max = 6000) int length) {
        java.util.Random rnd = new java.util.Random(seed);
        DecodeCache walked = new DecodeCache(null, null, null, null, null);
        DecodeCache kept = new DecodeCache(null, null, null, null, null);
        // Decoded instructions at random halfwords of 8 KiB around the window's start (two pages).
        for (int i = 0; i < 3000; i++) {
            long a = BASE - 0x1000 + 2L * rnd.nextInt(0x1000);
            Op op = new Marker();
            put(walked, a, op);
            put(kept, a, op);
        }
        Set<Long> heldSet = new HashSet<>();
        for (int i = 0; i < 60; i++) heldSet.add((BASE - 0x1000 + (long) LINE * rnd.nextInt(0x2000 / LINE)));
        int[] held = heldSet.stream().mapToInt(Long::intValue).toArray();

        long start = BASE - 0x800 + startOffset;
        long end = start + length;
        for (long line = start & -LINE; line < end; line += LINE) {   // MemoryPath's walk
            if (heldSet.contains(line)) continue;
            long s = Math.max(line, start);
            long e = Math.min(line + LINE, end);
            walked.invalidate((int) s, (int) (e - s));
        }
        kept.invalidateKeepingLines(start, end, held, LINE);

        for (long a = BASE - 0x1000; a < BASE + 0x1000; a += 2) {
            assertThat(get(kept, a)).as("slot 0x%08x", a).isSameAs(get(walked, a));
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }

    private static void put(DecodeCache c, long a, Op op) {
        Op[][] t = c.defaultTable;
        int p = (int) (a >>> DecodeCache.PAGE_SHIFT);
        if (t[p] == null) t[p] = new Op[1 << (DecodeCache.PAGE_SHIFT - 1)];
        t[p][(int) ((a & 0xFFFF) >>> 1)] = op;
    }

    private static Op get(DecodeCache c, long a) {
        Op[] page = c.defaultTable[(int) (a >>> DecodeCache.PAGE_SHIFT)];
        return page == null ? null : page[(int) ((a & 0xFFFF) >>> 1)];
    }
}
