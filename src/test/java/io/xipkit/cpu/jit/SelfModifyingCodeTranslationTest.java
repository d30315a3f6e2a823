package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hot loop in RAM that rewrites one of its own instructions with a store: the translated block
 * holding it is dropped by the store and the next iteration runs the new instruction, exactly as
 * the interpreter does (issue 19: translated code invalidated when its memory changes).
 */
class SelfModifyingCodeTranslationTest {
    private static final int CODE = 0x1000;

    @Test
    void aStoreIntoATranslatedLoopRunsTheNewInstructionFromTheNextIteration() {
        List<Integer> code = List.of(
                0x2001,          // loop: movs r0, #1   (patched into movs r0, #2)
                0x1809,          //       adds r1, r1, r0
                0x3E01,          //       subs r6, #1
                0x2E14,          //       cmp r6, #20
                0xD100,          //       bne skip
                0x801A,          //       strh r2, [r3]   (r3 = loop)
                0x2E00,          // skip: cmp r6, #0
                0xD1F6,          //       bne loop
                0xE7FE);         //       b .
        byte[] bytes = new byte[code.size() * 2];
        for (int i = 0; i < code.size(); i++) {
            bytes[2 * i] = (byte) (int) code.get(i);
            bytes[2 * i + 1] = (byte) (code.get(i) >>> 8);
        }
        byte[] vectors = new byte[8];
        int[] words = {0x20100000, CODE | 1};
        for (int w = 0; w < 2; w++) for (int i = 0; i < 4; i++) vectors[4 * w + i] = (byte) (words[w] >>> (8 * i));
        TwinBoards twins = new TwinBoards(b -> {
            b.loadSegment("vectors", 0, vectors);
            b.loadSegment("code", CODE, bytes);
            b.reset();
            b.core().r[2] = 0x2002;
            b.core().r[3] = CODE;
            b.core().r[6] = 100;
        });
        twins.runCompared(2_000, 997, 13);
        // 80 iterations adding 1, then 20 adding 2: the patch took effect with translation too.
        assertThat(twins.translated.core().r[1]).isEqualTo(80 + 40);
        assertThat(twins.translator.blocksTranslated()).isGreaterThan(1);
    }
}
