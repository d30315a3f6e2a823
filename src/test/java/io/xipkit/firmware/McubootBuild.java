package io.xipkit.firmware;

import static io.xipkit.firmware.McubootImages.SLOT0;

/**
 * One build of the reference boot loader on one board with the images its scenario tests share
 * (McubootDirectXipTest, McubootOverwriteTest, McubootSwapTest): v1 confirmed in slot 0 from the
 * factory, v2 for the slot the running v1 receives it into (slot 1's address for direct-XIP, slot
 * 0's for the modes that install it there), and where one bit of v2 is flipped for the tampering cases.
 *
 * @param board  a board id (H7Firmware.H750, H7Firmware.H757)
 * @param loader the boot loader's program name (mcuboot-overwrite, mcuboot-directxip, mcuboot-swap)
 * @param v2     the program name of v2 as it is linked for where it will run
 */
record McubootBuild(String board, String loader, String v2) {
    static McubootBuild overwrite(String board) {
        return new McubootBuild(board, "mcuboot-overwrite", "mcuboot-app-v2");
    }

    static McubootBuild directXip(String board) {
        return new McubootBuild(board, "mcuboot-directxip", "mcuboot-app-v2-slot1");
    }

    static McubootBuild swap(String board) {
        return new McubootBuild(board, "mcuboot-swap", "mcuboot-app-v2");
    }

    /** v1 padded to the slot with image_ok set, security counter 1: what the factory programs into slot 0. */
    byte[] factoryV1() {
        return McubootImages.factory(board, "mcuboot-app-v1", "1.0.0", 1);
    }

    /** v2, security counter 2, signed with the trusted key and not padded: what the app receives. */
    byte[] updateV2() {
        return McubootImages.update(board, v2, "2.0.0", 2);
    }

    /** v2 signed with the other key. */
    byte[] v2SignedWithAnotherKey() {
        return McubootImages.signed(board, v2, "2.0.0", 2, McubootImages.OTHER, false);
    }

    /** v3 (linked for slot 0), a newer version with security counter 1, below v2's. */
    byte[] lowerCounterV3() {
        return McubootImages.update(board, "mcuboot-app-v3", "3.0.0", 1);
    }

    /** The boot loader and the factory v1 stored, powered on. */
    McubootBoard factoryBoard() {
        return new McubootBoard(board).program(loader).programFlash(SLOT0, factoryV1()).powerOn();
    }

    /** What a flipped bit of v2 is in: the payload, the protected (security counter) TLV, the signature. */
    enum Tamper {
        BODY("hash mismatch"), PROTECTED_TLV("hash mismatch"), SIGNATURE("bad signature");

        /** The boot loader's reason for refusing the image. */
        final String reason;

        Tamper(String reason) {
            this.reason = reason;
        }
    }

    /** v2 with bit {@code mask} flipped in the part {@code where}. */
    byte[] tamperedV2(Tamper where, int mask) {
        byte[] image = updateV2();
        int offset = switch (where) {
            case BODY -> McubootImages.HEADER + 0x100;
            case PROTECTED_TLV -> McubootImages.HEADER + (McubootImages.u16(image, 12) | McubootImages.u16(image, 14) << 16) + 8;
            case SIGNATURE -> McubootImages.imageLength(image) - 10;
        };
        image[offset] ^= (byte) mask;
        return image;
    }
}
