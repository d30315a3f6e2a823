package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A trace goes on past a conditional branch (its taken way a side exit) until it holds
 * {@link BlockTranslator#SHORTEST} instructions, then ends at the next one: a chain of compares and
 * branches is one block, not a block of two or three instructions per branch. Encodings from DDI
 * 0403E A6.2 and A6.7: MOVS T1, ANDS T1, CMP T1 (immediate), B T1, ADDS T2, SUBS T2, BX, and BL
 * (S = 0, J1 = J2 = 1 for a short forward offset).
 */
class ShortTraceTest {
    private static final int CODE = 0x1000;
    /**
     * M: bl F; subs r6, #1; bne M; b . —
     * F: movs r2, #3; ands r2, r6; cmp r2, #1; beq R; cmp r2, #2; beq R; adds r1, #1; adds r3, #1; R: bx lr.
     * r1 counts the calls with r6 % 4 neither 1 nor 2.
     */
    private static final List<Integer> PROGRAM = List.of(0xF000, 0xF803, 0x3E01, 0xD1FB, 0xE7FE,
            0x2203, 0x4032, 0x2A01, 0xD003, 0x2A02, 0xD001, 0x3101, 0x3301, 0x4770);

    @Test
    void aTraceGoesOnPastConditionalBranchesUntilItHoldsTheShortestLength() {
        TwinBoards twins = TwinBoards.program(CODE, PROGRAM, 20 * BlockTranslator.HOT);
        twins.runCompared(12L * 20 * BlockTranslator.HOT + 100, 97, 101, 103);
        assertThat(twins.translated.core().r[1]).as("calls with r6 %% 4 in {0, 3}").isEqualTo(10 * BlockTranslator.HOT);
        assertThat(BlockTranslator.SHORTEST).as("the program below is laid out for this length").isEqualTo(6);
        // bl, movs, ands, cmp, beq (5 instructions: on past it), cmp, beq (7: the end).
        assertThat(twins.translator.translatedAt(CODE)).as("the block at M").isNotNull();
        assertThat(twins.translator.translatedAt(CODE).length).as("instructions of the block at M").isEqualTo(7);
        assertThat(twins.translator.translatedAt(0x1016)).as("the block after the second beq, entered by its way out").isNotNull();
    }
}
