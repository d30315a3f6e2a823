package io.xipkit.bus;

/**
 * Direct access to a region's bytes: offset {@code o < length} of the region is
 * {@code array[arrayOffset + o]}. Offsets at or beyond {@code length} are served by the region
 * itself (a flash window whose chips are smaller than the window, say).
 *
 * <p>The bus serves from the array only whole 64 KiB bus pages lying inside {@code [0, length)};
 * an access that straddles the end of such a page is bounds-checked against the array, not
 * against {@code length}, so {@code array} should not hold unrelated bytes right after the
 * covered range.
 *
 * @param array       the region's content
 * @param writable    whether bus writes may go straight to the array (false for ROM and for a
 *                    flash window, whose writes must reach the region to be refused or decoded)
 * @param arrayOffset index in {@code array} of region offset 0
 * @param length      number of region offsets (from 0) the array covers
 */
public record FastPath(byte[] array, boolean writable, int arrayOffset, long length) {
    public FastPath {
        if (arrayOffset < 0 || length < 0 || arrayOffset + length > array.length) {
            throw new IllegalArgumentException("fast path [" + arrayOffset + ", +" + length
                    + ") does not fit its " + array.length + "-byte array");
        }
    }

    /** The whole array, from region offset 0: the region is exactly {@code array.length} bytes. */
    public FastPath(byte[] array, boolean writable) {
        this(array, writable, 0, array.length);
    }
}
