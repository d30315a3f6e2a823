package io.xipkit.tools.campaign;

import io.xipkit.bus.NonVolatileMemory;
import io.xipkit.bus.PageStamps;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A 128-bit digest of the content of a set of flash memories (arrays, register images, erase
 * counts), kept up to date at the cost of what changed: each memory's pages are hashed once and
 * rehashed only when their {@link PageStamps} say they changed; the digest is the sum of the page
 * hashes, each keyed by its memory and page. The sweep uses it to see that two cut points leave
 * the same flash (the start of an operation and the end of the previous one, the two dies of a
 * dual-flash write cut at the same instant): a rebooted board is a function of its flash, so the
 * second reboot would repeat the first.
 */
final class FlashDigest {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The digest of one memory: its page hashes as of {@code seen}, and their sums. */
    private static final class Pages {
        long[] hashA, hashB;
        long seen = -1, sumA, sumB;
    }

    private final Map<NonVolatileMemory, Pages> pages = new IdentityHashMap<>();

    record Digest(long a, long b) {}

    /** The digest of {@code memories} (by name) as they are now. */
    Digest of(Map<String, NonVolatileMemory> memories) {
        long a = 0, b = 0;
        int index = 0;
        for (NonVolatileMemory m : memories.values()) {
            Pages p = update(m);
            long key = 0x51ED_27F3_9B4C_1A05L * ++index;
            a += mix(p.sumA ^ key);
            b += mix(p.sumB + key * 31);
            a += mix(hashBytes(m.registerImage(), 0, m.registerImage().length, 1) ^ key);
            long counts = key;
            for (int c : m.eraseCounts()) counts = mix(counts + c);
            b += counts;
        }
        return new Digest(a, b);
    }

    private Pages update(NonVolatileMemory m) {
        PageStamps stamps = m.pageStamps();
        byte[] array = m.array();
        int n = (array.length + PageStamps.PAGE - 1) >>> PageStamps.PAGE_SHIFT;
        Pages p = pages.computeIfAbsent(m, x -> {
            Pages q = new Pages();
            q.hashA = new long[n];
            q.hashB = new long[n];
            return q;
        });
        if (stamps != null && p.seen == stamps.version()) return p;
        for (int page = 0; page < n; page++) {
            if (stamps != null && p.seen >= 0 && !stamps.changedSince(page, p.seen)) continue;
            int at = page << PageStamps.PAGE_SHIFT;
            int len = Math.min(PageStamps.PAGE, array.length - at);
            long ha = mix(hashBytes(array, at, len, 2) + page), hb = mix(hashBytes(array, at, len, 3) ^ ((long) page << 20));
            p.sumA += ha - p.hashA[page];
            p.sumB += hb - p.hashB[page];
            p.hashA[page] = ha;
            p.hashB[page] = hb;
        }
        p.seen = stamps == null ? -1 : stamps.version();
        return p;
    }

    private static long hashBytes(byte[] a, int from, int len, long seed) {
        long h = seed * 0x9E37_79B9_7F4A_7C15L;
        int i = from, end = from + len;
        for (; i + 8 <= end; i += 8) h = Long.rotateLeft(h ^ mix((long) LONGS.get(a, i) + seed), 27) * 0x94D0_49BB_1331_11EBL;
        for (; i < end; i++) h = (h ^ (a[i] & 0xFF)) * 0x100_0000_01B3L;
        return mix(h);
    }

    /** The SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
