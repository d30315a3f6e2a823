package io.xipkit.tools.sign;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds an MCUboot image from a raw binary the way imgtool's {@code sign} does
 * (docs/design.md "Image format"; scripts/imgtool/image.py for the order of things): header,
 * payload, the protected TLV area (SEC_CNT) when there is one, then the unprotected area with
 * SHA256 over header + payload + protected area, KEYHASH and the signature, in that order; then,
 * with --pad, the slot padding and the trailer.
 */
public final class ImageSigner {
    private ImageSigner() {}

    public static byte[] sign(byte[] input, SignOptions o, Optional<ImageKey> key) throws SignException {
        int hs = o.headerSize();
        byte[] payload;
        if (o.padHeader()) {
            // imgtool fills the prepended room with the erased value before writing the header over it
            payload = new byte[hs + input.length];
            Arrays.fill(payload, 0, hs, (byte) 0xFF);
            System.arraycopy(input, 0, payload, hs, input.length);
        } else {
            if (input.length < hs) {
                throw new SignException(String.format("the input (0x%x bytes) is shorter than the header size 0x%x", input.length, hs));
            }
            for (int i = 0; i < hs; i++) {
                if (input[i] != 0) {
                    throw new SignException(String.format(
                            "the input does not start with 0x%x zero bytes of header room (byte 0x%x is 0x%02x); use --pad-header", hs, i,
                            input[i] & 0xFF));
                }
            }
            payload = input.clone();
        }
        long imageSize = payload.length - hs;
        if (imageSize > 0xFFFF_FFFFL) throw new SignException("the input is too large for a 32-bit image size");

        List<Tlv> protectedTlvs = new ArrayList<>();
        if (o.securityCounter().isPresent()) {
            long c = o.securityCounter().getAsLong();
            if (c < 0 || c > 0xFFFF_FFFFL) throw new SignException("security counter " + c + " does not fit 32 bits");
            protectedTlvs.add(new Tlv(Tlv.SEC_CNT, le32(c)));
        }
        TlvArea prot = new TlvArea(TlvArea.PROTECTED_MAGIC, protectedTlvs);
        int protSize = protectedTlvs.isEmpty() ? 0 : prot.size();

        long flags = o.loadAddress() != 0 ? McubootHeader.F_RAM_LOAD : 0;
        McubootHeader header = new McubootHeader(o.loadAddress(), hs, protSize, imageSize, flags, o.version());
        System.arraycopy(header.encode(), 0, payload, 0, McubootHeader.SIZE);

        ByteArrayOutputStream hashed = new ByteArrayOutputStream();
        hashed.writeBytes(payload);
        if (protSize != 0) hashed.writeBytes(prot.encode());
        byte[] hashedRegion = hashed.toByteArray();
        byte[] digest = ImageKey.sha256(hashedRegion);

        List<Tlv> tlvs = new ArrayList<>();
        tlvs.add(new Tlv(Tlv.SHA256, digest));
        if (key.isPresent()) {
            tlvs.add(o.fullPublicKey() ? new Tlv(Tlv.PUBKEY, key.get().publicKeyDer()) : new Tlv(Tlv.KEYHASH, key.get().keyHash()));
            tlvs.add(new Tlv(key.get().type().signatureTlv(), Signer.sign(key.get(), hashedRegion, digest)));
        }
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        image.writeBytes(hashedRegion);
        image.writeBytes(new TlvArea(TlvArea.UNPROTECTED_MAGIC, tlvs).encode());
        byte[] out = image.toByteArray();

        ImageTrailer trailer = o.trailer();
        if (out.length + (long) trailer.size() > o.slotSize()) {
            throw new SignException(String.format("image size (0x%x) + trailer (0x%x) exceeds the slot size 0x%x",
                    out.length, trailer.size(), o.slotSize()));
        }
        // imgtool: --confirm implies --pad, a trailer flag needs a trailer to live in
        if (o.pad() || o.confirm()) out = trailer.pad(out, o.slotSize(), o.confirm());
        return out;
    }

    static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }
}
