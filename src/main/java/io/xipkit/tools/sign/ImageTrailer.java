package io.xipkit.tools.sign;

import java.util.Arrays;
import java.util.Optional;

/**
 * The image trailer MCUboot keeps at the end of a slot (docs/design.md "Image trailer"), from the
 * end backwards: MAGIC (16 bytes, in a field of BOOT_MAX_ALIGN rounded up to 16), image_ok,
 * copy_done, swap_info and swap_size (one BOOT_MAX_ALIGN field each), then for swap modes the
 * swap status (max sectors x 3 x write alignment). Overwrite-only keeps only magic, image_ok and
 * copy_done. Sizes follow imgtool's padding (scripts/imgtool/image.py, trailer size and pad):
 * BOOT_MAX_ALIGN defaults to max(8, write alignment).
 *
 * @param align        the flash's write alignment (imgtool --align: 1, 2, 4, 8, 16 or 32)
 * @param maxAlign     BOOT_MAX_ALIGN (imgtool --max-align: 8, 16 or 32)
 * @param maxSectors   sectors the swap status has room for (imgtool --max-sectors, default 128)
 * @param overwriteOnly overwrite-only upgrades: no swap status, no swap_info/swap_size
 */
public record ImageTrailer(int align, int maxAlign, int maxSectors, boolean overwriteOnly) {
    public static final int MAGIC_SIZE = 16;
    public static final int DEFAULT_MAX_SECTORS = 128;
    /** image_ok/copy_done value for "set" (docs/design.md "Image trailer": 0x01). */
    public static final int FLAG_SET = 0x01;
    /** MAGIC when BOOT_MAX_ALIGN is 8 (docs/design.md "Image trailer", boot_img_magic). */
    private static final byte[] MAGIC_ALIGN8 = bytes(0x77, 0xc2, 0x95, 0xf3, 0x60, 0xd2, 0xef, 0x7f,
            0x35, 0x52, 0x50, 0x0f, 0x2c, 0xb6, 0x79, 0x80);
    /** The last 14 bytes of MAGIC for any other BOOT_MAX_ALIGN; the first two hold it (u16 LE). */
    private static final byte[] MAGIC_TAIL = bytes(0x2d, 0xe1, 0x5d, 0x29, 0x41, 0x0b, 0x8d, 0x77,
            0x67, 0x9c, 0x11, 0x0f, 0x1f, 0x8a);

    public ImageTrailer {
        if (!(align == 1 || align == 2 || align == 4 || align == 8 || align == 16 || align == 32)) {
            throw new IllegalArgumentException("alignment must be 1, 2, 4, 8, 16 or 32");
        }
        if (!(maxAlign == 8 || maxAlign == 16 || maxAlign == 32)) throw new IllegalArgumentException("max alignment must be 8, 16 or 32");
        if (maxSectors < 1) throw new IllegalArgumentException("max sectors must be positive");
    }

    /** The trailer imgtool pads for {@code --align align} without {@code --max-align}. */
    public static ImageTrailer forAlignment(int align, int maxSectors, boolean overwriteOnly) {
        return new ImageTrailer(align, Math.max(8, align), maxSectors, overwriteOnly);
    }

    /** The 16 MAGIC bytes for this BOOT_MAX_ALIGN. */
    public byte[] magic() {
        if (maxAlign == 8) return MAGIC_ALIGN8.clone();
        byte[] m = new byte[MAGIC_SIZE];
        m[0] = (byte) maxAlign;
        m[1] = (byte) (maxAlign >> 8);
        System.arraycopy(MAGIC_TAIL, 0, m, 2, MAGIC_TAIL.length);
        return m;
    }

    private int magicField() {
        return alignUp(MAGIC_SIZE, maxAlign);
    }

    /** Bytes the trailer occupies at the end of the slot. */
    public int size() {
        if (overwriteOnly) return maxAlign * 2 + magicField();
        return maxSectors * 3 * align + maxAlign * 4 + magicField();
    }

    /** Offsets inside a slot of {@code slotSize} bytes. */
    public int magicOffset(long slotSize) {
        return (int) (slotSize - MAGIC_SIZE);
    }

    public int imageOkOffset(long slotSize) {
        return (int) (slotSize - magicField() - maxAlign);
    }

    public int copyDoneOffset(long slotSize) {
        return imageOkOffset(slotSize) - maxAlign;
    }

    public int swapInfoOffset(long slotSize) {
        return copyDoneOffset(slotSize) - maxAlign;
    }

    public int swapSizeOffset(long slotSize) {
        return swapInfoOffset(slotSize) - maxAlign;
    }

    /**
     * Pads {@code image} with erased bytes (0xff) to {@code slotSize} and writes the MAGIC; with
     * {@code confirm} (not in overwrite-only, as imgtool) image_ok becomes 0x01.
     */
    public byte[] pad(byte[] image, long slotSize, boolean confirm) throws SignException {
        if (image.length + (long) size() > slotSize) {
            throw new SignException(String.format("image size (0x%x) + trailer (0x%x) exceeds the slot size 0x%x",
                    image.length, size(), slotSize));
        }
        byte[] slot = Arrays.copyOf(image, (int) slotSize);
        Arrays.fill(slot, image.length, slot.length, (byte) 0xFF);
        System.arraycopy(magic(), 0, slot, magicOffset(slotSize), MAGIC_SIZE);
        if (confirm && !overwriteOnly) slot[imageOkOffset(slotSize)] = (byte) FLAG_SET;
        return slot;
    }

    /**
     * The BOOT_MAX_ALIGN a trailer at the end of {@code slot} was written for, read from its MAGIC
     * as dumpinfo does; empty when the last 16 bytes are no MAGIC.
     */
    public static Optional<Integer> maxAlignOf(byte[] slot) {
        if (slot.length < MAGIC_SIZE) return Optional.empty();
        byte[] last = Arrays.copyOfRange(slot, slot.length - MAGIC_SIZE, slot.length);
        if (Arrays.equals(last, MAGIC_ALIGN8)) return Optional.of(8);
        if (Arrays.equals(Arrays.copyOfRange(last, 2, MAGIC_SIZE), MAGIC_TAIL)) {
            // only the values --max-align can take; anything else is no trailer this tool wrote
            int a = TlvArea.u16(last, 0);
            if (a == 16 || a == 32) return Optional.of(a);
        }
        return Optional.empty();
    }

    static int alignUp(int n, int align) {
        return (n + align - 1) & -align;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
        return b;
    }
}
