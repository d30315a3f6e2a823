package io.xipkit.tools.sign;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks a signed image as imgtool's {@code verify} and MCUboot's bootutil do: the header, the
 * protected area whose size the header gives, the SHA256 TLV against header + payload +
 * protected area, then the signature with the given key. Stricter than imgtool, which ignores the
 * key TLVs: as in bootutil, which picks its key by the KEYHASH (or PUBKEY) TLV, an image that
 * names no key or another key fails.
 */
public final class ImageVerifier {
    private ImageVerifier() {}

    /** The outcome of checking an image that parsed. */
    public sealed interface Result {
        /** Valid: hash and (with a key) signature match. */
        record Valid(McubootHeader header, byte[] digest) implements Result {}

        /** Well-formed but not authentic: the reason in one line. */
        record Invalid(String reason) implements Result {}
    }

    /**
     * Verifies {@code image}; a key is optional (then only the hash is checked, as imgtool verify
     * without --key). Throws when the file is not a well-formed MCUboot image at all.
     */
    public static Result verify(byte[] image, Optional<ImageKey> key) throws SignException {
        Parsed p = Parsed.of(image);
        byte[] hashedRegion = Arrays.copyOf(image, (int) p.hashedLength());
        byte[] digest = ImageKey.sha256(hashedRegion);
        Optional<Tlv> hash = p.tlvs().find(Tlv.SHA256);
        if (hash.isEmpty()) return new Result.Invalid("the image has no SHA256 TLV");
        if (!MessageDigest.isEqual(hash.get().value(), digest)) return new Result.Invalid("the image has an invalid hash");
        if (key.isEmpty()) return new Result.Valid(p.header(), digest);
        // bootutil finds its key through the KEYHASH (or full PUBKEY) TLV; an image naming no key, or
        // another one, does not boot, so it does not verify here either
        Optional<Tlv> keyHash = p.tlvs().find(Tlv.KEYHASH);
        Optional<Tlv> pubKey = p.tlvs().find(Tlv.PUBKEY);
        if (keyHash.isPresent()) {
            if (!MessageDigest.isEqual(keyHash.get().value(), key.get().keyHash())) {
                return new Result.Invalid("the image's key hash does not match the given key");
            }
        } else if (pubKey.isPresent()) {
            if (!MessageDigest.isEqual(pubKey.get().value(), key.get().publicKeyDer())) {
                return new Result.Invalid("the image's public key is not the given key");
            }
        } else {
            return new Result.Invalid("the image names no key (no KEYHASH or PUBKEY TLV)");
        }
        boolean any = false;
        for (Tlv t : p.tlvs().records()) {
            if (t.type() != key.get().type().signatureTlv()) continue;
            any = true;
            if (Signer.verify(key.get(), hashedRegion, digest, t.value())) return new Result.Valid(p.header(), digest);
        }
        return new Result.Invalid(any ? "the signature does not verify with the given key" : "no signature found for the given key");
    }

    /** An image split into its parts; the areas were checked to lie inside the file. */
    record Parsed(McubootHeader header, Optional<TlvArea> protectedTlvs, TlvArea tlvs, long hashedLength, long end) {
        static Parsed of(byte[] image) throws SignException {
            McubootHeader h = McubootHeader.parse(image);
            long off = h.tlvOffset();
            if (off > image.length) {
                throw new SignException(String.format("malformed MCUboot image: header size 0x%x + image size 0x%x pass the end of the file (0x%x bytes)",
                        h.headerSize(), h.imageSize(), image.length));
            }
            Optional<TlvArea> prot = Optional.empty();
            if (h.protectedTlvSize() != 0) {
                TlvArea a = TlvArea.parse(image, off, TlvArea.PROTECTED_MAGIC);
                if (a.size() != h.protectedTlvSize()) {
                    throw new SignException(String.format("malformed MCUboot image: the header gives 0x%x bytes of protected TLVs, the area holds 0x%x",
                            h.protectedTlvSize(), a.size()));
                }
                prot = Optional.of(a);
                off += a.size();
            }
            TlvArea tlvs = TlvArea.parse(image, off, TlvArea.UNPROTECTED_MAGIC);
            return new Parsed(h, prot, tlvs, off, off + tlvs.size());
        }
    }
}
