package io.xipkit.board;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.board.Board.ResetCause;
import io.xipkit.cpu.BusErrorException;
import io.xipkit.peripherals.quadspi.Stm32Quadspi;
import io.xipkit.peripherals.stm32.H7FlashMemory;
import io.xipkit.peripherals.stm32.L4Flash;
import io.xipkit.peripherals.stm32.Stm32Usart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every shipped board builds from its description file, with the peripherals its manual places. */
class StandardBoardsTest {
    private final BoardCatalog catalog = TestBoards.catalog();

    @ParameterizedTest
    @ValueSource(strings = {"generic-m7", "nucleo-l476rg", "stm32h750-w25q128", "stm32h757-mt25tl01g", "stm32h743-w25q128", "nucleo-h7s3l8", "stm32h7b3i-dk"})
    void everyShippedBoardBuildsAndResets(String id) {
        Board board = catalog.create(id);
        board.reset();
        assertThat(board.id()).isEqualTo(id);
    }

    @Test
    void h750HasItsFlashRegistersQuadspiAndConsoleWhereRm0433PutsThem() {
        Board b = catalog.create("stm32h750-w25q128");
        assertThat(b.model("FLASH", H7FlashMemory.class).variant().name()).isEqualTo("H750");
        assertThat(b.model("QUADSPI", Stm32Quadspi.class)).isNotNull();
        assertThat(b.model("USART1", Stm32Usart.class)).isNotNull();
        assertThat(b.bus().mappingAt(0x52005000L).region().name()).isEqualTo("QUADSPI");
        assertThat(b.bus().mappingAt(0x52002000L).region().name()).isEqualTo("FLASH");
        assertThat(b.bus().mappingAt(0x40011000L).region().name()).isEqualTo("USART1");
        assertThat(b.bus().mappingAt(0x40004800L).region().name()).isEqualTo("USART3");
        // The window answers with a bus error until the controller is in memory-mapped mode.
        assertThatThrownBy(() -> b.bus().read32(0x90000000)).isInstanceOf(BusErrorException.class);
    }

    @Test
    void h757WiresTheTwoDiesOfTheMt25tl01gForDualFlash() {
        Board b = catalog.create("stm32h757-mt25tl01g");
        assertThat(b.model("QUADSPI", Stm32Quadspi.class).toString()).contains("dual-flash");
    }

    @Test
    void systemResetRequestedByTheCoreResetsTheBoardAsSoftwareReset() {
        Board b = catalog.create("nucleo-l476rg");
        b.reset();
        assertThat(b.lastResetCause()).isEqualTo(ResetCause.POWER_ON);
        b.requestReset(ResetCause.OPTION_BYTE_LOAD);
        b.core().run(10, Long.MAX_VALUE);
        assertThat(b.lastResetCause()).isEqualTo(ResetCause.OPTION_BYTE_LOAD);
        assertThat(b.model("FLASH", L4Flash.class)).isNotNull();
    }

    @Test
    void unknownPeripheralTypeIsOneClearLine() {
        String yaml = "id: x\ncore: cortex-m7\nclock: 1MHz\nmemories:\n  - {name: r, base: 0, size: 4KiB, kind: ram}\n"
                + "peripherals:\n  - {type: frobnicator, base: 0x40000000}\n";
        BoardDescription d = new BoardDescriptionParser().parse("x.yaml", yaml);
        assertThatThrownBy(() -> TestBoards.of(d))
                .isInstanceOf(BoardException.class)
                .hasMessageStartingWith("board file x.yaml: line 7: peripherals[0].type: unknown peripheral type \"frobnicator\"");
    }

    /** SYST_CSR and SYST_CALIB before any write: QEMU mps2-an500 for generic-m7, RM0351 for the L476. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"generic-m7, 0x00000000, 0x0000270F", "nucleo-l476rg, 0x00000004, 0x4000270F"})
    void sysTickResetValuesAreTheBoardsOwn(String id, String csr, String calib) {
        Board b = catalog.create(id);
        b.reset();
        assertThat(b.core().read32(0xE000E010)).isEqualTo(Integer.decode(csr));
        assertThat(b.core().read32(0xE000E01C)).isEqualTo(Integer.decode(calib));
    }

    @Test
    void genericM7SysTickOnTheReferenceClockCountsAtOneMegahertzLikeMps2() {
        Board b = catalog.create("generic-m7");
        b.reset();
        b.core().write32(0xE000E014, 0xFFFFFF);
        b.core().write32(0xE000E018, 0);
        b.core().write32(0xE000E010, 1);                 // ENABLE, CLKSOURCE = reference
        b.core().cycles += 25_000;                       // 1 ms at the board's 25 MHz
        // The first tick reloads 0xFFFFFF (B3.3.1), the next 999 count down.
        assertThat(0xFFFFFF - b.core().read32(0xE000E018)).isEqualTo(999);
    }
}
