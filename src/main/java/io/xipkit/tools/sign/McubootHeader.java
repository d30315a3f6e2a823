package io.xipkit.tools.sign;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 32-byte MCUboot image header, little-endian (MCUboot docs/design.md "Image format",
 * struct image_header): 0 ih_magic u32, 4 ih_load_addr u32, 8 ih_hdr_size u16,
 * 10 ih_protect_tlv_size u16, 12 ih_img_size u32, 16 ih_flags u32, 20 ih_ver (u8 major,
 * 21 u8 minor, 22 u16 revision, 24 u32 build), 28 _pad1 u32 (zero).
 */
public record McubootHeader(long loadAddress, int headerSize, int protectedTlvSize, long imageSize, long flags,
        ImageVersion version) {
    public static final int MAGIC = 0x96f3b83d;
    public static final int SIZE = 32;
    /** ih_flags bits (docs/design.md "Image format"; scripts/imgtool/image.py IMAGE_F has the later ones). */
    public static final long F_PIC = 0x1, F_ENCRYPTED_AES128 = 0x4, F_ENCRYPTED_AES256 = 0x8, F_NON_BOOTABLE = 0x10,
            F_RAM_LOAD = 0x20, F_ROM_FIXED = 0x100, F_COMPRESSED_LZMA1 = 0x200, F_COMPRESSED_LZMA2 = 0x400,
            F_COMPRESSED_ARM_THUMB = 0x800;

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt((int) loadAddress).putShort((short) headerSize).putShort((short) protectedTlvSize)
                .putInt((int) imageSize).putInt((int) flags).put((byte) version.major()).put((byte) version.minor())
                .putShort((short) version.revision()).putInt((int) version.build()).putInt(0);
        return b.array();
    }

    /** Reads the header at the start of {@code image}; rejects a short file or a wrong magic. */
    public static McubootHeader parse(byte[] image) throws SignException {
        if (image.length < SIZE) {
            throw new SignException("not an MCUboot image: " + image.length + " bytes, shorter than the 32-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(image, 0, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt();
        if (magic != MAGIC) {
            throw new SignException(String.format("not an MCUboot image: header magic 0x%08x, expected 0x%08x", magic, MAGIC));
        }
        long load = Integer.toUnsignedLong(b.getInt());
        int hdr = Short.toUnsignedInt(b.getShort());
        int prot = Short.toUnsignedInt(b.getShort());
        long size = Integer.toUnsignedLong(b.getInt());
        long flags = Integer.toUnsignedLong(b.getInt());
        ImageVersion v = new ImageVersion(Byte.toUnsignedInt(b.get()), Byte.toUnsignedInt(b.get()),
                Short.toUnsignedInt(b.getShort()), Integer.toUnsignedLong(b.getInt()));
        if (hdr < SIZE) throw new SignException("malformed MCUboot image: header size 0x" + Integer.toHexString(hdr) + " is below 0x20");
        return new McubootHeader(load, hdr, prot, size, flags, v);
    }

    /** Offset of the first byte after the payload: where the TLV areas start. */
    public long tlvOffset() {
        return headerSize + imageSize;
    }
}
