package io.xipkit.cpu.jit;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.cpu.Core;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A block holds the page tables of the access context it was translated in as constants; a store
 * inside it that changes the context (here: enabling the MPU) must not let the block go on with the
 * old tables. The load after the store faults exactly as in the interpreter, where the MPU checks
 * it. (Both the MPU write and the change of tables ask for service, which makes the block leave
 * after the store.) Encodings from DDI 0403E A6.7 (LDR literal T1, STR/LDR immediate T1, MOVS T1,
 * SUBS T2, ADDS T2, B T1/T2, BL, BX); the MPU registers from B3.5 (RBAR 0xE000ED9C with VALID and
 * REGION, RASR 0xE000EDA0: ENABLE, SIZE 4 = 32 bytes, AP 000 = no access; CTRL 0xE000ED94: ENABLE
 * and PRIVDEFENA).
 */
class AccessContextChangeTest {
    private static final int CODE = 0x1000, SPIN = 0x101E;
    /**
     * ldr r0, =RBAR; ldr r1, =0x20000010; str r1, [r0]; movs r1, #9; str r1, [r0, #4];
     * ldr r0, =0x20000100; ldr r1, =0x20000000; movs r2, #5;
     * L: bl F; subs r6, #1; bne L; ldr r0, =CTRL; bl F; SPIN: b . —
     * F: str r2, [r0]; ldr r3, [r1]; adds r4, #1; bx lr — then the literal pool. F stores into
     * RAM while the loop runs (the MPU stays off and the blocks stay), then into MPU_CTRL.
     */
    private static final List<Integer> PROGRAM = List.of(0x4809, 0x490A, 0x6001, 0x2109, 0x6041, 0x4809, 0x4909, 0x2205,
            0xF000, 0xF806, 0x3E01, 0xD1FB, 0x4807, 0xF000, 0xF801, 0xE7FE,
            0x6002, 0x680B, 0x3401, 0x4770,
            0xED9C, 0xE000, 0x0010, 0x2000, 0x0100, 0x2000, 0x0000, 0x2000, 0xED94, 0xE000);

    @Test
    void aStoreThatEnablesTheMpuInsideABlockMakesTheNextLoadFaultAsInTheInterpreter() {
        int passes = 4 * BlockTranslator.HOT;
        TwinBoards twins = TwinBoards.program(CODE, PROGRAM, passes, SPIN);
        // The set-up (8 instructions) and all passes but the last (7 each), then the last one.
        twins.runCompared(8L + 7L * (passes - 1), 97, 101, 103);
        assertThat(twins.translator.translatedAt(0x1014)).as("the block with the enabling store and the load after it").isNotNull();
        twins.runCompared(8L * passes + 400, 97, 101, 103);
        Core t = twins.translated.core();
        assertThat(t.r[4]).as("calls of F that got past the load").isEqualTo(passes);
        assertThat(t.pc).as("in the fault handler").isEqualTo(SPIN);
        assertThat(t.xpsr() & 0x1FF).as("IPSR: HardFault (MemManage escalated)").isEqualTo(3);
    }
}
