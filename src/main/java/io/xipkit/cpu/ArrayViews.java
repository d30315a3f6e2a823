package io.xipkit.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Little-endian halfwords and words in memory's byte arrays (ARMv7-M data is little-endian here:
 * the STM32 parts fix AIRCR.ENDIANNESS at 0), for the bus's fast paths and regions and for the
 * core's and translated code's direct loads and stores ({@link Core#loadPages}).
 *
 * <p>Every access is bounds-checked ({@link Objects#checkIndex}, an intrinsic: one compare). On a
 * little-endian host with a JDK before 23 the access itself is one {@code sun.misc.Unsafe} load or
 * store, which HotSpot compiles as a single instruction with nothing to inline; elsewhere it goes
 * through a byte-array view {@link VarHandle}, the same access after some five levels of
 * force-inlined method-handle code that C1 and C2 parse again at every call site (for translated
 * blocks, a third of what C2 parsed, measured with -XX:+LogCompilation). JDK 23 deprecates those
 * Unsafe methods for removal and later JDKs warn on their first use (JEP 471, JEP 498), hence the
 * version test: the only host fact a model class reads, and it chooses how an access is made,
 * never its result. (Asking the methods for {@code @Deprecated} instead costs some 25 ms of every
 * start: the annotations of all of Unsafe's methods are parsed.)
 */
public final class ArrayViews {
    private static final sun.misc.Unsafe UNSAFE = unsafe();
    private static final long BASE = UNSAFE == null ? 0 : UNSAFE.arrayBaseOffset(byte[].class);

    private ArrayViews() {}

    /**
     * The accesses through the views, made only where Unsafe is not used (making them costs some
     * 10 ms of a start). Apart from the methods below so that those stay within C1's 35-byte
     * inlining limit (MaxInlineSize): with this code in them they were 36 to 40 bytes, and
     * C1-compiled blocks made a call for every load and store. Package-private for the tests,
     * which hold both ways to the same properties (a JDK before 23 never takes this one).
     */
    static final class Views {
        static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
        static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

        static short getShort(byte[] a, int i) {
            return (short) SHORT.get(a, i);
        }

        static int getInt(byte[] a, int i) {
            return (int) INT.get(a, i);
        }

        static void setShort(byte[] a, int i, short v) {
            SHORT.set(a, i, v);
        }

        static void setInt(byte[] a, int i, int v) {
            INT.set(a, i, v);
        }
    }

    /** The halfword at {@code i} (sign-extended, as a short). */
    public static short getShort(byte[] a, int i) {
        if (UNSAFE == null) return Views.getShort(a, i);
        return UNSAFE.getShort(a, BASE + Objects.checkIndex(i, a.length - 1));
    }

    /** The word at {@code i}. */
    public static int getInt(byte[] a, int i) {
        if (UNSAFE == null) return Views.getInt(a, i);
        return UNSAFE.getInt(a, BASE + Objects.checkIndex(i, a.length - 3));
    }

    public static void setShort(byte[] a, int i, short v) {
        if (UNSAFE == null) {
            Views.setShort(a, i, v);
            return;   // not an else: its goto would take the method past 35 bytes
        }
        UNSAFE.putShort(a, BASE + Objects.checkIndex(i, a.length - 1), v);
    }

    public static void setInt(byte[] a, int i, int v) {
        if (UNSAFE == null) {
            Views.setInt(a, i, v);
            return;   // not an else: its goto would take the method past 35 bytes
        }
        UNSAFE.putInt(a, BASE + Objects.checkIndex(i, a.length - 3), v);
    }

    /** Unsafe where its array loads and stores are little-endian and not deprecated, else null. */
    private static sun.misc.Unsafe unsafe() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN || Runtime.version().feature() >= 23) return null;
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
