package io.xipkit.tools.flashalgo;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * An algorithm that touches a peripheral on its way (ST's H747I-DISCO loader writes FMC_BCR1, as
 * ST's SystemInit does): on the H7 boards the FMC register block is modelled, so it runs; where
 * the board model lacks a register block the manual documents, the diagnosis blames the model; at
 * an address where the manual has nothing, it blames the algorithm.
 */
class UnmodelledPeripheralDiagnosisTest {
    /**
     * Init: MOVW/MOVT r0 = the register; MOVW r1 = 0x30D2; STR r1, [r0]; LDR r2, [r0];
     * SUBS r0, r2, r1 (0 when the write reads back); BX LR. Then at offset 22 a stub for
     * EraseSector and ProgramPage: MOVS r0, #0; BX LR. Assembled with arm-none-eabi-as.
     */
    static AlgorithmImage touching(String movwMovt) {
        byte[] code = HexFormat.of().parseHex(movwMovt + "43f2d20101600268501a704700207047");
        FlashProperties flash = new FlashProperties("touches a peripheral", 5, 0x9000_0000L, 0x100_0000L, 256, 0xFF, 100, 1000,
                List.of(new SectorRun(0, 0x1000)));
        return new AlgorithmImage("touch", AlgorithmFormat.FLM, code, OptionalLong.empty(), OptionalLong.empty(),
                Map.of(AlgorithmFunction.INIT, 1L, AlgorithmFunction.ERASE_SECTOR, 23L, AlgorithmFunction.PROGRAM_PAGE, 23L),
                code.length, flash, OptionalLong.empty(), false, List.of());
    }

    static final String FMC_BCR1 = "44f20000c5f20020";      // 0x5200_4000
    static final String JPEG = "43f20000c5f20020";          // 0x5200_3000
    static final String RESERVED = "40f20000c5f20040";      // 0x5400_0000

    @Test
    void anAlgorithmThatDisablesFmcBank1RunsOnTheH7BoardsWithTheFmcRegisters() throws Exception {
        for (String board : List.of("stm32h757-mt25tl01g", "stm32h750-w25q128")) {
            FlashSession s = FlashSession.open(board, null, TestBoards.translation());
            assertThat(s.target().read32(0x5200_4000L)).as("FMC_BCR1 reset value (RM0433 22.7.6)").isEqualTo(0x30DB);
            AlgorithmRunner.Call c = s.runner(touching(FMC_BCR1)).init(AlgorithmRunner.Phase.ERASE);
            assertThat(c.r0()).isZero();
            assertThat(s.target().read32(0x5200_4000L)).isEqualTo(0x30D2);
            assertThat(s.target().read32(0x5200_4004L)).as("FMC_BTR1 reset value").isEqualTo(0x0FFF_FFFF);
            assertThat(s.target().read32(0x5200_4084L)).as("FMC_SR: FIFO empty").isEqualTo(0x40);
        }
    }

    @Test
    void aBusFaultAtAManualsRegisterBlockTheModelLacksBlamesTheModel() throws Exception {
        FlashSession s = FlashSession.open("stm32h757-mt25tl01g", null, TestBoards.translation());
        assertThatThrownBy(() -> s.runner(touching(JPEG)).init(AlgorithmRunner.Phase.ERASE))
                .isInstanceOf(AlgorithmException.Faulted.class)
                .hasMessageStartingWith("Init(0x90000000, 0, 1) faulted after ")
                .hasMessageContaining("BusFault at 0x52003000 (precise data access): the board model has no peripheral at 0x52003000 (JPEG)"
                        + " - the model is at fault, not the algorithm");
    }

    @Test
    void aBusFaultWhereTheManualHasNothingBlamesTheAlgorithm() throws Exception {
        FlashSession s = FlashSession.open("stm32h757-mt25tl01g", null, TestBoards.translation());
        assertThatThrownBy(() -> s.runner(touching(RESERVED)).init(AlgorithmRunner.Phase.ERASE))
                .isInstanceOf(AlgorithmException.Faulted.class)
                .hasMessageContaining("BusFault at 0x54000000 (precise data access): neither the board model nor the manual's register blocks")
                .hasMessageContaining("most likely an algorithm bug");
    }
}
