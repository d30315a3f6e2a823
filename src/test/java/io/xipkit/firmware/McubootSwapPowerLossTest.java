package io.xipkit.firmware;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Power loss during swap-mode updates (McubootPowerLoss: through the campaign engine, every flash
 * operation of one complete update cut at its start, middle and end): v2 received into slot 1,
 * swapped into slot 0 through the scratch area with its status in slot 0's trailer, tried, and
 * confirmed, or not confirmed and swapped back. After every cut the board boots the signed v1 or
 * v2 and the update completes or reverts.
 */
class McubootSwapPowerLossTest {
    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void aPowerCutAtTheStartMiddleAndEndOfEveryFlashOperationOfAConfirmedSwapUpdateAlwaysLeavesASignedImageBooting(String board,
            @TempDir Path dir) throws Exception {
        new McubootPowerLoss(McubootBuild.swap(board), McubootImages.SLOT0, true).run(dir, "swap power loss (v2 confirmed)");
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void aPowerCutAtTheStartMiddleAndEndOfEveryFlashOperationOfASwapUpdateThatRevertsAlwaysLeavesASignedImageBooting(String board,
            @TempDir Path dir) throws Exception {
        new McubootPowerLoss(McubootBuild.swap(board), McubootImages.SLOT0, false).run(dir, "swap power loss (v2 reverted)");
    }
}
