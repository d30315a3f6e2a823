package io.xipkit.devices.nor;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.peripherals.xspi.XspiTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClockLimitsTest {
    @Test
    void aCommandWithALimitOfItsOwnUsesItAtSingleRateAndTheRateLimitOtherwise() {
        NorPart.ClockLimits l = new NorPart.ClockLimits(133, 90, Map.of("03", 66.0), "test");
        assertThat(l.maxHz(0x03, false)).isEqualTo(66_000_000L);
        assertThat(l.maxHz(0x0B, false)).isEqualTo(133_000_000L);
        assertThat(l.maxHz(0x0D, true)).isEqualTo(90_000_000L);
        assertThat(new NorPart.ClockLimits(133, 0, null, "no DTR").maxHz(0x0D, true)).isEqualTo(XspiTarget.NO_CLOCK_LIMIT);
    }

    @Test
    void theCatalogStatesTheMicronLimitsPerRateAndAChipAnswersThemOnlyWhenStated() {
        NorCatalog cat = NorCatalog.standard();
        NorChip mt = new NorChip(cat.part("MT25QL512ABB"), new ArrayNorStorage(cat.part("MT25QL512ABB").sizeBytes()),
                new io.xipkit.time.ManualClock(), 1);
        assertThat(mt.maxClockHz(0xEB, false)).isEqualTo(133_000_000L);
        assertThat(mt.maxClockHz(0xED, true)).isEqualTo(90_000_000L);
        NorPart gd = cat.part("GD25Q128");
        NorChip none = new NorChip(gd, new ArrayNorStorage(gd.sizeBytes()), new io.xipkit.time.ManualClock(), 1);
        assertThat(none.maxClockHz(0xEB, false)).isEqualTo(XspiTarget.NO_CLOCK_LIMIT);
    }
}
