package io.xipkit.tools.sign;

import java.util.List;
import java.util.Optional;

/**
 * The human-readable dump {@code image info} prints: the fields, sections and value notation of
 * imgtool's {@code dumpinfo} (scripts/imgtool/dumpinfo.py, human format) — header fields, the
 * payload frame, the protected and unprotected TLV areas with each record's type, length and
 * bytes, and, when the file runs past its TLVs (a padded image), the trailer fields read back
 * from the end of the file.
 */
public final class ImageInfo {
    private static final int LINE = 60;

    private ImageInfo() {}

    public static String describe(byte[] image, String fileName) throws SignException {
        ImageVerifier.Parsed p = ImageVerifier.Parsed.of(image);
        McubootHeader h = p.header();
        StringBuilder s = new StringBuilder();
        // dumpinfo warns while it reads the file, before it prints anything else
        if (image.length > p.end() && ImageTrailer.maxAlignOf(image).isEmpty()) s.append("Warning: the trailer magic value is invalid!\n");
        s.append("Printing content of signed image: ").append(fileName).append(" \n\n");
        s.append(row("Image header (offset: 0x0)")).append('\n');
        field(s, "magic", hex(McubootHeader.MAGIC & 0xFFFF_FFFFL));
        field(s, "load_addr", hex(h.loadAddress()));
        field(s, "hdr_size", hex(h.headerSize()));
        field(s, "protected_tlv_size", hex(h.protectedTlvSize()));
        field(s, "img_size", hex(h.imageSize()));
        field(s, "flags", flags(h.flags()));
        field(s, "version", h.version().toString());
        s.append("#".repeat(LINE)).append('\n');
        s.append(frame("Payload (offset: " + hex(h.headerSize()) + ")", "FW image (size: " + hex(h.imageSize()) + " Bytes)"));
        long off = h.tlvOffset();
        if (p.protectedTlvs().isPresent()) {
            s.append(row("Protected TLV area (offset: " + hex(off) + ")")).append('\n');
            area(s, p.protectedTlvs().get());
            off += h.protectedTlvSize();
        }
        s.append(row("TLV area (offset: " + hex(off) + ")")).append('\n');
        area(s, p.tlvs());
        if (image.length > p.end()) trailer(s, image, h);
        s.append(row("End of Image ")).append('\n');  // dumpinfo's footer text ends in a space
        return s.toString();
    }

    private static void trailer(StringBuilder s, byte[] image, McubootHeader h) {
        s.append(row("Image trailer (offset: unknown)")).append('\n');
        // dumpinfo cuts the note at the 60-column line length
        s.append("(Note: some fields may not be used, depending on the update \nstrategy)\n\n");
        Optional<Integer> maxAlign = ImageTrailer.maxAlignOf(image);
        s.append("swap status: (len: unknown)\n");
        boolean encrypted = (h.flags() & (McubootHeader.F_ENCRYPTED_AES128 | McubootHeader.F_ENCRYPTED_AES256)) != 0;
        if (encrypted && maxAlign.isPresent()) {
            s.append("enc. keys:   (len: ").append(hex(2L * ImageTrailer.alignUp(16, maxAlign.get())))
                    .append(", if BOOT_SWAP_SAVE_ENCTLV is unset)\n");
        } else {
            s.append("enc. keys:   Image not encrypted\n");
        }
        if (maxAlign.isPresent()) {
            int a = maxAlign.get();
            // field offsets from the end: the magic field (16 rounded up to BOOT_MAX_ALIGN), then one BOOT_MAX_ALIGN each
            int n = image.length;
            int imageOk = n - ImageTrailer.alignUp(ImageTrailer.MAGIC_SIZE, a) - a;
            int copyDone = imageOk - a;
            int swapInfo = copyDone - a;
            int swapSize = swapInfo - a;
            if (swapSize >= 0) {
                long size = TlvArea.u16(image, swapSize) | (long) TlvArea.u16(image, swapSize + 2) << 16;
                s.append("swap size:   ").append(size == 0xFFFF_FFFFL ? "unknown" : hex(size) + " octal: " + size).append('\n');
                s.append("swap_info:   ").append(status(image[swapInfo])).append('\n');
                s.append("copy_done:   ").append(status(image[copyDone])).append('\n');
                s.append("image_ok:    ").append(status(image[imageOk])).append('\n');
            }
        }
        s.append("boot magic:  ");
        for (int i = 0; i < ImageTrailer.MAGIC_SIZE; i++) {
            s.append(String.format("0x%02x ", image[image.length - ImageTrailer.MAGIC_SIZE + i] & 0xFF));
            if (i == ImageTrailer.MAGIC_SIZE / 2 - 1) s.append("\n             ");
        }
        s.append("\n\n");
    }

    /** BOOT_FLAG_* names (bootutil's SET 1, BAD 2, UNSET 3, ANY 4), as dumpinfo labels them. */
    private static String status(byte b) {
        int v = b & 0xFF;
        String name = switch (v) {
            case 1 -> "SET";
            case 2 -> "BAD";
            case 3 -> "UNSET";
            case 4 -> "ANY";
            default -> "INVALID";
        };
        return name + " (" + hex(v) + ")";
    }

    private static void area(StringBuilder s, TlvArea a) {
        s.append("magic:     ").append(hex(a.magic())).append('\n');
        s.append("area size: ").append(hex(a.size())).append('\n');
        String indent = " ".repeat(LINE / 8);
        List<Tlv> records = a.records();
        for (Tlv t : records) {
            s.append(indent).append(' ').append("-".repeat(45)).append('\n');
            s.append(indent).append(" type: ").append(Tlv.name(t.type())).append(" (").append(hex(t.type())).append(")\n");
            s.append(indent).append(" len:  ").append(hex(t.value().length)).append('\n');
            StringBuilder line = new StringBuilder(indent + " data: ");
            byte[] v = t.value();
            for (int j = 0; j < v.length; j++) {
                line.append(String.format("0x%02x ", v[j] & 0xFF));
                if ((j + 1) % 8 == 0 && j + 1 != v.length) {
                    s.append(line).append('\n');
                    line = new StringBuilder(" ".repeat(LINE / 8 + 7));
                }
            }
            s.append(line).append('\n');
        }
        s.append("#".repeat(LINE)).append('\n');
    }

    private static String flags(long flags) {
        if (flags == 0) return "0x0";
        StringBuilder b = new StringBuilder();
        String[] names = {"PIC", "ENCRYPTED_AES128", "ENCRYPTED_AES256", "NON_BOOTABLE", "RAM_LOAD", "ROM_FIXED",
            "COMPRESSED_LZMA1", "COMPRESSED_LZMA2", "COMPRESSED_ARM_THUMB"};
        long[] bits = {McubootHeader.F_PIC, McubootHeader.F_ENCRYPTED_AES128, McubootHeader.F_ENCRYPTED_AES256,
            McubootHeader.F_NON_BOOTABLE, McubootHeader.F_RAM_LOAD, McubootHeader.F_ROM_FIXED,
            McubootHeader.F_COMPRESSED_LZMA1, McubootHeader.F_COMPRESSED_LZMA2, McubootHeader.F_COMPRESSED_ARM_THUMB};
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) == 0) continue;
            if (b.length() > 0) b.append('\n').append(" ".repeat(20));
            b.append(names[i]).append(" (").append(hex(bits[i])).append(')');
        }
        return b.toString();
    }

    private static void field(StringBuilder s, String key, String value) {
        s.append(key).append(':').append(" ".repeat(19 - key.length())).append(value).append('\n');
    }

    private static String row(String text) {
        String head = "#### " + text + " ";
        return head + "#".repeat(Math.max(0, LINE - head.length()));
    }

    private static String frame(String title, String content) {
        String blank = "|" + " ".repeat(LINE - 2) + "|\n";
        int offset = (LINE - content.length()) / 2;
        String pre = "|" + " ".repeat(offset - 1);
        String post = " ".repeat(LINE - pre.length() - content.length() - 1) + "|";
        return row(title) + "\n" + blank + pre + content + post + "\n" + blank + "#".repeat(LINE) + "\n";
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
