package io.xipkit.tools.flashalgo;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.tools.flasher.ChangedBlockFlasher;
import io.xipkit.tools.flasher.FlashException;
import io.xipkit.tools.flasher.FlashReport;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reference algorithms run on their boards as a probe runs them; broken ones are diagnosed in their author's terms. */
class AlgorithmRunnerTest {
    static final long QSPI = 0x9000_0000L;
    static final String H750 = "stm32h750-w25q128", H757 = "stm32h757-mt25tl01g";

    /** A board session with one algorithm driving its QUADSPI flash. */
    record Rig(FlashSession session, AlgorithmRunner runner, AlgorithmFlashDriver driver, ChangedBlockFlasher flasher) {
        static Rig open(String board, String algorithm) throws Exception {
            return of(board, ReferenceAlgorithms.load(algorithm));
        }

        static Rig of(String board, AlgorithmImage algorithm) throws Exception {
            FlashSession s = FlashSession.open(board, null, TestBoards.translation());
            AlgorithmRunner r = s.runner(algorithm);
            AlgorithmFlashDriver d = new AlgorithmFlashDriver(r);
            return new Rig(s, r, d, new ChangedBlockFlasher(s.target(), List.of(d)));
        }

        FlashReport flash(long address, byte[] data) {
            flasher.stage(address, data);
            FlashReport report = flasher.commit();
            driver.finish();
            return report;
        }

        /** What firmware executing in place sees: the window, read after UnInit left it memory-mapped. */
        byte[] window(long address, int length) {
            return session.target().readMemory(address, length);
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void w25qFlmProgramsOneMebibyteThatReadsBackThroughTheWindowNearTheDatasheetBound() throws Exception {
        Rig rig = Rig.open(H750, "W25Q128JV_STM32H750.FLM");
        byte[] image = random(1 << 20, 1);
        long t0 = rig.session().target().nowPicos();
        FlashReport r = rig.flash(QSPI, image);
        long device = rig.session().target().nowPicos() - t0;
        assertThat(r.blocksProgrammed()).isEqualTo(256);
        assertThat(rig.window(QSPI, image.length)).isEqualTo(image);
        DatasheetBound bound = DatasheetBound.of(rig.runner().algorithm()).orElseThrow();
        double efficiency = (double) bound.picos(rig.driver().erases(), rig.driver().pagesProgrammed()) / device;
        assertThat(efficiency).as("virtual device time against tPP per page").isGreaterThanOrEqualTo(0.90);
        // Smart re-flash of the same image: every sector matches, nothing is erased or programmed.
        long judgedBefore = rig.driver().crcBlocks();
        FlashReport again = rig.flash(QSPI, image);
        assertThat(again.blocksUnchanged()).isEqualTo(256);
        assertThat(again.blocksErased() + again.blocksProgrammed()).isZero();
        assertThat(rig.driver().crcBlocks() - judgedBefore).as("every sector judged by the target's CRC, none read back").isEqualTo(256);
        assertThat(rig.runner().log()).anyMatch(l -> l.startsWith("crc32_blocks("));
    }

    @Test
    void doubleBufferingHidesTheSwdTransferOfEachPageBehindTheProgramPageBefore() throws Exception {
        byte[] image = random(64 * 1024, 8);
        long[] device = new long[3];
        double[] efficiency = new double[3];
        ProbeLink[] links = {new ProbeLink(24_000_000, true), new ProbeLink(24_000_000, false), ProbeLink.INSTANT};
        for (int i = 0; i < 3; i++) {
            Rig rig = Rig.open(H750, "W25Q128JV_STM32H750.FLM");
            rig.driver().setProbeLink(links[i]);
            long t0 = rig.session().target().nowPicos();
            rig.flash(QSPI, image);
            device[i] = rig.session().target().nowPicos() - t0;
            assertThat(rig.window(QSPI, image.length)).isEqualTo(image);
            DatasheetBound bound = DatasheetBound.of(rig.runner().algorithm()).orElseThrow();
            efficiency[i] = (double) bound.picos(rig.driver().erases(), rig.driver().pagesProgrammed()) / device[i];
        }
        // A 256-byte page is 64 words of 46 SWD cycles: 122.7 us at 24 MHz, less than tPP (400 us typ).
        long transfer = new ProbeLink(24_000_000, true).transferPicos(256);
        assertThat(transfer).isEqualTo(122_666_666L);
        // (a little less: the chip's last microseconds after a ProgramPage returned pass during the transfer)
        assertThat(device[1] - device[0]).as("one buffer waits for every transfer but the first's")
                .isBetween(Math.round(255 * transfer * 0.90), Math.round(255 * transfer * 1.01));
        assertThat(device[0] - device[2]).as("double buffering: only the first page's transfer shows (to a core clock cycle)")
                .isBetween(transfer, transfer + 20_000);
        assertThat(efficiency[1]).as("one buffer").isLessThan(0.80 * efficiency[2]);
    }

    @Test
    void theCrcRoutineOnTheTargetGivesTheHostsCrcOfEachBlock() throws Exception {
        for (String[] c : new String[][] {{H750, "W25Q128JV_STM32H750.FLM"}, {"nucleo-l476rg", "STM32L476_INTERNAL.FLM"}}) {
            Rig rig = Rig.open(c[0], c[1]);
            long base = rig.runner().algorithm().flash().start();
            int block = (int) rig.driver().region().blockSize();
            rig.flash(base, random(6 * block + 100, 31));
            List<Long> bases = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) bases.add(base + (long) i * block);   // written, partly written, blank
            long[] target = new TargetCrc(rig.runner()).crc32(bases, block);
            for (int i = 0; i < bases.size(); i++) {
                assertThat(target[i]).as(c[1] + " block " + i).isEqualTo(TargetCrc.crc32(rig.window(bases.get(i), block)));
            }
            assertThat(target[7]).as("a blank block").isEqualTo(TargetCrc.crc32(AlgorithmRunner.bytes(block, (byte) 0xFF)));
        }
    }

    @Test
    void everyFormatOfBothReferenceAlgorithmsProgramsEraseAndReprogramsItsBoard() throws Exception {
        for (String[] c : new String[][] {{H750, "W25Q128JV_STM32H750.stldr"}, {H750, "W25Q128JV_STM32H750.yaml"},
                {H757, "MT25TL01G_STM32H757.FLM"}, {H757, "MT25TL01G_STM32H757.stldr"}, {H757, "MT25TL01G_STM32H757.yaml"},
                {H750, "STM32H750_INTERNAL.FLM"}, {H757, "STM32H757_INTERNAL.stldr"}, {"nucleo-l476rg", "STM32L476_INTERNAL.yaml"}}) {
            Rig rig = Rig.open(c[0], c[1]);
            long base = rig.runner().algorithm().flash().start()
                    + (c[1].contains("H757_INTERNAL") ? 0x10_0000 : c[1].contains("L476") ? 0x8_0000 : 0); // bank 2
            byte[] first = random(40_000, 2);
            rig.flash(base + 0x3000, first);
            assertThat(rig.window(base + 0x3000, first.length)).as(c[1]).isEqualTo(first);
            byte[] second = random(10_000, 3);
            FlashReport r = rig.flash(base + 0x5000, second);
            assertThat(r.blocksErased()).as(c[1]).isPositive();
            assertThat(rig.window(base + 0x5000, second.length)).as(c[1]).isEqualTo(second);
            assertThat(rig.window(base + 0x3000, 0x2000)).as(c[1] + ": bytes outside the new data are restored")
                    .isEqualTo(java.util.Arrays.copyOf(first, 0x2000));
        }
    }

    @Test
    void stLoadersConvertedToProbeRsYamlProgramTheirBoardsThroughTheCmsisShims() throws Exception {
        for (String[] c : new String[][] {{H750, "W25Q128JV_STM32H750.stldr"}, {H757, "MT25TL01G_STM32H757.stldr"},
                {H750, "STM32H750_INTERNAL.stldr"}, {"nucleo-l476rg", "STM32L476_INTERNAL.stldr"}}) {
            String yaml = ProbeRsYamlWriter.write(ReferenceAlgorithms.load(c[1]));
            Rig rig = Rig.of(c[0], ProbeRsYamlReader.read(c[1] + ".yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), null));
            assertThat(rig.runner().algorithm().format()).isEqualTo(AlgorithmFormat.PROBE_RS);
            long base = rig.runner().algorithm().flash().start();
            byte[] first = random(20_000, 12);
            rig.flash(base + 0x1000, first);
            assertThat(rig.window(base + 0x1000, first.length)).as(c[1]).isEqualTo(first);
            byte[] second = random(3_000, 13);
            FlashReport r = rig.flash(base + 0x2100, second);
            assertThat(r.blocksErased()).as(c[1] + ": EraseSector through its shim").isPositive();
            assertThat(rig.window(base + 0x2100, second.length)).as(c[1]).isEqualTo(second);
            assertThat(rig.window(base + 0x1000, 0x1100)).as(c[1]).isEqualTo(java.util.Arrays.copyOf(first, 0x1100));
            assertThat(rig.runner().log()).as(c[1]).anyMatch(l -> l.startsWith("ProgramPage(")).anyMatch(l -> l.startsWith("EraseSector("));
        }
    }

    @Test
    void anAlgorithmThatStaysMemoryMappedTimesOutNamingTheQuadspiMode() throws Exception {
        Rig rig = Rig.open(H750, "broken-keeps-mapped.FLM");
        rig.runner().init(AlgorithmRunner.Phase.ERASE);
        rig.window(QSPI, 16);   // a read through the window between two calls, as tools do
        assertThatThrownBy(() -> rig.runner().eraseSector(QSPI + 0x10000))
                .isInstanceOf(AlgorithmException.TimedOut.class)
                .hasMessageStartingWith("EraseSector(0x90010000) did not return within 1 s: PC ")
                .hasMessageContaining("in wait_not_busy()")
                .hasMessageContaining("QUADSPI is in memory-mapped mode (CCR.FMODE=11), SR.BUSY=1\n")
                .as("the chip's operation log tail follows the diagnosis")
                .hasMessageContaining("\n  qspi-flash1 op #");
    }

    @Test
    void anAlgorithmThatNeverWaitsForTheChipFailsVerifyWithTheReason() throws Exception {
        Rig rig = Rig.open(H750, "broken-no-wip-wait.FLM");
        byte[] image = random(8192, 4);
        rig.flash(QSPI, image);
        byte[] seen = rig.window(QSPI, image.length);
        int diff = java.util.Arrays.mismatch(seen, image);
        assertThat(diff).as("pages sent while the chip was busy are lost").isNotNegative();
        assertThat(rig.driver().explainDifference(QSPI + diff))
                .startsWith("ProgramPage(0x90000000, 0x00000100, ")
                .contains("less than half the chip's typical page program time (400 us): it does not wait for the chip to finish");
        assertThat(rig.runner().modelNotes()).as("the chip's own account: its warnings and last operations")
                .contains("\n  qspi-flash1 model warning at ").contains("\n  qspi-flash1 op #");
    }

    @Test
    void anAlgorithmThatOverrunsItsStackIsCaughtAtTheCallThatDidIt() throws Exception {
        Rig rig = Rig.open(H750, "broken-stack.FLM");
        assertThatThrownBy(() -> rig.flash(QSPI, random(256, 5)))
                .isInstanceOf(FlashException.class)
                .hasMessageStartingWith("ProgramPage(0x90000000, 0x00000100, ")
                .hasMessageContaining("its stack (")
                .hasMessageContaining("512 bytes) grew past its bottom");
    }

    @Test
    void aDualFlashAlgorithmWithOneDiesGeometryErasesItsNeighbourAndIsToldSo() throws Exception {
        Rig rig = Rig.open(H757, "broken-single-die.FLM");
        byte[] first = random(8192, 6);
        rig.flash(QSPI, first);
        assertThat(rig.window(QSPI, first.length)).as("programming alone works").isEqualTo(first);
        byte[] second = random(4096, 7);
        rig.flash(QSPI + 0x1000, second);
        byte[] seen = rig.window(QSPI, 0x1000);
        assertThat(seen).as("erasing 'sector' 0x90001000 erased the die subsector under 0x90000000 too").isNotEqualTo(java.util.Arrays.copyOf(first, 0x1000));
        assertThat(rig.driver().explainDifference(QSPI))
                .isEqualTo("sector 0x90000000 was not erased, but an erase of sector 0x90001000 seems to have reached it: the algorithm's sectors "
                        + "(4096 bytes) are smaller than what its erase removes (in dual-flash mode every page and sector is twice a die's)");
    }

    @Test
    void callsAreLoggedWithResultTimeAndStack() throws Exception {
        Rig rig = Rig.open(H750, "W25Q128JV_STM32H750.FLM");
        rig.runner().init(AlgorithmRunner.Phase.ERASE);
        AlgorithmRunner.Call erase = rig.runner().eraseSector(QSPI + 0x2345);
        assertThat(erase.picos()).as("tSE typ 45 ms").isBetween(45_000_000_000L, 46_000_000_000L);
        assertThat(rig.runner().log()).hasSize(2);
        assertThat(rig.runner().log().get(1)).startsWith("EraseSector(0x90002345) = 0 in 45").contains("bytes of stack");
        assertThat(rig.runner().layout().buffers()).hasSize(2);
    }
}
