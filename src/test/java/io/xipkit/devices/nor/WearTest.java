package io.xipkit.devices.nor;

import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.time.ManualClock;
import org.junit.jupiter.api.Test;

class WearTest {
    static final NorPart PART = NorCatalog.standard().part("W25Q128JV");

    @Test
    void erasesAreCountedPer4KiBUnit() {
        ManualClock clock = new ManualClock();
        NorChip chip = new NorChip(PART, new ArrayNorStorage(PART.sizeBytes()), clock, 0);
        SpiHost host = new SpiHost(chip, clock);
        host.eraseAndWait(0x52, 0x8000); // 32 KB block = 8 units
        host.eraseAndWait(0x20, 0x8000);
        assertThat(chip.eraseCount(0x8000)).isEqualTo(2);
        assertThat(chip.eraseCount(0xF000)).isEqualTo(1);
        assertThat(chip.eraseCount(0x10000)).isZero();
    }

    @Test
    void pastEnduranceErasesLeaveStuckBitsOnlyWhenEnabled() {
        for (boolean enabled : new boolean[] {false, true}) {
            ManualClock clock = new ManualClock();
            ArrayNorStorage s = new ArrayNorStorage(PART.sizeBytes());
            s.eraseCounts()[0] = (int) PART.endurance(); // unit 0 has reached its rated cycles
            NorChip chip = new NorChip(PART, s, clock, 9);
            if (enabled) chip.setBitErrorRatePastEndurance(1e-3);
            SpiHost host = new SpiHost(chip, clock);
            host.eraseAndWait(0x20, 0);
            host.eraseAndWait(0x20, 0x1000); // a fresh unit stays clean
            byte[] worn = host.read(0, 4096);
            int zeros = 0;
            for (byte b : worn) zeros += Integer.bitCount(~b & 0xFF);
            if (enabled) assertThat(zeros).isPositive();
            else assertThat(zeros).isZero();
            assertThat(host.read(0x1000, 4096)).containsOnly(0xFF);
        }
    }
}
