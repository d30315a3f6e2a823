package io.xipkit.tools.flashalgo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code algo test}'s read-back step when the algorithm leaves the flash unreadable: ST's MT25TL01G
 * loader for the H747I-DISCO (as probe-rs's STM32H7 target file carries it) returns from
 * ProgramPage with the QUADSPI in automatic-polling mode and its UnInit does not map the window
 * again; a debugger that verifies by reading memory then cannot. The self-test must report that as
 * a failed step (the algorithm's doing), not end as an internal error.
 */
class SelfTestReadBackTest {
    /**
     * The reference W25Q128JV algorithm with an UnInit that leaves the QUADSPI in indirect mode:
     * CR.ABORT, wait for SR.BUSY = 0, CCR = 0 (FMODE = 00), return 0 (RM0433 23.5.1, 23.5.2, 23.5.6).
     */
    private static AlgorithmImage withUnmappingUnInit() {
        AlgorithmImage a = ReferenceAlgorithms.load("W25Q128JV_STM32H750.FLM");
        int at = (a.code().length + 3) & ~3;
        int[] thumb = {
            0x4805, // ldr r0, [pc, #20]    QUADSPI base
            0x6801, // ldr r1, [r0, #0]     CR
            0x2202, // movs r2, #2          ABORT
            0x4311, // orrs r1, r2
            0x6001, // str r1, [r0, #0]
            0x6881, // loop: ldr r1, [r0, #8]   SR
            0x0689, // lsls r1, r1, #26     BUSY (bit 5) into N
            0xD4FC, // bmi loop
            0x2100, // movs r1, #0
            0x6141, // str r1, [r0, #0x14]  CCR = 0
            0x2000, // movs r0, #0
            0x4770, // bx lr
        };
        byte[] code = Arrays.copyOf(a.code(), at + 2 * thumb.length + 4);
        for (int i = 0; i < thumb.length; i++) {
            code[at + 2 * i] = (byte) thumb[i];
            code[at + 2 * i + 1] = (byte) (thumb[i] >>> 8);
        }
        int lit = at + 2 * thumb.length;
        for (int i = 0; i < 4; i++) code[lit + i] = (byte) (0x5200_5000 >>> (8 * i));
        Map<AlgorithmFunction, Long> entries = new EnumMap<>(a.entries());
        entries.put(AlgorithmFunction.UNINIT, (long) at | 1);
        return new AlgorithmImage(a.name(), a.format(), code, a.loadAddress(), a.dataLoadAddress(), entries,
                a.dataSectionOffset(), a.flash(), a.stackSize(), a.miniz(), a.symbols());
    }

    @Test
    void anAlgorithmThatLeavesTheWindowUnmappedFailsTheReadBackStep() throws Exception {
        FlashSession s = FlashSession.open("stm32h750-w25q128", null);
        AlgorithmRunner runner = s.runner(withUnmappingUnInit());
        AlgorithmSelfTest.Result r = AlgorithmSelfTest.run(s.target(), runner, 0x9000_0000L);
        assertThat(r.passed()).isFalse();
        assertThat(r.lines()).anyMatch(l -> l.startsWith("read back through the memory-mapped window: FAILED, the flash is not readable after UnInit")
                && l.contains("not in memory-mapped mode"));
    }

    @Test
    void theReferenceAlgorithmPassesEveryStep() throws Exception {
        FlashSession s = FlashSession.open("stm32h750-w25q128", null);
        AlgorithmSelfTest.Result r = AlgorithmSelfTest.run(s.target(), s.runner(ReferenceAlgorithms.load("W25Q128JV_STM32H750.FLM")), 0x9000_0000L);
        assertThat(r.lines()).contains("read back through the memory-mapped window: match", "erase again: blank");
        assertThat(r.passed()).isTrue();
    }
}
