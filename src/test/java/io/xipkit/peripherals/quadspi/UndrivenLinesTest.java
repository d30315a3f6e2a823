package io.xipkit.peripherals.quadspi;

import io.xipkit.TestBoards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xipkit.board.BoardCatalog;
import io.xipkit.peripherals.xspi.PhaseFormat;
import org.junit.jupiter.api.Test;

/** The undriven-lines setting: its board-file spelling, what each setting samples, each board's value. */
class UndrivenLinesTest {
    @Test
    void boardFileSpellingsParseAndAnythingElseIsAClearError() {
        assertThat(UndrivenLines.parse("pull-up")).isEqualTo(UndrivenLines.PULL_UP);
        assertThat(UndrivenLines.parse("Pull-Down")).isEqualTo(UndrivenLines.PULL_DOWN);
        assertThat(UndrivenLines.parse("bus-keeper")).isEqualTo(UndrivenLines.BUS_KEEPER);
        assertThatThrownBy(() -> UndrivenLines.parse("floating"))
                .hasMessage("expected pull-up, pull-down or bus-keeper, not \"floating\"");
    }

    @Test
    void eachSettingSamplesWhatItsLinesHold() {
        byte[] b = new byte[2];
        UndrivenLines.PULL_UP.fill(b, 0, 2, PhaseFormat.S4, 0);
        assertThat(b).containsExactly(0xFF, 0xFF);
        UndrivenLines.PULL_DOWN.fill(b, 0, 2, PhaseFormat.D4, 0xF);
        assertThat(b).containsExactly(0, 0);
        UndrivenLines.BUS_KEEPER.fill(b, 0, 2, PhaseFormat.S4, 0b1010);
        assertThat(b).containsExactly(0xAA, 0xAA);
        UndrivenLines.BUS_KEEPER.fill(b, 0, 2, PhaseFormat.S2, 0b01);
        assertThat(b).containsExactly(0x55, 0x55);
        UndrivenLines.BUS_KEEPER.fill(b, 0, 1, PhaseFormat.S1, 0b0010); // single line: IO1 is sampled
        assertThat(b[0]).isEqualTo((byte) 0xFF);
    }

    @Test
    void aPhaseLeavesItsLastClockOnTheLines() {
        assertThat(UndrivenLines.heldAfter(0xF, 0x05, PhaseFormat.S4, false)).isEqualTo(0x5);
        assertThat(UndrivenLines.heldAfter(0x0, 0x03, PhaseFormat.S2, false)).isEqualTo(0x3);
        assertThat(UndrivenLines.heldAfter(0x0, 0x01, PhaseFormat.S1, false)).as("controller drives IO0").isEqualTo(0x1);
        assertThat(UndrivenLines.heldAfter(0x0, 0x01, PhaseFormat.S1, true)).as("memory drives IO1").isEqualTo(0x2);
    }

    @Test
    void theH757BoardReadsUndrivenLinesLowAndTheOthersHigh() {
        BoardCatalog catalog = TestBoards.catalog();
        assertThat(catalog.create("stm32h757-mt25tl01g").model("QUADSPI", Stm32Quadspi.class).undrivenLines())
                .isEqualTo(UndrivenLines.PULL_DOWN);
        assertThat(catalog.create("stm32h750-w25q128").model("QUADSPI", Stm32Quadspi.class).undrivenLines())
                .isEqualTo(UndrivenLines.PULL_UP);
    }
}
