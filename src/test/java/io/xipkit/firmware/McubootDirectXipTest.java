package io.xipkit.firmware;

import static io.xipkit.firmware.McubootBoard.MS;
import static io.xipkit.firmware.McubootImages.COPY_DONE_OFF;
import static io.xipkit.firmware.McubootImages.IMAGE_OK_OFF;
import static io.xipkit.firmware.McubootImages.MAGIC_OFF;
import static io.xipkit.firmware.McubootImages.SLOT0;
import static io.xipkit.firmware.McubootImages.SLOT1;
import static io.xipkit.firmware.McubootImages.SLOT_SIZE;
import static io.xipkit.firmware.McubootImages.TRAILER_MAGIC;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference boot loader in direct-XIP mode with revert (firmware/stm32h7/mcuboot, built as
 * {@code stm32h750-w25q128-mcuboot-directxip}): v1 confirmed in slot 0 from the factory, v2 linked
 * for slot 1 received over the console by the running v1, tried once, reverted unless confirmed;
 * refusals (security counter, key, tampering, corrupt slot). Each scenario checks the console and
 * the slots' contents.
 */
class McubootDirectXipTest {
    private static byte[] factoryV1(String board) {
        return McubootBuild.directXip(board).factoryV1();
    }
    private static byte[] updateV2(String board) {
        return McubootBuild.directXip(board).updateV2();
    }

    private static McubootBoard factoryBoard(String board) {
        return McubootBuild.directXip(board).factoryBoard();
    }

    private static int trailerByte(McubootBoard b, int slot, int off) {
        return b.flash(slot + SLOT_SIZE - off, 1)[0] & 0xFF;
    }

    /** The running app receives the image and resets into its trial boot. */
    private static void receiveAndTry(McubootBoard b, byte[] image) {
        b.receiveAndReset(image);
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void v1FromTheFactoryBootsConfirmedAndRaisesTheSecurityCounter(String board) {
        McubootBoard b = factoryBoard(board);
        b.expect("mcuboot: direct-xip on " + board + ", security counter 0", 50 * MS);
        b.expect("mcuboot: slot 0: v1.0.0+0 confirmed", 200 * MS);
        b.expect("mcuboot: security counter raised to 1", 10 * MS);
        b.expect("mcuboot: slot 0: starting v1.0.0+0 at 0x90000400", 10 * MS);
        b.expect("app: v1.0.0 running in slot 0 at 0x90000400, confirmed", 10 * MS);
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void v2ReceivedOverTheConsoleIsTriedOnceAndRevertedWhenNotConfirmed(String board) {
        McubootBoard b = factoryBoard(board);
        receiveAndTry(b, updateV2(board));
        byte[] stored = b.flash(SLOT1, updateV2(board).length);
        assertThat(stored).as("slot 1 holds the received image").isEqualTo(updateV2(board));
        b.expect("mcuboot: slot 1: trial boot of v2.0.0+0", 300 * MS);
        b.expect("app: v2.0.0 running in slot 1 at 0x90020400, not confirmed", 20 * MS);
        assertThat(trailerByte(b, SLOT1, COPY_DONE_OFF)).as("copy_done marks the trial").isEqualTo(0x01);
        assertThat(trailerByte(b, SLOT1, IMAGE_OK_OFF)).isEqualTo(0xFF);

        b.expect("app: ready", 10 * MS);
        b.send("r");
        b.expect("mcuboot: slot 1: v2.0.0+0 was not confirmed after its trial boot: reverted", 300 * MS);
        b.expect("mcuboot: slot 0: v1.0.0+0 confirmed", 300 * MS);
        b.expect("app: v1.0.0 running in slot 0 at 0x90000400, confirmed", 20 * MS);
        assertThat(b.trailerMagicErased(SLOT1)).as("slot 1's trailer erased").isTrue();
        assertThat(b.output()).doesNotContain("raised to 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void aConfirmedV2StaysAndRaisesTheCounterSoALowerCounterV3IsRefused(String board) {
        McubootBoard b = factoryBoard(board);
        receiveAndTry(b, updateV2(board));
        b.expect("app: v2.0.0 running in slot 1 at 0x90020400, not confirmed", 500 * MS);
        b.expect("app: ready", 10 * MS);
        b.send("c");
        b.expect("app: confirmed", 20 * MS);
        assertThat(trailerByte(b, SLOT1, IMAGE_OK_OFF)).as("image_ok").isEqualTo(0x01);
        b.expect("app: ready", 10 * MS);
        b.send("r");
        b.expect("mcuboot: slot 1: v2.0.0+0 confirmed", 300 * MS);
        b.expect("mcuboot: security counter raised to 2", 10 * MS);
        b.expect("app: v2.0.0 running in slot 1 at 0x90020400, confirmed", 20 * MS);

        // A power cycle: still v2.
        McubootBoard again = b.powerCycled();
        again.expect("mcuboot: direct-xip on " + board + ", security counter 2", 50 * MS);
        again.expect("app: v2.0.0 running in slot 1 at 0x90020400, confirmed", 500 * MS);

        // v3 (newer version, security counter 1) goes to slot 0 over v1 and is refused.
        byte[] v3 = McubootBuild.directXip(board).lowerCounterV3();
        receiveAndTry(again, v3);
        assertThat(again.flash(SLOT0, v3.length)).isEqualTo(v3);
        again.expect("mcuboot: slot 0: rejected: security counter below the stored one", 300 * MS);
        again.expect("app: v2.0.0 running in slot 1 at 0x90020400, confirmed", 500 * MS);
        assertThat(again.output()).doesNotContain("app: v3");
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void anImageSignedWithAnotherKeyIsRefused(String board) {
        McubootBoard b = factoryBoard(board);
        receiveAndTry(b, McubootBuild.directXip(board).v2SignedWithAnotherKey());
        b.expect("mcuboot: slot 1: rejected: signed with another key", 300 * MS);
        b.expect("app: v1.0.0 running in slot 0 at 0x90000400, confirmed", 500 * MS);
        assertThat(b.output()).doesNotContain("app: v2");
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void aTamperedImageIsRefusedWhetherTheBitIsInTheBodyATlvOrTheSignature(String board) {
        for (McubootBuild.Tamper where : McubootBuild.Tamper.values()) {
            McubootBoard b = factoryBoard(board);
            receiveAndTry(b, McubootBuild.directXip(board).tamperedV2(where, 0x10));
            b.expect("mcuboot: slot 1: rejected: " + where.reason, 300 * MS);
            b.expect("app: v1.0.0 running in slot 0 at 0x90000400, confirmed", 500 * MS);
            assertThat(b.output()).as("one bit in the %s", where).doesNotContain("app: v2");
            assertThat(b.trailerMagicErased(SLOT1)).as("the refused slot's trailer is erased").isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void aCorruptSlotIsNeverBootedEvenWhenConfirmed(String board) {
        byte[] v2 = McubootImages.factory(board, "mcuboot-app-v2-slot1", "2.0.0", 2);
        v2[McubootImages.HEADER + 0x40] ^= 0x01;
        String loader = McubootBuild.directXip(board).loader();
        McubootBoard b = new McubootBoard(board).program(loader).programFlash(SLOT0, factoryV1(board)).programFlash(SLOT1, v2).powerOn();
        b.expect("mcuboot: slot 1: rejected: hash mismatch", 300 * MS);
        b.expect("app: v1.0.0 running in slot 0 at 0x90000400, confirmed", 500 * MS);
        assertThat(b.flash(SLOT1 + SLOT_SIZE - MAGIC_OFF, 16)).as("a confirmed image is left in place").isEqualTo(TRAILER_MAGIC);

        byte[] v1 = factoryV1(board).clone();
        v1[McubootImages.HEADER + 0x40] ^= 0x01;
        McubootBoard none = new McubootBoard(board).program(loader).programFlash(SLOT0, v1).programFlash(SLOT1, v2).powerOn();
        none.expect("mcuboot: no bootable image", 500 * MS);
        none.await("never printed", 10 * MS);
        // semihost_exit(1): BKPT 0xAB, a lockup on a board run without the CLI's semihosting host.
        assertThat(none.stopped()).isNotNull();
        assertThat(none.output()).doesNotContain("app:");
    }
}
