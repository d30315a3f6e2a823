package io.xipkit.firmware;

import static io.xipkit.firmware.McubootBoard.MS;
import static io.xipkit.firmware.McubootImages.COPY_DONE_OFF;
import static io.xipkit.firmware.McubootImages.IMAGE_OK_OFF;
import static io.xipkit.firmware.McubootImages.SLOT0;
import static io.xipkit.firmware.McubootImages.SLOT1;
import static io.xipkit.firmware.McubootImages.SLOT_SIZE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference boot loader in swap mode (firmware/stm32h7/mcuboot, built as
 * {@code <board>-mcuboot-swap}): images run from slot 0; v2 received into slot 1 over the console
 * trades places with v1 through the scratch area and is booted once on trial; unconfirmed it
 * trades places back on the next reset (v1 again, confirmed for good), confirmed it stays;
 * refusals (security counter, key, tampering, corrupt slot 0). Each scenario checks the console
 * and the slots' contents: after a swap slot 1 holds the image slot 0 held, byte for byte.
 */
class McubootSwapTest {
    private static McubootBuild build(String board) {
        return McubootBuild.swap(board);
    }

    private static int trailerByte(McubootBoard b, int slot, int off) {
        return b.flash(slot + SLOT_SIZE - off, 1)[0] & 0xFF;
    }

    /** The first {@code image}'s length bytes of the slot equal the image's. */
    private static void holds(McubootBoard b, int slot, byte[] image, String what) {
        int n = McubootImages.imageLength(image);
        assertThat(b.flash(slot, n)).as(what).isEqualTo(Arrays.copyOf(image, n));
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void v1FromTheFactoryBootsFromSlot0AndRaisesTheSecurityCounter(String board) {
        McubootBoard b = build(board).factoryBoard();
        b.expect("mcuboot: swap on " + board + ", security counter 0", 50 * MS);
        b.expect("mcuboot: security counter raised to 1", 200 * MS);
        b.expect("mcuboot: slot 0: starting v1.0.0+0 at 0x90000400", 10 * MS);
        b.expect("app: v1.0.0 running in slot 0 at 0x90000400, confirmed", 10 * MS);
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void v2ReceivedOverTheConsoleIsSwappedInForATrialAndSwappedBackWhenNotConfirmed(String board) {
        McubootBuild s = build(board);
        McubootBoard b = s.factoryBoard();
        b.receiveAndReset(s.updateV2());
        b.expect("mcuboot: slot 1: swapping v2.0.0+0 into slot 0 for a trial boot", 300 * MS);
        b.expect("mcuboot: slot 0: trial boot of v2.0.0+0", 2_000 * MS);
        b.expect("app: v2.0.0 running in slot 0 at 0x90000400, not confirmed", 20 * MS);
        holds(b, SLOT0, s.updateV2(), "slot 0 holds v2");
        holds(b, SLOT1, s.factoryV1(), "slot 1 holds v1");
        assertThat(b.trailerMagicErased(SLOT1)).as("slot 1 no longer pending").isTrue();
        assertThat(trailerByte(b, SLOT0, COPY_DONE_OFF)).as("copy_done marks the trial").isEqualTo(0x01);
        assertThat(trailerByte(b, SLOT0, IMAGE_OK_OFF)).isEqualTo(0xFF);

        b.expect("app: ready", 10 * MS);
        b.send("r");
        b.expect("mcuboot: slot 0: not confirmed after its trial boot: reverting", 300 * MS);
        b.expect("mcuboot: slot 0: starting v1.0.0+0 at 0x90000400", 2_000 * MS);
        b.expect("app: v1.0.0 running in slot 0 at 0x90000400, confirmed", 20 * MS);
        holds(b, SLOT0, s.factoryV1(), "slot 0 holds v1 again");
        holds(b, SLOT1, s.updateV2(), "slot 1 holds v2");
        assertThat(b.output()).doesNotContain("raised to 2");

        // Reverted for good: another reset runs v1 without swapping.
        b.expect("app: ready", 10 * MS);
        b.send("r");
        b.expect("app: v1.0.0 running in slot 0 at 0x90000400, confirmed", 500 * MS);
        assertThat(b.output().split("swapping", -1)).as("one swap only").hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void aConfirmedV2StaysAndRaisesTheCounterSoALowerCounterV3IsRefused(String board) {
        McubootBuild s = build(board);
        McubootBoard b = s.factoryBoard();
        b.receiveAndReset(s.updateV2());
        b.expect("app: v2.0.0 running in slot 0 at 0x90000400, not confirmed", 2_000 * MS);
        b.expect("app: ready", 10 * MS);
        b.send("c");
        b.expect("app: confirmed", 20 * MS);
        assertThat(trailerByte(b, SLOT0, IMAGE_OK_OFF)).as("image_ok").isEqualTo(0x01);
        b.expect("app: ready", 10 * MS);
        b.send("r");
        b.expect("mcuboot: security counter raised to 2", 300 * MS);
        b.expect("app: v2.0.0 running in slot 0 at 0x90000400, confirmed", 20 * MS);
        assertThat(b.output()).doesNotContain("reverting");

        McubootBoard again = b.powerCycled();
        again.expect("mcuboot: swap on " + board + ", security counter 2", 50 * MS);
        again.expect("app: v2.0.0 running in slot 0 at 0x90000400, confirmed", 500 * MS);
        again.receiveAndReset(s.lowerCounterV3());
        again.expect("mcuboot: slot 1: rejected: security counter below the stored one", 300 * MS);
        again.expect("app: v2.0.0 running in slot 0 at 0x90000400, confirmed", 500 * MS);
        assertThat(again.output()).doesNotContain("app: v3").doesNotContain("swapping");
        assertThat(again.trailerMagicErased(SLOT1)).as("the refused image is no longer pending").isTrue();
        holds(again, SLOT0, s.updateV2(), "slot 0 still holds v2");
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void imagesSignedWithAnotherKeyOrTamperedAreRefusedAndSlot0IsKept(String board) {
        McubootBuild s = build(board);
        byte[][] images = {s.v2SignedWithAnotherKey(), s.tamperedV2(McubootBuild.Tamper.BODY, 0x02),
            s.tamperedV2(McubootBuild.Tamper.PROTECTED_TLV, 0x02), s.tamperedV2(McubootBuild.Tamper.SIGNATURE, 0x02)};
        String[] reasons = {"signed with another key", McubootBuild.Tamper.BODY.reason, McubootBuild.Tamper.PROTECTED_TLV.reason,
            McubootBuild.Tamper.SIGNATURE.reason};
        for (int i = 0; i < images.length; i++) {
            McubootBoard b = s.factoryBoard();
            b.receiveAndReset(images[i]);
            b.expect("mcuboot: slot 1: rejected: " + reasons[i], 300 * MS);
            b.expect("app: v1.0.0 running in slot 0 at 0x90000400, confirmed", 500 * MS);
            assertThat(b.output()).doesNotContain("swapping").doesNotContain("app: v2");
            assertThat(b.trailerMagicErased(SLOT1)).isTrue();
            holds(b, SLOT0, s.factoryV1(), "slot 0 still holds v1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {H7Firmware.H750, H7Firmware.H757})
    void aCorruptSlot0IsNeverBooted(String board) {
        byte[] v1 = build(board).factoryV1();
        v1[McubootImages.HEADER + 0x80] ^= 0x20;
        McubootBoard b = new McubootBoard(board).program(build(board).loader()).programFlash(SLOT0, v1).powerOn();
        b.expect("mcuboot: slot 0: rejected: hash mismatch", 300 * MS);
        b.expect("mcuboot: no bootable image", 10 * MS);
        b.await("never printed", 10 * MS);
        assertThat(b.stopped()).as("semihost_exit(1)").isNotNull();
        assertThat(b.output()).doesNotContain("app:");
    }
}
