package io.xipkit.tools.sign;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A TLV area: the 4-byte info header (u16 magic, u16 total length including the info header)
 * followed by records. The protected area (magic 0x6908) is covered by the image hash, the
 * unprotected one (0x6907) is not. MCUboot docs/design.md "Image format" (struct image_tlv_info).
 */
public record TlvArea(int magic, List<Tlv> records) {
    public static final int INFO_SIZE = 4;
    public static final int UNPROTECTED_MAGIC = 0x6907;
    public static final int PROTECTED_MAGIC = 0x6908;

    public TlvArea {
        records = List.copyOf(records);
    }

    /** Total length as written in the info header. */
    public int size() {
        int n = INFO_SIZE;
        for (Tlv t : records) n += t.size();
        return n;
    }

    public byte[] encode() {
        if (size() > 0xFFFF) throw new IllegalArgumentException("TLV area longer than 0xffff");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer info = ByteBuffer.allocate(INFO_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        info.putShort((short) magic).putShort((short) size());
        out.writeBytes(info.array());
        for (Tlv t : records) {
            ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            h.putShort((short) t.type()).putShort((short) t.value().length);
            out.writeBytes(h.array());
            out.writeBytes(t.value());
        }
        return out.toByteArray();
    }

    /** The first record of this type, if any. */
    public Optional<Tlv> find(int type) {
        return records.stream().filter(t -> t.type() == type).findFirst();
    }

    /**
     * Reads the area at {@code offset}, which must carry {@code expectedMagic}; every record must
     * lie inside the length the info header gives, and the whole area inside the file.
     */
    public static TlvArea parse(byte[] image, long offset, int expectedMagic) throws SignException {
        String what = expectedMagic == PROTECTED_MAGIC ? "protected TLV area" : "TLV area";
        if (offset < 0 || offset + INFO_SIZE > image.length) {
            throw new SignException(String.format("malformed MCUboot image: the %s at 0x%x lies past the end of the file (0x%x bytes)",
                    what, offset, image.length));
        }
        int off = (int) offset;
        int magic = u16(image, off);
        if (magic != expectedMagic) {
            throw new SignException(String.format("malformed MCUboot image: %s magic 0x%04x at 0x%x, expected 0x%04x",
                    what, magic, off, expectedMagic));
        }
        int total = u16(image, off + 2);
        long end = (long) off + total;
        if (total < INFO_SIZE || end > image.length) {
            throw new SignException(String.format("malformed MCUboot image: %s at 0x%x claims 0x%x bytes, the file has 0x%x",
                    what, off, total, image.length - off));
        }
        List<Tlv> records = new ArrayList<>();
        int p = off + INFO_SIZE;
        while (p < end) {
            if (p + 4 > end) throw new SignException(String.format("malformed MCUboot image: truncated TLV header at 0x%x", p));
            int type = u16(image, p);
            int len = u16(image, p + 2);
            if (p + 4L + len > end) {
                throw new SignException(String.format("malformed MCUboot image: TLV 0x%02x at 0x%x runs past the end of its area", type, p));
            }
            byte[] v = new byte[len];
            System.arraycopy(image, p + 4, v, 0, len);
            records.add(new Tlv(type, v));
            p += 4 + len;
        }
        return new TlvArea(magic, records);
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }
}
