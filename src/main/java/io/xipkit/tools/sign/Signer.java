package io.xipkit.tools.sign;

import java.security.GeneralSecurityException;
import java.security.Signature;

/**
 * Signs and checks the hashed region of an image with the JDK's providers, the way imgtool does
 * (scripts/imgtool/keys): ECDSA P-256 signs the hashed region itself with SHA-256 (so the
 * signature covers the same SHA-256 digest the SHA256 TLV holds), and Ed25519 signs the 32-byte
 * SHA-256 digest, which makes Ed25519 images deterministic.
 */
public final class Signer {
    private Signer() {}

    /** Signature over {@code hashedRegion} (header, payload, protected TLVs) whose SHA-256 is {@code digest}. */
    public static byte[] sign(ImageKey key, byte[] hashedRegion, byte[] digest) throws SignException {
        if (key.privateKey().isEmpty()) throw new SignException("the key file holds only a public key; signing needs the private key");
        try {
            Signature s = engine(key.type());
            s.initSign(key.privateKey().get());
            s.update(key.type() == KeyType.ED25519 ? digest : hashedRegion);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new SignException("cannot sign with this key: " + e.getMessage());
        }
    }

    /** Whether {@code signature} is a valid signature of this image by {@code key}. */
    public static boolean verify(ImageKey key, byte[] hashedRegion, byte[] digest, byte[] signature) {
        try {
            Signature s = engine(key.type());
            s.initVerify(key.publicKey());
            s.update(key.type() == KeyType.ED25519 ? digest : hashedRegion);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a malformed DER signature is just a bad signature
            return false;
        }
    }

    private static Signature engine(KeyType type) throws GeneralSecurityException {
        return Signature.getInstance(type == KeyType.ED25519 ? "Ed25519" : "SHA256withECDSA");
    }
}
