package io.xipkit.tools.sign;

/**
 * One TLV record: type (u16, little-endian; imgtool writes MCUboot's own types as a u8 followed
 * by a zero byte, the same bytes), length (u16) and value. MCUboot docs/design.md "Image format",
 * struct image_tlv.
 */
public record Tlv(int type, byte[] value) {
    public static final int KEYHASH = 0x01, PUBKEY = 0x02, SHA256 = 0x10, SHA384 = 0x11, SHA512 = 0x12,
            RSA2048_PSS = 0x20, ECDSA_SIG = 0x22, RSA3072_PSS = 0x23, ED25519 = 0x24, SIG_PURE = 0x25,
            ENC_RSA2048 = 0x30, ENC_KW = 0x31, ENC_EC256 = 0x32, ENC_X25519 = 0x33, DEPENDENCY = 0x40,
            SEC_CNT = 0x50, BOOT_RECORD = 0x60;

    public Tlv {
        if (type < 0 || type > 0xFFFF || value.length > 0xFFFF) throw new IllegalArgumentException("TLV out of range");
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Bytes this record takes: 4-byte header plus the value. */
    public int size() {
        return 4 + value.length;
    }

    /** The name imgtool uses for this type (its TLV_VALUES table), or UNKNOWN. */
    public static String name(int type) {
        return switch (type) {
            case KEYHASH -> "KEYHASH";
            case PUBKEY -> "PUBKEY";
            case SHA256 -> "SHA256";
            case SHA384 -> "SHA384";
            case SHA512 -> "SHA512";
            case RSA2048_PSS -> "RSA2048";
            case ECDSA_SIG -> "ECDSASIG";
            case RSA3072_PSS -> "RSA3072";
            case ED25519 -> "ED25519";
            case SIG_PURE -> "SIG_PURE";
            case ENC_RSA2048 -> "ENCRSA2048";
            case ENC_KW -> "ENCKW";
            case ENC_EC256 -> "ENCEC256";
            case ENC_X25519 -> "ENCX25519";
            case DEPENDENCY -> "DEPENDENCY";
            case SEC_CNT -> "SEC_CNT";
            case BOOT_RECORD -> "BOOT_RECORD";
            default -> "UNKNOWN";
        };
    }
}
