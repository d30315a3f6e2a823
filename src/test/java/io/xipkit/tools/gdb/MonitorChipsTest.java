package io.xipkit.tools.gdb;

import static io.xipkit.peripherals.xspi.PhaseFormat.S4;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.devices.nor.ArrayNorStorage;
import io.xipkit.devices.nor.NorCatalog;
import io.xipkit.devices.nor.NorChip;
import io.xipkit.devices.nor.NorPart;
import io.xipkit.time.ManualClock;
import org.junit.jupiter.api.Test;

/** `monitor chips`: a chip's line names its model warnings (how many, the last), not only its state. */
class MonitorChipsTest {
    private final ManualClock clock = new ManualClock();
    private final NorPart part = NorCatalog.standard().part("MT25QL512ABB");
    private final NorChip chip = new NorChip(part, new ArrayNorStorage(part.sizeBytes()), clock, 1);

    @Test
    void aChipWithoutWarningsShowsOnlyItsState() {
        assertThat(GdbLaunch.chipState("qspi-flash1", chip, 0)).startsWith("  qspi-flash1: MT25QL512ABB, SPI mode, 3-byte addresses")
                .doesNotContain("warning");
    }

    @Test
    void aGarbledCommandShowsAsTheChipsLastWarning() {
        chip.select();
        chip.instruction(0x05, 1, S4);           // a 4-line status read while the die is in SPI mode
        chip.read(new byte[1], 0, 1, S4);
        chip.deselect();
        assertThat(GdbLaunch.chipState("qspi-flash1", chip, 0)).endsWith("; 1 model warning, the last at 0.000000 ms: "
                + "instruction 5h sent as 1 byte(s) on 4 lines while the part is in SPI mode: ignored (monitor warnings: the summary)");
    }
}
