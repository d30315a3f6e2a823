package io.xipkit.tools.sign;

import java.util.OptionalLong;

/**
 * What {@code image sign} is asked to do; each field means what the imgtool option of the same
 * name means (MCUboot docs/imgtool.md, "Signing images").
 *
 * @param version         --version
 * @param headerSize      --header-size: room before the payload, at least 32
 * @param padHeader       --pad-header: prepend headerSize erased bytes; otherwise the input must start with headerSize zero bytes
 * @param slotSize        --slot-size: the image plus its trailer must fit
 * @param pad             --pad: fill to slotSize and write the trailer magic (implied by confirm)
 * @param confirm         --confirm: also set image_ok
 * @param trailer         --align, --max-align, --max-sectors, --overwrite-only
 * @param securityCounter --security-counter: adds the protected SEC_CNT TLV
 * @param loadAddress     --load-addr: sets ih_load_addr and the RAM_LOAD flag when non-zero
 * @param fullPublicKey   --public-key-format full: a PUBKEY TLV (the DER SubjectPublicKeyInfo) instead of KEYHASH
 */
public record SignOptions(ImageVersion version, int headerSize, boolean padHeader, long slotSize, boolean pad,
        boolean confirm, ImageTrailer trailer, OptionalLong securityCounter, long loadAddress, boolean fullPublicKey) {
    public SignOptions {
        if (headerSize < McubootHeader.SIZE || headerSize > 0xFFFF) {
            throw new IllegalArgumentException("header size out of range");
        }
    }
}
