package io.xipkit.peripherals.stm32;

/**
 * How {@link MdmaChannel} turns source items into destination items within one buffer
 * (RM0433 Rev 8 §14.5.6 MDMA_CxTCR.PKE/PAM, §14.5.5 CCR.BEX/HEX/WEX):
 * <ul>
 * <li>equal sizes, or PKE = 1: the bytes go through as a little-endian stream, packed into or
 *     unpacked from destination items (§14.2: "data packing/unpacking is always done respecting the
 *     little endian convention");</li>
 * <li>PKE = 0 and different sizes: one destination item per source item, a smaller source right
 *     aligned and zero-padded (PAM = 00), sign-extended (01) or left aligned (10), a larger one
 *     truncated to its low (00, 01) or high (10) part;</li>
 * <li>then, in each destination item, BEX swaps the bytes of each half-word, HEX the half-words of
 *     each word, WEX the words of the double-word.</li>
 * </ul>
 */
final class MdmaDataPath {
    private final int ssize, dsize;
    private final boolean stream;
    private final int pam;
    private final boolean bex, hex, wex;
    /** Bytes not yet written (stream mode), little-endian, at most 16. */
    private long lowBytes, highBytes;
    private int count;
    /** One converted item waiting (item mode). */
    private long item;
    private boolean itemReady;

    MdmaDataPath(int ssize, int dsize, boolean pack, int pam, boolean bex, boolean hex, boolean wex) {
        this.ssize = ssize;
        this.dsize = dsize;
        this.stream = pack || ssize == dsize;
        this.pam = pam;
        this.bex = bex;
        this.hex = hex;
        this.wex = wex;
    }

    /** A source item (right-aligned in {@code v}). */
    void push(long v) {
        if (!stream) {
            item = convert(v);
            itemReady = true;
            return;
        }
        for (int i = 0; i < ssize; i++) {
            long b = (v >>> (8 * i)) & 0xFF;
            int at = count++;
            if (at < 8) lowBytes |= b << (8 * at);
            else highBytes |= b << (8 * (at - 8));
        }
    }

    boolean ready() {
        return stream ? count >= dsize : itemReady;
    }

    /** The next destination item, endianness exchanges applied. */
    long pop() {
        long v;
        if (!stream) {
            itemReady = false;
            v = item;
        } else {
            v = dsize == 8 ? lowBytes : lowBytes & ((1L << (8 * dsize)) - 1);
            // Shift the stream down by dsize bytes.
            if (dsize == 8) {
                lowBytes = highBytes;
                highBytes = 0;
            } else {
                lowBytes = (lowBytes >>> (8 * dsize)) | (highBytes << (64 - 8 * dsize));
                highBytes >>>= 8 * dsize;
            }
            count -= dsize;
        }
        return exchange(v);
    }

    /** Bytes read that do not make a whole destination item: a block size error (§14.3.15). */
    boolean leftover() {
        return stream && count > 0;
    }

    private long convert(long v) {
        int sbits = 8 * ssize, dbits = 8 * dsize;
        if (ssize < dsize) {
            return switch (pam) {
                case 1 -> mask((v << (64 - sbits)) >> (64 - sbits), dbits); // sign extended
                case 2 -> v << (dbits - sbits);                             // left aligned, zero padded
                default -> v;                                               // right aligned, zero padded
            };
        }
        return pam == 2 ? v >>> (sbits - dbits) : mask(v, dbits);
    }

    private static long mask(long v, int bits) {
        return bits == 64 ? v : v & ((1L << bits) - 1);
    }

    private long exchange(long v) {
        if (bex && dsize >= 2) v = ((v & 0x00FF_00FF_00FF_00FFL) << 8) | ((v >>> 8) & 0x00FF_00FF_00FF_00FFL);
        if (hex && dsize >= 4) v = ((v & 0x0000_FFFF_0000_FFFFL) << 16) | ((v >>> 16) & 0x0000_FFFF_0000_FFFFL);
        if (wex && dsize == 8) v = (v << 32) | (v >>> 32);
        return mask(v, 8 * dsize);
    }
}
