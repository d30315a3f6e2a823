package io.xipkit.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ArrayViews reads and writes little-endian halfwords and words at any index, and never outside
 * the array: both ways it has, the one this JDK takes (Unsafe on a little-endian JDK before 23)
 * and the byte-array view VarHandles the others take, which CI's JDK would otherwise never run.
 */
class ArrayViewsProperties {
    /** The two implementations behind one set of methods. */
    enum Way {
        TAKEN {
            short getShort(byte[] a, int i) { return ArrayViews.getShort(a, i); }
            int getInt(byte[] a, int i) { return ArrayViews.getInt(a, i); }
            void setShort(byte[] a, int i, short v) { ArrayViews.setShort(a, i, v); }
            void setInt(byte[] a, int i, int v) { ArrayViews.setInt(a, i, v); }
        },
        VIEWS {
            short getShort(byte[] a, int i) { return ArrayViews.Views.getShort(a, i); }
            int getInt(byte[] a, int i) { return ArrayViews.Views.getInt(a, i); }
            void setShort(byte[] a, int i, short v) { ArrayViews.Views.setShort(a, i, v); }
            void setInt(byte[] a, int i, int v) { ArrayViews.Views.setInt(a, i, v); }
        };

        abstract short getShort(byte[] a, int i);
        abstract int getInt(byte[] a, int i);
        abstract void setShort(byte[] a, int i, short v);
        abstract void setInt(byte[] a, int i, int v);
    }

    @Property
    void wordsAndHalfwordsAreLittleEndianAtAnyIndex(@ForAll Way way, @ForAll @Size(min = 4, max = 64) byte[] bytes,
                                                    @ForAll @IntRange(min = 0, max = 60) int at, @ForAll int value) {
        int i = at % (bytes.length - 3);
        int expected = (bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8 | (bytes[i + 2] & 0xFF) << 16 | (bytes[i + 3] & 0xFF) << 24;
        assertThat(way.getInt(bytes, i)).isEqualTo(expected);
        assertThat(way.getShort(bytes, i)).isEqualTo((short) expected);

        byte[] before = bytes.clone();
        way.setInt(bytes, i, value);
        for (int k = 0; k < bytes.length; k++) {
            byte want = k >= i && k < i + 4 ? (byte) (value >>> 8 * (k - i)) : before[k];
            assertThat(bytes[k]).as("byte %d", k).isEqualTo(want);
        }
        way.setShort(bytes, i + 1, (short) 0xA55A);
        assertThat(bytes[i + 1]).isEqualTo((byte) 0x5A);
        assertThat(bytes[i + 2]).isEqualTo((byte) 0xA5);
        assertThat(bytes[i + 3]).isEqualTo((byte) (value >>> 24));
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void anItemThatDoesNotFitInTheArrayIsRefusedNotReadOrWrittenPastItsEnd(Way way) {
        byte[] bytes = new byte[8];
        assertThatThrownBy(() -> way.getInt(bytes, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> way.getInt(bytes, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> way.setInt(bytes, 5, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> way.getShort(bytes, 7)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> way.setShort(bytes, 7, (short) -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> way.getInt(new byte[3], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(bytes).containsOnly(0);
        assertThat(way.getInt(bytes, 4)).isZero();
        assertThat(way.getShort(bytes, 6)).isZero();
    }
}
