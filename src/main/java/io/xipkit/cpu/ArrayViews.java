package io.xipkit.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian views of memory's byte arrays (ARMv7-M data is little-endian here: the STM32
 * parts fix AIRCR.ENDIANNESS at 0), for the bus's fast paths and regions and for the core's and
 * translated code's direct loads and stores ({@link Core#loadPages}).
 */
public final class ArrayViews {
    public static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private ArrayViews() {}
}
