package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.TestBoards;
import io.xipkit.board.Board;
import org.junit.jupiter.api.Test;

/**
 * The store table translated code writes through ({@link Core#storePages}, issue 19) leaves out
 * the pages a store could overwrite decoded instructions on: the page holding them and the one
 * after it (a 32-bit instruction may straddle into it). Such a store must take the ordinary way,
 * which drops the instructions. The pages open again once the decoded code is dropped.
 */
class StorePagesTest {
    private static final int CODE = 0x20010000;   // generic-m7's SSRAM2/3: code in data RAM

    @Test
    void storesNearDecodedCodeTakeTheOrdinaryWayUntilThatCodeIsDropped() {
        Board b = TestBoards.create("generic-m7");
        b.loadSegment("vectors", 0, vectors());
        b.loadSegment("code", CODE, new byte[] {0x01, 0x20, (byte) 0xFE, (byte) 0xE7});   // movs r0, #1; b .
        b.reset();
        Core c = b.core();
        assertThat(c.tryWrite(CODE + 0x100, 4, 0)).as("before any decoding").isTrue();
        c.run(10, Long.MAX_VALUE);
        assertThat(c.tryWrite(CODE + 0x100, 4, 0)).as("the page holding decoded code").isFalse();
        assertThat(c.tryWrite(CODE + 0x10000, 4, 0)).as("the page after it").isFalse();
        assertThat(c.tryWrite(CODE + 0x20000, 4, 0)).as("a page further on").isTrue();
        c.memory().decodeCache.invalidateAll();
        c.memory().updateAccessContext();   // what the core's next service does
        assertThat(c.tryWrite(CODE + 0x100, 4, 0)).as("once the code is dropped").isTrue();
        assertThat(c.tryWrite(CODE + 0x10000, 4, 0)).isTrue();
    }

    private static byte[] vectors() {
        byte[] v = new byte[8];
        int[] words = {0x20100000, CODE | 1};
        for (int w = 0; w < 2; w++) for (int i = 0; i < 4; i++) v[4 * w + i] = (byte) (words[w] >>> (8 * i));
        return v;
    }
}
