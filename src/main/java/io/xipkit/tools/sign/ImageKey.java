package io.xipkit.tools.sign;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Optional;

/**
 * A signing key pair, or a public key alone (enough to verify). The key hash TLV is the SHA-256
 * of the public key's DER SubjectPublicKeyInfo, as imgtool computes it (get_public_bytes: DER,
 * SubjectPublicKeyInfo).
 */
public record ImageKey(KeyType type, PublicKey publicKey, Optional<PrivateKey> privateKey) {
    /** DER SubjectPublicKeyInfo (RFC 5280 4.1; RFC 5480 for P-256, RFC 8410 for Ed25519). */
    public byte[] publicKeyDer() {
        return publicKey.getEncoded();
    }

    /** SHA-256 of {@link #publicKeyDer()}: the value of the KEYHASH TLV. */
    public byte[] keyHash() {
        return sha256(publicKeyDer());
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
