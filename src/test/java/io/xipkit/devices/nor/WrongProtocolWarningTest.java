package io.xipkit.devices.nor;

import static io.xipkit.peripherals.xspi.PhaseFormat.S1;
import static io.xipkit.peripherals.xspi.PhaseFormat.S4;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.ModelWarnings;
import io.xipkit.time.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * Which commands sent outside the chip's protocol are worth a model warning: the ones the chip
 * clocks in as a garbled command. A reset sent in a protocol the chip is not in, with nothing
 * after the instruction (ST's BSP resets its chips in QPI then in SPI), and the all-ones
 * continuous-read exit sent without an instruction are deliberate: silent, yet still ignored.
 */
class WrongProtocolWarningTest {
    private final ManualClock clock = new ManualClock();
    private final NorPart part = NorCatalog.standard().part("MT25QL512ABB");
    private final NorChip chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 1);
    private final ModelWarnings board = new ModelWarnings(clock);

    WrongProtocolWarningTest() {
        chip.reportWarningsTo(board, "flash");
    }

    @Test
    void aQuadInstructionAloneWhileInSpiModeIsSilentlyNothing() {
        chip.select();
        chip.instruction(0x66, 1, S4);
        chip.deselect();
        chip.select();
        chip.instruction(0x99, 1, S4);
        chip.deselect();
        assertThat(board.isEmpty()).isTrue();
        assertThat(chip.warnings()).isEmpty();
        assertThat(chip.counters().ignoredCommands()).isEqualTo(2);
    }

    @Test
    void aQuadInstructionFollowedByADataPhaseIsAGarbledCommandAndWarned() {
        byte[] sr = new byte[1];
        chip.select();
        chip.instruction(0x05, 1, S4);
        chip.read(sr, 0, 1, S4);
        chip.deselect();
        assertThat(sr[0]).isEqualTo((byte) 0xFF);
        assertThat(board.warnings()).singleElement().satisfies(w -> assertThat(w.message())
                .isEqualTo("instruction 5h sent as 1 byte(s) on 4 lines while the part is in SPI mode: ignored"));
    }

    @Test
    void aSingleLineInstructionInQuadModeIsWarnedAtOnce() {
        chip.select();
        chip.instruction(0x35, 1, S1); // ENTER QUAD I/O
        chip.deselect();
        assertThat(chip.protocol()).isEqualTo(NorChip.Protocol.QPI);
        chip.select();
        chip.instruction(0x06, 1, S1); // eight clocks: the die takes the first two as a whole instruction
        chip.deselect();
        assertThat(board.warnings()).singleElement().satisfies(w -> assertThat(w.message())
                .contains("instruction 6h sent as 1 byte(s) on 1 lines while the part is in QPI mode"));
    }

    @Test
    void theAllOnesContinuousReadExitIsSilentAndOtherAddressOnlyPhasesAreWarned() {
        chip.select();
        chip.address(0xFFFFFF, 3, S4);
        chip.alternate(0xFF, 1, S4);
        chip.deselect();
        assertThat(board.isEmpty()).isTrue();
        chip.select();
        chip.address(0x123456, 3, S4);
        chip.deselect();
        assertThat(board.warnings()).singleElement().satisfies(w -> assertThat(w.message()).isEqualTo("address phase without instruction"));
    }
}
