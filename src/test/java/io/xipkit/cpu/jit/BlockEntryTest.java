package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Blocks are made where code is entered, not where a checkpoint happened to fall (issue 19):
 * only arrivals by a control transfer count towards a block, not the run loop stepping through
 * a block that a checkpoint cut short, or on from where a run resumed inside one. Counting those
 * gave every instruction of a hot loop a block of its own. Encodings from DDI 0403E A6.2 (16-bit
 * Thumb).
 */
class BlockEntryTest {
    private static final int CODE = 0x1000;
    /** L: adds r0, #1; adds r1, #2; adds r2, #3; adds r3, #4; subs r6, #1; bne L; b . */
    private static final List<Integer> LOOP = List.of(0x3001, 0x3102, 0x3203, 0x3304, 0x3E01, 0xD1F9, 0xE7FE);

    @Test
    void aLoopWhoseRunsEndAtEveryInstructionGetsOneBlockAtItsHead() {
        TwinBoards twins = TwinBoards.program(CODE, LOOP, 1_000_000);
        // 400 runs whose ends fall on each of the loop's six instructions in turn (lengths 1 and 5
        // modulo 6): each stops inside the block, stepping through its last instructions, and the
        // next starts there. Compared with the interpreter after every run.
        twins.runCompared(400 * 1005L, 1001, 1003, 1007, 1009, 1013);
        assertThat(twins.translator.translatedAt(CODE)).as("the loop's block").isNotNull();
        for (int pc = CODE + 2; pc <= CODE + 10; pc += 2) {
            assertThat(twins.translator.translatedAt(pc)).as("a block at 0x%x, inside the loop", pc).isNull();
        }
        assertThat(twins.translator.blocksTranslated()).isEqualTo(1);
    }
}
