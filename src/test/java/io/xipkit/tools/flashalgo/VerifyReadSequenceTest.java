package io.xipkit.tools.flashalgo;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.tools.flasher.FlashReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flasher reads flash (smart-flash comparison, verification) with the algorithm initialised for
 * verify, as pyOCD does (FlashBuilder._enable_read_access: Init(fnc 3) before every read of flash
 * or CRC, the phase kept until the next erase or program): UnInit of the program phase, then
 * Init(adr, 0, 3), then the reads; UnInit(3) when the flasher finishes.
 */
class VerifyReadSequenceTest {
    @Test
    void readBackAfterProgrammingHappensBetweenInitForVerifyAndItsUnInit() throws Exception {
        AlgorithmRunnerTest.Rig rig = AlgorithmRunnerTest.Rig.of("stm32h750-w25q128", PatchedAlgorithms.withUnInit(PatchedAlgorithms.UNMAP));
        byte[] image = AlgorithmRunnerTest.random(64 << 10, 7);
        rig.flasher().stage(0x9000_0000L, image);
        FlashReport report = rig.flasher().commit();
        assertThat(report.blocksProgrammed() + report.blocksErased()).isPositive();
        byte[] back = rig.driver().read(0x9000_0000L, image.length);
        assertThat(back).as("read through the window the algorithm's Init(fnc 3) mapped, though its UnInit unmaps").isEqualTo(image);
        rig.driver().finish();
        List<String> calls = rig.runner().log().stream().map(l -> l.substring(0, l.indexOf(" ="))).toList();
        int lastProgram = -1;
        for (int i = 0; i < calls.size(); i++) if (calls.get(i).startsWith("ProgramPage(")) lastProgram = i;
        assertThat(calls.subList(lastProgram + 1, calls.size())).containsExactly("UnInit(2)", "Init(0x90000000, 0, 3)", "UnInit(3)");
    }
}
