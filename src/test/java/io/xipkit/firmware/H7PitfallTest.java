package io.xipkit.firmware;

import static io.xipkit.firmware.H7Firmware.H750;
import static org.assertj.core.api.Assertions.assertThat;

import io.xipkit.firmware.H7Firmware.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The STM32H750 pitfall programs (internal flash, no bootloader) reproduce two classic XIP mistakes
 * and the fix. They need the {@code stm32h750-w25q128} board with QUADSPI, its window and the M7
 * D-cache modelled; until the lead wires it they fail.
 */
class H7PitfallTest {

    @Test
    void readingTheWindowBeforeMemoryMappedModeIsAPreciseBusFaultAtItsAddress() {
        Run run = H7Firmware.run(H750, H7Firmware.elf(H750, "pitfall_mmap_before_enable"));
        assertThat(run.firmwareLines()).as(run.describe()).containsExactly(
                "pitfall: QUADSPI enabled, CCR.FMODE = indirect; reading 0x90000000 before memory-mapped mode",
                // CFSR: BFARVALID (bit 15) | PRECISERR (bit 9), DDI 0403E B3.2.15.
                "pitfall: BusFault CFSR=0x00008200 BFAR=0x90000000 precise");
        assertThat(run.status()).as(run.describe()).isEqualTo(105);
    }

    @Test
    void rewritingTheFlashBehindTheDCacheWithoutInvalidationReadsTheOldValue() {
        Run run = H7Firmware.run(H750, H7Firmware.elf(H750, "pitfall_stale_dcache"));
        assertThat(run.firmwareLines()).as(run.describe()).containsExactly(
                "pitfall: D-cache on, 0x90010000 reads 0xc0de0001",
                "pitfall: left memory-mapped mode, erased and programmed 0xc0de0002 in indirect mode; chip holds 0xc0de0002",
                "pitfall: memory-mapped again, 0x90010000 reads 0xc0de0001 (old value: stale D-cache line)");
        assertThat(run.status()).as(run.describe()).isEqualTo(40);
    }

    @Test
    void invalidatingTheLineByAddressAfterTheRewriteReadsTheNewValue() {
        Run run = H7Firmware.run(H750, H7Firmware.elf(H750, "fresh_after_invalidate"));
        assertThat(run.firmwareLines()).as(run.describe()).containsExactly(
                "pitfall: D-cache on, 0x90010000 reads 0xc0de0001",
                "pitfall: left memory-mapped mode, erased and programmed 0xc0de0002 in indirect mode; chip holds 0xc0de0002",
                "pitfall: D-cache line invalidated (DCIMVAC)",
                "pitfall: memory-mapped again, 0x90010000 reads 0xc0de0002 (new value)");
        assertThat(run.status()).as(run.describe()).isEqualTo(41);
    }

    @Test
    void theRewrittenWordStartsOutInTheElfAsTheOldValue() {
        assertThat(H7Firmware.word(H750, "pitfall_stale_dcache", 0x9001_0000L)).isEqualTo(0xC0DE0001);
        assertThat(H7Firmware.word(H750, "fresh_after_invalidate", 0x9001_0000L)).isEqualTo(0xC0DE0001);
    }
}
