package io.xipkit.tools.flashalgo;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code algo test}'s read-back step reads the flash as the debuggers do: after Init(adr, clk, 3)
 * (pyOCD's FlashBuilder._enable_read_access before every read or CRC; probe-rs up to 0.27 around
 * its read-back; Keil's verify), then UnInit(3). An algorithm that maps the flash in its Init but
 * unmaps it in UnInit passes (with a note for the debuggers that read without Init, as probe-rs
 * 0.28 and later do); one whose Init for verify leaves the window unreadable is blamed; data that
 * arrive shifted are explained with the chip model's warnings.
 */
class SelfTestReadBackTest {
    @Test
    void anAlgorithmWhoseUnInitUnmapsIsReadBackAfterInitForVerifyAndTheNoteSaysWhoWouldFail() throws Exception {
        FlashSession s = FlashSession.open("stm32h750-w25q128", null, TestBoards.translation());
        AlgorithmSelfTest.Result r = AlgorithmSelfTest.run(s.target(), s.runner(PatchedAlgorithms.withUnInit(PatchedAlgorithms.UNMAP)), 0x9000_0000L);
        assertThat(r.lines()).anyMatch(l -> l.startsWith("window after UnInit(2): not readable (")
                && l.contains("not in memory-mapped mode") && l.contains("probe-rs 0.28 and later"));
        assertThat(r.lines()).contains("read back through the memory-mapped window: match", "erase again: blank");
        assertThat(r.passed()).isTrue();
    }

    @Test
    void anAlgorithmWhoseInitForVerifyLeavesTheWindowUnmappedFailsTheReadBackAndIsBlamed() throws Exception {
        FlashSession s = FlashSession.open("stm32h750-w25q128", null, TestBoards.translation());
        AlgorithmRunner runner = s.runner(PatchedAlgorithms.withVerifyInitFollowedBy(PatchedAlgorithms.UNMAP));
        AlgorithmSelfTest.Result r = AlgorithmSelfTest.run(s.target(), runner, 0x9000_0000L);
        assertThat(r.passed()).isFalse();
        assertThat(r.lines()).anyMatch(l -> l.startsWith("read back through the memory-mapped window: FAILED, the flash is not readable"
                + " through its window after Init(0x90000000, 0, 3)") && l.contains("not in memory-mapped mode")
                && l.endsWith("the algorithm is at fault: a debugger reads the flash only after Init with fnc 3, and this Init does not map it"));
        assertThat(r.lines()).as("erase and program themselves went fine").anyMatch(l -> l.startsWith("window after UnInit(2): readable"));
    }

    @Test
    void dataReadWithOneDummyCycleTooFewAreExplainedByTheChipModelsWarningAboutThatRead() throws Exception {
        FlashSession s = FlashSession.open("stm32h750-w25q128", null, TestBoards.translation());
        AlgorithmRunner runner = s.runner(PatchedAlgorithms.withVerifyInitFollowedBy(PatchedAlgorithms.ONE_DUMMY_CYCLE_SHORT));
        AlgorithmSelfTest.Result r = AlgorithmSelfTest.run(s.target(), runner, 0x9000_0000L);
        assertThat(r.passed()).isFalse();
        String line = r.lines().stream().filter(l -> l.startsWith("read back through the memory-mapped window: FAILED at 0x90000000 after Init(0x90000000, 0, 3)"))
                .findFirst().orElseThrow(() -> new AssertionError(r.lines()));
        assertThat(line).contains("the chip model, about this read").contains("qspi-flash1 model warning")
                .contains("Fast Read Quad I/O (EBh): controller clocked 22 half-cycles before data, part expects 24: data shifted by -4 bits")
                .contains("who is at fault: the algorithm, by the chip entry's datasheet facts");
    }

    /**
     * A DTR read given three dummy clocks fewer than the dies' configuration (ST's older MT25TL01G
     * pairing): the data arrive shifted on the model, and the diagnosis says the fault is not
     * settled, since no source says which count the dies follow (docs/FLASH-MODEL.md).
     */
    @Test
    void aDtrReadShortOfDummyClocksIsExplainedAndTheFaultSaidToBeUnsettled() throws Exception {
        FlashSession s = FlashSession.open("stm32h757-mt25tl01g", null, TestBoards.translation());
        AlgorithmRunner runner = s.runner(PatchedAlgorithms.withVerifyInitFollowedBy("MT25TL01G_STM32H757.FLM", PatchedAlgorithms.DTR_EDH_DCYC_5));
        AlgorithmSelfTest.Result r = AlgorithmSelfTest.run(s.target(), runner, 0x9000_0000L);
        assertThat(r.passed()).isFalse();
        String line = r.lines().stream().filter(l -> l.startsWith("read back through the memory-mapped window: FAILED at 0x90000000"))
                .findFirst().orElseThrow(() -> new AssertionError(r.lines()));
        assertThat(line).contains("the data arrive 6 byte(s) late")
                .contains("DTR QUAD INPUT/OUTPUT FAST READ (EDh): controller clocked 18 half-cycles before data, part expects 24")
                .contains("who is at fault: not settled for a DTR read");
    }

    @Test
    void theReferenceAlgorithmPassesEveryStep() throws Exception {
        FlashSession s = FlashSession.open("stm32h750-w25q128", null, TestBoards.translation());
        AlgorithmSelfTest.Result r = AlgorithmSelfTest.run(s.target(), s.runner(ReferenceAlgorithms.load("W25Q128JV_STM32H750.FLM")), 0x9000_0000L);
        assertThat(r.lines()).contains("window after UnInit(2): readable", "read back through the memory-mapped window: match", "erase again: blank");
        assertThat(r.passed()).isTrue();
    }

    /** ST's STM32H7A3/B3 internal-flash algorithm has 32 KB pages over 8 KB sectors: the test sector is one partial page. */
    @Test
    void aPageLargerThanTheSectorIsProgrammedAsOnePartialPage() throws Exception {
        AlgorithmImage a = ReferenceAlgorithms.load("STM32H757_INTERNAL.FLM"); // ProgramPage takes any number of flash words
        FlashProperties f = a.flash();
        FlashProperties big = new FlashProperties(f.device(), f.deviceType(), f.start(), f.size(), 2 * f.sectors().get(0).size(),
                f.erasedValue(), 10 * f.programPageTimeoutMs(), f.eraseSectorTimeoutMs(), f.sectors());
        AlgorithmImage bigPages = new AlgorithmImage(a.name(), a.format(), a.code(), a.loadAddress(), a.dataLoadAddress(), a.entries(),
                a.dataSectionOffset(), big, a.stackSize(), a.miniz(), a.symbols());
        FlashSession s = FlashSession.open("stm32h757-mt25tl01g", null, TestBoards.translation());
        AlgorithmSelfTest.Result r = AlgorithmSelfTest.run(s.target(), s.runner(bigPages), 0x0800_0000L);
        assertThat(r.lines()).anyMatch(l -> l.startsWith("program 1 pages: "));
        assertThat(r.lines()).contains("read back through the memory-mapped window: match");
        assertThat(r.passed()).isTrue();
    }

    @Test
    void aShiftIsFoundWhenTheBytesSeenAreTheExpectedOnesLater() {
        byte[] expected = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(AlgorithmSelfTest.shift(new byte[] {-1, -1, 1, 2, 3, 4, 5, 6}, expected)).isEqualTo(2);
        assertThat(AlgorithmSelfTest.shift(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, expected)).isZero();
    }
}
