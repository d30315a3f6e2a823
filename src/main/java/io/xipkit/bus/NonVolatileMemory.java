package io.xipkit.bus;

/**
 * What a flash memory keeps across power-off: the array (erased = FFh), a small image of
 * non-volatile registers (a NOR chip's status/configuration bits, an MCU's option bytes) and
 * per-4 KiB erase counters. Models read and write {@link #array()} directly — reads must cost
 * nothing — and report every change through the {@code changed} callbacks, so that an
 * implementation backed by a file (io.xipkit.tools.state) persists exactly what changed. Models do
 * no host I/O themselves. Used by external NOR chips (devices) and internal MCU flash
 * (peripherals) alike.
 */
public interface NonVolatileMemory {
    /** Granularity of {@link #eraseCounts()}. */
    int WEAR_UNIT = 4096;
    /** Size of {@link #registerImage()}. */
    int REGISTER_IMAGE_BYTES = 64;

    long size();

    /** The array itself; {@code array().length == size()}. */
    byte[] array();

    /** Non-volatile register values; all zero bytes in a fresh storage means "factory state". */
    byte[] registerImage();

    /** Erase count of each 4 KiB unit. */
    int[] eraseCounts();

    /** Called after the model changed {@code array()[addr .. addr+len)}. */
    void arrayChanged(long addr, long len);

    /** The pages of {@link #array()} stamped by each {@link #arrayChanged}, or null when not tracked. */
    default PageStamps pageStamps() {
        return null;
    }

    /** Called after the model changed the register image or erase counts. */
    void metadataChanged();
}
