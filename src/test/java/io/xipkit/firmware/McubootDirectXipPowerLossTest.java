package io.xipkit.firmware;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Power loss during a direct-XIP update (McubootPowerLoss: through the campaign engine, every
 * flash operation of one complete update cut at its start, middle and end): v1 confirmed in slot 0
 * receives v2 into slot 1 over the console, resets, v2's trial boot writes copy_done, v2 confirms
 * itself with image_ok, resets and boots confirmed (the security counter raised in the embedded
 * flash). After every cut the board boots the signed v1 or v2 and the update completes or reverts.
 */
class McubootDirectXipPowerLossTest {
    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void aPowerCutAtTheStartMiddleAndEndOfEveryFlashOperationOfAnUpdateAlwaysLeavesASignedImageBooting(String board,
            @TempDir Path dir) throws Exception {
        new McubootPowerLoss(McubootBuild.directXip(board), McubootImages.SLOT1, true).run(dir, "direct-XIP power loss");
    }
}
