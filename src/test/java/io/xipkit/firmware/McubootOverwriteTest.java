package io.xipkit.firmware;

import static io.xipkit.firmware.McubootBoard.MS;
import static io.xipkit.firmware.McubootImages.SLOT0;
import static io.xipkit.firmware.McubootImages.SLOT1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference boot loader in overwrite-only mode (firmware/stm32h7/mcuboot, built as
 * {@code stm32h750-w25q128-mcuboot-overwrite}): images run from slot 0; the app receives a new one
 * into slot 1 over the console, the boot loader checks it and copies it over slot 0, then erases
 * slot 1. Overwrite-only has no trial boot and no revert (MCUboot's MCUBOOT_OVERWRITE_ONLY): an
 * installed image is permanent, so its security counter is stored at once.
 */
class McubootOverwriteTest {
    private static byte[] factoryV1(String board) {
        return McubootBuild.overwrite(board).factoryV1();
    }
    private static byte[] updateV2(String board) {
        return McubootBuild.overwrite(board).updateV2();
    }

    private static McubootBoard factoryBoard(String board) {
        return McubootBuild.overwrite(board).factoryBoard();
    }

    private static boolean slot1Erased(McubootBoard b) {
        byte[] header = b.flash(SLOT1, 32);
        for (byte x : header) if (x != (byte) 0xFF) return false;
        return b.trailerMagicErased(SLOT1);
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void v1BootsFromSlot0(String board) {
        McubootBoard b = factoryBoard(board);
        b.expect("mcuboot: overwrite-only on " + board + ", security counter 0", 50 * MS);
        b.expect("mcuboot: security counter raised to 1", 200 * MS);
        b.expect("mcuboot: slot 0: starting v1.0.0+0 at 0x90000400", 10 * MS);
        b.expect("app: v1.0.0 running in slot 0 at 0x90000400", 10 * MS);
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void v2ReceivedIntoSlot1IsInstalledOverSlot0AndALowerCounterV3IsThenRefused(String board) {
        McubootBoard b = factoryBoard(board);
        b.receiveAndReset(updateV2(board));
        b.expect("mcuboot: slot 1: installing v2.0.0+0 into slot 0", 300 * MS);
        b.expect("mcuboot: security counter raised to 2", 1_000 * MS);
        b.expect("app: v2.0.0 running in slot 0 at 0x90000400", 50 * MS);
        int n = McubootImages.imageLength(updateV2(board));
        assertThat(b.flash(SLOT0, n)).as("slot 0 holds v2").isEqualTo(Arrays.copyOf(updateV2(board), n));
        assertThat(slot1Erased(b)).as("slot 1 erased after the copy").isTrue();

        McubootBoard again = b.powerCycled();
        again.expect("app: v2.0.0 running in slot 0 at 0x90000400", 500 * MS);
        again.receiveAndReset(McubootBuild.overwrite(board).lowerCounterV3());
        again.expect("mcuboot: slot 1: rejected: security counter below the stored one", 300 * MS);
        again.expect("app: v2.0.0 running in slot 0 at 0x90000400", 500 * MS);
        assertThat(again.output()).doesNotContain("app: v3").doesNotContain("installing");
        assertThat(slot1Erased(again)).as("the refused image is erased").isTrue();
        assertThat(again.flash(SLOT0, n)).as("slot 0 still holds v2").isEqualTo(Arrays.copyOf(updateV2(board), n));
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void imagesSignedWithAnotherKeyOrTamperedAreRefusedAndSlot0IsKept(String board) {
        McubootBuild build = McubootBuild.overwrite(board);
        byte[][] images = {build.v2SignedWithAnotherKey(), build.tamperedV2(McubootBuild.Tamper.BODY, 0x04),
            build.tamperedV2(McubootBuild.Tamper.PROTECTED_TLV, 0x04), build.tamperedV2(McubootBuild.Tamper.SIGNATURE, 0x04)};
        String[] reasons = {"signed with another key", McubootBuild.Tamper.BODY.reason, McubootBuild.Tamper.PROTECTED_TLV.reason,
            McubootBuild.Tamper.SIGNATURE.reason};
        int n = McubootImages.imageLength(factoryV1(board));
        for (int i = 0; i < images.length; i++) {
            McubootBoard b = factoryBoard(board);
            b.receiveAndReset(images[i]);
            b.expect("mcuboot: slot 1: rejected: " + reasons[i], 300 * MS);
            b.expect("app: v1.0.0 running in slot 0 at 0x90000400", 500 * MS);
            assertThat(b.output()).doesNotContain("installing").doesNotContain("app: v2");
            assertThat(slot1Erased(b)).isTrue();
            assertThat(b.flash(SLOT0, n)).isEqualTo(Arrays.copyOf(factoryV1(board), n));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void aCorruptSlot0IsNeverBooted(String board) {
        byte[] v1 = factoryV1(board).clone();
        v1[McubootImages.HEADER + 0x80] ^= 0x20;
        McubootBoard b = new McubootBoard(board).program(McubootBuild.overwrite(board).loader()).programFlash(SLOT0, v1).powerOn();
        b.expect("mcuboot: slot 0: rejected: hash mismatch", 300 * MS);
        b.expect("mcuboot: no bootable image", 10 * MS);
        b.await("never printed", 10 * MS);
        assertThat(b.stopped()).as("semihost_exit(1)").isNotNull();
        assertThat(b.output()).doesNotContain("app:");
    }
}
