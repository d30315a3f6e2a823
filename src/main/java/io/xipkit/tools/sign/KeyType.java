package io.xipkit.tools.sign;

/** Signature schemes an image can carry, with the TLV that holds the signature (docs/design.md "Image format"). */
public enum KeyType {
    /** ECDSA over NIST P-256 with SHA-256; the TLV holds the DER (ASN.1 SEQUENCE r, s) signature. */
    ECDSA_P256("ecdsa-p256", Tlv.ECDSA_SIG),
    /** Ed25519 (RFC 8032) over the image's SHA-256 digest; the TLV holds the 64-byte signature. */
    ED25519("ed25519", Tlv.ED25519);

    private final String cliName;
    private final int signatureTlv;

    KeyType(String cliName, int signatureTlv) {
        this.cliName = cliName;
        this.signatureTlv = signatureTlv;
    }

    /** The name imgtool's keygen --type uses. */
    public String cliName() {
        return cliName;
    }

    public int signatureTlv() {
        return signatureTlv;
    }

    public static KeyType fromCliName(String name) throws SignException {
        for (KeyType t : values()) if (t.cliName.equals(name)) return t;
        throw new SignException("unknown key type '" + name + "' (expected ecdsa-p256 or ed25519)");
    }
}
