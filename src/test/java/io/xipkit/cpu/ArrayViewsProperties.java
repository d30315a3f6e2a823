package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** ArrayViews reads and writes little-endian halfwords and words at any index, and never outside the array. */
class ArrayViewsProperties {
    @Property
    void wordsAndHalfwordsAreLittleEndianAtAnyIndex(@ForAll @Size(min = 4, max = 64) byte[] bytes,
                                                    @ForAll @IntRange(min = 0, max = 60) int at, @ForAll int value) {
        int i = at % (bytes.length - 3);
        int expected = (bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8 | (bytes[i + 2] & 0xFF) << 16 | (bytes[i + 3] & 0xFF) << 24;
        assertThat(ArrayViews.getInt(bytes, i)).isEqualTo(expected);
        assertThat(ArrayViews.getShort(bytes, i)).isEqualTo((short) expected);

        byte[] before = bytes.clone();
        ArrayViews.setInt(bytes, i, value);
        for (int k = 0; k < bytes.length; k++) {
            byte want = k >= i && k < i + 4 ? (byte) (value >>> 8 * (k - i)) : before[k];
            assertThat(bytes[k]).as("byte %d", k).isEqualTo(want);
        }
        ArrayViews.setShort(bytes, i + 1, (short) 0xA55A);
        assertThat(bytes[i + 1]).isEqualTo((byte) 0x5A);
        assertThat(bytes[i + 2]).isEqualTo((byte) 0xA5);
        assertThat(bytes[i + 3]).isEqualTo((byte) (value >>> 24));
    }

    @Test
    void anItemThatDoesNotFitInTheArrayIsRefusedNotReadOrWrittenPastItsEnd() {
        byte[] bytes = new byte[8];
        assertThatThrownBy(() -> ArrayViews.getInt(bytes, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ArrayViews.getInt(bytes, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ArrayViews.setInt(bytes, 5, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ArrayViews.getShort(bytes, 7)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ArrayViews.setShort(bytes, 7, (short) -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ArrayViews.getInt(new byte[3], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(bytes).containsOnly(0);
        assertThat(ArrayViews.getInt(bytes, 4)).isZero();
        assertThat(ArrayViews.getShort(bytes, 6)).isZero();
    }
}
