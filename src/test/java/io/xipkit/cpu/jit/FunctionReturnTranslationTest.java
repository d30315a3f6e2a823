package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cpu.StopReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * POP {..., PC} as a translated block's way out (issue 19): the popped registers, SP and the
 * branch the same as the interpreter's, and a popped address LoadWritePC would not simply branch
 * to (bit 0 clear: INVSTATE, DDI 0403E A2.3.1) taken the ordinary way, faulting at the same
 * instruction. Compared with the interpreter in lockstep by {@link TwinBoards}. Encodings from
 * A6.2 (16-bit Thumb) and A6.7.18 (BL).
 */
class FunctionReturnTranslationTest {
    private static final int STACK = 0x20100000, CODE = 0x1000, HANDLER = 0x800;
    /**
     * 0x1000: bl f; subs r6, #1; bne 0x1000; b . — f (0x1010): push {r4, lr}; adds r0, #1;
     * movs r4, r0; cmp r6, #5; bne 1f; ldr r1, [sp, #4]; subs r1, #1; str r1, [sp, #4];
     * 1: pop {r4, pc} — on the call with r6 = 5 the saved LR loses its Thumb bit.
     */
    private static final List<Integer> PROGRAM = List.of(
            0xF000, 0xF806, 0x3E01, 0xD1FB, 0xE7FE, 0xBF00, 0xBF00, 0xBF00,
            0xB510, 0x3001, 0x0004, 0x2E05, 0xD102, 0x9901, 0x3901, 0x9101, 0xBD10);

    @Test
    void aFunctionReturnRunsAsTheInterpreterDoesUntilItsPoppedAddressFaults() {
        TwinBoards twins = new TwinBoards(b -> {
            b.loadSegment("vectors", 0, TwinBoards.vectors(STACK, CODE, HANDLER));
            b.loadSegment("handler", HANDLER, TwinBoards.toBytes(List.of(0x3501, 0xE7FD)));   // 1: adds r5, #1; b 1b
            b.loadSegment("code", CODE, TwinBoards.toBytes(PROGRAM));
            b.reset();
            b.core().r[6] = 40;
        });
        StopReason stop = twins.runCompared(2_000, 7, 13, 101);
        assertThat(stop).isInstanceOf(StopReason.InstructionLimit.class);
        // The loop's trace follows BL into f and ends at its POP: the return is that block's way out.
        assertThat(twins.translator.translatedAt(CODE)).as("the loop's block").isNotNull();
        assertThat(twins.translated.core().r[0]).as("calls made").isEqualTo(40 - 5 + 1);
        assertThat(twins.translated.core().r[5]).as("fault handler iterations").isPositive();
    }
}
