package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.board.Board;
import io.xipkit.cpu.TranslatedBlock;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Blocks chained to their successors (issue 19): a block that leads to another returns it to the
 * run loop without a lookup, so the chain must break exactly where the interpreter would do
 * something else — code rewritten under a chained successor (by the program itself in RAM, or by
 * the debugger), an interrupt due in the middle of a chain — each compared against the
 * interpreter in lockstep by {@link TwinBoards}. Encodings from DDI 0403E A6.2 (16-bit Thumb).
 */
class BlockChainingTest {
    private static final int STACK = 0x20100000, HANDLER = 0x800;

    /**
     * A: subs r6, #1; cmp r6, #20; bne B; strh r2, [r3]; b B — B: movs r0, #1; adds r1, r1, r0;
     * cmp r6, #0; beq (b .); bx r4 (A); b . — with r3 at B, the store rewrites B's first instruction
     * into movs r0, #2 once, when r6 reaches 20. B goes back to A through BX, so that A and B stay
     * two blocks, A's ways out chained to B, whatever loops the translator makes one block of.
     */
    private static final List<Integer> PATCHING_LOOP = List.of(
            0x3E01, 0x2E14, 0xD101, 0x801A, 0xE7FF,
            0x2001, 0x1809, 0x2E00, 0xD000, 0x4720, 0xE7FE);
    /** Instructions of a pass of the loop above without the store. */
    private static final int PASS = 8;
    private static final int B_OFFSET = 10, PATCH = 0x2002;

    @Test
    void aChainedSuccessorRewrittenByTheProgramInRamRunsItsNewInstruction() {
        int code = 0x20001000;   // SSRAM2&3: data RAM, the program stores into its own code
        TwinBoards twins = patchingLoop(code, code + B_OFFSET);
        chainEstablished(twins, code);
        twins.runCompared(8 * 7 * BlockTranslator.HOT, 7, 13, 101);
        // B ran once per pass: with movs r0, #1 until r6 reached 20, with movs r0, #2 from then on.
        int passes = 4 * BlockTranslator.HOT;
        assertThat(twins.translated.core().r[1]).isEqualTo((passes - 21) + 2 * 21);
    }

    @Test
    void aChainedSuccessorRewrittenByTheDebuggerRunsItsNewInstruction() {
        int code = 0x1000;
        TwinBoards twins = patchingLoop(code, 0x20002000);   // the program's own store goes to data
        chainEstablished(twins, code);
        // A debugger write between two runs, as a probe would do while the core is halted.
        for (Board b : List.of(twins.interpreted, twins.translated)) b.core().debugAccess().write16(code + B_OFFSET, PATCH);
        twins.runCompared(8 * 7 * BlockTranslator.HOT, 7, 13, 101);
        int passes = 4 * BlockTranslator.HOT, before = 3 * BlockTranslator.HOT;
        assertThat(twins.translated.core().r[1]).isEqualTo(before + 2 * (passes - before));
    }

    /** The loop above at {@code code}, r6 counting 4 × HOT passes down, its store aimed at {@code target}. */
    private static TwinBoards patchingLoop(int code, int target) {
        return new TwinBoards(b -> {
            b.loadSegment("vectors", 0, vectors(code));
            b.loadSegment("code", code, toBytes(PATCHING_LOOP));
            b.reset();
            b.core().r[2] = PATCH;
            b.core().r[3] = target;
            b.core().r[4] = code | 1;   // A, Thumb
            b.core().r[6] = 4 * BlockTranslator.HOT;
        });
    }

    /** Runs 3 × HOT passes (before the patch) and checks that A is chained to B by then: what the rest tests. */
    private static void chainEstablished(TwinBoards twins, int code) {
        twins.runCompared((long) PASS * 3 * BlockTranslator.HOT, 1000);
        TranslatedBlock a = twins.translator.translatedAt(code);
        assertThat(a).as("block A translated").isNotNull();
        assertThat(twins.translator.translatedAt(code + B_OFFSET)).as("block B translated").isNotNull();
        assertThat(a.chainedExits()).as("A chained to B").isPositive();
    }

    /**
     * A: subs r6, #1; lsls r3, r6, #31; beq E; mov lr, r8; bx r10 — E: mov lr, r9; bx r10 —
     * F: adds r0, #1; bx lr — R1: adds r1, #1; cmp r6, #0; bne A; b . — R2: adds r2, #1; b (cmp):
     * F's block returns alternately to R1 and R2, so its one slot for the target BX leaves in PC
     * holds the other one half of the time and must not be run then.
     */
    @Test
    void aReturnChainedToOneCallerIsNotTakenWhenItReturnsToTheOther() {
        int code = 0x1000;
        List<Integer> loop = List.of(
                0x3E01, 0x07F3, 0xD001, 0x46C6, 0x4750,
                0x46CE, 0x4750,
                0x3001, 0x4770,
                0x3101, 0x2E00, 0xD1F3, 0xE7FE,
                0x3201, 0xE7FA);
        int passes = 6 * BlockTranslator.HOT;
        TwinBoards twins = new TwinBoards(b -> {
            b.loadSegment("vectors", 0, vectors(code));
            b.loadSegment("code", code, toBytes(loop));
            b.reset();
            b.core().r[6] = passes;
            b.core().r[8] = (code + 18) | 1;   // R1
            b.core().r[9] = (code + 26) | 1;   // R2
            b.core().r[10] = (code + 14) | 1;  // F
        });
        twins.runCompared(12L * passes, 13, 101, 7);
        assertThat(twins.translated.core().r[0]).isEqualTo(passes);
        assertThat(twins.translated.core().r[1] + twins.translated.core().r[2]).isEqualTo(passes);
        assertThat(twins.translated.core().r[2]).isEqualTo(passes / 2);
        TranslatedBlock f = twins.translator.translatedAt(code + 14);
        assertThat(f).as("F translated").isNotNull();
        assertThat(f.chainedExits()).as("F's return chained").isPositive();
    }

    /**
     * A: adds r1, #1; lsls r2, r1, #31; beq C — B: adds r3, #3; eors r0, r1; b D — C: adds r3, #5;
     * subs r0, r0, r1 — D: subs r6, #1; bne A; b . — blocks chained both ways of each branch, while
     * SysTick interrupts every {@code period} cycles; the handler (ldr r4, [sp, #24]; add r5, r4;
     * adds r7, #1; bx lr) sums the return addresses it finds stacked, so an interrupt taken one
     * instruction late or early changes r5.
     */
    @Property(tries = 40)
    void anInterruptDueInsideAChainIsTakenAtTheSameInstructionAsByTheInterpreter(
            @ForAll @IntRange(min = 16, max = 90) int period, @ForAll @IntRange(min = 40, max = 500) int slice) {
        int code = 0x1000;
        List<Integer> loop = List.of(
                0x3101, 0x07CA, 0xD002,
                0x3303, 0x4048, 0xE001,
                0x3305, 0x1A40,
                0x3E01, 0xD1F5, 0xE7FE);
        TwinBoards twins = new TwinBoards(b -> {
            b.loadSegment("vectors", 0, vectors(code));   // SysTick (15) at the handler too
            b.loadSegment("handler", HANDLER, toBytes(List.of(0x9C06, 0x4425, 0x3701, 0x4770)));
            b.loadSegment("code", code, toBytes(loop));
            b.reset();
            b.core().r[6] = 12 * BlockTranslator.HOT;
            b.core().write32(0xE000E014, period - 1);   // SYST_RVR
            b.core().write32(0xE000E018, 0);            // SYST_CVR
            b.core().write32(0xE000E010, 7);            // SYST_CSR: enabled, interrupt, core clock
        });
        twins.runCompared(12 * 5 * BlockTranslator.HOT, slice, 2 * slice + 1);
        assertThat(twins.translated.core().r[7]).as("interrupts taken").isGreaterThan(10);
        TranslatedBlock a = twins.translator.translatedAt(code);
        assertThat(a).as("block A translated").isNotNull();
        assertThat(a.chainedExits()).as("A chained").isPositive();
    }

    private static byte[] vectors(int reset) {
        return TwinBoards.vectors(STACK, reset, HANDLER);
    }

    private static byte[] toBytes(List<Integer> hw) {
        return TwinBoards.toBytes(hw);
    }
}
