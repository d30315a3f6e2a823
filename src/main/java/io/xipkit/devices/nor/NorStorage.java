package io.xipkit.devices.nor;

/**
 * Where a chip keeps what survives power-off: the array (erased = FFh), the non-volatile
 * register image and the per-4KiB erase counters. The model reads and writes {@link #array()}
 * directly (reads must cost nothing) and reports every change through the {@code changed}
 * callbacks so that an implementation backed by a file (see {@code io.xipkit.tools.state}) can
 * persist exactly what changed. Models do no host I/O themselves.
 */
public interface NorStorage {
    /** Granularity of {@link #eraseCounts()}: the smallest erase size of every catalog part. */
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

    /** Called after the model changed the register image or erase counts. */
    void metadataChanged();
}
