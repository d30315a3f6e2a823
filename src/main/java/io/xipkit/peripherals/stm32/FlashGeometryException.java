package io.xipkit.peripherals.stm32;

/**
 * A flash geometry the model cannot be built with (a bank size that is no power of two, more
 * sectors than the sector-number field can name, ...). {@link #parameter()} names the quantity at
 * fault, so whoever described the geometry (a board file) can point at the line that states it.
 */
public final class FlashGeometryException extends IllegalArgumentException {
    private final String parameter;

    public FlashGeometryException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The quantity at fault: one of the names the geometry's constructor documents. */
    public String parameter() {
        return parameter;
    }

    static String size(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) return (bytes >> 20) + "MiB";
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) return (bytes >> 10) + "KiB";
        return bytes + " bytes";
    }

    static boolean powerOfTwo(long x) {
        return x > 0 && (x & (x - 1)) == 0;
    }
}
