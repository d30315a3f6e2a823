package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A loop whose body holds a conditional branch is translated as one block, the whole loop, which
 * goes on past the branch (its taken way a side exit) and runs inside its method; the way out to
 * the branch's target gets a block of its own once entered often enough. Encodings from DDI 0403E
 * A6.2 (16-bit Thumb): LSLS T1 0x07C2 is {@code lsls r2, r0, #31}, B T1 0xD000 {@code beq} to the
 * instruction after the next.
 */
class LoopTraceTest {
    private static final int CODE = 0x1000;
    /**
     * L: adds r0, #1; lsls r2, r0, #31; beq S; adds r1, #2; S: subs r6, #1; bne L; b . —
     * r1 counts the odd passes, the even ones take the side exit to S.
     */
    private static final List<Integer> LOOP = List.of(0x3001, 0x07C2, 0xD000, 0x3102, 0x3E01, 0xD1F9, 0xE7FE);

    @Test
    void aLoopWithAConditionalBranchInsideIsOneBlockUpToItsBackBranch() {
        TwinBoards twins = TwinBoards.program(CODE, LOOP, 20 * BlockTranslator.HOT);
        // Budgets that end runs inside the loop at every instruction in turn, compared with the
        // interpreter after each run, to the end (the b . after the loop).
        twins.runCompared(6L * 20 * BlockTranslator.HOT + 100, 97, 101, 103);
        assertThat(twins.translated.core().r[1]).as("odd passes").isEqualTo(2 * 10 * BlockTranslator.HOT);
        assertThat(twins.translator.translatedAt(CODE)).as("the loop's block").isNotNull();
        assertThat(twins.translator.translatedAt(CODE).length).as("instructions of the loop's block, L to bne L").isEqualTo(6);
        assertThat(twins.translator.translatedAt(CODE + 8)).as("the block at S, entered by the side exit").isNotNull();
    }
}
