package io.xipkit.firmware;

import java.nio.file.Path;
import java.util.List;
import io.xipkit.tools.campaign.Campaign;
import io.xipkit.tools.campaign.CutPoint;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Power loss during a swap-mode update (McubootPowerLoss: through the campaign engine, every flash
 * operation of one complete update cut at its start, middle and end): v2 received into slot 1,
 * swapped into slot 0 through the scratch area with its status in slot 0's trailer, tried,
 * confirmed. After every cut the board boots the signed v1 or v2 and the update completes or reverts.
 */
class McubootSwapPowerLossTest {
    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void aPowerCutAtTheStartMiddleAndEndOfEveryFlashOperationOfASwapUpdateAlwaysLeavesASignedImageBooting(String board,
            @TempDir Path dir) throws Exception {
        McubootPowerLoss p = new McubootPowerLoss(McubootBuild.swap(board), McubootImages.SLOT0);
        Campaign campaign = p.campaign(dir, 1_500 * McubootBoard.MS);
        List<CutPoint> cuts = McubootPowerLoss.cutPoints(campaign);
        p.completeUpdate(cuts);
        McubootPowerLoss.report(board + " swap power loss", cuts, p.sweep(campaign, cuts));
    }
}
