package io.xipkit.cpu.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A D-cache line whose memory is programmed after the fill keeps returning the old bytes (as
 * silicon does) and each read that hits it is reported with the instant the memory changed, until
 * DCIMVAC or a refill.
 */
class DataCacheStaleLineTest {
    private final int[] memory = new int[64];
    private final MemoryPort port = new MemoryPort() {
        @Override public int read32(int a) { return memory[(a & 0xFF) >>> 2]; }
        @Override public void write8(int a, int v) {}
        @Override public void write16(int a, int v) {}
        @Override public void write32(int a, int v) { memory[(a & 0xFF) >>> 2] = v; }
        @Override public int fetch16(int a) { return 0; }
    };
    private final DataCache cache = new DataCache(1024, 4);
    private final List<String> reports = new ArrayList<>();

    DataCacheStaleLineTest() {
        cache.setStaleHitListener((line, at) -> reports.add(String.format("0x%08x@%d", line, at)));
        memory[1] = 0x1111_1111;
    }

    @Test
    void aReadHittingALineProgrammedAfterItsFillReturnsTheOldBytesAndIsReported() {
        assertThat(cache.read(0x9010_0004, 4, port)).isEqualTo(0x1111_1111);   // fill
        memory[1] = 0x2222_2222;
        cache.memoryChanging(0x9010_0000, 512, 3_200_000_000L);
        assertThat(cache.read(0x9010_0004, 4, port)).isEqualTo(0x1111_1111);
        assertThat(reports).containsExactly("0x90100000@3200000000");
    }

    @Test
    void invalidatingTheLineEndsItAndTheNextReadFetchesTheNewBytes() {
        cache.read(0x9010_0004, 4, port);
        memory[1] = 0x2222_2222;
        cache.memoryChanging(0x9010_0000, 32, 5L);
        cache.invalidateByAddress(0x9010_0000);
        assertThat(cache.read(0x9010_0004, 4, port)).isEqualTo(0x2222_2222);
        assertThat(cache.read(0x9010_0004, 4, port)).isEqualTo(0x2222_2222);
        assertThat(reports).isEmpty();
    }

    @Test
    void aChangeToMemoryTheCacheDoesNotHoldMarksNothing() {
        cache.memoryChanging(0x9010_0000, 32, 5L);
        cache.read(0x9010_0004, 4, port);
        cache.read(0x9010_0004, 4, port);
        assertThat(reports).isEmpty();
    }
}
