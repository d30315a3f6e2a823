package io.xipkit.tools.flashalgo;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code algo test}'s Verify step reads Verify's r0 in the convention of the algorithm's format.
 * CMSIS (Open-CMSIS-Pack "Algorithm Functions"): adr + sz when every byte matches, else the first
 * differing address. ST (stm32-external-loader Loader_Src.c): {@code checksum << 32} when every
 * byte matches, so r0 = 0, else an address at the difference; a loader answering the end address
 * (the CMSIS habit) is answering an address of failure in ST's convention.
 */
class SelfTestVerifyVerdictTest {
    private static final long SECTOR = 0x9000_0000L;

    private static AlgorithmSelfTest.Result selfTest(AlgorithmImage a) throws Exception {
        FlashSession s = FlashSession.open("stm32h750-w25q128", null, TestBoards.translation());
        try {
            return AlgorithmSelfTest.run(s.target(), s.runner(a), SECTOR);
        } finally {
            s.close();
        }
    }

    @Test
    void anStLoaderWhoseVerifyAnswersZeroAsStsTemplateDoesMatches() throws Exception {
        AlgorithmSelfTest.Result r = selfTest(PatchedAlgorithms.withVerify("W25Q128JV_STM32H750.stldr", PatchedAlgorithms.ST_VERIFY_MATCH));
        assertThat(r.lines()).contains("verify first page: match");
        assertThat(r.passed()).as(String.join("\n", r.lines())).isTrue();
    }

    @Test
    void ourStLoaderFollowsStsTemplateAndMatches() throws Exception {
        AlgorithmSelfTest.Result r = selfTest(ReferenceAlgorithms.load("W25Q128JV_STM32H750.stldr"));
        assertThat(r.lines()).contains("verify first page: match");
    }

    @Test
    void anStLoaderAnsweringTheEndAddressIsReportedAsTheCmsisHabitNotAMatch() throws Exception {
        AlgorithmSelfTest.Result r = selfTest(PatchedAlgorithms.withVerify("W25Q128JV_STM32H750.stldr", PatchedAlgorithms.ST_VERIFY_END_ADDRESS));
        assertThat(r.passed()).isFalse();
        assertThat(r.lines()).anyMatch(l -> l.startsWith("verify first page: FAILED, Verify returned the end address 0x90000100, the CMSIS habit"));
    }

    @Test
    void anStLoaderWhoseVerifyFindsADifferenceIsReportedWithWhatItReturned() throws Exception {
        AlgorithmSelfTest.Result r = selfTest(PatchedAlgorithms.withVerify("W25Q128JV_STM32H750.stldr", PatchedAlgorithms.VERIFY_DIFFERS_AT_7));
        assertThat(r.passed()).isFalse();
        assertThat(r.lines()).anyMatch(l -> l.startsWith("verify first page: FAILED, Verify returned 0x90000007 (an ST loader's Verify answers 0"));
    }

    @Test
    void aCmsisVerifyAnsweringZeroIsADifferenceAtZeroNotAMatch() throws Exception {
        AlgorithmSelfTest.Result r = selfTest(PatchedAlgorithms.withVerify("W25Q128JV_STM32H750.FLM", PatchedAlgorithms.ST_VERIFY_MATCH));
        assertThat(r.passed()).isFalse();
        assertThat(r.lines()).anyMatch(l -> l.startsWith("verify first page: FAILED, first difference at 0x00000000 (Verify answers the end address"));
    }

    @Test
    void aCmsisVerifyAnsweringTheEndAddressMatches() throws Exception {
        AlgorithmSelfTest.Result r = selfTest(ReferenceAlgorithms.load("W25Q128JV_STM32H750.FLM"));
        assertThat(r.lines()).contains("verify first page: match");
    }
}
