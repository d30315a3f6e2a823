package io.xipkit.tools.flashalgo;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An ST external loader's Verify takes Size in 32-bit words, as every Loader_Src.c of ST's
 * stm32-external-loader does (Size *= 4), with missalignement naming the bytes of the covering
 * words outside the range (see {@link StVerifySpan}). Our reference .stldr follows that template;
 * the runner calls it that way, and the CMSIS shims of {@code algo convert} translate to it.
 */
class StldrVerifySizeInWordsTest {
    private static final long SECTOR = 0x9000_0000L;
    private static final int PAGE = 256;

    private FlashSession session;
    private AlgorithmRunner runner;
    private final byte[] pattern = new byte[PAGE];

    @BeforeEach
    void programAPage() throws Exception {
        session = FlashSession.open("stm32h750-w25q128", null, TestBoards.translation());
        runner = session.runner(ReferenceAlgorithms.load("W25Q128JV_STM32H750.stldr"));
        new Random(13).nextBytes(pattern);
        runner.init(AlgorithmRunner.Phase.ERASE);
        runner.eraseSector(SECTOR);
        runner.programPage(SECTOR, pattern);
        runner.init(AlgorithmRunner.Phase.VERIFY);
    }

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void aPageVerifiesWhenItsSizeIsPassedInWordsAndR0IsZero() throws Exception {
        assertThat(runner.verify(SECTOR, pattern)).isZero();
    }

    @Test
    void theSameLoaderGivenTheSizeInBytesComparesFourTimesTheRangeAndFails() throws Exception {
        runner.loadBuffer(0, pattern);
        AlgorithmRunner.Call c = runner.call(AlgorithmFunction.VERIFY, 500, SECTOR, runner.layout().buffers().get(0), PAGE, 0);
        // The page itself matches; the erased flash after it does not match the RAM after the buffer.
        assertThat(c.r0()).isBetween(SECTOR + PAGE, SECTOR + 4L * PAGE - 1);
    }

    @Test
    void aDifferenceInTheLastByteIsFoundAtItsAddress() throws Exception {
        byte[] wrong = pattern.clone();
        wrong[PAGE - 1] ^= 1;
        assertThat(runner.verify(SECTOR, wrong)).isEqualTo(SECTOR + PAGE - 1);
    }

    @Test
    void theChecksumInR1LeavesOutTheBytesOutsideAnUnalignedRange() throws Exception {
        // 6 bytes at SECTOR + 1: words SECTOR..SECTOR + 8, 1 byte before, 1 after (missalignement 0x10001).
        byte[] part = Arrays.copyOfRange(pattern, 1, 7);
        runner.loadBuffer(0, Arrays.copyOf(pattern, 8));
        AlgorithmRunner.Call c = runner.call(AlgorithmFunction.VERIFY, 500, SECTOR, runner.layout().buffers().get(0), 2, 0x1_0001);
        long sum = 0;
        for (byte b : part) sum += b & 0xFF;
        assertThat(c.r0()).isZero();
        assertThat(c.r1()).isEqualTo(sum);
        assertThat(StVerifySpan.covering(SECTOR + 1, 6)).isEqualTo(new StVerifySpan(SECTOR, 2, 1, 1));
        assertThat(StVerifySpan.covering(SECTOR + 1, 6).missalignement()).isEqualTo(0x1_0001);
    }

    @Test
    void anUnalignedRangeIsWidenedToWholeWordsFilledWithTheFlashsOwnBytes() throws Exception {
        assertThat(runner.verify(SECTOR + 1, Arrays.copyOfRange(pattern, 1, 7))).isZero();
        byte[] wrong = Arrays.copyOfRange(pattern, 1, 7);
        wrong[5] ^= 0x80;
        assertThat(runner.verify(SECTOR + 1, wrong)).isEqualTo(SECTOR + 6);
    }

    @Test
    void theProbeRsShimPassesWordsAndAnswersTheEndAddressOnAMatch() throws Exception {
        AlgorithmRunner shimmed = session.runner(ProbeRsYamlWriter.probeRsView(ReferenceAlgorithms.load("W25Q128JV_STM32H750.stldr")));
        shimmed.init(AlgorithmRunner.Phase.VERIFY);
        assertThat(shimmed.verify(SECTOR, pattern)).isEqualTo(SECTOR + PAGE);
        byte[] wrong = pattern.clone();
        wrong[PAGE - 1] ^= 1;
        assertThat(shimmed.verify(SECTOR, wrong)).isEqualTo(SECTOR + PAGE - 1);
    }
}
